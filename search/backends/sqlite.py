"""Wagtail's SQLite FTS5 backend, indexing and querying our segmented words.

FTS5's default tokenizer keeps a run of Chinese characters as one token; we store space-joined
words instead (see ``search/analysis.py``), so its tokenizer only has to split on spaces.

The index table has three columns (autocomplete, body, title). Ranking follows the catalog's
order, title/aliases > item code > material names > the rest: title, aliases and the item code
(which never competes with words) go to ``title``, weighted ×10 in BM25; material names are
written twice in ``body`` so BM25 counts them more than other body text.

Ranked results are computed in one pass over the FTS matches (ids and BM25 scores), then the
page's queryset filters them; Wagtail's stock SQLite backend instead scores each result with a
correlated sub-query, which is slow on large catalogs.
"""

from django.db.models import FloatField, Func, TextField
from django.db.models.functions import Cast
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    IndexEntry,
    ObjectIndexer,
    SQLiteAutocompleteQueryCompiler,
    SQLiteFTSIndexEntry,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks

from ..documents import BODY, CODE, NAMES, TITLE
from ..models import IndexState
from .common import AnalyzedIndexerMixin, AnalyzedQueryMixin, IndexStateMixin

FTS_TABLE = SQLiteFTSIndexEntry._meta.db_table
# bm25() weights in the FTS table's column order: autocomplete, body, title.
COLUMN_WEIGHTS = (0.0, 1.0, 10.0)
AUTOCOMPLETE_WEIGHTS = (1.0, 0.0, 0.0)


def fts_string(text):
    return '"' + text.replace('"', '""') + '"'


def fts_expression(groups, operator="and", prefix=False):
    """FTS5 syntax for word groups (tuples of alternatives): every group, or any (``or``);
    ``prefix``: each alternative matches the start of a token."""
    joiner = " AND " if operator == "and" else " OR "
    star = "*" if prefix else ""
    return joiner.join("(" + " OR ".join(fts_string(alt) + star for alt in alternatives) + ")"
                       for alternatives in groups if alternatives)


class EntryMatches:
    """Index entries matching a query, straight from the FTS index (no join with pages; the
    caller keeps the live public ones, see ``search/catalog_table.py``): all ids, or ids ranked
    by weighted BM25 within some columns (the title column alone is cheap: few rows)."""

    def __init__(self, connection, groups, operator, prefix=False):
        self.connection = connection
        self.expression = fts_expression(groups, operator, prefix)

    def _rows(self, sql, columns):
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [f"{{{' '.join(columns)}}} : ({self.expression})"])
            return [row[0] for row in cursor.fetchall()]

    def entry_ids(self):
        return self._rows(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
                          ("title", "body"))

    def ranked_names(self):
        """Ranked within the autocomplete column: titles, aliases, their pinyin."""
        return self.ranked(("autocomplete",), AUTOCOMPLETE_WEIGHTS)

    def ranked(self, columns=("title", "body"), weights=COLUMN_WEIGHTS):
        weights = ", ".join(str(w) for w in weights)
        return self._rows(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
                          f"ORDER BY bm25({FTS_TABLE}, {weights}), rowid DESC", columns)


class WeightedBM25(Func):
    """FTS5's bm25() with per-column weights; lower is better."""

    output_field = FloatField()

    def __init__(self, weights=COLUMN_WEIGHTS):
        self.weights = weights
        super().__init__()

    def as_sql(self, compiler, connection, **extra):
        return f"bm25({FTS_TABLE}, {', '.join(str(float(w)) for w in self.weights)})", []


class ChineseSQLiteIndexer(AnalyzedIndexerMixin, ObjectIndexer):
    @property
    def title(self):
        return self.joined(TITLE, CODE)

    @property
    def body(self):
        return self.joined(NAMES, NAMES, BODY)

    @property
    def autocomplete(self):
        return " ".join(self.autocomplete_tokens)


