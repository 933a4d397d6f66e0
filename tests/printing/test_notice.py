"""The one-page notice (一次告知单) a citizen takes home: one A4 side, complete, readable, scannable,
never a draft."""

import logging

import pytest

from catalog.models import ServiceGuidePage
from printing import notices, pdf
from printing.documents import NOTICE_SECTIONS, public_url
from catalog.sections import GUIDE_SECTIONS

from .pdftools import (all_text, assert_chinese_drawn_with_cjk_fonts, fonts, margins_text,
                       page_sizes_mm, page_texts, qr_codes, squash, word_boxes)

pytestmark = pytest.mark.django_db


def _pdf(client, guide):
    response = client.get(guide.url + "pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def _publish(page):
    page.save_revision().publish()
    return ServiceGuidePage.objects.get(pk=page.pk)


def test_notice_has_everything_a_citizen_must_bring_and_know(client, demo):
    guide = demo.birth_registration
    text = squash(all_text(_pdf(client, guide)))
    expected = [guide.title, guide.item_code, guide.hall_list[0]["address"],
                guide.hall_list[0]["hall"], "以网站最新版本为准", "打印于", "一次性告知单",
                f"事项版本{guide.item_version}"]
    expected += [block.value["name"] for block in guide.materials]
    expected += [block.value["name"] for block in guide.steps]
    for item in expected:
        assert squash(item) in text, item


def test_every_character_is_drawn_with_the_cjk_fonts(client, demo, caplog):
    guide = demo.marriage
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        data = notices.render_notice(guide)
    assert not [r for r in caplog.records if ".notdef" in r.getMessage()], "missing glyphs"
    extracted = set(squash(all_text(data)))
    source = guide.title + guide.item_code + "".join(
        block.value["name"] + block.value["source_note"] for block in guide.materials)
    assert set(squash(source)) - extracted == set()
    assert_chinese_drawn_with_cjk_fonts(data)
    assert {"Noto-Sans-CJK-SC", "Noto-Serif-CJK-SC"} <= fonts(data)


def test_qr_code_decodes_to_the_guides_public_address(client, demo):
    guide = demo.birth_registration
    assert qr_codes(_pdf(client, guide)) == [public_url(guide)]
    assert public_url(guide) == "http://testserver" + guide.url


def test_a_draft_never_reaches_the_notice_or_the_print_view(client, demo):
    guide = demo.birth_registration
    materials = [dict(block.value) for block in guide.materials]
    materials[0]["name"] = "草稿里才有的材料"
    guide.materials = [("material", m) for m in materials]
    guide.save_revision()  # saved, not published

    assert "草稿里才有的材料" not in squash(all_text(_pdf(client, guide)))
    assert "草稿里才有的材料" not in client.get(guide.url + "print/").content.decode()


def test_publishing_a_change_replaces_the_cached_notice(client, demo, monkeypatch):
    guide = demo.birth_registration
    first = _pdf(client, guide)
    calls = []
    real = notices.render_notice
    monkeypatch.setattr(notices, "render_notice", lambda *a, **k: calls.append(1) or real(*a, **k))

    assert _pdf(client, guide) == first and calls == [], "the second print comes from the cache"

    materials = [dict(block.value) for block in guide.materials]
    materials[0]["name"] = "新版出生医学证明"
    guide.materials = [("material", m) for m in materials]
    guide = _publish(guide)
    assert "新版出生医学证明" in squash(all_text(_pdf(client, guide)))
    assert calls == [1]


def test_a_halls_new_address_reaches_every_notice(client, demo):
    guide = demo.birth_registration
    _pdf(client, guide)
    hall = guide.hall_links.first().hall
    hall.address = "示范市东城区新址大道1号"
    hall.save_revision().publish()
    assert "示范市东城区新址大道1号" in squash(all_text(_pdf(client, guide)))


def test_unpublished_guide_has_no_notice_or_print_view(client, demo):
    guide = demo.birth_registration
    url = guide.url
    guide.unpublish()
    assert client.get(url + "pdf/").status_code == 404
    assert client.get(url + "print/").status_code == 404


def test_empty_sections_print_nothing(client, demo):
    guide = demo.birth_registration
    for field in ("conditions", "quantity_limit", "prohibited_requirements", "result_name",
                  "result_validity"):
        setattr(guide, field, "")
    guide.fees, guide.charges_fee, guide.result_sample = [], False, None
    guide = _publish(guide)
    html = notices.notice_html(guide)
    shown = {section.id for section in guide.sections}
    assert {"conditions", "fees", "result"} & shown == set()
    for section in GUIDE_SECTIONS:
        printed = f'class="guide-section section-{section.id}"' in html
        assert printed == (section.id in NOTICE_SECTIONS and section.id in shown), section.id
    text = squash(all_text(_pdf(client, guide)))
    assert "受理条件" not in text and "收费标准" not in text and "结果名称" not in text
    assert "申请材料" in text and "办理流程" in text


def test_a_guide_whose_materials_alone_run_over_one_side_says_continued_overleaf(demo):
    guide = demo.birth_registration
    template = dict(guide.materials[0].value)
    guide.materials = [("material", {**template, "name": f"第{n}号申请材料（复印件）"})
                       for n in range(1, 61)]
    step = dict(guide.steps[0].value)
    guide.steps = [("step", {**step, "key": f"s{n}", "name": f"第{n}环节审查", "branches": []})
                   for n in range(1, 31)]
    guide = _publish(guide)

    data = notices.render_notice(guide)
    pages = page_texts(data)
    assert len(pages) >= 2
    assert "续见背面" in squash(pages[0])
    assert not any("续见背面" in squash(page) for page in pages[1:])
    text = squash("".join(pages))
    for n in range(1, 61):
        assert f"第{n}号申请材料" in text
    for n in range(1, 31):
        assert f"第{n}环节审查" in text
    for n, page in enumerate(pages, start=1):
        assert f"第{n}页共{len(pages)}页" in squash(page)
    assert page_sizes_mm(data) == [(210, 297)] * len(pages)
    for width, height, words in word_boxes(data):
        for x0, y0, x1, y1, word in words:
            assert 0 <= x0 and x1 <= width and 0 <= y0 and y1 <= height, word


# Rendering all 42 demo notices takes about 40 s (bench/notice_fit.py does, and 200 generated
# ones): these are the ones hardest to fit: the most materials (商品房预售许可 8, 护士执业注册 7,
# 创业担保贷款申请 7), the longest before copyfitting, and one with two flowcharts (结婚登记).
HARDEST_NOTICES = ("商品房预售许可", "护士执业注册", "创业担保贷款申请", "出生登记",
                   "居民身份证申领（首次申领）", "住房公积金个人住房贷款", "社会保障卡申领",
                   "公共租赁住房资格申请", "内地居民结婚登记")


@pytest.mark.parametrize("title", HARDEST_NOTICES)
def test_the_hardest_demo_notices_fit_one_a4_side(demo, title):
    guide = ServiceGuidePage.objects.live().get(title=title)
    data = notices.render_notice(guide)
    pages = page_texts(data)
    assert len(pages) == 1, f"{title}: {len(pages)} 页"
    assert page_sizes_mm(data) == [(210, 297)]
    text = squash(pages[0])
    assert "第1页共1页" in text and "续见背面" not in text
    for block in guide.materials:
        assert squash(block.value["name"]) in text
    for item in (guide.hall_list[0]["hall"], guide.consultation_phone, "扫描右上角二维码查看网页版"):
        assert squash(item) in text, item
    assert qr_codes(data) == [public_url(guide)]


def test_a_notice_is_copyfitted_no_smaller_than_it_must_be_and_never_below_the_floor(demo):
    short = demo.birth_registration
    short.materials = [("material", dict(short.materials[0].value))]
    short.steps = [("step", {**dict(short.steps[0].value), "branches": []})]
    for field in ("conditions", "prohibited_requirements", "reconsideration", "litigation",
                  "time_limit_note", "location_note"):
        setattr(short, field, "")
    short = _publish(short)
    roomy = notices.fit_notice(short)
    tight = notices.fit_notice(ServiceGuidePage.objects.live().get(title="商品房预售许可"))
    assert len(roomy.document.pages) == len(tight.document.pages) == 1
    assert 1 <= roomy.zoom < tight.zoom <= notices.MAX_ZOOM  # a short guide prints larger
    # Printed at 1/zoom: the body's 10.5pt stays at 8pt or more.
    assert 10.5 / notices.MAX_ZOOM >= 8


def test_the_footer_names_the_guide_and_the_day(demo):
    guide = demo.birth_registration
    feet = [squash(foot) for _head, foot in margins_text(notices.render_notice(guide))]
    assert len(feet) == 1
    assert squash(guide.title) in feet[0] and "以网站最新版本为准（打印于" in feet[0]


def test_copyfitting_reads_how_much_of_the_last_page_a_notice_fills():
    document = pdf.render(f'<p>一行字</p><p>又一行</p><div id="{notices.END}"></div>',
                          pdf.stylesheets("notice"))
    # The page number in the bottom margin is not content: a few lines are a nearly empty page.
    assert notices.used_pages(document) < 0.2
    full = pdf.render("<p>一行字</p>", pdf.stylesheets("notice"))  # no end marker: counts as full
    assert notices.used_pages(full) == 1


def test_a_section_with_only_what_the_notice_leaves_out_is_not_printed(demo):
    guide = demo.birth_registration
    for field in ("consultation_phone", "consultation_address", "complaint_phone",
                  "complaint_address", "reconsideration", "litigation", "complaint_online"):
        setattr(guide, field, "")
    guide.consultation_online = "https://example.gov.cn/zixun"  # web addresses are left to the web
    guide = _publish(guide)
    assert "contacts" in {section.id for section in guide.sections}  # on the web page it shows
    text = squash(all_text(notices.render_notice(guide)))
    assert "咨询与监督" not in text and "申请材料" in text
