"""The operator commands: import_catalog and export_catalog, their output and progress."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook
from wagtail.models import PageLogEntry

from catalog.models import ServiceGuidePage
from importing.importer import IMPORT_ACTION
from importing.models import ImportBatch

from .helpers import xlsx

pytestmark = pytest.mark.django_db
BIRTH = "11999900MB0000001X07001"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def changed_workbook(tmp_path):
    path = tmp_path / "清单.xlsx"
    path.write_bytes(xlsx({"事项": [["事项编码", "事项名称"], [BIRTH, "出生登记（新）"]]}))
    return path


def test_dry_run_prints_the_changes_and_writes_nothing(changed_workbook):
    out, _err = run("import_catalog", str(changed_workbook), "--dry-run")
    assert "新建 0 项，修改 1 项，无变化 0 项" in out
    assert "事项名称：出生登记 → 出生登记（新）" in out
    assert "试运行：未写入任何内容。" in out
    assert ServiceGuidePage.objects.get(item_code=BIRTH).title == "出生登记"
    assert not ImportBatch.objects.exists()


def test_import_publishes_when_asked_and_records_a_batch(changed_workbook):
    out, _err = run("import_catalog", str(changed_workbook), "--publish", "--user", "admin",
                    "--note", "名称规范")
    assert "导入完成" in out and "已发布 1 项" in out
    assert "搜索已更新" in out
    assert ServiceGuidePage.objects.get(item_code=BIRTH).title == "出生登记（新）"
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.IMPORTED and batch.source == "command"
    assert batch.report["entries"][0]["outcome"] == "published"
    log = PageLogEntry.objects.get(page__id=batch.report["entries"][0]["page_id"],
                                   action=IMPORT_ACTION)
    assert log.data == {"note": "名称规范", "batch": batch.pk, "file": "清单.xlsx",
                        "outcome": "published"}
    assert log.message == f"从《清单.xlsx》批量导入（导入批次 #{batch.pk}）：名称规范（已发布）"


def test_errors_fail_the_command_with_the_list(tmp_path):
    path = tmp_path / "坏.csv"
    path.write_bytes(f"事项编码,事项名称,到现场次数\n{BIRTH},出生登记,很多次\n".encode("gbk"))
    with pytest.raises(CommandError, match="发现 1 个问题，未导入任何内容"):
        run("import_catalog", str(path))


def test_unknown_department_slug_lists_the_known_ones(changed_workbook):
    with pytest.raises(CommandError, match="没有 slug 为「nowhere」的部门。可用的部门：gongan"):
        run("import_catalog", str(changed_workbook), "--department", "nowhere")


def test_export_formats_and_template(tmp_path):
    run("export_catalog", "--format", "xlsx", "--output", str(tmp_path / "a.xlsx"))
    workbook = load_workbook(tmp_path / "a.xlsx", read_only=True)
    assert workbook.sheetnames[:3] == ["事项", "材料", "环节"] and "填写说明" in workbook.sheetnames

    run("export_catalog", "--format", "csv", "--output", str(tmp_path / "a.zip"))
    names = zipfile.ZipFile(tmp_path / "a.zip").namelist()
    assert "事项清单-事项.csv" in names and "事项清单-材料.csv" in names

    out, _ = run("export_catalog", "--format", "json", "--department", "gongan",
                 "--output", str(tmp_path / "a.json"))
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert {row["实施主体"] for row in data["事项"]} == {"示范市公安局"}
    assert "已导出已发布内容" in out

    run("export_catalog", "--template", "--output", str(tmp_path / "t.xlsx"))
    template = load_workbook(tmp_path / "t.xlsx")
    assert template["事项"].max_row == 1
    assert any("必要" in (v.formula1 or "") for v in template["材料"].data_validations.dataValidation)


def test_export_shows_progress(tmp_path):
    out, _ = run("export_catalog", "--output", str(tmp_path / "a.xlsx"))
    assert "导出 [##############################]   42/42 100%" in out


def test_the_commands_explain_themselves():
    from django.core.management import load_command_class

    for name, words in (("import_catalog", ("--dry-run", "--create-missing", "有任何错误则不写入")),
                        ("export_catalog", ("--drafts", "--template", "不产生任何变化"))):
        parser = load_command_class("importing", name).create_parser("manage.py", name)
        help_text = parser.format_help()
        assert all(word in help_text for word in words), name


def test_a_published_import_explains_itself_in_the_public_history(tmp_path, client):
    path = tmp_path / "三季度清单.xlsx"
    path.write_bytes(xlsx({"事项": [["事项编码", "事项名称", "承诺办结时限"], [BIRTH, "出生登记", "即办"]]}))
    run("import_catalog", str(path), "--publish")
    guide = ServiceGuidePage.objects.get(item_code=BIRTH)
    [latest] = guide.public_history[:1]
    assert latest["note"] == "批量导入：三季度清单.xlsx"
    assert latest["changes"] == ["承诺办结时限：1 个工作日 → 即办"]
    assert guide.change_note == "" and not guide.major_change  # spent on this publication
    html = client.get(guide.url).content.decode()
    assert "批量导入：三季度清单.xlsx" in html and "承诺办结时限：1 个工作日 → 即办" in html


def test_a_minor_published_import_is_recorded_with_its_note_but_not_shown(tmp_path, client):
    path = tmp_path / "清单.xlsx"
    path.write_bytes(xlsx({"事项": [["事项编码", "事项名称", "事项简介"],
                                   [BIRTH, "出生登记", "为新生儿申报户口。"]]}))
    public = ServiceGuidePage.objects.get(item_code=BIRTH).public_history
    run("import_catalog", str(path), "--publish", "--note", "简介文字规范")
    guide = ServiceGuidePage.objects.get(item_code=BIRTH)
    record = guide.change_records.first()
    assert (record.note, record.major) == ("简介文字规范", False)
    assert guide.public_history == public
    assert "简介文字规范" not in client.get(guide.url).content.decode()
