"""The public search: what a citizen's query returns, with facets, snippets and fallbacks.

Only live, public guides, halls and bundles are ever searched. A query first requires every word
(with synonyms as alternatives); when that finds nothing, any word will do (the page says so)
and the query is logged for editors; when even that finds nothing, the closest names and popular
themes are offered. Editors' pinned results (Wagtail search promotions) come first.

Two engines answer: ``DatabaseEngine`` (Wagtail's database backend, the default) and, when
``ELASTICSEARCH_URL`` is set, ``search.elastic.ElasticsearchEngine``. Both fill a ``SearchOutcome``.
"""

from django.conf import settings
from modelsearch.backends import get_search_backend
from wagtail.models import Page

from .analysis import name_mark
from .backends.common import CoreQuery
from .catalog_table import catalog_table
from .facets import Filters, build_facets
from .models import ZeroResultQuery
from .ranking import (RERANK_DEPTH, Named, RerankedResults, aliases_of, closest_terms, rerank,
                      search_stages)
from .results import (SearchOutcome, SearchParams, facet_choices, guide_facets, kind_ids,
                      make_hits, page_size, popular_themes, private_page_ids, promoted_pages,
                      public_guides, public_pages, specific_in_order)
from .vocabulary import get_analyzer

CLOSEST_COUNT = 5
__all__ = ["SearchParams", "SearchOutcome", "get_engine", "run_search"]


# --- engines ----------------------------------------------------------------------------------

class BaseEngine:
    """What every engine shares: parameters, browsing by facets alone, pinned results, the
    fallbacks and the log. Engines implement ``search`` (fill mode, total, hits, facets for a
    query), ``closest`` and ``suggest``."""

    def run(self, params):
        departments, themes = facet_choices()
        filters = Filters.from_params(params.filters, departments, themes)
        outcome = SearchOutcome(params=params, filters=filters, page=params.page)
        analyzed = get_analyzer().analyze_query(params.query)
        outcome.terms = analyzed.terms
        guides = filters.apply(public_guides()) if filters.active else None

        if not params.query:
            if guides is None:
                outcome.popular_themes = popular_themes()
                outcome.facets = guide_facets(public_guides(), filters, departments, themes)
            else:
                self.browse(outcome, guides, departments, themes)
            return outcome

        outcome.promoted = make_hits(promoted_pages(params.query), analyzed.terms, promoted=True)
        if analyzed.is_empty:
            outcome.mode = "none"
        else:
            self.search(outcome, analyzed, guides, departments, themes)
            if outcome.mode != "exact" and not outcome.promoted:
                ZeroResultQuery.record(params.query, partial=outcome.mode == "partial")
                outcome.logged_zero_result = True
        if outcome.mode == "none":
            outcome.closest = self.closest(params.query, guides)
            outcome.popular_themes = popular_themes()
        return outcome

    def browse(self, outcome, guides, departments, themes):
        size = page_size()
        start = (outcome.page - 1) * size
        outcome.mode = "browse"
        outcome.total = guides.count()
        outcome.hits = make_hits(guides.order_by("path")[start:start + size], ())
        outcome.facets = guide_facets(guides, outcome.filters, departments, themes)

    def window(self, outcome):
        """(start, stop) of the current page."""
        size = page_size()
        start = (outcome.page - 1) * size
        return start, start + size

    def search(self, outcome, analyzed, guides, departments, themes):
        raise NotImplementedError

    def closest(self, query, guides):
        raise NotImplementedError

    def suggest(self, query, limit):
        raise NotImplementedError


