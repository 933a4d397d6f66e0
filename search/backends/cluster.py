"""What the search-cluster backends share (Elasticsearch 8: ``elasticsearch.py``, OpenSearch 2:
``opensearch.py``): the Chinese analysis, the documents, and index upkeep across outages.

Two kinds of text go into each document:

* the page's own fields, analysed by a Chinese analyzer of the cluster: IK (``ik_max_word`` to
  index, ``ik_smart`` to search) or smartcn where the cluster has it, else the built-in ``cjk``
  bigrams; what the cluster has is asked when the index is created;
* our own tokens (``search/analysis.py``: jieba words, dictionary sub-words, pinyin, initials) in
  ``zhinan_title``/``zhinan_code``/``zhinan_names``/``zhinan_body``, split on spaces only, so the
  cluster finds exactly what the database backends find with no plugin at all, and
  ``zhinan_suggest`` (prefixes) for suggestions.

A cluster can be unreachable while editors publish. Wagtail then logs the failed write and goes on
(``catch_indexing_errors``); the object is also recorded as a ``PendingIndexUpdate``, and
``catch_up`` writes every recorded object as it is now (or deletes it, if it is gone) once the
cluster answers again (the public search calls it after each answer from the cluster, see
``search/engines/__init__.py``).
"""

import logging
from contextlib import contextmanager
from copy import deepcopy
from dataclasses import dataclass

from modelsearch.backends.elasticsearchbase import Field
from modelsearch.index import SearchField, class_is_indexed
from modelsearch.query import MatchAll, PlainText
from modelsearch.utils import deep_update

from ..analysis import join_tokens
from ..documents import BODY, CODE, NAMES, TITLE, tokens
from ..models import ClusterRebuild, PendingIndexUpdate
from .common import AnalyzedQueryMixin, prepare_batch

logger = logging.getLogger(__name__)

TOKEN_FIELDS = {TITLE: "zhinan_title", CODE: "zhinan_code", NAMES: "zhinan_names",
                BODY: "zhinan_body"}
SUGGEST_FIELD = "zhinan_suggest"
CATCH_UP_BATCH = 500
BULK_CHUNK = 1000  # documents per bulk request (about 20 MB of guides)
BULK_SETTINGS = {"refresh_interval": "-1", "number_of_replicas": 0}  # while a rebuild fills


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
# Plugin name → a tokenizer it brings (asked of the cluster, see ``analyzer_choice``).
TOKENIZER_OF_PLUGIN = {"analysis-ik": "ik_max_word", "analysis-smartcn": "smartcn_tokenizer"}


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


class ChineseMappingMixin:
    """For the backend's mapping class: Chinese analyzers on text fields, our token fields."""

    def get_mapping(self):
        mapping = super().get_mapping()
        properties = mapping["properties"]
        for field in properties.values():
            if field.get("type") == "text" and "analyzer" not in field:
                field["analyzer"] = "zhinan_text"
                field["search_analyzer"] = "zhinan_search"
        for name in TOKEN_FIELDS.values():
            properties[name] = {"type": "text", "analyzer": "zhinan_tokens"}
        properties[SUGGEST_FIELD] = {"type": "text", "analyzer": "zhinan_prefix",
                                     "search_analyzer": "zhinan_tokens"}
        return mapping

    def get_document(self, obj, texts=None, analyzer=None):
        """Wagtail's document of ``obj`` plus our token fields. ``texts`` and ``analyzer``: as
        ``prepare_batch`` made them for a batch (``documents``); else prepared for ``obj`` alone."""
        if texts is None:
            analyzer, [(obj, texts)] = prepare_batch([obj])
        self._values = texts.values  # read by _get_document_field_data
        try:
            document = super().get_document(obj)
        finally:
            self._values = {}
        by_tier = tokens(texts, analyzer)
        for tier, name in TOKEN_FIELDS.items():
            document[name] = join_tokens(by_tier[tier])
        document[SUGGEST_FIELD] = join_tokens(
            token for text in texts.autocomplete for token in analyzer.name_tokens(text))
        return document

    _values = {}

    def _get_document_field_data(self, field, obj):
        """Wagtail's field data, with the values ``build_document`` already made for ``obj``."""
        if type(field) is SearchField and field.field_name in self._values:
            value = self._clean_value(self._values[field.field_name])
            return self.get_field_column_name(field), value, []
        return super()._get_document_field_data(field, obj)

    def documents(self, objs):
        """(object, document) for a batch of objects of the mapping's model: what the documents
        read is loaded once for the batch (``prepare_batch``), not once per object."""
        analyzer, prepared = prepare_batch(objs)
        return [(obj, self.get_document(obj, texts, analyzer)) for obj, texts in prepared]

    def filter_field_name(self, attname):
        """The document field of FilterField ``attname`` (e.g. ``catalog_serviceguidepage__visits_filter``)."""
        from modelsearch.index import FilterField

        for field in self.model.get_search_fields():
            if isinstance(field, FilterField) and field.field_name == attname:
                return self.get_field_column_name(field)
        raise KeyError(attname)


