"""The public search on a search cluster, Elasticsearch 8 or OpenSearch 2: one request per page
with query and facets.

The request body is the same for both engines (term, terms, bool, multi_match, match,
aggregations and ``track_total_hits`` mean the same in both). It is built with the
``elasticsearch`` client's ``dsl`` module, which only makes the dict, and sent as a plain dict by
whichever client the backend holds (``backend.es``: ``elasticsearch.Elasticsearch`` or
``opensearchpy.OpenSearch``; the former refuses to talk to an OpenSearch server). Responses are
read as plain dicts too.

``build_search`` is pure (no cluster needed: tests compare its ``to_dict()``); the engine runs it,
then loads the pages from the database, where live and public are checked once more, so a page
unpublished a moment ago never shows even if the index lags. Titles and snippets are marked
as for the database backends (``make_hits``): the cluster's highlighter never marked a summary
(no query clause names that field) and cost most of the node's time for a search (20,000
guides: 30 ms of 35).
"""

from elasticsearch.dsl import Q, Search
from wagtail.models import Page

from catalog.browsing import FACT_COLUMNS, FACTS, FACTS_BY_PARAM, OBJECT_FILTERS, SERVICE_OBJECTS

from ..analysis import name_mark, normalize
from ..backends.cluster import SUGGEST_FIELD, TOKEN_FIELDS
from ..documents import BODY, CODE, NAMES, TITLE
from ..facets import build_facets
from ..ranking import RERANK_DEPTH, Named, aliases_of, closest_terms, rerank, search_stages
from ..results import (KINDS, make_hits, page_size, private_page_ids, public_pages,
                       specific_in_order)
from .base import CLOSEST_COUNT, BaseEngine

FIELD_WEIGHTS = {TITLE: 10, CODE: 5, NAMES: 3, BODY: 1}
TEXT_FIELDS = ["title^4", "_all_text"]  # the cluster's Chinese analysis of the original text
GUIDE = "catalog.ServiceGuidePage"
FACET_FIELDS = {  # facet → FilterField on ServiceGuidePage
    "department": "department_name", "theme": "theme_names", "object": "service_objects",
    "type": "item_type", "online": "online_depth", "visits": "visits",
}
# The yes/no and 通办范围 facets (catalog.browsing.FACTS) are counted per option with a
# ``filters`` aggregation over their columns' FilterFields (named by column in ``field_names``).


def token_fields():
    return [f"{TOKEN_FIELDS[tier]}^{weight}" for tier, weight in FIELD_WEIGHTS.items()]


def word_query(alternatives):
    """One query word: any alternative, in our tokens or in the cluster's own analysis."""
    should = []
    for alternative in alternatives:
        should.append(Q("multi_match", query=alternative, fields=token_fields(), operator="and"))
        should.append(Q("multi_match", query=alternative, fields=TEXT_FIELDS, type="phrase",
                        boost=0.5))
    return Q("bool", should=should, minimum_should_match=1)


def text_query(groups, operator="and"):
    """All words required (``and``) or any (``or``); ``groups``: tuples of alternatives."""
    words = [word_query(alternatives) for alternatives in groups]
    if operator == "and":
        return Q("bool", must=words)
    return Q("bool", should=words, minimum_should_match=1)


def live_filters(kinds, excluded=()):
    """Live pages of ``kinds`` (content type names), without the ``excluded`` page ids (pages
    behind a view restriction: the index does not know about those)."""
    filters = [Q("term", live_filter=True), Q("terms", _django_content_type=list(kinds))]
    if excluded:
        filters.append(~Q("ids", values=[str(pk) for pk in sorted(excluded)]))
    return filters


EXACT_MATERIAL = "exact_material"  # the name of the query clause below, reported per hit


def build_search(index, groups, filter_terms, field_names, kinds, start, size, operator="and",
                 facets=True, excluded=(), whole_name=""):
    """The search body: live pages of ``kinds`` (content type names) but ``excluded`` matching
    ``groups``, narrowed by ``filter_terms`` ({facet: value}), with facet aggregations.

    ``field_names``: {facet or FACTS column: document field} (see
    ``ChineseMappingMixin.filter_field_name``).
    ``whole_name``: the query's whole-name mark; pages with a material of exactly that name are
    lifted and reported (``matched_queries``) so the re-ranking keeps them first.
    """
    filters = live_filters(kinds, excluded)
    for facet, value in filter_terms.items():
        if value not in ("", None):
            # a dict, not keywords: dsl would turn the "__" of Wagtail's field names into "."
            filters.append(Q({"term": {field_names[facet]: value}}))
    should = [Q({"term": {TOKEN_FIELDS[NAMES]: {"value": whole_name, "boost": 20,
                                                 "_name": EXACT_MATERIAL}}})] if whole_name else []
    search = Search(index=index).query(Q("bool", must=[text_query(groups, operator)],
                                         should=should, filter=filters))
    if facets:
        for facet in FACET_FIELDS:
            if facet in field_names:
                search.aggs.bucket(facet, "terms", field=field_names[facet], size=200)
        for fact in (f for f in FACTS if all(column in field_names for column in f.columns)):
            search.aggs.bucket(fact.param, "filters", filters={
                value: Q("bool", filter=[Q({"term": {field_names[column]: wanted}})
                                         for column, wanted in lookups.items()])
                for value, _, lookups in fact.options})
    return search.extra(track_total_hits=True, _source=False)[start:start + size]