class DatabaseEngine(BaseEngine):
    """Search through Wagtail's configured database backend (SQLite FTS5 or PostgreSQL)."""

    def __init__(self, backend_name="default"):
        self.backend = get_search_backend(backend_name)

    def base(self, guides):
        if guides is None:
            return public_pages()
        return Page.objects.filter(id__in=guides.values("pk"))

    def search(self, outcome, analyzed, guides, departments, themes):
        if hasattr(self.backend, "entry_matches"):
            return self.search_entries(outcome, analyzed, departments, themes)
        query, base = outcome.params.query, self.base(guides)
        operator = "and"
        results = self.backend.search(query, base)
        if not results.count() and analyzed.core() is not None:
            results = self.backend.search(CoreQuery(query), base)
        if results.count():
            outcome.mode = "exact"
        else:
            operator = "or"
            results = self.backend.search(query, base, operator=operator)
            outcome.mode = "partial" if results.count() else "none"
        if outcome.mode == "none":
            return
        words = [group.alternatives for group in analyzed.groups]
        reranked = RerankedResults(results, query, words, RERANK_DEPTH * page_size())
        outcome.total = reranked.count()
        promoted = {hit.page.pk for hit in outcome.promoted}
        pages = [p for p in reranked.window(*self.window(outcome)) if p.pk not in promoted]
        outcome.hits = make_hits(specific_in_order(pages), analyzed.terms)
        matches = self.backend.search(query, base, operator=operator,
                                      order_by_relevance=False).get_queryset()
        outcome.facets = guide_facets(public_guides().filter(pk__in=matches.values("pk")),
                                      outcome.filters, departments, themes)

    def search_entries(self, outcome, analyzed, departments, themes):
        """The same search, for backends that give index entries directly (both database backends): facets
        and filters are applied in Python from ``catalog_table``; ranking reads whole-name matches
        first, then BM25 over title matches only, and over body text only when this page needs
        it. Broad queries over 20,000 guides stay within tens of milliseconds."""
        filters = outcome.filters
        table = catalog_table(kind_ids())
        excluded = private_page_ids()
        entries, matches = [], None
        for mode, groups, operator in search_stages(analyzed):
            matches = self.backend.entry_matches(groups, operator)
            entries = table.keep(matches.entry_ids(), filters, excluded, filters.active)
            if entries:
                outcome.mode = mode
                break
        if not entries:
            outcome.mode = "none"
            return
        outcome.total = len(entries)
        outcome.facets = build_facets(table.guides_facets(entries), departments, themes, filters)

        start, stop = self.window(outcome)
        depth = RERANK_DEPTH * page_size()
        wanted, ranked = set(entries), []

        def take(candidates):
            for entry in candidates:
                if entry in wanted:
                    wanted.discard(entry)
                    ranked.append(entry)

        names = [(name_mark(analyzed.name),)] if analyzed.name else []
        names += [(name_mark(alt),) for group in analyzed.groups for alt in group.alternatives]
        take(self.backend.entry_matches(names[:1], "and").ranked(("title",)) if names else [])
        take(self.backend.entry_matches(names[1:], "or").ranked(("title",)) if names[1:] else [])
        take(matches.ranked(("title",)))
        if len(ranked) < stop and wanted:  # body-only matches are shown on this page
            take(matches.ranked())
        shown = ranked[:max(stop, depth)]
        page_ids = [table.rows[e].page_id for e in shown]
        kinds = {table.rows[e].page_id: table.rows[e].content_type_id for e in shown}
        titles = dict(Page.objects.filter(pk__in=page_ids).order_by().values_list("pk", "title"))
        top = [Named(pk, titles[pk]) for pk in page_ids[:depth] if pk in titles]
        words = [group.alternatives for group in analyzed.groups]
        top = rerank(outcome.params.query, words, top, aliases_of([p.pk for p in top]))
        window_ids = [p.pk for p in top] + [pk for pk in page_ids[depth:] if pk in titles]
        promoted = {hit.page.pk for hit in outcome.promoted}
        window = [pk for pk in window_ids[start:stop] if pk not in promoted]
        outcome.hits = make_hits(specific_in_order(window, kinds), analyzed.terms)

    def closest(self, query, guides):
        """Names sharing pieces with a query that found nothing (see ``closest_terms``)."""
        pieces = closest_terms(query)
        if not pieces:
            return []
        if hasattr(self.backend, "entry_matches"):
            table = catalog_table(kind_ids())
            matches = self.backend.entry_matches([(piece,) for piece in pieces], "or", prefix=True)
            entries = table.keep(matches.ranked_names(),
                                 excluded_pages=private_page_ids(), guides_only=guides is not None)
            pages = [table.rows[e].page_id for e in entries[:CLOSEST_COUNT]]
            return make_hits(specific_in_order(pages), pieces)
        results = self.backend.autocomplete(" ".join(pieces), self.base(guides), operator="or")
        return make_hits(specific_in_order(results[:CLOSEST_COUNT]), pieces)

    def suggest(self, query, limit):
        return specific_in_order(self.backend.autocomplete(query, public_pages())[:limit])


def get_engine():
    if getattr(settings, "ELASTICSEARCH_URL", ""):
        from .elastic import ElasticsearchEngine

        return ElasticsearchEngine()
    return DatabaseEngine()


def run_search(params):
    return get_engine().run(params)
