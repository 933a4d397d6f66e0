"""Handbooks read like a printed book: contents that point to the right pages, bookmarks,
running heads, page numbers, one guide per chapter, an index, only published guides."""

import datetime

import pytest

from catalog.models import ServiceGuidePage
from catalog.sections import GUIDE_SECTIONS
from printing import scopes
from printing.documents import public_url
from printing.handbooks import EmptyHandbook, HandbookSpec, build_handbook

from .pdftools import (all_text, assert_chinese_drawn_with_cjk_fonts, fonts, margins_text,
                       outline, page_sizes_mm, page_texts, qr_codes, squash, word_boxes)

# Every test reads the demo catalog, the module's shared handbook included: marked so that
# pytest-django runs them with the other database tests (before the browser tests).
pytestmark = pytest.mark.django_db
EDITION = datetime.date(2026, 3, 1)


def _build(scope, size="A4"):
    return build_handbook(HandbookSpec(scope, f"{scope.label}办事指南", "示范市政务服务管理办公室",
                                       EDITION, size))


@pytest.fixture(scope="module")
def hall_book(django_db_setup, django_db_blocker):
    """A handbook of several departments (the 生育收养 theme), built once from the demo (read only)."""
    with django_db_blocker.unblock():
        scope = scopes.scope_for(scopes.THEME, "shengyu")
        built = _build(scope)
        assert len(scope.parts) > 2
        return scope, built, page_texts(built.pdf)


def test_contents_list_every_guide_at_the_page_its_title_is_on(hall_book):
    scope, built, pages = hall_book
    assert [title for title, _ in built.contents] == [guide.title for guide in scope.guides]
    contents_text = squash("".join(pages[1:4]))
    for title, number in built.contents:
        assert f"{squash(title)}" in contents_text
        page = squash(pages[number - 1])
        # The chapter opens with the guide's title under the running head, on that very page.
        assert squash(title) in page, (title, number)
        assert f"第{number}页共{len(pages)}页" in page
    for title, number in built.contents[1:]:
        assert squash(title) not in squash(pages[number - 2]), f"{title}: listed a page too late"


def test_contents_print_the_page_numbers_they_point_to(hall_book):
    _, built, pages = hall_book
    contents_text = squash("".join(pages[1:4]))
    for title, number in built.contents:
        assert f"{squash(title)}{number}" in contents_text.replace(".", "").replace("…", ""), title


def test_bookmarks_group_guides_under_their_department(hall_book):
    scope, built, _ = hall_book
    marks = outline(built.pdf)
    assert marks[0][0] == "目录" and marks[-1][0] == "事项索引"
    departments = marks[1:-1]
    assert [title for title, _, _ in departments] == [part.title for part in scope.parts]
    pages = dict(built.contents)
    for (_, _, children), part in zip(departments, scope.parts):
        assert [(title, page) for title, page, _ in children] == [
            (guide.title, pages[guide.title]) for guide in part.guides]


def test_running_heads_name_the_department_and_guide_and_every_page_is_numbered(hall_book):
    scope, built, pages = hall_book
    total = len(pages)
    assert built.page_count == total
    margins = margins_text(built.pdf)
    assert margins[0][0] == "" and "页" not in margins[0][1], "the cover has no head or number"
    for n, (_, foot) in enumerate(margins[1:], start=2):
        assert foot == f"第{n}页共{total}页", n
    index_start = next(n for n, page in enumerate(pages, start=1) if "按事项名称" in page)
    starts = [number for _, number in built.contents] + [index_start]
    heads = [squash(part.title) + squash(guide.title) for part in scope.parts for guide in part.guides]
    for head, first, after in zip(heads, starts, starts[1:]):
        for number in range(first, after):
            assert margins[number - 1][0] == head, (head, number)
    assert margins[1][0].endswith("目录") and margins[-1][0].endswith("事项索引")


def test_every_guide_starts_on_a_new_page(hall_book):
    scope, built, pages = hall_book
    numbers = [number for _, number in built.contents]
    assert numbers == sorted(set(numbers))
    margins = margins_text(built.pdf)
    heads = [squash(part.title) + squash(guide.title) for part in scope.parts for guide in part.guides]
    for (title, number), head, previous_head in zip(built.contents, heads, [None] + heads):
        first_page = squash(pages[number - 1])
        assert first_page.count("扫码查看最新版本") == 1, title  # the chapter's header with its QR
        assert margins[number - 1][0] == head
        if previous_head:
            assert margins[number - 2][0] == previous_head, title


def test_no_section_heading_is_left_alone_at_the_foot_of_a_page(hall_book):
    _, _, pages = hall_book
    headings = {section.title for section in GUIDE_SECTIONS}
    for number, text in enumerate(pages, start=1):
        body = [line.strip() for line in text.splitlines() if line.strip()][:-1]  # no folio
        assert body and body[-1] not in headings, (number, body[-3:])


def test_index_lists_items_and_aliases_with_their_pages(hall_book):
    scope, built, pages = hall_book
    start = next(n for n, page in enumerate(pages) if "按事项名称" in page)
    index = squash("".join(pages[start:]))
    assert "事项索引" in index
    for title, number in built.contents:
        assert f"{squash(title)}{number}" in index.replace(".", ""), title
    guide = next(g for g in scope.guides if g.keyword_list)
    alias = squash(guide.keyword_list[0])
    assert f"{alias}→{squash(guide.title)}{dict(built.contents)[guide.title]}" in index.replace(".", "")


