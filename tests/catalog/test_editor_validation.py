"""Bad input is refused with a Chinese message naming the field, and nothing typed is lost."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.forms import page_form_data, shown_text, stream_data

pytestmark = pytest.mark.django_db


def _save_draft(client, guide, **overrides):
    data = page_form_data(guide, **overrides)
    return client.post(reverse("wagtailadmin_pages:edit", args=[guide.pk]), data)


def test_duplicate_item_code_is_refused_naming_the_field(login, demo):
    client = login("admin")
    response = _save_draft(client, demo.birth_registration, item_code=demo.marriage.item_code,
                           summary="编辑刚输入的简介")
    html = response.content.decode()
    assert response.status_code == 200
    assert "该「事项编码」已被其他办事指南使用" in html
    assert "编辑刚输入的简介" in html


def test_negative_time_limit_is_refused_naming_the_field(login, demo):
    client = login("admin")
    response = _save_draft(client, demo.birth_registration, promised_time_limit="-3",
                           summary="保留我输入的内容")
    html = response.content.decode()
    assert "「承诺办结时限」不能为负数" in html
    assert "保留我输入的内容" in html


def test_step_without_name_is_refused(login, demo):
    client = login("admin")
    guide = demo.birth_registration
    steps = stream_data(guide.steps)
    steps["0"]["value"]["name"] = ""
    response = _save_draft(client, guide, steps=steps, summary="步骤错误时也保留")
    html = shown_text(response)
    assert "请填写「环节名称」" in html
    assert "步骤错误时也保留" in html
    guide.refresh_from_db()
    assert guide.steps[0].value["name"]


def test_branch_to_missing_step_is_refused(login, demo):
    client = login("admin")
    guide = demo.birth_registration
    steps = stream_data(guide.steps)
    steps["0"]["value"]["branches"] = {
        "0": {"value": {"condition": "材料不全", "outcome": "补正", "target": "nowhere"},
              "deleted": "", "order": "0"},
        "count": "1",
    }
    response = _save_draft(client, guide, steps=steps)
    assert "不存在的环节标识「nowhere」" in shown_text(response)


def test_valid_edit_is_saved_as_a_draft_revision(login, demo):
    client = login("admin")
    guide = demo.birth_registration
    response = _save_draft(client, guide, summary="新的简介")
    assert response.status_code == 302
    guide.refresh_from_db()
    assert guide.has_unpublished_changes
    assert guide.get_latest_revision_as_object().summary == "新的简介"


def test_wrong_file_type_upload_is_refused(login, demo):
    client = login("ga_editor")
    upload = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = client.post(reverse("wagtaildocs:add"), {
        "title": "示范文本", "file": upload, "collection": demo.gongan.collection_id,
    })
    html = response.content.decode()
    assert response.status_code == 200
    assert "exe" in html and "文件" in html
    from wagtail.documents.models import Document
    assert not Document.objects.filter(title="示范文本").exists()
