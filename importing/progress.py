"""Progress of long work: driving a generator of progress events, and drawing them as a bar.

Long work (reading, checking and writing thousands of guides) is written as generators that
yield ``(stage, done, total)``: the admin streams those events to the browser, the commands
draw them as a text bar (one redrawn line on a terminal, a few lines in a log).
"""


def run(steps, progress=None):
    """Drive a generator of progress events to its end; returns what it returns."""
    while True:
        try:
            event = next(steps)
        except StopIteration as stop:
            return stop.value
        if progress:
            progress(*event)



class ProgressBar:
    width = 30

    def __init__(self, stream):
        self.stream = stream
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.shown = {}  # stage → last tenth written, when not on a terminal

    def __call__(self, stage, done, total):
        total = max(total, 1)
        filled = self.width * done // total
        line = f"{stage} [{'█' * filled}{'░' * (self.width - filled)}] {done}/{total}"
        if self.tty:
            self.stream.write(f"\r{line}", ending="\n" if done >= total else "")
            self.stream.flush()
            return
        tenth = 10 * done // total
        if self.shown.get(stage) != tenth:
            self.shown[stage] = tenth
            self.stream.write(line)