def facet_counts(aggregations, departments, themes):
    """{facet: {value: count}} from the aggregations, values mapped to the URL's values."""
    department_slugs = {d.title: slug for slug, d in departments.items()}
    theme_slugs = {t.name: slug for slug, t in themes.items()}
    object_keys = {**{kind: kind for kind in OBJECT_FILTERS},  # a group's label wins (自然人)
                   **{label: key for key, (label, _) in SERVICE_OBJECTS.items()}}
    mapping = {"department": department_slugs.get, "theme": theme_slugs.get,
               "object": object_keys.get, "visits": lambda v: str(v)}
    counts = {}
    for facet in FACET_FIELDS:
        buckets = aggregations.get(facet, {}).get("buckets", [])
        convert = mapping.get(facet, lambda v: v)
        counts[facet] = {convert(b["key"]): b["doc_count"] for b in buckets if convert(b["key"])}
    for fact in FACTS:  # keyed buckets of a ``filters`` aggregation: {option: {"doc_count"}}
        buckets = aggregations.get(fact.param, {}).get("buckets", {})
        counts[fact.param] = {value: bucket["doc_count"] for value, bucket in buckets.items()
                              if bucket["doc_count"]}
    return counts


def filter_terms(filters):
    """The chosen facets as indexed values (department and theme by name, 服务对象 by label)."""
    values = filters.values()
    terms = {"type": values["type"], "online": values["online"]}
    if filters.department:
        terms["department"] = filters.department.title
    if filters.theme:
        terms["theme"] = filters.theme.name
    if filters.object:
        terms["object"] = OBJECT_FILTERS[filters.object]
    if filters.visits:
        terms["visits"] = int(filters.visits)
    for param, value in filters.facts.items():  # by column: {"assisted_service": True}
        terms.update(FACTS_BY_PARAM[param].lookups(value))
    return terms


class ClusterEngine(BaseEngine):
    """The public search on ``search.backends.elasticsearch`` or ``search.backends.opensearch``."""

    def __init__(self, backend):
        from catalog.models import ServiceGuidePage

        super().__init__(backend)
        self.index = backend.get_index_for_model(Page).name
        mapping = backend.mapping_class(ServiceGuidePage)
        self.field_names = {facet: mapping.filter_field_name(attname)
                            for facet, attname in FACET_FIELDS.items()}
        self.field_names.update({column: mapping.filter_field_name(column)
                                 for column in FACT_COLUMNS})

    def kinds(self, guides):
        if guides is not None:
            return [GUIDE]
        return [f"{model._meta.app_label}.{model.__name__}" for model in KINDS]

    def send(self, search):
        """The response, as a dict, to ``search`` (a dsl ``Search``) from the backend's client."""
        response = self.backend.es.search(index=self.index, body=search.to_dict())
        return getattr(response, "body", response)  # elasticsearch 8 wraps the dict

    def execute(self, outcome, groups, guides, start, size, operator, whole_name=""):
        return self.send(build_search(self.index, groups, filter_terms(outcome.filters),
                                      self.field_names, self.kinds(guides), start, size, operator,
                                      excluded=private_page_ids(), whole_name=whole_name))

    def search(self, outcome, analyzed, guides, departments, themes):
        groups = [group.alternatives for group in analyzed.groups]
        start, stop = self.window(outcome)
        depth = RERANK_DEPTH * page_size()
        fetch_start, fetch_size = (0, depth) if stop <= depth else (start, stop - start)
        response = None
        for mode, stage_groups, operator in search_stages(analyzed):
            response = self.execute(outcome, stage_groups, guides, fetch_start, fetch_size, operator,
                                    name_mark(analyzed.name))
            if response["hits"]["total"]["value"]:
                outcome.mode = mode
                break
        else:
            outcome.mode = "none"
            return
        outcome.total = response["hits"]["total"]["value"]
        hits = response["hits"]["hits"]
        ids = [int(hit["_id"]) for hit in hits]
        if fetch_start == 0:
            # Re-ordered by name from titles and aliases alone (two narrow queries); only the
            # shown window is read as pages, as the database engine does: reading all
            # RERANK_DEPTH pages of hits whole was 30 ms a search.
            exact = {int(hit["_id"]) for hit in hits if EXACT_MATERIAL in hit.get("matched_queries", ())}
            titles = dict(public_pages().filter(id__in=ids).order_by().values_list("pk", "title"))
            named = [Named(pk, titles[pk]) for pk in ids if pk in titles]
            ids = [page.pk for page in rerank(outcome.params.query, groups, named,
                                              aliases_of(list(titles)), exact_materials=exact)
                   ][start:stop]
        promoted = {hit.page.pk for hit in outcome.promoted}
        ordered = specific_in_order([pk for pk in ids if pk not in promoted])
        outcome.hits = make_hits(ordered, analyzed.terms)
        outcome.facets = build_facets(facet_counts(response.get("aggregations", {}), departments,
                                                   themes), departments, themes, outcome.filters)

    def closest(self, query, guides):
        pieces = closest_terms(query)
        if not pieces:
            return []
        search = Search(index=self.index).query(Q("bool", should=[
            Q("match", **{SUGGEST_FIELD: piece}) for piece in pieces], minimum_should_match=1,
            filter=live_filters(self.kinds(guides), private_page_ids())))
        return make_hits(self.pages(search[:CLOSEST_COUNT]), pieces)

    def suggest(self, query, limit):
        search = Search(index=self.index).query(
            suggest_query(query, self.kinds(None), private_page_ids()))
        return self.pages(search[:limit])

    def pages(self, search):
        ids = [int(hit["_id"]) for hit in self.send(search.extra(_source=False))["hits"]["hits"]]
        return specific_in_order(ids)


def suggest_query(query, kinds, excluded=()):
    """Names starting with what was typed: every typed word a prefix of a title/alias token.
    The field holds the names folded to Simplified (``normalize``), so the typed words are too."""
    words = normalize(query).split()
    return Q("bool", must=[Q("match", **{SUGGEST_FIELD: word}) for word in words],
             filter=live_filters(kinds, excluded))

