"""What the database backends share: turning a query into our words, and a page into tokens.

Wagtail's database backends take a query string and split it on spaces; ours first runs it through
the analyzer and hands Wagtail a tree of its own query classes (every word required, each with its
synonyms as alternatives), which both backends already know how to compile.
"""

from modelsearch.query import And, MatchAll, Not, Or, Phrase, PlainText

from ..analysis import join_tokens
from ..documents import ancestor_names, build_document, tokens
from ..models import IndexState
from ..vocabulary import get_analyzer, remember_words

MATCH_NONE = Not(MatchAll())


class CoreQuery(PlainText):
    """A query string searched without its loose characters (see ``AnalyzedQuery.core``)."""


def analyzed_tree(query, analyzer):
    """Replace each PlainText/Phrase in ``query`` by the analyzed words (see module docstring).

    ``operator="or"`` on a PlainText means any word will do: then every alternative and the
    dictionary words inside it are offered, and ranking sorts out the best.
    """
    if isinstance(query, (PlainText, Phrase)):
        analyzed = analyzer.analyze_query(query.query_string)
        if isinstance(query, CoreQuery):
            analyzed = analyzed.core() or analyzed
        if analyzed.is_empty:
            return MATCH_NONE
        if getattr(query, "operator", "and") == "or":
            return Or([PlainText(term) for term in analyzer.relaxed_terms(analyzed, sub_words=True)])
        return And([Or([PlainText(alt) for alt in group.alternatives])
                    for group in analyzed.groups])
    if isinstance(query, (And, Or)):
        return type(query)([analyzed_tree(sub, analyzer) for sub in query.subqueries])
    if isinstance(query, Not):
        return Not(analyzed_tree(query.subquery, analyzer))
    return query


class AnalyzedIndexerMixin:
    """One object's tokens by tier; the backend's indexer class turns them into its columns."""

    def __init__(self, obj, backend, analyzer, document):
        super().__init__(obj, backend)
        self.tokens = tokens(document, analyzer)
        self.autocomplete_tokens = [
            token for text in document.autocomplete for token in analyzer.name_tokens(text)
        ]

    def joined(self, *tiers):
        return join_tokens(token for tier in tiers for token in self.tokens[tier])


def prepare_batch(objs):
    """The analyzer and each object's document for indexing ``objs`` (of one model).

    Every dictionary word of the batch is added before any object is segmented, so a batch is
    indexed the same whatever order its objects come in. A model that reads related rows for its
    search fields loads them for the whole batch first (``prepare_for_index(objs)``, if it has
    one): a query or two per batch instead of per object.
    """
    analyzer = get_analyzer()
    objs = list(objs)
    if objs and hasattr(type(objs[0]), "prepare_for_index"):
        type(objs[0]).prepare_for_index(objs)
    context = ancestor_names(objs)
    documents = [(obj, build_document(obj, context=context.get(obj.pk, ()))) for obj in objs]
    remember_words(analyzer, [text for _, document in documents for text in document.vocabulary()])
    return analyzer, documents


class AnalyzedQueryMixin:
    """For query compilers: the query is analysed into our words before Wagtail compiles it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.query = analyzed_tree(self.query, get_analyzer())


class IndexStateMixin:
    """For the database indexes: analysed indexers; every write changes ``IndexState``; no
    title norms."""

    indexer_class = None

    def indexers(self, model, objs):
        """One indexer per object (none when the model has nothing to index)."""
        if not model.get_search_fields():
            return []
        analyzer, documents = prepare_batch(objs)
        return [self.indexer_class(obj, self.backend, analyzer, document)
                for obj, document in documents]

    def delete_item(self, item):
        super().delete_item(item)
        IndexState.bump()

    def reset(self):
        super().reset()
        IndexState.bump()

    def _refresh_title_norms(self, full=False):
        """Not needed: our ranking weighs fields itself and never reads ``title_norm``; Wagtail's
        refresh averages every entry's title on each batch, which dominates large rebuilds."""
