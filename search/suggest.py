"""Suggestions as people type: names of live guides, halls and bundles, matched by title, alias,
pinyin or initials (the backend's autocomplete index, see ``search/documents.py``)."""

from .analysis import normalize, pinyin_forms
from .engines import get_engine

SUGGESTION_COUNT = 8


def matched_alias(query, aliases):
    """The alias that explains a suggestion: one containing the query, or whose pinyin starts
    with it (``yyz`` → 营业执照); '' when none does."""
    compact = "".join(normalize(query).split())
    if not compact:
        return ""
    for alias in aliases:
        if compact in normalize(alias):
            return alias
    for alias in aliases:
        if any(form.startswith(compact) for form in pinyin_forms(alias)):
            return alias
    for alias in aliases:  # initials of a word inside the alias (个体户营业执照: gthyyzz)
        forms = pinyin_forms(alias)
        if len(compact) > 2 and len(forms) > 1 and compact in forms[1]:
            return alias
    return ""


def suggest(query, limit=SUGGESTION_COUNT):
    """Up to ``limit`` suggestions: title, URL, the alias that matched, the kind of page."""
    if not query.strip():
        return []
    suggestions = []
    for page in get_engine().suggest(query, limit):
        aliases = getattr(page, "keyword_list", [])
        alias = "" if normalize(query) in normalize(page.title) else matched_alias(query, aliases)
        suggestions.append({"title": page.title, "url": page.url or "", "alias": alias,
                            "type": page.specific_class._meta.verbose_name})
    return suggestions
