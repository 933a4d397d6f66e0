"""The search-cluster backends (Elasticsearch 8, OpenSearch 2) and the public query.

Mappings, analyzer choice and query bodies need no cluster and always run. The live tests run
against the run's cluster when OPENSEARCH_URL or ELASTICSEARCH_URL is set (e.g.
http://127.0.0.1:9200; the whole suite then searches on it) and are skipped, with that reason
printed, otherwise.
"""

import os

import pytest

from catalog.models import ServiceGuidePage
from search.backends.cluster import (CJK, IK, SMARTCN, chinese_index_settings, choose_analyzer,
                                     plugin_names)
from search.backends.elasticsearch import ChineseElasticsearchBackend, ChineseMapping
from search.engines.elastic import build_search, facet_counts, filter_terms, suggest_query
from search.facets import Filters

from .relevance_queries import QUERIES, SCORED, score

live = pytest.mark.skipif(
    not (os.environ.get("OPENSEARCH_URL") or os.environ.get("ELASTICSEARCH_URL")),
    reason="neither OPENSEARCH_URL nor ELASTICSEARCH_URL is set: no search cluster to test against "
           "(start one, e.g. bash engine/opensearch.sh start, and set "
           "OPENSEARCH_URL=http://127.0.0.1:9200 to run these)",
)
FIELDS = {"department": "catalog_serviceguidepage__department_name_filter",
          "theme": "catalog_serviceguidepage__theme_names_filter",
          "object": "catalog_serviceguidepage__service_objects_filter",
          "type": "catalog_serviceguidepage__item_type_filter",
          "online": "catalog_serviceguidepage__online_depth_filter",
          "visits": "catalog_serviceguidepage__visits_filter"}


def test_analyzer_is_chosen_from_the_clusters_plugins():
    rows = [{"name": "node-1", "component": "analysis-smartcn", "version": "8.15.0"}]
    assert choose_analyzer(plugin_names(rows)) is SMARTCN
    assert choose_analyzer({"analysis-ik", "analysis-smartcn"}) is IK
    assert choose_analyzer(set()) is CJK
    assert choose_analyzer(plugin_names(None)) is CJK


def test_index_settings_define_our_analyzers_for_each_choice():
    backend = ChineseElasticsearchBackend({"URLS": ["http://127.0.0.1:9"]})
    for choice, tokenizer in ((IK, "ik_max_word"), (SMARTCN, "smartcn_tokenizer"), (CJK, "standard")):
        analysis = backend.index_settings(choice)["settings"]["analysis"]
        assert analysis["analyzer"]["zhinan_text"]["tokenizer"] == tokenizer
        assert analysis["analyzer"]["zhinan_tokens"]["tokenizer"] == "whitespace"
        assert "edgengram_analyzer" in analysis["analyzer"]  # Wagtail's own are kept
    assert "cjk_bigram" in chinese_index_settings({}, CJK)["settings"]["analysis"]["analyzer"][
        "zhinan_text"]["filter"]
    assert IK.search_analyzer["tokenizer"] == "ik_smart"


def test_mapping_analyses_text_in_chinese_and_keeps_facets_as_keywords():
    properties = ChineseMapping(ServiceGuidePage).get_mapping()["properties"]
    assert properties["title"]["analyzer"] == "zhinan_text"
    assert properties["title"]["search_analyzer"] == "zhinan_search"
    assert properties["catalog_serviceguidepage__keywords"]["analyzer"] == "zhinan_text"
    assert properties["zhinan_title"] == {"type": "text", "analyzer": "zhinan_tokens"}
    assert properties["zhinan_suggest"]["analyzer"] == "zhinan_prefix"
    for field in FIELDS.values():
        assert properties[field]["type"] in ("keyword", "integer"), field
    mapping = ChineseMapping(ServiceGuidePage)
    assert {facet: mapping.filter_field_name(attname) for facet, attname in
            {"department": "department_name", "visits": "visits"}.items()} == {
        "department": FIELDS["department"], "visits": FIELDS["visits"]}


@pytest.mark.django_db
def test_documents_carry_our_tokens_and_facet_values():
    guide = ServiceGuidePage.objects.get(item_code="11999900MB0000006T01001")
    document = ChineseMapping(ServiceGuidePage).get_document(guide)
    assert "yyzz" in document["zhinan_title"].split()
    assert "营业执照" in document["zhinan_title"].split()
    assert document["zhinan_code"] == "11999900mb0000006t01001"
    assert document[FIELDS["department"]] == "示范市市场监督管理局"
    assert "企业开办" in document[FIELDS["theme"]]
    assert document["live_filter"] is True


def test_query_body_requires_every_word_with_synonyms_and_filters_live_pages():
    body = build_search("zhinan_wagtailcore_page", [("准生证", "生育服务证"), ("办理",)],
                        {"department": "示范市卫生健康委员会", "type": ""}, FIELDS,
                        ["catalog.ServiceGuidePage"], start=20, size=20).to_dict()
    query = body["query"]["bool"]
    assert {"term": {"live_filter": True}} in query["filter"]
    assert {"terms": {"_django_content_type": ["catalog.ServiceGuidePage"]}} in query["filter"]
    assert {"term": {FIELDS["department"]: "示范市卫生健康委员会"}} in query["filter"]
    assert not any(FIELDS["type"] in str(f) for f in query["filter"])  # empty facet: no filter
    first_word, second_word = query["must"][0]["bool"]["must"]
    alternatives = {clause["multi_match"]["query"] for clause in first_word["bool"]["should"]}
    assert alternatives == {"准生证", "生育服务证"}
    assert first_word["bool"]["minimum_should_match"] == 1
    token_match = first_word["bool"]["should"][0]["multi_match"]
    assert token_match["fields"][0] == "zhinan_title^10"
    assert set(body["aggs"]) == set(FIELDS)
    assert "highlight" not in body  # marked as on the database backends (make_hits)
    assert (body["from"], body["size"]) == (20, 20)
    assert body["track_total_hits"] is True


