"""Search tests: the demo catalog's index rebuilt once, as ``manage.py rebuild_search`` does."""

import pytest

from search.indexing import rebuild


@pytest.fixture(scope="session")
def search_index(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        rebuild()


@pytest.fixture(autouse=True)
def _rebuilt_index(request):
    """Database tests get the rebuilt index; pure tests (analysis, query bodies) need no database."""
    if request.node.get_closest_marker("django_db") or "db" in request.fixturenames:
        request.getfixturevalue("search_index")


@pytest.fixture
def search_json(client):
    """GET /search/api/ with params; returns the decoded JSON (asserting a 200)."""

    def _get(**params):
        response = client.get("/search/api/", params)
        assert response.status_code == 200
        return response.json()

    return _get
