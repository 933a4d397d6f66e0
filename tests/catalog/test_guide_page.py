"""The guide page answers the citizen's questions: every section shows when filled, hides when empty."""

import pytest

from catalog.models import ServiceGuidePage
from catalog.sections import GUIDE_SECTIONS

pytestmark = pytest.mark.django_db


def _publish(page):
    page.save_revision().publish()
    return ServiceGuidePage.objects.get(pk=page.pk)


def test_summary_box_answers_what_where_how_long_how_much(client, demo):
    guide = demo.birth_registration
    html = client.get(guide.url).content.decode()
    summary = html.split('aria-label="办事要点"')[1].split("</section>")[0]
    assert f"{guide.required_material_count} 项" in summary
    assert "到现场" in summary and "承诺时限" in summary and "收费" in summary
    assert guide.hall_list[0]["hall"] in summary
    assert guide.online_depth in summary


def test_every_field_group_of_a_full_guide_renders(client, demo):
    guide = demo.birth_registration
    guide.fees = [("fee", {"name": "工本费", "standard": "20 元/证", "basis": "示例依据",
                           "reducible": True, "reduction_basis": "低保对象免收"})]
    guide.charges_fee = True
    guide.result_name = "居民户口簿（已登记）"
    guide.special_procedures = [("procedure", {"name": "实地核查", "time_limit": "10 个工作日",
                                               "counts_toward_limit": False, "note": ""})]
    guide.quantity_limit = "每名新生儿登记一次"
    guide.change_note = "新增工本费说明"
    guide.major_change = True
    guide = _publish(guide)
    html = client.get(guide.url).content.decode()

    for section in GUIDE_SECTIONS:
        assert f'id="{section.id}"' in html, section.title
    material = guide.materials[0].value
    step = guide.steps[0].value
    basis = guide.legal_bases[0].value
    faq = guide.faq[0].value
    expected = [
        guide.item_code, guide.item_type, basis["name"], guide.condition_list[0],
        "每名新生儿登记一次", material["name"], step["name"], "实地核查", "工本费", "20 元/证",
        "低保对象免收", guide.accepting_unit, "居民户口簿（已登记）", faq["question"],
        guide.consultation_phone, guide.reconsideration[:20], guide.hall_list[0]["address"],
        "新增工本费说明", "收费项目：新增「工本费」",
    ]
    for text in expected:
        assert text in html, text


def test_empty_sections_are_absent_not_blank(client, demo):
    guide = demo.birth_registration
    guide.legal_bases = []
    guide.faq = []
    guide.fees = []
    guide.charges_fee = False
    guide.conditions = guide.quantity_limit = guide.prohibited_requirements = ""
    guide.result_name = guide.result_validity = ""
    guide.result_sample = None
    guide = _publish(guide)
    html = client.get(guide.url).content.decode()

    for absent in ("basis", "faq", "fees", "conditions", "result"):
        assert f'id="{absent}"' not in html
        assert f'href="#{absent}"' not in html, "the section nav must not link to a hidden section"
    assert 'id="materials"' in html
    assert "不收费" in html  # the summary still answers "how much"


def test_sample_text_marks_filled_parts_and_escapes_html(client, demo):
    guide = demo.birth_registration
    materials = [dict(block.value) for block in guide.materials]
    materials[0]["sample_text"] = "申请人：【张三】\n<script>alert(1)</script>"
    guide.materials = [("material", m) for m in materials]
    guide = _publish(guide)
    html = client.get(guide.url).content.decode()
    assert '<mark class="filled">张三</mark>' in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_error_examples_are_marked_without_relying_on_colour(client, demo):
    guide = demo.marriage
    examples = [e for block in guide.materials for e in block.value["error_examples"]]
    assert examples, "demo marriage guide should carry common-error examples"
    html = client.get(guide.url).content.decode()
    assert "错误：" in html and "正确：" in html
    assert examples[0]["wrong"] in html


def test_draft_changes_stay_private_and_withdrawn_guide_says_so(client, demo):
    guide = demo.marriage
    url = guide.url
    guide.title = "草稿标题不应公开"
    guide.save_revision()
    assert "草稿标题不应公开" not in client.get(url).content.decode()

    guide.unpublish()
    response = client.get(url)
    assert response.status_code == 410
    assert "本事项已停止办理" in response.content.decode()


def test_never_published_page_is_404(client, demo):
    draft = ServiceGuidePage(title="从未发布的事项", slug="never-published", item_code="DRAFT000001",
                             live=False)
    demo.minzheng.add_child(instance=draft)
    draft.save_revision()
    response = client.get(draft.url_path.replace("/home", "", 1))
    assert response.status_code == 404
    assert "从未发布的事项" not in response.content.decode()


def test_summary_names_the_fee_not_just_that_there_is_one(client, demo):
    guide = demo.birth_registration
    fee = {"basis": "示例依据", "reducible": False, "reduction_basis": ""}
    guide.fees = [("fee", {"name": "工本费", "standard": "20元/证", **fee}),
                  ("fee", {"name": "补领工本费", "standard": "40元/证", **fee})]
    guide.charges_fee = True
    guide = _publish(guide)
    summary = client.get(guide.url).content.decode().split('aria-label="办事要点"')[1].split("</section>")[0]
    assert "20元/证 等 2 项" in summary

    guide.charges_fee = False
    guide.fees = []
    guide = _publish(guide)
    summary = client.get(guide.url).content.decode().split('aria-label="办事要点"')[1].split("</section>")[0]
    assert "不收费" in summary and "元/证" not in summary


def test_a_materials_count_is_said_once(client, demo):
    from catalog.formatting import format_copies

    assert format_copies(1, "原件，1份") == "原件，1份"
    assert format_copies(2, "原件，一式两份") == "原件，一式两份"
    assert format_copies(2, "原件") == "2 份，原件"
    assert format_copies(1, "") == "1 份" and format_copies(None, "") == ""
    guide = ServiceGuidePage.objects.get(title="居民身份证申领（首次申领）")
    html = client.get(guide.url).content.decode()
    assert "《居民身份证申领登记表》" in html and "原件，1份" in html
    assert "1 份，原件，1份" not in html and "1 份（原件，1份）" not in html
