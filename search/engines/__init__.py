"""The engines of the public search, and the one factory that picks them.

``get_engine()`` reads ``WAGTAILSEARCH_BACKENDS`` (``config/settings/base.py``, ``# Search``):

* the database backend (the default) → ``DatabaseEngine`` (``database.py``);
* a search cluster, Elasticsearch 8 or OpenSearch 2 (``OPENSEARCH_URL`` / ``ELASTICSEARCH_URL``)
  → ``ClusterEngine`` (``elastic.py``; one engine for both, the query body is the same), inside
  a ``FallbackEngine``: when the cluster fails, the database backend (kept up to date alongside
  it as backend ``"database"``) answers and the page says the search is degraded, never a 500.
  After a failure the cluster is left alone for ``ZHINAN_SEARCH_RETRY_SECONDS`` (10) so that
  visitors do not each wait for a timeout; the first answer after that writes what was published
  meanwhile (``ClusterBackendMixin.catch_up``).

Layers: ``search.public`` → ``search.engines`` → ``search.backends``; nothing here imports
``search.public``.
"""

import logging
import time

from django.conf import settings
from modelsearch.backends import get_search_backend
from modelsearch.conf import get_app_config
from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend

from ..models import PendingIndexUpdate
from .base import BaseEngine
from .database import DatabaseEngine

logger = logging.getLogger(__name__)

FALLBACK_BACKEND = "database"
__all__ = ["BaseEngine", "DatabaseEngine", "FallbackEngine", "get_engine"]

# Per process: when the cluster last failed (monotonic seconds), so a dead cluster costs one
# timeout per retry period, not one per visitor.
_cluster_failed_at = {"time": None}


def retry_seconds():
    return getattr(settings, "ZHINAN_SEARCH_RETRY_SECONDS", 10)


class FallbackEngine:
    """The cluster engine first, the database engine when the cluster fails."""

    def __init__(self, engine, fallback_backend_name=FALLBACK_BACKEND):
        self.engine = engine
        self.fallback_backend_name = fallback_backend_name

    @property
    def backend(self):
        return self.engine.backend

    def fallback(self):
        return DatabaseEngine(get_search_backend(self.fallback_backend_name))

    def cluster_resting(self):
        failed_at = _cluster_failed_at["time"]
        return failed_at is not None and time.monotonic() - failed_at < retry_seconds()

    def ask(self, method, *args):
        """``method`` of the cluster engine, or of the database engine when the cluster fails
        or rests; returns (answer, degraded)."""
        if not self.cluster_resting():
            try:
                answer = getattr(self.engine, method)(*args)
            except self.backend.engine_errors as error:
                _cluster_failed_at["time"] = time.monotonic()
                logger.warning("search cluster failed (%s); the database backend answers", error)
            else:
                if _cluster_failed_at["time"] is not None or PendingIndexUpdate.objects.exists():
                    self.catch_up()
                _cluster_failed_at["time"] = None
                return answer, False
        return getattr(self.fallback(), method)(*args), True

    def catch_up(self):
        try:
            self.backend.catch_up()
        except self.backend.engine_errors as error:
            logger.warning("search cluster: catching up failed (%s); retried later", error)

    def run(self, params):
        outcome, degraded = self.ask("run", params)
        outcome.degraded = degraded
        return outcome

    def suggest(self, query, limit):
        return self.ask("suggest", query, limit)[0]


# Per process: the engine of each backend as configured. Wagtail makes a new backend, and so a new
# cluster client, at every call: each search then opened a TCP connection to the cluster.
_engines = {}


def get_engine(backend_name="default"):
    """The engine for search backend ``backend_name`` of ``WAGTAILSEARCH_BACKENDS`` (made once
    per process and configuration, so a cluster's client keeps its connections open)."""
    key = (backend_name, repr(get_app_config().get_search_backend_config().get(backend_name)))
    if key not in _engines:
        _engines[key] = _make_engine(backend_name)
    return _engines[key]


def _make_engine(backend_name):
    backend = get_search_backend(backend_name)
    if isinstance(backend, ElasticsearchBaseSearchBackend):
        from .elastic import ClusterEngine

        return FallbackEngine(ClusterEngine(backend))
    return DatabaseEngine(backend)
