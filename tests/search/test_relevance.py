"""The relevance set (relevance_queries.py) on our backend: top-1 ≥ 90 %, top-5 ≥ 98 %.

Misses are printed so a regression shows which queries moved. Wagtail's stock backend on the
same set is reported by bench/search_relevance.py.
"""

import pytest

from search.public import SearchParams, run_search

from .relevance_queries import QUERIES, SCORED, score

pytestmark = pytest.mark.django_db


def ranked_titles(query):
    outcome = run_search(SearchParams(query))
    hits = outcome.promoted + outcome.hits if (outcome.hits or outcome.promoted) else outcome.closest
    return [hit.page.title for hit in hits]


def test_the_set_is_large_and_varied():
    assert len(SCORED) >= 80
    assert len({kind for _, _, kind in QUERIES}) >= 7


def test_expected_pages_exist():
    from wagtail.models import Page

    live_titles = set(Page.objects.live().values_list("title", flat=True))
    assert {expected for _, expected, _ in SCORED} <= live_titles


def test_relevance_on_the_demo_catalog():
    top1, top5, misses = score({query: ranked_titles(query) for query, _, _ in QUERIES})
    for query, expected, got in misses:
        print(f"miss: {query!r} expected {expected!r}, got {got}")
    print(f"top-1 {top1:.1%}, top-5 {top5:.1%} over {len(SCORED)} queries")
    assert top1 >= 0.90
    assert top5 >= 0.98
