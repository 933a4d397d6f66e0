"""Versioning: every change reviewed by the department, scheduled, traceable, never leaked early."""

import datetime
import re
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, WorkflowState

from catalog.models import ChangeRecord, ServiceGuidePage
from tests.forms import page_form_data

pytestmark = pytest.mark.django_db


def edit(client, guide, action=None, source=None, **overrides):
    data = page_form_data(source or guide, **overrides)
    if action:
        data[f"action-{action}"] = f"action-{action}"
    return client.post(reverse("wagtailadmin_pages:edit", args=[guide.pk]), data)


def act(client, guide, action, comment=""):
    state = WorkflowState.objects.active().get(object_id=str(guide.pk))
    url = reverse("wagtailadmin_pages:workflow_action",
                  args=[guide.pk, action, state.current_task_state.pk])
    return client.post(url, {"comment": comment})


def public_title(client, guide):
    return ServiceGuidePage.objects.get(pk=guide.pk).title


def test_submit_reject_resubmit_approve(client, login, demo):
    guide = demo.birth_registration
    editor = login("ga_editor")
    response = edit(editor, guide, "submit", title="出生登记（新生儿落户）",
                    change_note="事项名称补充“新生儿落户”", major_change="on")
    assert response.status_code == 302
    state = WorkflowState.objects.active().get(object_id=str(guide.pk))
    assert state.current_task_state.task.name == "市公安局审核"
    assert public_title(client, guide) == "出生登记"

    reviewer = login("ga_reviewer")
    act(reviewer, guide, "reject", comment="名称应与清单一致，请改为“出生登记（新生儿入户）”")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert public_title(client, guide) == "出生登记"

    editor = login("ga_editor")
    guide = ServiceGuidePage.objects.get(pk=guide.pk)
    edit(editor, guide, "submit", source=guide.get_latest_revision_as_object(),
         title="出生登记（新生儿入户）", change_note="事项名称补充“新生儿入户”", major_change="on")
    assert WorkflowState.objects.active().filter(object_id=str(guide.pk)).exists()

    reviewer = login("ga_reviewer")
    act(reviewer, guide, "approve", comment="同意")
    guide = ServiceGuidePage.objects.get(pk=guide.pk)
    assert guide.title == "出生登记（新生儿入户）" and guide.live
    assert not WorkflowState.objects.active().filter(object_id=str(guide.pk)).exists()
    record = ChangeRecord.objects.filter(guide=guide).first()
    assert record.major and record.note == "事项名称补充“新生儿入户”"
    assert "事项名称：出生登记 → 出生登记（新生儿入户）" in record.summary
    assert guide.last_reviewed == timezone.localdate()
    assert guide.change_note == "" and not guide.major_change

    html = client.get(guide.url).content.decode()
    assert "更新记录" in html and "事项名称：出生登记 → 出生登记（新生儿入户）" in html
    assert f"最近更新 <time datetime=\"{timezone.localdate():%Y-%m-%d}\">" in html


def test_reviewer_cannot_approve_another_departments_guide(client, login, demo):
    guide = demo.marriage
    edit(login("mz_editor"), guide, "submit", title="结婚登记（越权测试）")
    response = act(login("ga_reviewer"), guide, "approve")
    assert response.status_code in (302, 403) and response.get("Location") != guide.url
    assert public_title(client, guide) == demo.marriage.title
    assert WorkflowState.objects.active().filter(object_id=str(guide.pk)).exists()


def test_superuser_bypass_is_logged(login, demo):
    guide = demo.birth_registration
    edit(login("admin"), guide, "publish", title="出生登记（管理员直接发布）")
    assert ServiceGuidePage.objects.get(pk=guide.pk).title == "出生登记（管理员直接发布）"
    entry = PageLogEntry.objects.filter(page=guide, action="zhinan.workflow_bypass").get()
    assert entry.user.username == "admin"


def test_rollback_is_a_new_revision_that_goes_through_review(client, login, demo):
    guide = demo.birth_registration
    original = guide.live_revision
    editor = login("ga_editor")
    edit(editor, guide, "submit", promised_time_limit="3")
    act(login("ga_reviewer"), guide, "approve")
    assert ServiceGuidePage.objects.get(pk=guide.pk).promised_time_limit == 3

    editor = login("ga_editor")
    revisions_before = guide.revisions.count()
    assert editor.get(reverse("wagtailadmin_pages:revisions_revert",
                              args=[guide.pk, original.pk])).status_code == 200
    guide = ServiceGuidePage.objects.get(pk=guide.pk)
    edit(editor, guide, "submit", source=original.as_object(), change_note="恢复原时限")
    assert guide.revisions.count() == revisions_before + 1
    assert ServiceGuidePage.objects.get(pk=guide.pk).promised_time_limit == 3  # still in review
    act(login("ga_reviewer"), guide, "approve")
    assert ServiceGuidePage.objects.get(pk=guide.pk).promised_time_limit == original.as_object().promised_time_limit


