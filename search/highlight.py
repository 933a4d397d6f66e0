"""Highlighted snippets: the part of a text around the words searched for, HTML-escaped.

Pure functions. The text is escaped piece by piece and only our own ``<mark>`` tags are added, so
a guide that contains ``<script>`` shows it as text.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .analysis import normalize

SNIPPET_LENGTH = 90
ELLIPSIS = "…"


def _spans(text, terms):
    """Non-overlapping (start, end) of the terms in ``text``, longest term first, case-folded."""
    folded = normalize(text)
    if len(folded) != len(text):  # NFKC changed the length: fall back to plain lower case
        folded = text.lower()
    taken = []
    for term in sorted({t for t in terms if t}, key=len, reverse=True):
        for match in re.finditer(re.escape(term), folded):
            start, end = match.span()
            if not any(start < e and s < end for s, e in taken):
                taken.append((start, end))
    merged = []
    for start, end in sorted(taken):  # 扯证 + 须知 side by side: one mark
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def first_match(text, terms):
    spans = _spans(text, terms)
    return spans[0][0] if spans else -1


def highlight(text, terms, length=SNIPPET_LENGTH):
    """An escaped snippet of ``text`` around the first term found, terms wrapped in ``<mark>``.

    Without a match the snippet is the start of the text.
    """
    text = " ".join((text or "").split())
    spans = _spans(text, terms)
    start = 0
    if spans and len(text) > length:
        start = max(0, min(spans[0][0] - length // 4, len(text) - length))
    end = min(len(text), start + length)
    pieces = [ELLIPSIS] if start > 0 else []
    cursor = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        pieces.append(escape(text[cursor:s]))
        pieces.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    pieces.append(escape(text[cursor:end]))
    if end < len(text):
        pieces.append(ELLIPSIS)
    return mark_safe("".join(pieces))


def best_snippet(texts, terms, length=SNIPPET_LENGTH):
    """The highlighted snippet of the first of ``texts`` that contains a term (else the first text)."""
    texts = [t for t in texts if t and t.strip()]
    for text in texts:
        if first_match(text, terms) >= 0:
            return highlight(text, terms, length)
    return highlight(texts[0], (), length) if texts else mark_safe("")