class ChineseIndexMixin:
    """For the backend's index class: created with our analysis settings (both clients take the
    body as ``body=``); bulk writes build their documents a batch at a time."""

    def put(self):
        self.es.indices.create(index=self.name, body=self.backend.index_settings())

    def add_items(self, model, items):
        if not class_is_indexed(model):
            return
        mapping = self.mapping_class(model)
        actions = [{"_id": mapping.get_document_id(obj), **document}
                   for obj, document in mapping.documents(items)]
        if actions:
            self.backend.bulk(self.es, actions, index=self.name, chunk_size=BULK_CHUNK)

    def settings(self):
        """The index's own settings (``index.*``), as the cluster reports them."""
        response = self.es.indices.get_settings(index=self.name)
        return getattr(response, "body", response)[self.name]["settings"]["index"]

    @contextmanager
    def bulk_loading(self):
        """While a new index is filled beside the live one nobody searches it: no refresh and no
        replica until it is full, then its own settings back and one refresh (each refresh of a
        filling index writes a segment to merge later; a replica indexes everything twice)."""
        current = self.settings()
        restore = {name: current.get(name) for name in BULK_SETTINGS}  # None: the default
        self.es.indices.put_settings(index=self.name, body={"index": BULK_SETTINGS})
        try:
            yield self
        finally:
            self.es.indices.put_settings(index=self.name, body={"index": restore})
            self.refresh()


class AnalyzedCompilerMixin(AnalyzedQueryMixin):
    """Admin searches: query words analysed as for the database backends. Subclasses name their
    engine's mapping class (``mapping_class``)."""


class AnalyzedAutocompleteMixin(AnalyzedCompilerMixin):
    """Admin autocomplete (Wagtail's page search and choosers): Wagtail's cluster compiler takes
    one plain string; ours is analysed into words with synonyms (准生证 → 生育服务证), each matched
    as the prefix of a name token in ``zhinan_suggest``."""

    def get_inner_query(self):
        if isinstance(self.query, (PlainText, MatchAll)):
            return super().get_inner_query()
        fields = [Field(name) for name in self.remapped_fields or [SUGGEST_FIELD]]
        return self._join_and_compile_queries(self.query, fields)


class ClusterBackendMixin:
    """For the backend class. Subclasses set ``unavailable_errors`` (the client's exceptions for an
    unreachable cluster) and ``engine_errors`` (every exception of the client).

    Parameter ``REFRESH_AFTER_WRITE`` (test settings): make each write visible to the next search
    at once; a cluster otherwise shows writes within its refresh interval (1 s), which is fine for
    citizens but not for a test that publishes and then searches.
    """

    unavailable_errors = ()
    engine_errors = ()

    def __init__(self, params):
        params = dict(params)
        self.refresh_after_write = params.pop("REFRESH_AFTER_WRITE", False)
        super().__init__(params)

    # --- analysis -------------------------------------------------------------------------

    def has_tokenizer(self, tokenizer):
        try:
            self.es.indices.analyze(body={"tokenizer": tokenizer, "text": "办理"})
        except self.engine_errors:
            return False
        return True

    def analyzer_choice(self):
        """``_cat/plugins`` names a distribution's plugins; a node that loads them as modules
        (the test node, ``engine/``) lists them by class name, so each tokenizer is also asked
        for by name."""
        rows = self.es.cat.plugins(format="json")
        plugins = plugin_names(getattr(rows, "body", rows))
        plugins |= {name for name, tokenizer in TOKENIZER_OF_PLUGIN.items()
                    if self.has_tokenizer(tokenizer)}
        return choose_analyzer(plugins)

    def index_settings(self, choice=None):
        return chinese_index_settings(self.settings, choice or self.analyzer_choice())

    # --- writes from Wagtail's signals, and catching up after an outage --------------------

    def _written(self, index, model, pks, write):
        try:
            write()
        except self.unavailable_errors:
            PendingIndexUpdate.record(model, pks)
            raise
        if ClusterRebuild.running():  # written again into the new index after the swap
            PendingIndexUpdate.record(model, pks)
        if self.refresh_after_write:
            index.refresh()

    def add(self, obj):
        index = self.get_index_for_object(obj)
        self._written(index, type(obj), [obj.pk], lambda: index.add_item(obj))

    def add_bulk(self, model, obj_list):
        index, obj_list = self.get_index_for_model(model), list(obj_list)
        self._written(index, model, [obj.pk for obj in obj_list],
                      lambda: index.add_items(model, obj_list))

    def delete(self, obj):
        index = self.get_index_for_object(obj)
        self._written(index, type(obj), [obj.pk], lambda: index.delete_item(obj))

    def catch_up(self):
        """Write the objects recorded while the cluster was unreachable, as they are now (a
        deleted one is deleted from the index); returns how many. A record is dropped only if
        it was not recorded again meanwhile."""
        batch = list(PendingIndexUpdate.objects.select_related("content_type")
                     .order_by("pk")[:CATCH_UP_BATCH])
        by_model = {}
        for row in batch:
            by_model.setdefault(row.content_type.model_class(), []).append(row.object_id)
        for model, ids in by_model.items():
            index = self.get_index_for_model(model)
            objs = list(model.get_indexed_objects().filter(pk__in=ids))
            if objs:
                index.add_items(model, objs)
            kept = {str(obj.pk) for obj in objs}
            for object_id in ids:
                if object_id not in kept:
                    index.delete_item(model(pk=model._meta.pk.to_python(object_id)))
            index.refresh()
        PendingIndexUpdate.forget(batch)
        if batch:
            logger.warning("search index caught up: %d objects written after an outage", len(batch))
        return len(batch)
