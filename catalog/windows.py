"""A hall's windows (窗口), from the two places they are written: the hall's own window list and
the window each guide names for that hall.

Hall editors list windows as real halls label them ("A01–A08", "B01—B06（企业开办专区）", "7–9");
guide editors name one window, often with a remark ("B08", "8号", "4号（卫生健康综合窗口）",
"D04（卫生健康窗口）"). A hall page that showed only the hall's list missed every window a guide
sends people to that the list did not name. Here both are read as window numbers, so each guide
lands in the row of the window (or range of windows) that covers it, and a window that only guides
name gets a row of its own. Pure: no database.
"""

import re
from dataclasses import dataclass, field

# A prefix letter (or none) and a number: "B08", "8", "8号", "Ｃ１８" (full-width is folded first).
_NUMBER = re.compile(r"([A-Za-z]?)\s*0*(\d+)\s*号?")
_RANGE = re.compile(r"^\s*([A-Za-z]?)\s*0*(\d+)\s*号?\s*[-–—~～至到]\s*([A-Za-z]?)\s*0*(\d+)\s*号?")
_REMARK = re.compile(r"[（(](.+?)[）)]")


def _fold(text):
    """Full-width letters and digits to ASCII: editors paste both."""
    return "".join(chr(ord(c) - 0xFEE0) if "！" <= c <= "～" else c for c in text or "").strip()


def window_span(label):
    """The (prefix, first, last) numbers a label covers, or None if it names no number.

    >>> window_span("B01—B06（企业开办专区）"), window_span("8号"), window_span("综合窗口")
    (('B', 1, 6), ('', 8, 8), None)
    """
    text = _fold(label)
    if match := _RANGE.match(text):
        first_prefix, first, last_prefix, last = match.groups()
        if (last_prefix or first_prefix).upper() == first_prefix.upper():
            return first_prefix.upper(), int(first), int(last)
    if match := _NUMBER.search(text):
        return match.group(1).upper(), int(match.group(2)), int(match.group(2))
    return None


def window_remark(label):
    """What a label says besides its number: "B07（企业注销专窗）" → "企业注销专窗"."""
    match = _REMARK.search(_fold(label))
    if match:
        return match.group(1).strip()
    span = window_span(label)
    rest = _NUMBER.sub("", _fold(label), count=1).strip() if span else ""
    return rest


def _number_text(span):
    prefix, first, last = span
    width = 2 if prefix else 1
    one = f"{prefix}{first:0{width}d}"
    return one if first == last else f"{one}–{prefix}{last:0{width}d}"


@dataclass
class WindowRow:
    number: str
    name: str = ""
    services: str = ""
    guides: list = field(default_factory=list)
    span: tuple | None = None

    def covers(self, span):
        return (self.span is not None and span is not None and self.span[0] == span[0]
                and self.span[1] <= span[1] and span[2] <= self.span[2])


def window_table(declared, links):
    """Rows for a hall's window table.

    ``declared``: the hall's windows as dicts (number, name, services); ``links``: (window label,
    guide) pairs of the guides handled at the hall. Each guide goes to the first declared row that
    covers its window; windows no row covers become rows of their own, named by the guides'
    remarks. Rows are in window order; a guide without a window is left to the item list.
    """
    rows = [WindowRow(number=w.get("number") or "", name=w.get("name") or "",
                      services=w.get("services") or "", span=window_span(w.get("number")))
            for w in declared]
    extra = {}
    for label, guide in links:
        span = window_span(label)
        if not (label or "").strip():
            continue
        row = next((r for r in rows if r.covers(span)), None)
        if row is None:
            key = span or _fold(label)
            row = extra.get(key)
            if row is None:
                row = extra[key] = WindowRow(number=_number_text(span) if span else _fold(label),
                                             name=window_remark(label) if span else "", span=span)
        if guide not in row.guides:
            row.guides.append(guide)
    ordered = rows + list(extra.values())
    ordered.sort(key=lambda r: (r.span is None, r.span or (), r.number))
    return ordered
