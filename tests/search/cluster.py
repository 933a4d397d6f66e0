"""The switch that runs the test suite against a search cluster, and keeps it in step.

With ``OPENSEARCH_URL`` (or ``ELASTICSEARCH_URL``) set, the settings make the cluster the
``default`` search backend for the whole run (``config/settings/test.py``), so every search test
— public search, facets, highlights, relevance, the leak matrix — runs against it unchanged.

Each test's database changes are rolled back, but what Wagtail wrote to the cluster is not. So
every object written to the cluster during a test is noted, and before the next test it is
written again as the (rolled-back) database has it, or deleted when it no longer exists.
Imported by ``tests/conftest.py`` so its fixtures apply to every test.
"""

import pytest
from django.conf import settings

_written = set()  # (model, pk) written to the cluster by the current test


def cluster_configured():
    return "URLS" in settings.WAGTAILSEARCH_BACKENDS["default"]


def cluster_backend():
    from modelsearch.backends import get_search_backend

    return get_search_backend("default")


def _note_writes():
    """Wrap the cluster backend's writes (``ClusterBackendMixin._written``) to note each object."""
    from search.backends.cluster import ClusterBackendMixin

    original = ClusterBackendMixin._written

    def noted(self, index, model, pks, write):
        _written.update((model, pk) for pk in pks)
        return original(self, index, model, pks, write)

    ClusterBackendMixin._written = noted


def resync(objects):
    """Write ``objects`` ((model, pk) pairs) to the cluster as the database has them now."""
    backend = cluster_backend()
    by_model = {}
    for model, pk in objects:
        by_model.setdefault(model, set()).add(pk)
    for model, pks in by_model.items():
        found = list(model.get_indexed_objects().filter(pk__in=pks))
        if found:
            backend.add_bulk(model, found)
        for pk in pks - {obj.pk for obj in found}:
            backend.delete(model(pk=pk))


@pytest.fixture(scope="session")
def search_index(django_db_setup, django_db_blocker):
    """The demo catalog's index rebuilt once, as ``manage.py rebuild_search`` does."""
    from search.indexing import rebuild

    with django_db_blocker.unblock():
        rebuild()
    if cluster_configured():
        _note_writes()


@pytest.fixture(autouse=True)
def _cluster_in_step(request, django_db_blocker):
    """On a cluster: database tests get the rebuilt index, with the previous test's writes undone."""
    if not cluster_configured():
        return
    if request.node.get_closest_marker("django_db") or "db" in request.fixturenames:
        request.getfixturevalue("search_index")
    if _written:
        with django_db_blocker.unblock():
            objects = set(_written)
            resync(objects)
            _written.difference_update(objects)
