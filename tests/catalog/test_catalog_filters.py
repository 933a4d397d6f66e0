"""The catalog page's filters: 帮办代办, 通办范围, 免提交 / 可告知承诺 materials, 预约 and 到现场次数
narrow the list, and the count beside each option is what choosing it shows."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.browsing import FACTS
from catalog.models import ServiceGuidePage
from catalog.records import apply_record

pytestmark = pytest.mark.django_db

CATALOG = "/shixiang/"
SELECT = re.compile(r'<select id="f-(?P<name>\w+)" name="\w+">(?P<options>.*?)</select>', re.S)
OPTION = re.compile(r'<option value="(?P<value>[^"]+)"(?: selected)?>(?P<label>[^<]*?)（(?P<count>\d+)）</option>')


def page(client, **params):
    response = client.get(CATALOG, params)
    assert response.status_code == 200
    return response.content.decode()


def total(html):
    return int(re.search(r"共 (\d+) 项", html).group(1))


def options(html):
    """{filter: {value: (label, count)}} as the form shows them."""
    return {match["name"]: {o["value"]: (o["label"], int(o["count"]))
                            for o in OPTION.finditer(match["options"])}
            for match in SELECT.finditer(html)}


def live_guides():
    return ServiceGuidePage.objects.live().public()


@pytest.mark.parametrize("param, value, lookups", [
    (fact.param, value, lookups) for fact in FACTS for value, _, lookups in fact.options])
def test_each_new_filter_narrows_to_the_guides_that_have_it(client, demo, param, value, lookups):
    expected = live_guides().filter(**lookups)
    assert expected.exists(), "the demo has guides for every option"
    html = page(client, **{param: value})
    assert total(html) == expected.count() < live_guides().count()
    assert f'<option value="{value}" selected>' in html
    for title in set(live_guides().exclude(pk__in=expected).values_list("title", flat=True)):
        assert f">{title}</a>" not in html


def test_material_filters_read_the_materials(client, demo):
    exempt = [g for g in live_guides() if any(m.value["exempt"] for m in g.materials)]
    commitment = [g for g in live_guides() if any(m.value["commitment_allowed"] for m in g.materials)]
    assert total(page(client, materials="exempt")) == len(exempt) > 0
    assert total(page(client, materials="commitment")) == len(commitment) > 0


def test_every_count_is_what_choosing_the_option_shows(client, demo):
    for chosen in ({}, {"assisted": "1"}, {"scope": "全市通办", "visits": "0"}):
        shown = options(page(client, **chosen))
        assert set(shown) >= {"department", "theme", "object", "visits", "assisted", "scope",
                              "materials", "appointment"}
        for name, values in shown.items():
            for value, (label, count) in values.items():
                assert total(page(client, **{**chosen, name: value})) == count, (chosen, name, label)


def test_visits_offers_every_stored_number(client, demo):
    stored = sorted(set(live_guides().values_list("visits", flat=True)))
    assert 2 in stored
    labels = [label for label, _ in options(page(client))["visits"].values()]
    assert labels == ["0 次（不用跑）" if n == 0 else f"{n} 次" for n in stored]


def test_counting_takes_a_few_queries_not_one_per_option(client, demo):
    page(client)  # warm the caches a first view fills
    with CaptureQueriesContext(connection) as plain:
        html = page(client)
    with CaptureQueriesContext(connection) as filtered:
        page(client, assisted="1", scope="全市通办")
    assert sum(len(values) for values in options(html).values()) > 30
    assert len(plain.captured_queries) <= 18
    assert len(filtered.captured_queries) <= len(plain.captured_queries) + 2  # one per chosen family


def test_a_drafts_flags_never_show(client, demo):
    guide = live_guides().filter(assisted_service=False, has_exempt_materials=False,
                                 has_commitment_materials=False).first()
    before = options(page(client))
    guide.assisted_service = guide.appointment = True
    guide.general_scope = "跨省通办"
    materials = guide.materials.raw_data
    materials[0]["value"]["exempt"] = materials[0]["value"]["commitment_allowed"] = True
    guide.materials = materials
    guide.save_revision()  # a draft: the live version keeps its own facts
    guide.refresh_from_db()
    assert not (guide.has_exempt_materials or guide.has_commitment_materials or guide.assisted_service)
    assert options(page(client)) == before
    assert f">{guide.title}</a>" not in page(client, assisted="1")


def test_a_published_change_updates_the_counts(client, demo):
    guide = live_guides().filter(has_exempt_materials=False).first()
    before = options(page(client))["materials"]["exempt"][1]
    materials = guide.materials.raw_data
    materials[0]["value"]["exempt"] = True
    guide.materials = materials
    guide.save_revision().publish()
    assert options(page(client))["materials"]["exempt"][1] == before + 1
    assert f">{guide.title}</a>" in page(client, materials="exempt")


def test_records_set_the_material_flags_for_bulk_writers():
    """The bulk writers insert rows without ``save``: a record applied sets the columns."""
    guide = apply_record(ServiceGuidePage(), {"materials": [
        {"name": "身份证", "exempt": True}, {"name": "承诺书", "commitment_allowed": False}]})
    assert (guide.has_exempt_materials, guide.has_commitment_materials) == (True, False)
    apply_record(guide, {"materials": [{"name": "承诺书", "commitment_allowed": True}]})
    assert (guide.has_exempt_materials, guide.has_commitment_materials) == (False, True)


def test_material_flags_come_from_the_materials_alone():
    from catalog.materials import material_flags

    assert material_flags([]) == (False, False)
    assert material_flags([{"type": "material", "value": {"name": "身份证", "exempt": True}},
                           {"type": "note", "value": {"commitment_allowed": True}}]) == (True, False)
    assert material_flags([{"type": "material", "value": {"commitment_allowed": True}}]) == (False, True)
