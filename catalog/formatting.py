"""Plain-Chinese wording of values, shared by templates, charts and change summaries."""

import re


def format_time_limit(days, unit):
    """'15 个工作日', '30 自然日', '即办' for 0, '' when not set."""
    if days is None or days == "":
        return ""
    if days == 0:
        return "即办"
    return f"{days} 个{unit}" if unit == "工作日" else f"{days} {unit}"


# A specification that already says how many ("1份", "各1份", "一式两份", "3份") needs no count before it.
_STATES_A_COUNT = re.compile(r"[0-9０-９一二两三四五六七八九十]+\s*份|一式")


def format_copies(copies, specification):
    """How many and in what form, said once: '2 份，原件', '原件，A4纸，1份' (not '1 份，原件，1份')."""
    specification = (specification or "").strip()
    if specification and (not copies or _STATES_A_COUNT.search(specification)):
        return specification
    if copies:
        return f"{copies} 份，{specification}" if specification else f"{copies} 份"
    return ""
