"""Wagtail's Elasticsearch 8 backend with Chinese analysis, for large catalogs.

Selected when ``ELASTICSEARCH_URL`` is set (``config/settings/base.py``, ``# Search``). Two kinds
of text go into each document:

* the page's own fields, analysed by the cluster's Chinese analyzer: IK (``ik_max_word`` to
  index, ``ik_smart`` to search) or smartcn where the plugin is installed, else the built-in
  ``cjk`` bigrams; the plugin list is read from the cluster when the index is created;
* our own tokens (``search/analysis.py``: jieba words, dictionary sub-words, pinyin, initials) in
  ``zhinan_title``/``zhinan_code``/``zhinan_names``/``zhinan_body``, split on spaces only, so
  Elasticsearch finds exactly what the database backends find, and ``zhinan_suggest`` (prefixes)
  for suggestions.

Run a cluster and reindex::

    docker run -p 9200:9200 -e discovery.type=single-node -e xpack.security.enabled=false \\
        docker.elastic.co/elasticsearch/elasticsearch:8.15.0
    # optional, better words: bin/elasticsearch-plugin install analysis-smartcn (or IK)
    ELASTICSEARCH_URL=http://127.0.0.1:9200 manage.py rebuild_search
"""

from copy import deepcopy
from dataclasses import dataclass

from modelsearch.backends.elasticsearch8 import (
    Elasticsearch8AutocompleteQueryCompiler,
    Elasticsearch8Index,
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchQueryCompiler,
)
from modelsearch.utils import deep_update

from ..analysis import join_tokens
from ..documents import BODY, CODE, NAMES, TITLE, ancestor_names, build_document, tokens
from ..vocabulary import get_analyzer, remember_words
from .common import AnalyzedQueryMixin

TOKEN_FIELDS = {TITLE: "zhinan_title", CODE: "zhinan_code", NAMES: "zhinan_names",
                BODY: "zhinan_body"}
SUGGEST_FIELD = "zhinan_suggest"


@dataclass(frozen=True)
class AnalyzerChoice:
    """Which Chinese analysis the cluster offers: a name for reports, and the analyzers."""

    name: str
    index_analyzer: dict
    search_analyzer: dict


IK = AnalyzerChoice(
    "ik",
    {"type": "custom", "tokenizer": "ik_max_word", "filter": ["lowercase"]},
    {"type": "custom", "tokenizer": "ik_smart", "filter": ["lowercase"]},
)
SMARTCN = AnalyzerChoice(
    "smartcn",
    {"type": "custom", "tokenizer": "smartcn_tokenizer", "filter": ["cjk_width", "lowercase"]},
    {"type": "custom", "tokenizer": "smartcn_tokenizer", "filter": ["cjk_width", "lowercase"]},
)
CJK = AnalyzerChoice(
    "cjk",
    {"type": "custom", "tokenizer": "standard", "filter": ["cjk_width", "lowercase", "cjk_bigram"]},
    {"type": "custom", "tokenizer": "standard", "filter": ["cjk_width", "lowercase", "cjk_bigram"]},
)


def plugin_names(cat_plugins):
    """Plugin names from ``GET _cat/plugins?format=json`` (one row per node and plugin)."""
    return {row.get("component", "") for row in cat_plugins or []}


def choose_analyzer(plugins):
    """IK if installed, else smartcn, else the built-in cjk analyzer."""
    plugins = set(plugins)
    if "analysis-ik" in plugins or "elasticsearch-analysis-ik" in plugins:
        return IK
    if "analysis-smartcn" in plugins:
        return SMARTCN
    return CJK


def chinese_index_settings(base_settings, choice):
    """Wagtail's index settings plus our analyzers (names fixed whatever the plugin)."""
    return deep_update(deepcopy(base_settings), {"settings": {"analysis": {
        "analyzer": {
            "zhinan_text": choice.index_analyzer,
            "zhinan_search": choice.search_analyzer,
            "zhinan_tokens": {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]},
            "zhinan_prefix": {"type": "custom", "tokenizer": "whitespace",
                              "filter": ["lowercase", "zhinan_edge"]},
        },
        "filter": {"zhinan_edge": {"type": "edge_ngram", "min_gram": 1, "max_gram": 20}},
    }}})


class ChineseMapping(Elasticsearch8Mapping):
    def get_mapping(self):
        mapping = super().get_mapping()
        properties = mapping["properties"]
        for name, field in properties.items():
            if field.get("type") == "text" and "analyzer" not in field:
                field["analyzer"] = "zhinan_text"
                field["search_analyzer"] = "zhinan_search"
        for name in TOKEN_FIELDS.values():
            properties[name] = {"type": "text", "analyzer": "zhinan_tokens"}
        properties[SUGGEST_FIELD] = {"type": "text", "analyzer": "zhinan_prefix",
                                     "search_analyzer": "zhinan_tokens"}
        return mapping

    def get_document(self, obj):
        document = super().get_document(obj)
        analyzer = get_analyzer()
        texts = build_document(obj, context=ancestor_names([obj]).get(obj.pk, ()))
        remember_words(analyzer, texts.vocabulary())
        by_tier = tokens(texts, analyzer)
        for tier, name in TOKEN_FIELDS.items():
            document[name] = join_tokens(by_tier[tier])
        document[SUGGEST_FIELD] = join_tokens(
            token for text in texts.autocomplete for token in analyzer.name_tokens(text))
        return document

    def filter_field_name(self, attname):
        """The document field of FilterField ``attname`` (e.g. ``catalog_serviceguidepage__visits_filter``)."""
        from modelsearch.index import FilterField

        for field in self.model.get_search_fields():
            if isinstance(field, FilterField) and field.field_name == attname:
                return self.get_field_column_name(field)
        raise KeyError(attname)


class ChineseIndex(Elasticsearch8Index):
    def put(self):
        self.es.indices.create(index=self.name, **self.backend.index_settings())


class AnalyzedCompilerMixin(AnalyzedQueryMixin):
    """Admin searches: query words analysed as for the database backends."""

    mapping_class = ChineseMapping


class ChineseSearchQueryCompiler(AnalyzedCompilerMixin, Elasticsearch8SearchQueryCompiler):
    pass


class ChineseAutocompleteQueryCompiler(AnalyzedCompilerMixin, Elasticsearch8AutocompleteQueryCompiler):
    pass


class ChineseElasticsearchBackend(Elasticsearch8SearchBackend):
    mapping_class = ChineseMapping
    index_class = ChineseIndex
    query_compiler_class = ChineseSearchQueryCompiler
    autocomplete_query_compiler_class = ChineseAutocompleteQueryCompiler

    def analyzer_choice(self):
        return choose_analyzer(plugin_names(self.es.cat.plugins(format="json").body))

    def index_settings(self, choice=None):
        return chinese_index_settings(self.settings, choice or self.analyzer_choice())


SearchBackend = ChineseElasticsearchBackend
