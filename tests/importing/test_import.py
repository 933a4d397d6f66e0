"""Importing a workbook into the catalog: safe, complete, and as reviewable as editing by hand."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import PageLogEntry, Revision

from catalog.models import DepartmentPage, HallPage, ServiceGuidePage, Theme
from importing import exporter, importer
from importing.importer import IMPORT_ACTION, PUBLISHED, SUBMITTED, apply_plan, import_files
from importing.plan import CHANGED, CREATED, UNCHANGED

from .helpers import demo_workbook, dry_run, problems, row_of, saved, set_cell, xlsx

pytestmark = pytest.mark.django_db
BIRTH = "11999900MB0000001X07001"


def catalog_state():
    """Everything an import could touch, to prove that a refused import touched nothing."""
    return (ServiceGuidePage.objects.count(), Revision.objects.count(),
            DepartmentPage.objects.count(), HallPage.objects.count(), Theme.objects.count(),
            sorted(ServiceGuidePage.objects.values_list("title", "latest_revision_id",
                                                         "live_revision_id")))


def user(name):
    return get_user_model().objects.get(username=name)


@pytest.mark.parametrize("fmt, name", [("xlsx", "清单.xlsx"), ("csv", "清单.zip"),
                                       ("json", "清单.json")])
def test_export_then_import_changes_nothing(fmt, name):
    before = catalog_state()
    data = exporter.export_workbook(fmt, live=False)
    plan = import_files([(name, data)], dry_run=False, publish=True)
    assert plan.ok, problems(plan)
    assert plan.counts() == {CREATED: 0, CHANGED: 0, UNCHANGED: ServiceGuidePage.objects.count()}
    assert catalog_state() == before  # and so no new revision either


def test_working_copy_export_round_trips_a_pending_draft(demo):
    guide = demo.birth_registration
    guide.title = "出生登记（草稿）"
    guide.save_revision()
    data = exporter.export_workbook("xlsx", live=False)
    plan = dry_run(data)
    assert plan.counts()[CHANGED] == 0
    entry = next(e for e in plan.entries if e.code == BIRTH)
    assert "有未发布的修改" in entry.notes[0]


def test_dry_run_lists_field_level_changes_and_writes_nothing(demo):
    workbook = demo_workbook()
    line = row_of(workbook["事项"], "事项编码", BIRTH)
    set_cell(workbook["事项"], line, "承诺办结时限", "３个工作日")
    material = row_of(workbook["材料"], "材料名称", "居民户口簿")
    set_cell(workbook["材料"], material, "必要性", "容缺后补")
    before = catalog_state()
    plan = dry_run(saved(workbook))
    assert plan.ok, problems(plan)
    entry = next(e for e in plan.entries if e.code == BIRTH)
    assert entry.action == CHANGED
    assert [str(c) for c in entry.changes] == [
        "承诺办结时限：1个工作日 → 3个工作日", "材料「居民户口簿」的必要性：必要 → 容缺后补"]
    assert plan.counts()[CHANGED] == 1
    assert catalog_state() == before


def test_import_saves_a_logged_revision_for_changed_guides_only(demo):
    workbook = demo_workbook()
    set_cell(workbook["事项"], row_of(workbook["事项"], "事项编码", BIRTH), "承诺办结时限", "即办")
    revisions = Revision.objects.count()
    plan = import_files([("季度调整.xlsx", saved(workbook))], user=user("admin"),
                        dry_run=False, note="2026 年第三季度调整")
    assert plan.counts() == {CREATED: 0, CHANGED: 1, UNCHANGED: 41}
    assert Revision.objects.count() == revisions + 1
    guide = ServiceGuidePage.objects.get(item_code=BIRTH)
    draft = guide.get_latest_revision_as_object()
    assert draft.promised_time_limit == 0
    assert guide.promised_time_limit == 1  # not published: the public still sees the old limit
    assert guide.has_unpublished_changes
    entry = PageLogEntry.objects.get(page=guide, action=IMPORT_ACTION)
    assert entry.data["note"] == "2026 年第三季度调整" and entry.data["outcome"] == "draft"
    assert entry.revision == guide.latest_revision
    assert "2026 年第三季度调整" in entry.message


def test_publish_choice_makes_the_change_live(demo):
    workbook = demo_workbook()
    set_cell(workbook["事项"], row_of(workbook["事项"], "事项编码", BIRTH), "到现场次数", "1次")
    plan = dry_run(saved(workbook), user=user("admin"), dry_run=False, publish=True)
    assert [e.outcome for e in plan.entries if e.action == CHANGED] == [PUBLISHED]
    guide = ServiceGuidePage.objects.get(item_code=BIRTH)
    assert guide.visits == 1 and not guide.has_unpublished_changes
    entry = PageLogEntry.objects.get(page=guide, action=IMPORT_ACTION)
    assert entry.data["outcome"] == PUBLISHED and "已发布" in entry.message


def test_an_absent_sheet_leaves_that_part_of_a_guide_alone(demo):
    guide = demo.birth_registration
    materials = [block.value["name"] for block in guide.materials]
    data = xlsx({"事项": [["事项编码", "事项名称"], [BIRTH, "出生登记（新名称）"]]})
    plan = dry_run(data, dry_run=False, publish=True)
    assert [str(c) for c in plan.entries[0].changes] == ["事项名称：出生登记 → 出生登记（新名称）"]
    guide.refresh_from_db()
    assert guide.title == "出生登记（新名称）"
    assert [block.value["name"] for block in guide.materials] == materials


def test_what_a_workbook_cannot_carry_survives_a_change(demo):
    """A blank form attached in the editor stays with its material when the material changes."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents.models import Document

    form = Document.objects.create(title="户口簿空白页", file=SimpleUploadedFile("form.pdf", b"%PDF"))
    guide = demo.birth_registration
    raw = list(guide.materials.raw_data)
    index = next(i for i, block in enumerate(raw) if block["value"]["name"] == "居民户口簿")
    raw[index]["value"]["blank_form"] = form.pk
    guide.materials = raw
    guide.save_revision().publish()
    workbook = demo_workbook()
    set_cell(workbook["材料"], row_of(workbook["材料"], "材料名称", "居民户口簿"), "份数", "2")
    dry_run(saved(workbook), dry_run=False, publish=True)
    guide = ServiceGuidePage.objects.get(pk=guide.pk)
    material = next(b.value for b in guide.materials if b.value["name"] == "居民户口簿")
    assert material["copies"] == 2
    assert material["blank_form"] == form


