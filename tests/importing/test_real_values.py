"""Values as real provincial catalogs publish them are kept whole, and the workbook in that form
imports and round-trips through export unchanged."""

import io

import pytest
from openpyxl import load_workbook

from catalog.models import ServiceGuidePage
from importing import exporter
from importing.importer import import_files
from importing.plan import UNCHANGED

from .helpers import item_row, problems, xlsx

pytestmark = pytest.mark.django_db
CODE = "511A0138000000-511602000000-000-115113010833722043-1-00"
LONG_URL = ("http://www.sczwfw.gov.cn/jiq/front/transition/ywTransToDetail?areaCode=511602000000"
            "&itemCode=511A0138000000-511602000000-000-115113010833722043-1-00&taskType=1"
            "&deptCode=083372204&redirect=" + "https%3A%2F%2Flogin.sczwfw.gov.cn%2Fsso%3Fx%3D" * 4)
LONG_URL = (LONG_URL + "a" * 300)[:300]
CONTACT = ("地址：四川省广安市广安区金安大道一段109号区政务服务中心一楼综合窗口（工作日上午9:00-12:00，"
           "下午13:30-17:30）\n电话：0826-2345678、0826-2345679、12345政务服务便民热线\n"
           "网址：http://www.sczwfw.gov.cn/jiq/front/index?areaCode=511602000000\n"
           "邮箱：gaqzwfw@guangan.gov.cn")
REAL_ROW = {
    "服务对象": "自然人、企业法人、事业法人、社会组织法人、非法人企业、行政机关、其他组织",
    "网办地址": LONG_URL, "咨询电话": CONTACT, "投诉电话": CONTACT,
    "承诺办结时限": "1(工作日)", "法定办结时限": "20(工作日)", "是否支持预约": "不支持",
    "快递收件/送达": "不支持", "行使层级": "省级", "网上办理深度": "全程网办",
}


def real_workbook():
    headers, row = item_row(CODE, "适龄儿童、少年因身体状况需要延缓入学或者休学审批", **REAL_ROW)
    return xlsx({"事项": [headers, row]})


def test_contact_block_and_url_are_long():
    assert len(LONG_URL) == 300 and 140 <= len(CONTACT) <= 220


def test_a_workbook_in_the_real_form_imports_whole_and_round_trips():
    plan = import_files([("广安区.xlsx", real_workbook())], dry_run=False, publish=True)
    assert plan.ok, problems(plan)
    guide = ServiceGuidePage.objects.get(item_code=CODE)
    assert guide.online_url == LONG_URL and guide.consultation_phone == CONTACT
    assert guide.complaint_phone == CONTACT and guide.exercise_level == "省级"
    assert (guide.promised_time_limit, guide.promised_time_limit_unit) == (1, "工作日")
    assert guide.appointment is False and guide.express_delivery is False
    assert len(guide.service_object_kind_list) == 7

    for fmt, name in (("xlsx", "清单.xlsx"), ("csv", "清单.zip"), ("json", "清单.json")):
        again = import_files([(name, exporter.export_workbook(fmt, live=False))])
        assert again.ok, problems(again)
        assert {entry.action for entry in again.entries} == {UNCHANGED}, fmt
    exported = load_workbook(io.BytesIO(exporter.export_workbook("xlsx", live=False)))["事项"]
    headers = [cell.value for cell in exported[1]]
    row = next(r for r in exported.iter_rows(min_row=2, values_only=True) if r[0] == CODE)
    assert row[headers.index("网办地址")] == LONG_URL
    assert row[headers.index("咨询电话")] == CONTACT
    assert row[headers.index("服务对象")] == REAL_ROW["服务对象"]


def test_the_contact_block_is_shown_whole_on_the_guide_page(client):
    assert import_files([("广安区.xlsx", real_workbook())], dry_run=False, publish=True).ok
    html = client.get(ServiceGuidePage.objects.get(item_code=CODE).url).content.decode()
    assert "gaqzwfw@guangan.gov.cn" in html and "0826-2345679" in html


def test_a_url_over_2000_characters_is_refused_with_its_length():
    headers, row = item_row(CODE, "超长网址", 网办地址="https://example.gov.cn/?" + "a" * 2100)
    plan = import_files([("清单.xlsx", xlsx({"事项": [headers, row]}))])
    assert any("2000" in p and "2124" in p for p in problems(plan)), problems(plan)
