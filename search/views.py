"""Thin views over ``search.public`` and ``search.suggest``: HTML page, JSON API, suggestions."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from pagecache.middleware import repeat_when_cached

from .facets import FACET_NAMES
from .models import ZeroResultQuery
from .public import SearchParams, run_search
from .results import page_size
from .suggest import suggest as suggest_names


def facet_url(params, name, value):
    """The search URL with facet ``name`` set to ``value`` ('' removes it); back to page 1."""
    query = {"q": params.query} if params.query else {}
    query.update({key: val for key, val in params.filters.items() if key in FACET_NAMES})
    query[name] = value
    return "?" + urlencode({key: val for key, val in query.items() if val})


def _count_cached_zero_results(request, response, outcome):
    """A zero-result search is logged each time it is asked, also when its page is cached; a
    degraded answer (the search cluster was down) is never cached, so it ends with the outage."""
    if outcome.degraded:
        add_never_cache_headers(response)
    if outcome.logged_zero_result:
        repeat_when_cached(request, ZeroResultQuery.record, outcome.params.query,
                           outcome.mode == "partial")
    return response


def _pagination(outcome):
    """A Django page object for ``templates/includes/pagination.html``."""
    return Paginator(range(outcome.total), page_size()).get_page(outcome.page)


@require_GET
def search(request):
    params = SearchParams.from_request(request.GET)
    outcome = run_search(params)
    for facet in outcome.facets:
        for option in facet.options:
            option.url = facet_url(params, facet.name, "" if option.selected else option.value)
    return _count_cached_zero_results(request, TemplateResponse(request, "search/search.html", {
        "query": params.query, "outcome": outcome, "page_obj": _pagination(outcome),
        "clear_filters_url": "?" + urlencode({"q": params.query}) if params.query else "?",
    }), outcome)


def _facets_json(outcome):
    return {
        facet.name: {"label": facet.label, "options": [
            {"value": o.value, "label": o.label, "count": o.count, "selected": o.selected}
            for o in facet.options]}
        for facet in outcome.facets
    }


@require_GET
def search_api(request):
    params = SearchParams.from_request(request.GET)
    outcome = run_search(params)
    return _count_cached_zero_results(request, JsonResponse({
        "query": params.query,
        "mode": outcome.mode,
        "degraded": outcome.degraded,
        "count": outcome.total,
        "page": outcome.page,
        "pages": outcome.num_pages,
        "promoted": [hit.as_dict() for hit in outcome.promoted],
        "results": [hit.as_dict() for hit in outcome.hits],
        "closest": [hit.as_dict() for hit in outcome.closest],
        "facets": _facets_json(outcome),
        "popular_themes": [{"name": t.name, "slug": t.slug} for t in outcome.popular_themes],
    }, json_dumps_params={"ensure_ascii": False}), outcome)


@require_GET
def suggest(request):
    query = " ".join(str(request.GET.get("q") or "").split())[:50]
    return JsonResponse({"query": query, "suggestions": suggest_names(query)},
                        json_dumps_params={"ensure_ascii": False})