def test_cover_and_fonts(hall_book):
    scope, built, pages = hall_book
    cover = squash(pages[0])
    assert scope.label in cover and "示范市政务服务管理办公室" in cover and "2026年3月1日版" in cover
    assert_chinese_drawn_with_cjk_fonts(built.pdf)
    assert {"Noto-Sans-CJK-SC", "Noto-Serif-CJK-SC"} <= fonts(built.pdf)
    assert set(page_sizes_mm(built.pdf)) == {(210, 297)}


def test_a5_booklet_with_qr_codes_to_the_bundle_and_each_guide(demo):
    scope = scopes.bundle_scope(demo.newborn_bundle)
    a5 = _build(scope, size="A5")
    assert set(page_sizes_mm(a5.pdf)) == {(148, 210)}
    text = squash(all_text(a5.pdf))
    for guide in scope.guides:
        assert squash(guide.title) in text
    assert qr_codes(a5.pdf, page=1) == ["http://testserver" + demo.newborn_bundle.url]
    first = scope.guides[0]
    assert qr_codes(a5.pdf, page=dict(a5.contents)[first.title]) == [public_url(first)]
    # The summary box's five facts share one row on the narrower page too.
    _width, _height, words = word_boxes(a5.pdf)[dict(a5.contents)[first.title] - 1]
    labels = ("需带材料", "到现场", "承诺时限", "收费", "网上办理")
    rows = {label: round(y0) for x0, y0, x1, y1, word in words for label in labels
            if word == label}
    assert set(rows) == set(labels) and len(set(rows.values())) == 1, rows


def test_only_published_guides_are_printed(demo):
    guide = demo.birth_registration
    guide.title = "出生登记（草稿标题）"
    guide.save_revision()
    other = ServiceGuidePage.objects.child_of(demo.gongan).exclude(pk=guide.pk).first()
    other.unpublish()

    scope = scopes.department_scope(demo.gongan)
    assert guide.pk in [g.pk for g in scope.guides] and other.pk not in [g.pk for g in scope.guides]
    built = _build(scope)
    text = squash(all_text(built.pdf))
    assert "草稿标题" not in text and squash("出生登记") in text
    assert squash(other.title) not in text
    assert built.guide_revisions[guide.pk] == ServiceGuidePage.objects.get(pk=guide.pk).live_revision_id


def test_scopes_gather_what_the_public_pages_list(demo):
    hall = demo.city_hall
    hall_scope = scopes.hall_scope(hall)
    assert {g.pk for g in hall_scope.guides} == {link.guide_id for link in hall.live_guides()}
    assert [part.title for part in hall_scope.parts] == sorted(
        {part.title for part in hall_scope.parts}, key=[p.title for p in hall_scope.parts].index)

    bundle_scope = scopes.bundle_scope(demo.newborn_bundle)
    assert [g.pk for g in bundle_scope.guides] == [g.pk for g in demo.newborn_bundle.live_guides()]

    theme = demo.birth_registration.themes.first()
    theme_scope = scopes.scope_for(scopes.THEME, theme.slug)
    assert demo.birth_registration.pk in {g.pk for g in theme_scope.guides}

    picked = [demo.marriage.pk, demo.birth_registration.pk]
    selection = scopes.selection_scope(picked)
    assert [g.pk for g in selection.guides] == picked

    with pytest.raises(scopes.ScopeNotFound, match="找不到英文标识为「nowhere」的已发布办事大厅"):
        scopes.scope_for(scopes.HALL, "nowhere")


def test_a_scope_without_published_guides_is_refused_in_chinese(demo):
    for guide in ServiceGuidePage.objects.child_of(demo.gongan):
        guide.unpublish()
    with pytest.raises(EmptyHandbook, match="没有已发布的办事指南"):
        _build(scopes.department_scope(demo.gongan))


def test_a_guide_unpublished_while_the_handbook_is_built_is_left_out(demo):
    """The scope is gathered first and each guide's content read as it is laid out: one
    withdrawn in between is not printed, and the contents and the index skip it."""
    scope = scopes.department_scope(demo.gongan)
    withdrawn = scope.guides[1]
    ServiceGuidePage.objects.get(pk=withdrawn.pk).unpublish()
    built = _build(scope)
    assert [title for title, _ in built.contents] == [
        guide.title for guide in scope.guides if guide.pk != withdrawn.pk]
    assert withdrawn.pk not in built.guide_revisions
    assert squash(withdrawn.title) not in squash(all_text(built.pdf))
    assert f"已发布的办事指南{len(scope.guides) - 1}项" in squash(page_texts(built.pdf)[0])


def test_a_guide_republished_while_the_handbook_is_built_is_named_as_printed(demo):
    """The contents, running heads, index and recorded revision follow the version laid out."""
    scope = scopes.department_scope(demo.gongan)
    guide = ServiceGuidePage.objects.get(pk=scope.guides[0].pk)
    guide.title = "出生登记（新版名称）"
    guide.save_revision().publish()
    built = _build(scope)
    assert built.contents[0][0] == "出生登记（新版名称）"
    assert built.guide_revisions[guide.pk] == ServiceGuidePage.objects.get(pk=guide.pk).live_revision_id
    pages = page_texts(built.pdf)
    assert squash("出生登记（新版名称）") in squash(pages[built.contents[0][1] - 1])
    assert squash("出生登记（新版名称）") in squash(pages[1])  # the contents' first entry