def test_new_items_become_guides_in_their_department(demo):
    data = xlsx({
        "事项": [["事项编码", "事项名称", "实施主体", "事项类型", "承诺办结时限", "主题"],
                 ["11999900MB0000001X09901", "临时身份证明开具", "市公安局", "公共服务", "即办", "证件办理"]],
        "材料": [["事项编码", "材料名称", "必要性"], ["11999900MB0000001X09901", "居民户口簿", "必要"]],
        "环节": [["事项编码", "环节标识", "环节名称", "分支"],
                 ["11999900MB0000001X09901", "apply", "申请", ""],
                 ["11999900MB0000001X09901", "accept", "受理", "材料不全 → 一次性告知 → apply"]],
        "办理地点": [["事项编码", "办事大厅", "窗口"], ["11999900MB0000001X09901", "示范市政务服务中心", "A05"]],
    })
    plan = dry_run(data, user=user("admin"), dry_run=False)
    assert plan.counts()[CREATED] == 1, problems(plan)
    guide = ServiceGuidePage.objects.get(item_code="11999900MB0000001X09901")
    assert guide.get_parent().specific == demo.gongan
    assert not guide.live
    draft = guide.get_latest_revision_as_object()
    assert [b.value["name"] for b in draft.materials] == ["居民户口簿"]
    assert draft.steps[1].value["branches"][0]["target"] == "apply"
    assert [link.hall for link in draft.hall_links.all()] == [demo.city_hall]
    assert [t.name for t in draft.themes.all()] == ["证件办理"]