class ChineseSQLiteIndex(IndexStateMixin, SQLiteIndex):
    indexer_class = ChineseSQLiteIndexer

    def add_items(self, model, objs):
        indexers = self.indexers(model, objs)
        if not indexers:
            return
        rows = {}
        for indexer in indexers:
            rows[indexer.id] = {"title": indexer.title, "body": indexer.body,
                                "autocomplete": indexer.autocomplete}
        content_type_pk = get_content_type_pk(model)
        # Replace rather than update row by row: each UPDATE re-tokenises the FTS row through
        # Wagtail's trigger, a DELETE of the batch and one bulk INSERT is several times faster.
        self.entries.filter(content_type_id=content_type_pk, object_id__in=list(rows))._raw_delete(
            using=self.write_connection.alias)
        self.entries.bulk_create([
            IndexEntry(content_type_id=content_type_pk, object_id=object_id, **values)
            for object_id, values in rows.items()
        ], batch_size=500)
        self._refresh_title_norms()
        IndexState.bump()


class AnalyzedCompilerMixin(AnalyzedQueryMixin):
    COLUMN_WEIGHTS = COLUMN_WEIGHTS

    def _build_rank_expression(self, vectors, config):
        return WeightedBM25(self.COLUMN_WEIGHTS)

    def matching_entries(self):
        """FTS rows matching the query whose object the queryset allows; None when the query is
        not a plain match (Wagtail's own path handles those).

        Driven by the FTS index, with the queryset's ids as a sub-query: the results class counts
        these rows, or scores them with bm25() and takes one page (ORDER BY … LIMIT) — instead of
        Wagtail's per-result scoring sub-query, which is slow on large catalogs.
        """
        query = normalize(self.query)
        if isinstance(query, (Not, MatchAll)):
            return None
        match = MatchExpression(self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query))
        allowed = self.queryset.order_by().annotate(
            _pk_text=Cast("pk", TextField())).values("_pk_text")
        return SQLiteFTSIndexEntry.objects.filter(match).filter(
            index_entry__content_type__in=get_descendants_content_types_pks(self.queryset.model),
            index_entry__object_id__in=allowed,
        )


class ChineseSQLiteSearchQueryCompiler(AnalyzedCompilerMixin, SQLiteSearchQueryCompiler):
    pass


class ChineseSQLiteAutocompleteQueryCompiler(AnalyzedCompilerMixin, SQLiteAutocompleteQueryCompiler):
    COLUMN_WEIGHTS = AUTOCOMPLETE_WEIGHTS  # only the autocomplete column is searched


class ChineseSQLiteSearchResults(SQLiteSearchResults):
    def _entries(self):
        if not self.query_compiler.order_by_relevance:
            return None
        return self.query_compiler.matching_entries()

    def _do_count(self):
        entries = self._entries()
        return entries.count() if entries is not None else super()._do_count()

    def _do_search(self):
        entries = self._entries()
        if entries is None:
            return super()._do_search()
        ranked = (entries.annotate(score=WeightedBM25(self.query_compiler.COLUMN_WEIGHTS))
                  .order_by("score", "-index_entry__object_id")
                  .values_list("index_entry__object_id", "score"))
        pk_field = self.query_compiler.queryset.model._meta.pk
        window = [(pk_field.to_python(object_id), score)
                  for object_id, score in ranked[self.start:self.stop]]
        objects = self.query_compiler.queryset.in_bulk([pk for pk, _ in window])
        results = []
        for pk, score in window:
            obj = objects.get(pk)
            if obj is not None:
                if self._score_field:
                    setattr(obj, self._score_field, score)
                results.append(obj)
        return results


class ChineseSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = ChineseSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = ChineseSQLiteAutocompleteQueryCompiler
    index_class = ChineseSQLiteIndex
    results_class = ChineseSQLiteSearchResults

    def entry_matches(self, groups, operator, prefix=False):
        """Entries matching analysed word groups (the public search's fast path)."""
        from django.db import connections, router

        return EntryMatches(connections[router.db_for_read(IndexEntry)], groups, operator, prefix)
