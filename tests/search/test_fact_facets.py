"""The search's 帮办代办, 通办范围, 免提交 / 可告知承诺 and 预约办理 facets: the catalog's filters, with
the same parameters, on the database engine (SQLite or PostgreSQL, whichever the run uses)."""

import pytest

from catalog.browsing import FACTS
from catalog.models import ServiceGuidePage

pytestmark = pytest.mark.django_db

OPTIONS = [(fact.param, value, lookups) for fact in FACTS for value, _, lookups in fact.options]


def live_guides():
    return ServiceGuidePage.objects.live().public()


def facet_counts(data, name):
    return {o["value"]: o["count"] for o in data["facets"][name]["options"]}


@pytest.mark.parametrize("param, value, lookups", OPTIONS)
def test_each_fact_narrows_browsing_and_a_query(search_json, param, value, lookups):
    browsed = search_json(**{param: value})
    assert browsed["mode"] == "browse"
    assert browsed["count"] == live_guides().filter(**lookups).count() > 0
    everything = search_json(q="登记")
    narrowed = search_json(q="登记", **{param: value})
    assert narrowed["count"] < everything["count"]
    assert facet_counts(everything, param).get(value, 0) == narrowed["count"]
    for hit in narrowed["results"]:
        assert ServiceGuidePage.objects.filter(item_code=hit["item_code"], **lookups).exists()


def test_fact_counts_without_a_query_are_the_catalogs(search_json):
    data = search_json()
    for param, value, lookups in OPTIONS:
        assert facet_counts(data, param)[value] == live_guides().filter(**lookups).count()


def test_facts_combine_with_other_facets(search_json):
    data = search_json(q="证", assisted="1", visits="0")
    expected = {g.item_code for g in live_guides().filter(assisted_service=True, visits=0)}
    assert {hit["item_code"] for hit in data["results"]} <= expected
    assert facet_counts(data, "assisted") == {"1": data["count"]}


def test_drafts_never_reach_fact_counts(demo, search_json):
    before = search_json(q="登记")
    guide = live_guides().filter(assisted_service=False, has_exempt_materials=False).first()
    guide.assisted_service = True
    materials = guide.materials.raw_data
    materials[0]["value"]["exempt"] = True
    guide.materials = materials
    guide.save_revision()  # a draft of a live guide
    unpublished = ServiceGuidePage(title="从未发布的帮办登记", slug="cong-wei-fa-bu-bangban",
                                   item_code="DRAFT00000018", assisted_service=True, live=False,
                                   materials=[("material", {"name": "身份证", "exempt": True})])
    demo.gongan.add_child(instance=unpublished)
    unpublished.save_revision()
    demo.marriage.save_revision().publish()  # something else published: the index is written
    after = search_json(q="登记")
    for name in ("assisted", "materials"):
        assert facet_counts(after, name) == facet_counts(before, name)
    assert guide.title not in [hit["title"] for hit in search_json(assisted="1")["results"]]
