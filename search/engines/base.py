"""What every engine of the public search shares (see ``search/engines/__init__.py``).

An engine answers one citizen's query from one search backend. ``BaseEngine.run`` does the part
that needs no index (parameters, browsing by facets alone, pinned results, the fallbacks and the
zero-result log); engines implement ``search``, ``closest`` and ``suggest``.
"""

from ..facets import Filters
from ..models import ZeroResultQuery
from ..results import (SearchOutcome, facet_choices, guide_facets, make_hits, page_size,
                       popular_themes, promoted_pages, public_guides)
from ..vocabulary import get_analyzer

CLOSEST_COUNT = 5


class BaseEngine:
    """What every engine shares: parameters, browsing by facets alone, pinned results, the
    fallbacks and the log. Engines implement ``search`` (fill mode, total, hits, facets for a
    query), ``closest`` and ``suggest``; ``backend`` is the Wagtail search backend they ask."""

    def __init__(self, backend):
        self.backend = backend

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
