"""Wagtail's OpenSearch 2 backend (``modelsearch.backends.opensearch2``, on ``opensearch-py``)
with the project's Chinese analysis, for large catalogs.

Selected when ``OPENSEARCH_URL`` is set (``config/settings/base.py``, ``# Search``). No plugin is
needed: the project's own jieba tokens go into whitespace-analysed fields; the page's text fields
get smartcn or IK when the cluster has them, else ``cjk`` bigrams (``cluster.py``). The test node
(``engine/``, ``make engine-start``) has none, so it uses ``cjk``::

    bash engine/opensearch.sh start
    OPENSEARCH_URL=http://127.0.0.1:9200 manage.py rebuild_search
"""

from modelsearch.backends.opensearch2 import (
    OpenSearch2AutocompleteQueryCompiler,
    OpenSearch2Index,
    OpenSearch2Mapping,
    OpenSearch2SearchBackend,
    OpenSearch2SearchQueryCompiler,
)
from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError
from opensearchpy.exceptions import OpenSearchException

from .cluster import (AnalyzedAutocompleteMixin, AnalyzedCompilerMixin, ChineseIndexMixin,
                      ChineseMappingMixin, ClusterBackendMixin)


class ChineseOpenSearchMapping(ChineseMappingMixin, OpenSearch2Mapping):
    pass


class ChineseOpenSearchIndex(ChineseIndexMixin, OpenSearch2Index):
    pass


class ChineseOpenSearchQueryCompiler(AnalyzedCompilerMixin, OpenSearch2SearchQueryCompiler):
    mapping_class = ChineseOpenSearchMapping


class ChineseOpenSearchAutocompleteQueryCompiler(AnalyzedAutocompleteMixin,
                                                 OpenSearch2AutocompleteQueryCompiler):
    mapping_class = ChineseOpenSearchMapping


class ChineseOpenSearchBackend(ClusterBackendMixin, OpenSearch2SearchBackend):
    mapping_class = ChineseOpenSearchMapping
    index_class = ChineseOpenSearchIndex
    query_compiler_class = ChineseOpenSearchQueryCompiler
    autocomplete_query_compiler_class = ChineseOpenSearchAutocompleteQueryCompiler
    unavailable_errors = (OpenSearchConnectionError,)  # ConnectionTimeout is one too
    engine_errors = (OpenSearchException,)


SearchBackend = ChineseOpenSearchBackend
