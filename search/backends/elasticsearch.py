"""Wagtail's Elasticsearch 8 backend with Chinese analysis, for large catalogs.

Selected when ``ELASTICSEARCH_URL`` is set (``config/settings/base.py``, ``# Search``); the
analysis, documents and upkeep are shared with OpenSearch (``cluster.py``). Run a cluster and
reindex::

    docker run -p 9200:9200 -e discovery.type=single-node -e xpack.security.enabled=false \\
        docker.elastic.co/elasticsearch/elasticsearch:8.15.0
    # optional, better words: bin/elasticsearch-plugin install analysis-smartcn (or IK)
    ELASTICSEARCH_URL=http://127.0.0.1:9200 manage.py rebuild_search
"""

from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout
from elastic_transport import TransportError
from elasticsearch import ApiError
from modelsearch.backends.elasticsearch8 import (
    Elasticsearch8AutocompleteQueryCompiler,
    Elasticsearch8Index,
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchQueryCompiler,
)

from .cluster import (AnalyzedAutocompleteMixin, AnalyzedCompilerMixin, ChineseIndexMixin,
                      ChineseMappingMixin, ClusterBackendMixin)


class ChineseMapping(ChineseMappingMixin, Elasticsearch8Mapping):
    pass


class ChineseIndex(ChineseIndexMixin, Elasticsearch8Index):
    pass


class ChineseSearchQueryCompiler(AnalyzedCompilerMixin, Elasticsearch8SearchQueryCompiler):
    mapping_class = ChineseMapping


class ChineseAutocompleteQueryCompiler(AnalyzedAutocompleteMixin, Elasticsearch8AutocompleteQueryCompiler):
    mapping_class = ChineseMapping


class ChineseElasticsearchBackend(ClusterBackendMixin, Elasticsearch8SearchBackend):
    mapping_class = ChineseMapping
    index_class = ChineseIndex
    query_compiler_class = ChineseSearchQueryCompiler
    autocomplete_query_compiler_class = ChineseAutocompleteQueryCompiler
    unavailable_errors = (TransportConnectionError, ConnectionTimeout)
    engine_errors = (TransportError, ApiError)


SearchBackend = ChineseElasticsearchBackend
