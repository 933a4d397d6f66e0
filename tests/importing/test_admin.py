"""The admin's 批量导入 pages: upload, a preview per guide, confirm; progress streamed as it goes."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog.models import ServiceGuidePage
from importing.batches import confirm_batch_steps
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
    assert 'data-progress="import-progress"' in html


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


def test_progress_is_streamed_when_the_page_asks_for_it(login):
    client = login("admin")
    response = client.post(reverse("importing:index"),
                           {"file": SimpleUploadedFile("清单.xlsx", workbook(), content_type=XLSX)},
                           HTTP_X_PROGRESS="ndjson")
    assert response["Content-Type"] == "application/x-ndjson"
    events = [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]
    assert {"stage": "核对", "done": 1, "total": 1} in events
    batch = ImportBatch.objects.get()
    assert events[-1] == {"redirect": reverse("importing:batch", args=[batch.pk])}


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


def test_a_confirmation_whose_page_is_closed_after_the_commit_is_recorded(login):
    client = login("admin")
    upload(client, workbook())
    batch = ImportBatch.objects.get()
    # What the admin's progress stream runs; a closed tab closes it (``admin_views._events``).
    steps = confirm_batch_steps(batch)
    for stage, done, total in steps:
        if stage == "写入" and done == total:  # written and committed: the tab goes away
            steps.close()
            break
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED
    assert ServiceGuidePage.objects.get(item_code=BIRTH).latest_revision.content["title"] == "出生登记（新）"