def test_relaxed_query_body_accepts_any_word():
    body = build_search("i", [("户口",), ("迁移",)], {}, FIELDS, ["catalog.ServiceGuidePage"],
                        0, 10, operator="or", facets=False).to_dict()
    words = body["query"]["bool"]["must"][0]["bool"]
    assert words["minimum_should_match"] == 1 and len(words["should"]) == 2
    assert "aggs" not in body


def test_suggestion_query_matches_prefixes_of_names():
    body = suggest_query("yyz 营业", ["catalog.ServiceGuidePage"]).to_dict()
    assert body["bool"]["must"] == [{"match": {"zhinan_suggest": "yyz"}},
                                    {"match": {"zhinan_suggest": "营业"}}]


def test_facet_counts_map_indexed_values_back_to_url_values():
    from types import SimpleNamespace

    departments = {"gongan": SimpleNamespace(title="示范市公安局")}
    themes = {"huji": SimpleNamespace(name="户籍办理")}
    aggregations = {
        "department": {"buckets": [{"key": "示范市公安局", "doc_count": 4},
                                   {"key": "已撤销的部门", "doc_count": 1}]},
        "theme": {"buckets": [{"key": "户籍办理", "doc_count": 3}]},
        "object": {"buckets": [{"key": "法人", "doc_count": 2}]},
        "visits": {"buckets": [{"key": 0, "doc_count": 5}]},
    }
    counts = facet_counts(aggregations, departments, themes)
    assert counts["department"] == {"gongan": 4}
    assert counts["theme"] == {"huji": 3}
    assert counts["object"] == {"entity": 2}
    assert counts["visits"] == {"0": 5}
    assert counts["type"] == {}


def test_chosen_facets_become_indexed_values():
    from types import SimpleNamespace

    filters = Filters(department=SimpleNamespace(title="示范市公安局", slug="gongan"),
                      object="individual", visits="0", type="行政许可")
    assert filter_terms(filters) == {"type": "行政许可", "online": "", "department": "示范市公安局",
                                     "object": "自然人", "visits": 0}


# --- against a real cluster -----------------------------------------------------------------

@live
@pytest.mark.django_db
def test_live_relevance(elasticsearch):
    from search.public import SearchParams, run_search

    ranked = {}
    for query, _, _ in QUERIES:
        outcome = run_search(SearchParams(query))
        hits = outcome.promoted + outcome.hits if outcome.hits or outcome.promoted else outcome.closest
        ranked[query] = [hit.page.title for hit in hits]
    top1, top5, misses = score(ranked)
    print(f"Search cluster top-1 {top1:.1%}, top-5 {top5:.1%} over {len(SCORED)} queries")
    assert top1 >= 0.90 and top5 >= 0.98


@live
@pytest.mark.django_db
def test_live_unpublished_guides_and_drafts_stay_out(elasticsearch, demo):
    from search.public import SearchParams, run_search

    demo.marriage.unpublish()
    elasticsearch.refresh_indexes()
    assert "内地居民结婚登记" not in [h.page.title for h in run_search(SearchParams("扯证")).hits]
    facets = {f.name: f for f in run_search(SearchParams("登记")).facets}
    assert all(o.count >= 0 for o in facets["department"].options)


# --- the catalog's yes/no and 通办范围 facets (catalog.browsing.FACTS) ------------------------------

FACT_FIELDS = {column: f"catalog_serviceguidepage__{column}_filter" for column in
               ("assisted_service", "general_scope", "appointment", "has_exempt_materials",
                "has_commitment_materials")}


def test_fact_columns_are_indexed_as_filter_fields():
    mapping = ChineseMapping(ServiceGuidePage)
    properties = mapping.get_mapping()["properties"]
    assert {column: mapping.filter_field_name(column) for column in FACT_FIELDS} == FACT_FIELDS
    assert properties[FACT_FIELDS["assisted_service"]]["type"] == "boolean"
    assert properties[FACT_FIELDS["general_scope"]]["type"] == "keyword"


def test_chosen_facts_filter_by_their_columns_and_each_option_is_counted():
    filters = Filters(facts={"assisted": "1", "materials": "commitment", "scope": "跨省通办"})
    terms = filter_terms(filters)
    assert {key: terms[key] for key in FACT_FIELDS if key in terms} == {
        "assisted_service": True, "has_commitment_materials": True, "general_scope": "跨省通办"}
    body = build_search("i", [("登记",)], terms, {**FIELDS, **FACT_FIELDS},
                        ["catalog.ServiceGuidePage"], 0, 10).to_dict()
    assert {"term": {FACT_FIELDS["assisted_service"]: True}} in body["query"]["bool"]["filter"]
    materials = body["aggs"]["materials"]["filters"]["filters"]
    assert materials["exempt"] == {"bool": {"filter": [
        {"term": {FACT_FIELDS["has_exempt_materials"]: True}}]}}
    assert set(body["aggs"]["scope"]["filters"]["filters"]) == {"全市通办", "全省通办", "跨省通办"}


def test_fact_buckets_become_option_counts():
    aggregations = {"materials": {"buckets": {"exempt": {"doc_count": 4},
                                              "commitment": {"doc_count": 0}}},
                    "assisted": {"buckets": {"1": {"doc_count": 7}}}}
    counts = facet_counts(aggregations, {}, {})
    assert counts["materials"] == {"exempt": 4}
    assert counts["assisted"] == {"1": 7}
    assert counts["scope"] == {}