def test_the_error_message_names_sheet_row_column_and_problem():
    rows = [["事项编码", "材料名称", "必要性"]] + [
        ["11999900MB0000001X07001", f"材料{n}", "必要"] for n in range(2, 12)]
    rows.append(["11999900MB0000001X07001", "材料12", "必须"])
    data = xlsx({"事项": [["事项编码", "事项名称"], [BIRTH, "出生登记"]], "材料": rows})
    before = catalog_state()
    plan = dry_run(data, dry_run=False)
    assert problems(plan) == ["材料 第 12 行「必要性」：应为 必要/容缺后补/非必要（也可写 容缺），实际为「必须」"]
    assert catalog_state() == before


@pytest.mark.parametrize("sheets, message", [
    ({"材料": [["事项编码", "材料名称"], [BIRTH, "甲"]]},
     "缺少工作表「事项」：工作簿必须有「事项」工作表，每个事项一行"),
    ({"事项": [["事项编码", "实施主体"], [BIRTH, "示范市公安局"]]}, "事项：缺少必需的列「事项名称」"),
    ({"事项": [["事项编码", "事项名称"], [BIRTH, "甲"], [BIRTH, "乙"]]},
     f"事项 第 3 行「事项编码」：事项编码「{BIRTH}」与第 2 行重复；每个事项只能有一行"),
    ({"事项": [["事项编码", "事项名称"], [BIRTH, "出生登记"]],
      "环节": [["事项编码", "环节标识", "环节名称", "分支"], [BIRTH, "apply", "申请", "补正 → 补正 → check"]]},
     "环节 第 2 行「分支」：转至环节「check」不存在；应为本事项某个环节的「环节标识」或「办结」（写法：情形 → 处理 → 转至环节）"),
    ({"事项": [["事项编码", "事项名称"], [BIRTH, "出生登记"]],
      "材料": [["事项编码", "材料名称"], ["11999900MB0000009X00001", "申请表"]]},
     "材料 第 2 行「事项编码」：事项编码「11999900MB0000009X00001」不在「事项」工作表中；请先在「事项」中添加该事项"),
    ({"事项": [["事项编码", "事项名称", "是否收费"], [BIRTH, "出生登记", "否"]],
      "收费": [["事项编码", "收费项目", "收费标准"], [BIRTH, "工本费", "10元"]]},
     "收费 第 2 行：事项「出生登记」的「是否收费」为「否」，却填写了收费项目；请把「是否收费」改为「是」，或删除收费项目"),
])
def test_bad_workbooks_give_one_clear_message_and_write_nothing(sheets, message):
    before = catalog_state()
    plan = dry_run(xlsx(sheets), dry_run=False, publish=True)
    assert message in problems(plan)
    assert catalog_state() == before


def test_any_invalid_row_stops_the_whole_import(demo):
    workbook = demo_workbook()
    set_cell(workbook["事项"], row_of(workbook["事项"], "事项编码", BIRTH), "事项名称", "出生登记（改）")
    set_cell(workbook["问答"], 5, "问题", "")
    before = catalog_state()
    plan = dry_run(saved(workbook), dry_run=False, publish=True)
    assert problems(plan) == ["问答 第 5 行「问题」：不能为空"]
    assert catalog_state() == before


def test_a_gbk_csv_is_read_right_and_its_errors_quote_the_chinese_text():
    text = f"事项编码,事项名称,网上办理深度\r\n{BIRTH},出生登记,全程网上办理\r\n"
    plan = dry_run(text.encode("gbk"), "出生登记.csv", dry_run=False)
    assert problems(plan) == ["事项 第 2 行「网上办理深度」：应为 不可网办/信息发布/在线咨询/网上预审/全程网办"
                              "（也可写 否、无、不可、全程），"
                              "实际为「全程网上办理」"]


