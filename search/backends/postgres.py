"""Wagtail's PostgreSQL full-text backend, indexing and querying our segmented words.

Tokens are stored space-joined and parsed with the ``simple`` configuration, which splits on
spaces and lower-cases only (no stemming that would mangle pinyin). Ranking uses tsvector
weights in the catalog's order: title and aliases A, item code B, material names C, the rest D.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db.models import F, Func
from django.db.models.sql.subqueries import InsertQuery
from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    ObjectIndexer,
    PostgresAutocompleteQueryCompiler,
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.utils import get_content_type_pk

from ..documents import BODY, CODE, NAMES, TITLE
from ..models import IndexState
from .common import AnalyzedIndexerMixin, AnalyzedQueryMixin, IndexStateMixin

# ts_rank weights for D, C, B, A.
RANK_WEIGHTS = "{0.1, 0.25, 0.5, 1.0}"


class ChinesePostgresIndexer(AnalyzedIndexerMixin, ObjectIndexer):
    @property
    def title(self):
        return self.as_vector([(self.joined(TITLE), "A")])

    @property
    def body(self):
        return self.as_vector([(self.joined(CODE), "B"), (self.joined(NAMES), "C"),
                               (self.joined(BODY), "D")])

    @property
    def autocomplete(self):
        return self.as_vector([(" ".join(self.autocomplete_tokens), "D")], for_autocomplete=True)

    @property
    def title_text(self):
        return self.joined(TITLE)

    @property
    def body_text(self):
        return self.joined(CODE, NAMES, BODY)


class ChinesePostgresIndex(IndexStateMixin, PostgresIndex):
    indexer_class = ChinesePostgresIndexer
    def refresh(self):
        """After a rebuild: fresh planner statistics for the rewritten table."""
        with self.write_connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {IndexEntry._meta.db_table}")

    COLUMNS = ("title", "autocomplete", "body")

    def add_items(self, model, objs):
        """As Wagtail's, one INSERT … ON CONFLICT per batch, with our indexer's vectors."""
        indexers = self.indexers(model, objs)
        if not indexers:
            return
        content_type_pk = get_content_type_pk(model)
        compiler = InsertQuery(IndexEntry).get_compiler(connection=self.write_connection)
        rows, params = [], []
        for indexer in indexers:
            params.extend((content_type_pk, indexer.id))
            vectors = []
            for column in self.COLUMNS:
                value = compiler.prepare_value(IndexEntry._meta.get_field(column),
                                               getattr(indexer, column))
                sql, vector_params = value.as_sql(compiler, self.write_connection)
                vectors.append(sql)
                params.extend(vector_params)
            params.extend((indexer.title_text, indexer.body_text))
            rows.append(f"(%s, %s, {vectors[0]}, {vectors[1]}, {vectors[2]}, 1.0, %s, %s)")
        table = IndexEntry._meta.db_table
        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {table} (content_type_id, object_id, title, autocomplete, body,
                                     title_norm, title_text, body_text)
                (VALUES {", ".join(rows)})
                ON CONFLICT (content_type_id, object_id)
                DO UPDATE SET title = EXCLUDED.title, title_norm = 1.0,
                              autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body,
                              title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text
                """,
                params,
            )
        self._refresh_title_norms()
        IndexState.bump()


class AnalyzedCompilerMixin(AnalyzedQueryMixin):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sql_weights = RANK_WEIGHTS


class ChinesePostgresSearchQueryCompiler(AnalyzedCompilerMixin, PostgresSearchQueryCompiler):
    def get_index_vectors(self, search_query):
        # One vector, title || body, so the tsvector weights alone decide the order (Wagtail's
        # search API, e.g. the admin; the public search uses EntryMatches and the GIN indexes).
        return [(Func(F("index_entries__title"), F("index_entries__body"), arg_joiner=" || ",
                      template="(%(expressions)s)", output_field=SearchVectorField()), 1.0)]


class ChinesePostgresAutocompleteQueryCompiler(AnalyzedCompilerMixin,
                                               PostgresAutocompleteQueryCompiler):
    pass


def tsquery_string(text, prefix=False):
    quoted = "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"
    return quoted + (":*" if prefix else "")


def tsquery_expression(groups, operator="and", prefix=False):
    """to_tsquery syntax for word groups (tuples of alternatives): every group, or any (``or``);
    an alternative of several tokens (换 领) is a phrase."""
    joiner = " & " if operator == "and" else " | "
    return joiner.join("(" + " | ".join(tsquery_string(alt, prefix) for alt in alternatives) + ")"
                       for alternatives in groups if alternatives)


class EntryMatches:
    """Index entries matching a query, from the GIN indexes alone (no join with pages; the caller
    keeps the live public ones, see ``search/catalog_table.py``). As the SQLite backend's.

    Wagtail creates GIN indexes on ``title``, ``body`` and ``autocomplete`` but none on
    ``title || body``: a word is looked for in each column (``title @@ w OR body @@ w``), which
    the planner answers from both indexes.
    """

    def __init__(self, connection, groups, operator, prefix=False):
        self.connection = connection
        self.groups = [alternatives for alternatives in groups if alternatives]
        self.operator = operator
        self.prefix = prefix
        self.expression = tsquery_expression(self.groups, operator, prefix)

    def _where(self, columns):
        if tuple(columns) != ("title", "body"):
            return f"{columns[0]} @@ to_tsquery('simple', %s)", [self.expression]
        parts = ([tsquery_expression([g], "and", self.prefix) for g in self.groups]
                 if self.operator == "and" else [self.expression])
        where = " AND ".join("(title @@ to_tsquery('simple', %s) OR body @@ to_tsquery('simple', %s))"
                             for _ in parts)
        return where, [value for part in parts for value in (part, part)]

    def _rows(self, columns, ranked):
        where, params = self._where(columns)
        vector = "(title || body)" if len(columns) > 1 else columns[0]
        order = ""
        if ranked:
            order = (f" ORDER BY ts_rank('{RANK_WEIGHTS}'::float4[], {vector}, "
                     f"to_tsquery('simple', %s)) DESC, id DESC")
            params = params + [self.expression]
        with self.connection.cursor() as cursor:
            # From the GIN indexes, whatever the planner estimates: a sequential scan would
            # de-TOAST every body vector, tens of times slower on a broad word (身份证).
            cursor.execute("SET enable_seqscan = off")
            try:
                cursor.execute(f"SELECT id FROM {IndexEntry._meta.db_table} WHERE {where}{order}",
                               params)
                return [row[0] for row in cursor.fetchall()]
            finally:
                cursor.execute("RESET enable_seqscan")

    def entry_ids(self):
        return self._rows(("title", "body"), ranked=False) if self.groups else []

    def ranked(self, columns=("title", "body")):
        return self._rows(tuple(columns), ranked=True) if self.groups else []

    def ranked_names(self):
        return self._rows(("autocomplete",), ranked=True) if self.groups else []


class ChinesePostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = ChinesePostgresSearchQueryCompiler
    autocomplete_query_compiler_class = ChinesePostgresAutocompleteQueryCompiler
    index_class = ChinesePostgresIndex

    def __init__(self, params):
        super().__init__(params)
        self.config = params.get("SEARCH_CONFIG") or "simple"

    def entry_matches(self, groups, operator, prefix=False):
        """Entries matching analysed word groups (the public search's fast path)."""
        from django.db import connections, router

        return EntryMatches(connections[router.db_for_read(IndexEntry)], groups, operator, prefix)
