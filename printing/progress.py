"""A text progress bar for management commands (pure: it only formats)."""


def progress_line(done, total, message="", width=30):
    """``[#########---------]  12/40  30%  出生登记`` (message shortened to fit a terminal)."""
    total = max(total, 1)
    done = min(max(done, 0), total)
    filled = round(width * done / total)
    percent = round(100 * done / total)
    text = message if len(message) <= 24 else message[:23] + "…"
    return f"[{'#' * filled}{'-' * (width - filled)}] {done:>4}/{total}  {percent:>3}%  {text}"
