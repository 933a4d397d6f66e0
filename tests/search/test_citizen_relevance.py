"""The citizen-style set (citizen_queries.py) on the demo catalog: goals of issue 17."""

import pytest

from search.public import SearchParams, run_search

from .citizen_queries import CITIZEN_QUERIES, report

pytestmark = pytest.mark.django_db


def answer(query):
    """(titles of the first 10 results, whether the page said honestly that nothing matches)."""
    outcome = run_search(SearchParams(query))
    hits = outcome.promoted + outcome.hits
    return [hit.page.title for hit in hits][:10], outcome.mode == "none" and not hits


def test_the_set_is_large_and_has_every_kind():
    assert len(CITIZEN_QUERIES) >= 150
    assert sum(expected is None for _, expected, _ in CITIZEN_QUERIES) >= 15


def test_citizen_relevance_meets_the_goals():
    answers = {query: answer(query) for query, _, _ in CITIZEN_QUERIES}
    figures = report(answers)
    recall, mrr, honest, _ = figures["全部"]
    assert recall >= 0.95 and mrr >= 0.85 and honest >= 0.9
