"""The public download of the live catalog: the same workbook, never a draft."""

import codecs
import io
import json
import zipfile

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from catalog.models import GuideHall, HallPage, ServiceGuidePage

pytestmark = pytest.mark.django_db
BIRTH = "11999900MB0000001X07001"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def download_json(client):
    response = client.get(reverse("open_data_download", args=["json"]))
    assert response.status_code == 200
    return json.loads(response.content)


def titles(data):
    return {row["事项编码"]: row["事项名称"] for row in data["事项"]}


def test_the_catalog_page_links_to_the_download(client, demo):
    html = client.get(demo.gongan.get_parent().url).content.decode()
    assert reverse("open_data") in html


def test_the_description_page_lists_every_sheet_and_column(client):
    html = client.get(reverse("open_data")).content.decode()
    for text in ("事项", "材料", "环节", "收费", "依据", "问答", "办理地点", "必要性",
                 "必要/容缺后补/非必要", "如 20个工作日、30(自然日)、即办、无", "空白模板"):
        assert text in html
    assert reverse("open_data_download", args=["xlsx"]) in html
    assert reverse("open_data_sheet", args=["materials"]) in html


def test_drafts_never_reach_the_download(client, demo):
    guide = demo.birth_registration
    guide.title = "出生登记（未发布的草稿）"
    guide.save_revision()
    unpublished = demo.gongan.add_child(instance=ServiceGuidePage(
        title="尚未发布的新事项", slug="xin-shixiang", item_code="11999900MB0000001X09999", live=False))
    draft_hall = demo.city_hall.get_parent().add_child(instance=HallPage(
        title="未开放的大厅", slug="wei-kaifang", address="某地", opening_hours="全天", live=False))
    GuideHall.objects.create(guide=guide, hall=draft_hall, window="X1")

    data = download_json(client)
    assert titles(data)[BIRTH] == "出生登记"
    assert unpublished.item_code not in titles(data)
    assert "未开放的大厅" not in {row["办事大厅"] for row in data["办理地点"]}
    assert len(data["事项"]) == ServiceGuidePage.objects.live().count()


def test_a_publish_shows_in_the_next_download(client, demo):
    assert titles(download_json(client))[BIRTH] == "出生登记"
    guide = demo.birth_registration
    guide.title = "出生登记（已更新）"
    guide.save_revision().publish()
    assert titles(download_json(client))[BIRTH] == "出生登记（已更新）"


def test_workbook_and_csv_files(client):
    response = client.get(reverse("open_data_download", args=["xlsx"]))
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert [c.value for c in next(workbook["材料"].iter_rows(max_row=1))][:4] == [
        "事项编码", "事项名称", "材料名称", "必要性"]

    archive = zipfile.ZipFile(io.BytesIO(client.get(
        reverse("open_data_download", args=["csv"])).content))
    assert "事项清单-问答.csv" in archive.namelist()

    sheet = client.get(reverse("open_data_sheet", args=["materials"]))
    assert sheet["Content-Type"] == "text/csv; charset=utf-8"
    assert sheet.content.startswith(codecs.BOM_UTF8 + "事项编码,事项名称,材料名称".encode())


def test_the_blank_template(client):
    workbook = load_workbook(io.BytesIO(client.get(reverse("open_data_template")).content))
    assert workbook["事项"].max_row == 1
    assert "填写说明" in workbook.sheetnames
    assert any(row[1] == "必要性" for row in workbook["填写说明"].iter_rows(values_only=True))


def test_unknown_files_are_not_found(client):
    assert client.get("/shuju/shixiang.pdf").status_code == 404
    assert client.get("/shuju/biao/secret.csv").status_code == 404