def test_reviewer_sees_side_by_side_diff_item_by_item(login, demo):
    guide = demo.birth_registration
    materials = [dict(b.value) for b in guide.materials]
    materials[0]["copies"] = 3
    new_material = {**materials[1], "name": "新增的示例证明", "error_examples": []}
    draft = guide.get_latest_revision_as_object()
    draft.materials = [("material", m) for m in materials] + [("material", new_material)]
    draft.promised_time_limit = 2
    draft.save_revision(user=guide.owner)

    html = login("ga_reviewer").get(reverse("catalog_admin:compare", args=[guide.pk])).content.decode()
    assert "线上版本" in html and "待审核版本" in html
    assert "新增的示例证明" in html and "＋ 新增" in html
    assert 'class="changed-field"><dt>份数</dt><dd>3</dd>' in html
    assert "承诺办结时限" in html
    denied = login("mz_editor").get(reverse("catalog_admin:compare", args=[guide.pk]))
    assert denied.status_code in (302, 403) and "新增的示例证明" not in denied.content.decode()


def test_scheduled_go_live_and_expiry_reach_every_channel(client, demo):
    now = timezone.now()
    guide = demo.birth_registration
    successor = demo.marriage  # any live guide, named as the successor
    revision = guide.get_latest_revision_as_object()
    revision.title = "出生登记（新版）"
    revision.go_live_at = now + datetime.timedelta(days=2)
    revision.save_revision(approved_go_live_at=revision.go_live_at)
    assert public_title(client, guide) == "出生登记"

    with mock.patch("django.utils.timezone.now", return_value=now + datetime.timedelta(days=3)):
        call_command("publish_scheduled")
    assert "出生登记（新版）" in client.get(guide.url).content.decode()

    guide = ServiceGuidePage.objects.get(pk=guide.pk)
    guide.go_live_at = None  # already live; only the expiry is scheduled now
    guide.expire_at = now + datetime.timedelta(days=5)
    guide.successor = successor
    guide.save_revision().publish()
    with mock.patch("django.utils.timezone.now", return_value=now + datetime.timedelta(days=6)):
        call_command("publish_scheduled")

    response = client.get(guide.url)
    assert response.status_code == 410
    assert successor.title in response.content.decode()
    api = client.get("/api/v2/pages/?type=catalog.ServiceGuidePage&limit=100").content.decode()
    assert str(guide.item_code) not in api and "出生登记（新版）" not in api
    assert guide.url not in client.get("/sitemap.xml").content.decode()
    assert "出生登记（新版）" not in client.get("/shixiang/?department=gongan").content.decode()
    assert "出生登记（新版）" not in client.get(demo.city_hall.url).content.decode()


def test_two_editors_the_second_is_warned_and_no_revision_is_lost(login, demo):
    from wagtail.admin.models import EditingSession

    guide = demo.birth_registration
    loaded = guide.latest_revision
    first = login("ga_editor")
    first.get(reverse("wagtailadmin_pages:edit", args=[guide.pk]))
    session = EditingSession.objects.filter(user__username="ga_editor",
                                            object_id=str(guide.pk)).latest("pk")

    second = login("ga_reviewer")
    second.get(reverse("wagtailadmin_pages:edit", args=[guide.pk]))
    edit(second, guide, summary="第二位编辑先保存的简介")

    first = login("ga_editor")
    ping = first.post(
        reverse("wagtailadmin_editing_sessions:ping",
                args=["wagtailcore", "page", guide.pk, session.pk]),
        {"revision_id": loaded.pk, "is_editing": "1"},
    ).json()
    newer = [s for s in ping["other_sessions"] if s.get("revision_id")]
    assert newer and newer[0]["user"] == "公安局审核人"

    edit(first, guide, summary="第一位编辑后保存的简介")
    summaries = [r.as_object().summary for r in guide.revisions.order_by("-created_at")[:2]]
    assert summaries == ["第一位编辑后保存的简介", "第二位编辑先保存的简介"]


def shown_value(html, name):
    """The value the edit page's form shows for a text input (what the browser posts back)."""
    import html as html_lib
    import re

    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
    value = re.search(r'value="([^"]*)"', tag)
    return html_lib.unescape(value.group(1)) if value else ""


@pytest.mark.parametrize("reviewer_edit", [{}, {"summary": "审核人顺手改的简介"}])
def test_approving_from_the_edit_page_keeps_the_editors_change_note(client, login, demo, reviewer_edit):
    guide = demo.birth_registration
    edit(login("ga_editor"), guide, "submit", promised_time_limit="5",
         change_note="承诺时限缩短为 5 个工作日", major_change="on")

    reviewer = login("ga_reviewer")
    page = reviewer.get(reverse("wagtailadmin_pages:edit", args=[guide.pk])).content.decode()
    note = shown_value(page, "change_note")
    assert note == "承诺时限缩短为 5 个工作日"
    assert re.search(r'<input[^>]*name="major_change"[^>]*checked', page)

    # The reviewer approves from the edit page, posting back what it shows (and maybe an edit).
    latest = ServiceGuidePage.objects.get(pk=guide.pk).get_latest_revision_as_object()
    data = page_form_data(latest, change_note=note, major_change="on", **reviewer_edit)
    data.update({"action-workflow-action": "true", "workflow-action-name": "approve"})
    reviewer.post(reverse("wagtailadmin_pages:edit", args=[guide.pk]), data)

    guide = ServiceGuidePage.objects.get(pk=guide.pk)
    assert guide.promised_time_limit == 5
    record = ChangeRecord.objects.filter(guide=guide).first()
    assert record.note == "承诺时限缩短为 5 个工作日" and record.major
    assert "承诺时限缩短为 5 个工作日" in client.get("/gengxin/").content.decode()
    # The next edit starts with an empty note again: it belongs to the next publication.
    page = reviewer.get(reverse("wagtailadmin_pages:edit", args=[guide.pk])).content.decode()
    assert shown_value(page, "change_note") == ""
