"""Flowchart, sample texts and error examples on the guide page, in the API, and kept private
until published."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents.models import Document

from catalog import flowchart
from catalog.models import ErrorExample, ServiceGuidePage
from tests.forms import page_form_data, stream_data

pytestmark = pytest.mark.django_db


def _html(client, page):
    return client.get(page.url).content.decode()


def test_guide_page_shows_inline_svg_with_one_node_per_step(client, demo):
    guide = demo.birth_registration
    html = _html(client, guide)
    svg = html.split('class="flowchart-svg"')[1].split("</svg>")[0]
    assert len(re.findall(r"<title>s\d+</title>", svg)) == len(guide.steps)
    assert 'role="img"' in html and "开始 → " in html  # the text equivalent


def test_uploaded_image_replaces_the_generated_chart(client, demo):
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail.images.models import Image

    guide = demo.birth_registration
    guide.flowchart_image = Image.objects.create(title="手绘流程图", file=get_test_image_file())
    guide.save_revision().publish()
    html = _html(client, guide)
    assert "flowchart-svg" not in html
    assert 'alt="办理流程图"' in html


def test_chart_is_laid_out_again_only_when_steps_change(client, demo, monkeypatch, settings,
                                                        tmp_path):
    from django.core.cache import cache

    cache.clear()
    settings.ZHINAN_FLOWCHART_DIR = str(tmp_path)  # no layout kept by an earlier test
    calls = []
    real = flowchart.render_svg
    monkeypatch.setattr(flowchart, "render_svg", lambda dot: calls.append(dot) or real(dot))
    guide = demo.marriage
    _html(client, guide)
    charts = len(guide.flowcharts)
    assert len(calls) == charts >= 1
    _html(client, guide)
    assert len(calls) == charts

    guide = ServiceGuidePage.objects.get(pk=guide.pk)
    steps = [dict(b.value) for b in guide.steps]
    steps[0]["name"] = "网上预约"
    guide.steps = [("step", s) for s in steps]
    guide.save_revision().publish()
    assert "网上预约" in _html(client, guide)
    assert charts < len(calls) <= 2 * charts


def test_editor_preview_shows_the_chart_of_unsaved_steps(login, demo):
    client = login("ga_editor")
    guide = demo.birth_registration
    steps = stream_data(guide.steps)
    steps["0"]["value"]["name"] = "预览中的新环节"
    data = page_form_data(guide, steps=steps)
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[guide.pk])
    assert client.post(preview_url, data).json()["is_valid"]
    html = client.get(preview_url).content.decode()
    svg = html.split('class="flowchart-svg"')[1].split("</svg>")[0]
    assert "预览中的新环节" in svg
    assert "预览中的新环节" not in _html(login("admin"), guide)


def test_sample_text_is_highlighted_and_downloadable(client, demo):
    guide = demo.birth_registration
    index, material = next((i, b.value) for i, b in enumerate(guide.materials) if b.value["sample_text"])
    html = _html(client, guide)
    first_filled = re.search(r"【([^】]+)】", material["sample_text"]).group(1)
    assert f'<mark class="filled">{first_filled}</mark>' in html
    response = client.get(f"{guide.url}samples/{index}/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert response.content.decode("utf-8-sig") == material["sample_text"]
    assert client.get(f"{guide.url}samples/99/").status_code == 404


def test_blank_form_and_sample_documents_are_listed_with_type_and_size(client, demo):
    guide = demo.birth_registration
    material = next(b.value for b in guide.materials if b.value["blank_form"])
    html = _html(client, guide)
    assert f'href="{material["blank_form"].url}"' in html
    assert "空白表格：" in html and "示范文本：" in html and "（XLSX，" in html
    assert client.get(material["blank_form"].url).status_code == 200


def test_error_examples_show_paired_pictures_marked_not_only_by_colour(client, demo):
    example = ErrorExample.objects.get(title="居民身份证已过有效期")
    guide = next(g for g in ServiceGuidePage.objects.live()
                 if any(example in b.value["shared_error_examples"] for b in g.materials))
    html = _html(client, guide)
    assert example.wrong in html and example.right in html
    assert "✗ 错误示例" in html.replace('<span aria-hidden="true">✗</span> ', "✗ ")
    assert "✓ 正确示例" in html.replace('<span aria-hidden="true">✓</span> ', "✓ ")
    assert 'alt="错误示例：' in html and 'alt="正确示例：' in html


def test_one_shared_example_edited_once_changes_every_guide(client, demo):
    example = ErrorExample.objects.get(title="复印件未签字确认")
    users = [g for g in ServiceGuidePage.objects.live()
             if any(example in b.value["shared_error_examples"] for b in g.materials)]
    assert len(users) >= 2
    example.right = "在复印件上写明“与原件一致”并签名、注明日期。"
    example.save()
    for guide in users[:2]:
        assert example.right in _html(client, guide)


def test_guide_level_common_errors_render(client, demo):
    guide = demo.marriage
    guide.common_errors = [
        ("example", {"wrong": "未预约直接到场", "reason": "当日号源已满", "right": "提前在网上预约"}),
        ("shared", ErrorExample.objects.get(title="申请表涂改")),
    ]
    guide.save_revision().publish()
    html = _html(client, guide)
    assert "办理中的常见错误" in html and "未预约直接到场" in html and "申请表涂改" not in html
    assert ErrorExample.objects.get(title="申请表涂改").wrong in html


def test_api_carries_samples_error_examples_and_flowchart(client, demo):
    guide = demo.birth_registration
    item = client.get(f"/api/v2/pages/{guide.pk}/").json()
    materials = item["materials"]
    assert any(m["value"]["sample_text"] for m in materials)
    assert any(m["value"]["error_examples"] for m in materials)
    shared = [s for m in materials for s in m["value"]["shared_error_examples"]]
    assert shared and {"wrong", "right", "wrong_image"} <= set(shared[0])
    assert item["flowchart_url"].endswith("/flowchart/")
    svg = client.get(guide.url + "flowchart/")
    assert svg["Content-Type"].startswith("image/svg+xml") and b"<svg" in svg.content


def test_document_new_in_a_draft_is_not_public_until_published(client, login, demo):
    guide = ServiceGuidePage.objects.get(pk=demo.marriage.pk)
    document = Document.objects.create(title="新版申请表", collection=demo.minzheng.collection,
                                       file=SimpleUploadedFile("new-form.pdf", b"%PDF-1.4 new"))
    materials = [dict(b.value) for b in guide.materials]
    materials[0]["blank_form"] = document
    guide.materials = [("material", m) for m in materials]
    guide.save_revision()

    assert client.get(document.url).status_code == 404
    assert login("mz_editor").get(document.url).status_code == 200  # its editors may preview it
    client.logout()

    guide.get_latest_revision().publish()
    assert client.get(document.url).status_code == 200
