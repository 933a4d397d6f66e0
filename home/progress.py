"""Moved to ``catalog.progress``; this name stays until the last import of it is switched."""

from catalog.progress import ProgressBar, bar_line, silent  # noqa: F401
