"""The admin's 批量导入 pages: upload, a preview per guide, confirm; the work runs as a task on
its own queue, and the page polls its progress."""

import socket
import subprocess
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands import db_worker

from catalog.models import ServiceGuidePage
from importing import importer
from importing.batches import INTERRUPTED
from importing.jobs import STALE
from importing.models import ImportBatch

from .helpers import xlsx

pytestmark = pytest.mark.django_db
BIRTH = "11999900MB0000001X07001"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, data, name="清单.xlsx", **fields):
    return client.post(reverse("importing:index"),
                       {"file": SimpleUploadedFile(name, data, content_type=XLSX), **fields})


def workbook(title="出生登记（新）", limit="3个工作日"):
    return xlsx({"事项": [["事项编码", "事项名称", "承诺办结时限"], [BIRTH, title, limit]]})


def test_a_department_editor_sees_only_their_department(login):
    response = login("ga_editor").get(reverse("importing:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "示范市公安局" in html and "示范市民政局" not in html
    assert "create_missing" not in html


def test_superusers_may_create_missing_names(login):
    assert "create_missing" in login("admin").get(reverse("importing:index")).content.decode()


def test_someone_without_page_rights_cannot_open_it(client):
    viewer = get_user_model().objects.create_user("viewer", password="x")
    viewer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(viewer)
    assert client.get(reverse("importing:index")).status_code in (302, 403)


def test_upload_preview_confirm(login):
    client = login("admin")
    response = upload(client, workbook())
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("importing:batch", args=[batch.pk])
    html = client.get(response.url).content.decode()
    assert "<strong>1</strong> 项修改" in html
    assert "承诺办结时限" in html and "1个工作日" in html and "3个工作日" in html
    assert "确认导入" in html
    assert ServiceGuidePage.objects.get(item_code=BIRTH).title == "出生登记"  # preview only

    response = client.post(reverse("importing:confirm", args=[batch.pk]), {"mode": "publish"})
    assert response.status_code == 302
    guide = ServiceGuidePage.objects.get(item_code=BIRTH)
    assert guide.title == "出生登记（新）" and guide.promised_time_limit == 3
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED and batch.publish
    assert "已发布" in client.get(response.url).content.decode()


def test_the_page_polls_the_batch_and_gets_its_outcome(login):
    client = login("admin")
    upload(client, workbook())
    batch = ImportBatch.objects.get()
    state = client.get(reverse("importing:progress", args=[batch.pk])).json()
    assert state["running"] is False and state["outcome"] == "核对完成。"
    client.post(reverse("importing:confirm", args=[batch.pk]), {"mode": "draft"})
    state = client.get(reverse("importing:progress", args=[batch.pk])).json()
    assert state["status"] == "imported" and state["outcome"] == "导入完成：修改 1 项。"
    assert state["stage"] == "更新索引" and state["done"] == state["total"] > 0  # the last stage


def test_a_file_with_errors_shows_them_and_cannot_be_confirmed(login):
    client = login("admin")
    response = upload(client, workbook(limit="一个月"))
    html = client.get(response.url).content.decode()
    assert "发现 1 个问题，未导入任何内容" in html
    assert "事项 第 2 行「承诺办结时限」：应填写天数" in html
    assert "确认导入" not in html
    batch = ImportBatch.objects.get()
    client.post(reverse("importing:confirm", args=[batch.pk]), {"mode": "publish"})
    assert ServiceGuidePage.objects.get(item_code=BIRTH).promised_time_limit == 1


def test_a_preview_that_is_no_longer_true_is_not_imported(login, demo):
    client = login("admin")
    upload(client, workbook())
    batch = ImportBatch.objects.get()
    guide = demo.birth_registration
    guide.title = "出生登记（别人刚改的）"
    guide.save_revision().publish()
    client.post(reverse("importing:confirm", args=[batch.pk]), {"mode": "publish"})
    guide.refresh_from_db()
    assert guide.title == "出生登记（别人刚改的）"
    html = client.get(reverse("importing:batch", args=[batch.pk])).content.decode()
    assert "预览之后，事项清单已有变化" in html
    assert "出生登记（别人刚改的）" in html  # the new preview compares with the current guide


def test_batches_are_private_to_their_uploader(login, client):
    upload(login("admin"), workbook())
    batch = ImportBatch.objects.get()
    client.force_login(get_user_model().objects.get(username="ga_editor"))
    response = client.get(reverse("importing:batch", args=[batch.pk]), follow=True)
    assert "清单.xlsx" not in response.content.decode()
    assert response.redirect_chain or response.status_code == 403


def test_working_copy_export_is_limited_to_editable_departments(login):
    client = login("ga_editor")
    response = client.get(reverse("importing:export") + "?department=gongan&format=xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    assert client.get(reverse("importing:export") + "?department=minzheng").status_code in (302, 403)


def test_the_admin_menu_offers_the_import(login):
    html = login("ga_editor").get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("importing:index") in html


@pytest.fixture
def queued(settings, monkeypatch):
    """The importing queue as in production (django-tasks-db): a task waits for a worker.
    Returns a function that runs the worker until the queue is empty, as ``db_worker --batch``."""
    settings.TASKS = {**settings.TASKS, "importing": {
        "BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["importing"]}}
    # The worker checks its connection between tasks; the test's transaction must stay open.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def work():
        db_worker.Worker(queue_names=["importing"], interval=0, batch=True,
                         backend_name="importing", startup_delay=False, max_tasks=None,
                         worker_id="test-worker", excluded_queue_names=[]).run()

    return work


def test_the_import_goes_on_when_its_page_is_closed_mid_confirmation(login, queued):
    client = login("admin")
    upload(client, workbook())
    queued()  # the preview
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.PREVIEWED

    response = client.post(reverse("importing:confirm", args=[batch.pk]), {"mode": "publish"})
    assert response.status_code == 302  # at once: the import waits for the worker
    html = client.get(response.url).content.decode()
    assert "正在导入" in html and "关闭本页不影响导入" in html and "确认导入</button>" not in html
    state = client.get(reverse("importing:progress", args=[batch.pk])).json()
    assert state["running"] and state["stage"] == "排队"
    # The tab is closed here: the page asks nothing more. The worker does the import.
    queued()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED and batch.publish
    guide = ServiceGuidePage.objects.get(item_code=BIRTH)
    assert guide.title == "出生登记（新）" and guide.live_revision.content["title"] == "出生登记（新）"


NEW_CODES = [f"11999900MB0000001X{9100 + n:05d}" for n in range(6)]


def new_guides():
    """New guides for two departments: they are written one department at a time."""
    departments = ("示范市公安局", "示范市民政局")
    return xlsx({"事项": [["事项编码", "事项名称", "实施主体"]]
                 + [[code, f"新增事项{n}", departments[n % 2]] for n, code in enumerate(NEW_CODES)]})


def test_a_worker_stopped_mid_write_writes_nothing_and_the_batch_can_be_run_again(login, monkeypatch):
    client = login("admin")
    upload(client, new_guides())
    batch = ImportBatch.objects.get()
    add_children, calls = importer.add_children, []

    def stopped_after_the_first_department(*args, **kwargs):
        calls.append(add_children(*args, **kwargs))
        if len(calls) == 1:  # one department's guides are written: the worker is told to exit
            raise SystemExit(1)
        return calls[-1]

    monkeypatch.setattr(importer, "add_children", stopped_after_the_first_department)
    client.post(reverse("importing:confirm", args=[batch.pk]), {"mode": "publish"})
    assert calls  # it did stop half-way
    assert not ServiceGuidePage.objects.filter(item_code__in=NEW_CODES).exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED and batch.report["error"] == INTERRUPTED
    html = client.get(reverse("importing:batch", args=[batch.pk])).content.decode()
    assert "导入失败，事项清单未作任何改动" in html and "后台导入任务被中止" in html
    assert "可以在下面重新确认导入" in html and "确认导入</button>" in html

    monkeypatch.setattr(importer, "add_children", add_children)
    client.post(reverse("importing:confirm", args=[batch.pk]), {"mode": "publish"})
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED and "error" not in batch.report
    assert ServiceGuidePage.objects.filter(item_code__in=NEW_CODES).live().count() == len(NEW_CODES)


def dead_pid():
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_an_import_whose_worker_was_killed_is_failed_when_next_looked_at(login, queued):
    client = login("admin")
    upload(client, workbook())
    queued()
    batch = ImportBatch.objects.get()
    client.post(reverse("importing:confirm", args=[batch.pk]), {"mode": "publish"})
    # A worker took it, then was killed (SIGKILL: it could not say so); it wrote nothing.
    ImportBatch.objects.filter(pk=batch.pk).update(
        worker=f"{socket.gethostname()}:{dead_pid()}:1", progress_stage="写入")
    state = client.get(reverse("importing:progress", args=[batch.pk])).json()
    assert state["running"] is False and state["status"] == "failed"
    assert state["outcome"] == f"导入失败，事项清单未作任何改动：{STALE}"
    assert ServiceGuidePage.objects.get(item_code=BIRTH).title == "出生登记"

    queued()  # the killed worker's task, still queued: it finds the batch failed and leaves it
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    client.post(reverse("importing:confirm", args=[batch.pk]), {"mode": "publish"})  # re-run
    queued()
    assert ServiceGuidePage.objects.get(item_code=BIRTH).title == "出生登记（新）"


def test_a_worker_on_another_host_is_taken_for_dead_only_after_a_silence(login, queued, settings):
    client = login("admin")
    upload(client, workbook())
    queued()
    batch = ImportBatch.objects.get()
    client.post(reverse("importing:confirm", args=[batch.pk]), {"mode": "publish"})
    running = ImportBatch.objects.filter(pk=batch.pk)
    running.update(worker="elsewhere.example:4242:1", progress_at=timezone.now())
    assert client.get(reverse("importing:progress", args=[batch.pk])).json()["running"]
    running.update(progress_at=timezone.now() - timedelta(seconds=settings.IMPORTING_STALE_SECONDS + 1))
    assert client.get(reverse("importing:progress", args=[batch.pk])).json()["status"] == "failed"
