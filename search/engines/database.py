"""The public search on Wagtail's database backend (SQLite FTS5 or PostgreSQL, ours with Chinese
analysis): the default engine, and the one that answers when a search cluster is down."""

from wagtail.models import Page

from ..analysis import name_mark
from ..backends.common import CoreQuery
from ..catalog_table import catalog_table
from ..facets import build_facets
from ..ranking import (RERANK_DEPTH, Named, RerankedResults, aliases_of, closest_terms, rerank,
                       search_stages)
from ..results import (guide_facets, kind_ids, make_hits, page_size, private_page_ids,
                       public_guides, public_pages, specific_in_order)
from .base import CLOSEST_COUNT, BaseEngine


class DatabaseEngine(BaseEngine):
    """Search through Wagtail's configured database backend (SQLite FTS5 or PostgreSQL)."""

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
