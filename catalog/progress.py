"""Progress of long work, reported one way by every piece of it and shown by every command.

Import, export, the search rebuild, the synthetic catalog and handbook builds run for minutes on
a real catalog; an operator must see that they move and how far they are. Long work takes a
``progress`` callback and calls it as ``progress(stage, done, total, detail="")`` (the signature
of :func:`silent`); the same work then reports to a terminal (:class:`ProgressBar`), to a
background task's row that the admin polls (``importing.tasks``, ``printing.jobs``), or to
nobody. It lives in catalog, the ground floor, so that every app may import it.

:class:`ProgressBar` draws the events: one redrawn line on a terminal, and in a log (cron,
systemd, CI) a line per stage at each tenth, so the log is readable and not megabytes of bars.
"""

import time

WIDTH = 30
DETAIL_CHARS = 24


def silent(stage, done, total, detail=""):
    """The progress callback of work nobody watches."""


def bar_line(stage, done, total, detail="", width=WIDTH):
    """``导入 [#########---------]   12/40  30%  出生登记`` (detail shortened to fit a terminal)."""
    total = max(total, 1)
    done = min(max(done, 0), total)
    filled = width * done // total
    text = detail if len(detail) <= DETAIL_CHARS else detail[: DETAIL_CHARS - 1] + "…"
    line = f"{stage} [{'#' * filled}{'-' * (width - filled)}] {done:>4}/{total} {100 * done // total:>3}%"
    return f"{line}  {text}" if text else line


class ProgressBar:
    """A progress callback for a command: ``ProgressBar(self.stdout)(stage, done, total, detail)``.

    ``stream`` is a Django ``OutputWrapper`` (``self.stdout``/``self.stderr``) or any text stream.
    """

    def __init__(self, stream, width=WIDTH):
        self.stream = stream
        self.width = width
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.stage = None  # the stage whose line is open on the terminal
        self.tenths = {}  # stage → last tenth written, when not on a terminal
        self.started = {}  # stage → when its first event came

    def __call__(self, stage, done, total, detail=""):
        self.started.setdefault(stage, time.monotonic())
        finished = done >= total
        line = bar_line(stage, done, total, detail, self.width)
        if finished:
            line += f"  用时 {time.monotonic() - self.started[stage]:.1f} 秒"
        if self.tty:
            if self.stage not in (None, stage):
                self._write("\n")  # the previous stage stopped short of its total
            self._write(f"\r\x1b[K{line}" + ("\n" if finished else ""))
            self.stage = None if finished else stage
            return
        tenth = 10 * min(done, max(total, 1)) // max(total, 1)
        if self.tenths.get(stage) != tenth:
            self.tenths[stage] = tenth
            self._write(line + "\n")

    def _write(self, text):
        # Django's OutputWrapper adds a newline unless told otherwise; a plain stream does not.
        try:
            self.stream.write(text, ending="")
        except TypeError:
            self.stream.write(text)
        self.stream.flush()
