"""The public search: what a citizen's query returns, with facets, snippets and fallbacks.

Only live, public guides, halls and bundles are ever searched. A query first requires every word
(with synonyms as alternatives); when that finds nothing, any word will do (the page says so)
and the query is logged for editors; when even that finds nothing, the closest names and popular
themes are offered. Editors' pinned results (Wagtail search promotions) come first.

The engine that answers is chosen from the settings by ``search.engines.get_engine``: the
database backend, or a search cluster with the database backend behind it. Every engine fills a
``SearchOutcome``.
"""

from .engines import get_engine
from .results import SearchOutcome, SearchParams

__all__ = ["SearchParams", "SearchOutcome", "get_engine", "run_search"]


def run_search(params):
    return get_engine().run(params)
