"""Search tests: the demo catalog's index rebuilt once (``search_index``, tests/search/cluster.py)."""

import pytest


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


@pytest.fixture
def elasticsearch(search_index):
    """The run's search cluster, Elasticsearch or OpenSearch (the settings select it for every
    test when OPENSEARCH_URL or ELASTICSEARCH_URL is set)."""
    from modelsearch.backends import get_search_backend

    backend = get_search_backend()
    print(f"{type(backend).__name__}, analyzer: {backend.analyzer_choice().name}")
    return backend
