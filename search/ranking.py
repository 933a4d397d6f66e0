"""Ranking on top of the text index: names count most, then the text rank breaks ties.

Pure functions (``name_match_key``, ``rerank``, ``search_stages``, ``closest_terms``) and a small
view over search results whose first pages are re-ordered; shared by every engine.
"""

from collections import namedtuple

from catalog.models import ServiceGuidePage
from catalog.models.guide import KEYWORD_SEPARATORS

from .analysis import CJK_RUN, RUNS, fold_pinyin, normalize, pinyin_keys
from .vocabulary import get_analyzer

RERANK_DEPTH = 3  # pages of results re-ordered so exact name matches come first

Named = namedtuple("Named", "pk title")  # enough of a page to re-rank it


def name_match_key(query, words, title, aliases, exact_material=False):
    """How well a page's names match the query; lower sorts first. Applied on top of the text
    ranking (which breaks ties) so that names count most:

    1. the whole query is the title or an alias, or their pinyin (also typed with zh/z, -ng/-n
       confused: ``fold_pinyin``) or initials (yyzz);
       then ``exact_material``: the whole query is one of the page's material names;
    2. more query words are exactly an alias or the title (营业执照 in "市场监督管理局 营业执照");
    3. more query words appear in the title;
    4. more query words appear in an alias.

    ``words``: the query's words, each a tuple of alternatives (the word and its synonyms).
    """
    compact = "".join(normalize(query).split())
    title = "".join(normalize(title).split())
    names = [title] + ["".join(normalize(a).split()) for a in aliases]
    typed = {compact, fold_pinyin(compact)}
    whole = bool(compact) and any(compact == n or typed & set(pinyin_keys(n)) for n in names if n)

    def count(test):
        return sum(any(test(alt) for alt in alternatives) for alternatives in words)

    return (
        not whole,
        not exact_material,
        -count(lambda alt: alt in names),
        -count(lambda alt: alt in title),
        -count(lambda alt: any(alt in a for a in names[1:])),
    )


def rerank(query, words, pages, aliases=None, exact_materials=frozenset()):
    """``pages`` stably sorted by ``name_match_key``; ``aliases``: {pk: [alias]} (else read from
    the pages); ``exact_materials``: pks of the pages with a material named exactly the query."""
    def key(page):
        names = aliases.get(page.pk, []) if aliases is not None else getattr(page, "keyword_list", [])
        return name_match_key(query, words, page.title, names, page.pk in exact_materials)

    return sorted(pages, key=key)


def aliases_of(pks):
    """{pk: [alias]} of the guides among ``pks``, in one query."""
    return {pk: [word for word in KEYWORD_SEPARATORS.split(keywords or "") if word]
            for pk, keywords in ServiceGuidePage.objects.filter(pk__in=pks).order_by()
            .values_list("pk", "keywords")}


def search_stages(analyzed):
    """(mode, word groups, operator) to try in turn until one finds something: every word; every
    word but loose characters; any word; any word or a dictionary word inside one."""
    analyzer = get_analyzer()
    stages = [("exact", [g.alternatives for g in analyzed.groups], "and")]
    core = analyzed.core()
    if core is not None:
        stages.append(("exact", [g.alternatives for g in core.groups], "and"))
    for sub_words in (False, True):
        stages.append(("partial", [(t,) for t in analyzer.relaxed_terms(analyzed, sub_words)], "or"))
    return stages


def closest_terms(query):
    """Pieces of a query that found nothing, to look for names sharing them: Chinese bigrams
    (single characters when the run is one character) and the first letters of pinyin."""
    text = normalize(query)
    pieces = []
    for run in CJK_RUN.findall(text):
        pieces.extend([run[i:i + 2] for i in range(len(run) - 1)] or [run])
    pieces.extend(run[:3] for run in RUNS.findall(text) if run.isascii() and run.isalpha())
    return list(dict.fromkeys(pieces))[:10]


class RerankedResults:
    """A sliceable view of search results whose first pages are re-ordered by ``rerank``."""

    def __init__(self, results, query, words, depth):
        self.results = results
        self.query = query
        self.words = words
        self.depth = depth
        self._top = None

    def count(self):
        return self.results.count()

    def top(self):
        if self._top is None:
            pages = list(self.results[:self.depth])
            self._top = rerank(self.query, self.words, pages, aliases_of([p.pk for p in pages]))
        return self._top

    def window(self, start, stop):
        if stop <= self.depth:
            return self.top()[start:stop]
        if start >= self.depth:
            return list(self.results[start:stop])
        return self.top()[start:] + list(self.results[self.depth:stop])
