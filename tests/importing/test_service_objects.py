"""服务对象 as real catalogs write them: the standard's seven categories, several to a cell."""

import pytest

from catalog import service_objects
from catalog.models import ServiceGuidePage
from importing import exporter
from importing.importer import import_files
from importing.plan import UNCHANGED

from .helpers import item_row, problems, xlsx

pytestmark = pytest.mark.django_db
ALL_SEVEN = "自然人、企业法人、事业法人、社会组织法人、非法人企业、行政机关、其他组织"


def import_objects(cell, code="51160200TEST0001", title="测试事项服务对象"):
    headers, row = item_row(code, title, 服务对象=cell)
    return import_files([("清单.xlsx", xlsx({"事项": [headers, row]}))], dry_run=False,
                        publish=True)


def test_no_category_name_is_part_of_another():
    """The catalog filters a category with a substring match of the stored text."""
    for kind in service_objects.KINDS:
        assert [other for other in service_objects.KINDS if kind in other] == [kind]


@pytest.mark.parametrize("cell, kinds", [
    (ALL_SEVEN, list(service_objects.KINDS)),
    ("企业法人，事业法人;社会组织法人", ["企业法人", "事业法人", "社会组织法人"]),
    ("个人", ["自然人"]), ("公民、居民", ["自然人"]), ("企业", ["企业法人"]),
    ("法人或其他组织", ["企业法人", "事业法人", "社会组织法人", "其他组织"]),
    ("法人", ["企业法人", "事业法人", "社会组织法人", "行政机关"]),
])
def test_service_object_categories_are_stored_on_the_guide(cell, kinds):
    plan = import_objects(cell)
    assert plan.ok, problems(plan)
    guide = ServiceGuidePage.objects.get(item_code="51160200TEST0001")
    assert guide.service_object_kind_list == kinds
    assert guide.for_individuals == ("自然人" in kinds)
    assert guide.for_legal_entities == any(kind != "自然人" for kind in kinds)


def test_unknown_service_objects_are_all_named_with_the_accepted_forms():
    plan = import_objects("自然人、外星人、企业法人、火星企业")
    message = " ".join(problems(plan))
    assert "外星人" in message and "火星企业" in message
    assert all(kind in message for kind in service_objects.KINDS)


def test_guide_page_shows_the_categories(client):
    assert import_objects(ALL_SEVEN).ok
    guide = ServiceGuidePage.objects.get(item_code="51160200TEST0001")
    assert ALL_SEVEN in client.get(guide.url).content.decode()


def test_catalog_filters_by_one_category(client, demo):
    assert import_objects("社会组织法人").ok
    catalog = ServiceGuidePage.objects.get(item_code="51160200TEST0001").get_parent().get_parent()
    page = client.get(catalog.url, {"object": "社会组织法人"}).content.decode()
    assert "测试事项服务对象" in page and demo.birth_registration.title not in page
    page = client.get(catalog.url, {"object": "entity"}).content.decode()
    assert "测试事项服务对象" in page


def test_search_facet_filters_by_one_category(client, demo):
    assert import_objects("社会组织法人").ok
    found = client.get("/search/", {"q": "测试事项服务对象", "object": "社会组织法人"}).content.decode()
    assert "测试事项服务对象" in found
    missing = client.get("/search/", {"q": "测试事项服务对象", "object": "自然人"}).content.decode()
    assert "51160200TEST0001" not in missing and "测试事项服务对象</a>" not in missing


@pytest.mark.parametrize("fmt, name", [("xlsx", "清单.xlsx"), ("csv", "清单.zip"),
                                       ("json", "清单.json")])
def test_categories_export_as_imported(fmt, name):
    assert import_objects("事业法人、个人").ok
    data = exporter.export_workbook(fmt, live=False)
    plan = import_files([(name, data)])
    assert plan.ok, problems(plan)
    assert {entry.action for entry in plan.entries} == {UNCHANGED}
    assert "自然人、事业法人" in data.decode("utf-8", "ignore") if fmt == "json" else True