def test_a_crash_half_way_leaves_the_catalog_as_it_was(demo, monkeypatch):
    workbook = demo_workbook()
    sheet = workbook["事项"]
    for line in range(2, 7):
        set_cell(sheet, line, "事项版本", "9.9")
    sheet.append(["11999900MB0000001X09902", "新增事项", "示范市公安局"])
    plan = dry_run(saved(workbook), keep_pages=True)
    assert plan.ok and plan.counts()[CHANGED] == 5
    before = catalog_state()
    original = importer.publish_revisions  # changed guides are saved, then published, in bulk

    def failing_publish(pages, revisions, user=None):
        original(pages[:3], revisions[:3], user=user)  # three are live when the disk fills up
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer, "publish_revisions", failing_publish)
    with pytest.raises(RuntimeError):
        apply_plan(plan, publish=True)
    assert catalog_state() == before
    assert not ServiceGuidePage.objects.filter(item_code="11999900MB0000001X09902").exists()


def test_a_department_editor_may_import_only_their_own_department(demo):
    mz_code = demo.marriage.item_code
    data = xlsx({"事项": [["事项编码", "事项名称"], [BIRTH, "出生登记（改）"], [mz_code, "结婚登记（改）"]]})
    before = catalog_state()
    plan = dry_run(data, user=user("ga_editor"), dry_run=False)
    assert problems(plan) == [
        "事项：您没有「示范市民政局」的编辑权限，不能导入其事项（第 3 行，共 1 项）；部门编辑只能导入本部门的事项"]
    assert catalog_state() == before

    own = xlsx({"事项": [["事项编码", "事项名称"], [BIRTH, "出生登记（改）"]]})
    plan = dry_run(own, user=user("ga_editor"), dry_run=False, publish=True)
    assert plan.ok
    guide = ServiceGuidePage.objects.get(item_code=BIRTH)
    assert guide.title == "出生登记"  # an editor cannot publish: it goes to review, or stays a draft
    expected = SUBMITTED if guide.get_workflow() else "draft"
    assert plan.entries[0].outcome == expected
    if expected == SUBMITTED:
        assert guide.workflow_in_progress


def test_restricting_to_a_department_refuses_other_departments_items(demo):
    data = xlsx({"事项": [["事项编码", "事项名称"], [demo.marriage.item_code, "结婚登记"]]})
    plan = dry_run(data, department=demo.gongan)
    assert problems(plan) == ["事项 第 2 行「实施主体」：事项「结婚登记」属于「示范市民政局」，"
                              "不在本次导入限定的部门「示范市公安局」中"]


def test_an_item_is_never_moved_to_another_department_by_an_import(demo):
    data = xlsx({"事项": [["事项编码", "事项名称", "实施主体"], [BIRTH, "出生登记", "示范市民政局"]]})
    assert "导入不会移动事项" in problems(dry_run(data))[0]


