"""The editor refuses bad input with a message in Chinese and loses nothing."""

import re

import pytest
from django.urls import reverse

from catalog.models import ServiceGuidePage
from tests.forms import page_form_data

pytestmark = pytest.mark.django_db


def edit_url(guide):
    return reverse("wagtailadmin_pages:edit", args=[guide.pk])


def loaded_revision(client, guide):
    """What the edit page's form tells the server about the version it shows."""
    html = client.get(edit_url(guide)).content.decode()
    return {name: re.search(rf'name="{name}" value="([^"]*)"', html).group(1)
            for name in ("loaded_revision_id", "loaded_revision_created_at")}


def test_a_post_missing_a_list_count_is_refused_with_a_message_not_a_500(login, demo):
    guide = demo.birth_registration
    data = page_form_data(guide, title="不应保存的标题")
    del data["legal_bases-count"]
    response = login("ga_editor").post(edit_url(guide), data)
    assert response.status_code == 400
    assert "设定依据/办理依据" in response.content.decode() and "未保存" in response.content.decode()
    assert guide.get_latest_revision_as_object().title == "出生登记"


def test_saving_over_a_newer_revision_is_refused_until_confirmed(login, demo):
    guide = demo.birth_registration
    first = login("ga_editor")
    loaded = loaded_revision(first, guide)

    second = login("ga_reviewer")
    second.post(edit_url(guide), page_form_data(guide, summary="审核人先保存的简介",
                                                **loaded_revision(second, guide)))
    guide = ServiceGuidePage.objects.get(pk=guide.pk)
    assert guide.get_latest_revision_as_object().summary == "审核人先保存的简介"

    first = login("ga_editor")
    response = first.post(edit_url(guide), page_form_data(guide, summary="编辑后保存的简介", **loaded))
    html = response.content.decode()
    assert response.status_code == 409 and "已有更新的版本" in html and "公安局审核人" in html
    assert guide.get_latest_revision_as_object().summary == "审核人先保存的简介"

    # The refusal page carries the editor's text; confirming saves it.
    assert 'value="编辑后保存的简介"' in html
    data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html))
    assert data.pop("zhinan_overwrite_confirmed") == "1"
    response = first.post(edit_url(guide), {**page_form_data(guide, summary="编辑后保存的简介", **loaded),
                                            "zhinan_overwrite_confirmed": "1"})
    assert response.status_code == 302
    assert ServiceGuidePage.objects.get(pk=guide.pk).get_latest_revision_as_object().summary == "编辑后保存的简介"


def test_a_save_from_the_latest_revision_goes_through(login, demo):
    guide = demo.birth_registration
    editor = login("ga_editor")
    response = editor.post(edit_url(guide), page_form_data(guide, summary="新的简介",
                                                           **loaded_revision(editor, guide)))
    assert response.status_code == 302
    assert ServiceGuidePage.objects.get(pk=guide.pk).get_latest_revision_as_object().summary == "新的简介"
