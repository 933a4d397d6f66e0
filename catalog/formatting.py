"""Plain-Chinese wording of values, shared by templates, charts and change summaries."""


def format_time_limit(days, unit):
    """'15 个工作日', '30 自然日', '即办' for 0, '' when not set."""
    if days is None or days == "":
        return ""
    if days == 0:
        return "即办"
    return f"{days} 个{unit}" if unit == "工作日" else f"{days} {unit}"