def test_unknown_names_are_reported_and_created_only_when_asked():
    data = xlsx({
        "事项": [["事项编码", "事项名称", "实施主体", "主题"],
                 ["51160200MB0000001X00001", "城市建筑物张挂宣传品审批", "区行政审批局", "城市管理"]],
        "办理地点": [["事项编码", "办事大厅"], ["51160200MB0000001X00001", "广安区政务服务中心"]],
    })
    before = catalog_state()
    plan = dry_run(data, dry_run=False)
    assert sorted(problems(plan)) == sorted([
        "事项「实施主体」：部门「区行政审批局」在网站上不存在（第 2 行，共 1 处）；请先在后台创建，或选择“创建缺少的部门、大厅和主题”（命令行 --create-missing）",
        "事项「主题」：主题「城市管理」在网站上不存在（第 2 行，共 1 处）；请先在后台创建，或选择“创建缺少的部门、大厅和主题”（命令行 --create-missing）",
        "办理地点「办事大厅」：办事大厅「广安区政务服务中心」在网站上不存在（第 2 行，共 1 处）；请先在后台创建，或选择“创建缺少的部门、大厅和主题”（命令行 --create-missing）",
    ])
    assert catalog_state() == before

    plan = dry_run(data, create_missing=True, dry_run=False, publish=True)
    assert plan.ok, problems(plan)
    department = DepartmentPage.objects.get(title="区行政审批局")
    assert department.live and department.editors_group is not None
    hall = HallPage.objects.get(title="广安区政务服务中心")
    assert not hall.live  # no address yet: it waits for an editor
    guide = ServiceGuidePage.objects.get(item_code="51160200MB0000001X00001")
    assert guide.live and guide.get_parent().specific == department
    assert [t.name for t in guide.themes.all()] == ["城市管理"]


def test_only_superusers_may_create_departments(demo):
    data = xlsx({"事项": [["事项编码", "事项名称", "实施主体"], ["51160200MB0000001X00002", "甲", "区新部门"]]})
    plan = dry_run(data, user=user("ga_reviewer"), create_missing=True)
    assert "您没有新建部门的权限，不能创建「区新部门」" in problems(plan)[0]


def test_a_guide_locked_by_another_editor_is_not_overwritten(demo):
    guide = demo.birth_registration
    guide.locked, guide.locked_by = True, user("ga_reviewer")
    guide.save(update_fields=["locked", "locked_by"], clean=False)
    data = xlsx({"事项": [["事项编码", "事项名称"], [BIRTH, "出生登记（改）"]]})
    plan = dry_run(data, user=user("admin"))
    assert problems(plan) == ["事项 第 2 行「事项编码」：事项「出生登记（改）」已被锁定（ga_reviewer），"
                              "暂不能导入；请解锁或等审核结束后再导入"]


def test_an_import_builds_on_the_pending_draft_not_on_the_live_page(demo):
    guide = demo.birth_registration
    guide.title = "出生登记（草稿中的新名称）"
    guide.save_revision()
    data = xlsx({"事项": [["事项编码", "事项名称", "到现场次数"], [BIRTH, "出生登记（草稿中的新名称）", "2次"]]})
    plan = dry_run(data, dry_run=False)
    assert [str(c) for c in plan.entries[0].changes] == ["到现场次数：0次 → 2次"]
    draft = ServiceGuidePage.objects.get(pk=guide.pk).get_latest_revision_as_object()
    assert (draft.title, draft.visits) == ("出生登记（草稿中的新名称）", 2)
    assert [link.hall for link in draft.hall_links.all()] == [
        link.hall for link in guide.hall_links.all()]


def test_an_import_into_a_guide_under_review_is_reviewed_again(demo):
    guide = demo.birth_registration
    workflow = guide.get_workflow()
    if workflow is None:
        pytest.skip("no department workflow in this catalog")
    editor = user("ga_editor")
    guide.save_revision(user=editor)
    workflow.start(guide, editor)
    first = guide.current_workflow_state
    data = xlsx({"事项": [["事项编码", "事项名称"], [BIRTH, "出生登记（导入修改）"]]})
    plan = dry_run(data, user=user("admin"), dry_run=False)  # the superuser may edit under review
    assert plan.ok, problems(plan)
    guide = ServiceGuidePage.objects.get(pk=guide.pk)
    assert guide.current_workflow_state == first  # saved as a draft: the review goes on
    plan = dry_run(xlsx({"事项": [["事项编码", "事项名称"], [BIRTH, "出生登记（再次导入）"]]}),
                   user=user("ga_reviewer"), dry_run=False, publish=True)
    assert plan.entries[0].outcome == SUBMITTED, problems(plan)
    guide = ServiceGuidePage.objects.get(pk=guide.pk)
    first.refresh_from_db()
    assert first.status == first.STATUS_CANCELLED
    assert guide.current_workflow_state.current_task_state.revision == guide.latest_revision


def test_a_draft_reads_as_wagtail_restores_it(demo):
    """The quick reading of pending drafts (plan.readable) yields the record Wagtail's own
    restoration of the revision does: fields, streams, themes and halls."""
    from catalog.records import record_of
    from importing.plan import latest_versions

    guide = demo.birth_registration
    guide.visits, guide.keywords, guide.consultation_phone = 3, "上户口、报户口", "12345"
    guide.last_reviewed = datetime.date(2026, 1, 5)
    raw = list(guide.materials.raw_data)
    raw[0]["value"]["copies"] = 4
    guide.materials = raw[::-1]
    guide.themes = list(Theme.objects.all()[:2])
    guide.hall_links = guide.hall_links.all()[:1]
    guide.save_revision()
    row = ServiceGuidePage.objects.get(pk=guide.pk)
    [version] = latest_versions([row])
    assert version is not row
    assert record_of(version) == record_of(row.get_latest_revision_as_object())


def test_an_import_resubmits_a_guide_sent_back_for_changes(demo):
    guide = demo.birth_registration
    editor = user("ga_editor")
    workflow = guide.get_workflow()
    guide.save_revision(user=editor)
    workflow.start(guide, editor)
    state = guide.current_workflow_state
    state.current_task_state.task.specific.on_action(
        state.current_task_state, user("ga_reviewer"), "reject")
    state.refresh_from_db()
    assert state.status == state.STATUS_NEEDS_CHANGES
    data = xlsx({"事项": [["事项编码", "事项名称"], [BIRTH, "出生登记（按意见修改）"]]})
    plan = dry_run(data, user=editor, dry_run=False, publish=True)
    assert plan.entries[0].outcome == SUBMITTED, problems(plan)
    state.refresh_from_db()
    assert state.status == state.STATUS_IN_PROGRESS  # the same review, resumed (重新提交)
    latest = ServiceGuidePage.objects.get(pk=guide.pk).latest_revision
    assert state.current_task_state.revision == latest


@pytest.mark.parametrize("sheet, header, row_key, value, major", [
    ("事项", "承诺办结时限", BIRTH, "即办", True),
    ("事项", "事项简介", BIRTH, "为新生儿申报户口。", False),
    ("材料", "份数", "居民户口簿", "3", True),
    ("收费", None, None, None, False),  # an absent sheet is not spoken about
])
def test_an_import_marks_what_applicants_must_do_differently_as_a_major_change(
        demo, sheet, header, row_key, value, major):
    workbook = demo_workbook()
    if header is not None:
        key_header = "事项编码" if sheet == "事项" else "材料名称"
        set_cell(workbook[sheet], row_of(workbook[sheet], key_header, row_key), header, value)
        set_cell(workbook["事项"], row_of(workbook["事项"], "事项编码", BIRTH), "事项名称", "出生登记")
    else:
        del workbook[sheet]
        set_cell(workbook["事项"], row_of(workbook["事项"], "事项编码", BIRTH), "事项名称", "出生登记（新）")
    plan = dry_run(saved(workbook))
    [entry] = [e for e in plan.entries if e.action == CHANGED]
    assert entry.major is major


def test_reordering_materials_is_minor_but_reordering_steps_is_major():
    from importing.plan import is_major

    a, b = {"材料名称": "甲", "份数": "1"}, {"材料名称": "乙", "份数": "1"}
    assert not is_major({"材料": [a, b]}, {"材料": [b, a]})
    assert is_major({"环节": [a, b]}, {"环节": [b, a]})
    assert is_major({"材料": [a]}, {"材料": [a, b]})
    assert not is_major({"问答": [a]}, {"问答": [b]})
