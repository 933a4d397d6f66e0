"""The build_handbook command, and the pure pieces: the index, the checks."""

import pytest
from django.core.management import CommandError, call_command

from printing.assembly import saddle_stitch_sides
from printing.checks import harfbuzz_subset_available, missing_cjk_families
from printing.index import build_index, initial

from .pdftools import all_text, page_sizes_mm, page_texts, squash, word_boxes


@pytest.mark.django_db
def test_build_handbook_writes_a_pdf_with_a_progress_bar(demo, tmp_path, capsys):
    output = tmp_path / "out" / "gongjijin.pdf"
    call_command("build_handbook", "--department", "gongjijin", "--output", str(output), "--a5",
                 "--edition", "2026-03-01")
    captured = capsys.readouterr()
    assert "已生成" in captured.out and "3 项办事指南" in captured.out
    assert "100%" in captured.err and "[####" in captured.err
    data = output.read_bytes()
    assert set(page_sizes_mm(data)) == {(148, 210)}
    text = squash(all_text(data))
    assert "示范市住房公积金管理中心办事指南" in text and "2026年3月1日版" in text


@pytest.mark.django_db
def test_an_a5_booklet_is_imposed_two_up_on_a4_landscape_in_folding_order(demo, tmp_path):
    a5 = tmp_path / "a5.pdf"
    call_command("build_handbook", "--department", "gongjijin", "--output", str(a5),
                 "--format", "a5", "--edition", "2026-03-01")
    booklet = tmp_path / "booklet.pdf"
    call_command("build_handbook", "--department", "gongjijin", "--output", str(booklet),
                 "--format", "a5-booklet", "--edition", "2026-03-01")
    pages = page_texts(a5.read_bytes())
    data = booklet.read_bytes()
    sides = saddle_stitch_sides(len(pages))
    assert set(page_sizes_mm(data)) == {(297, 210)}
    assert len(page_sizes_mm(data)) == len(sides)
    # Each half of each side carries the A5 page the imposition puts there (or nothing).
    for (width, _, words), pair in zip(word_boxes(data), sides):
        for half, number in enumerate(pair):
            text = squash("".join(w[4] for w in sorted(words, key=lambda w: (w[1], w[0]))
                                  if (w[0] >= width / 2) == bool(half)))
            if number is None:
                assert text == ""
            else:
                assert f"第{number + 1}页共{len(pages)}页" in text or number == 0, (pair, half)
                assert squash(pages[number])[:12] in text, (pair, half)


@pytest.mark.django_db
def test_build_handbook_says_what_is_wrong_in_chinese(demo, tmp_path):
    with pytest.raises(CommandError, match="找不到英文标识为「nowhere」的已发布部门"):
        call_command("build_handbook", "--department", "nowhere", "--output", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match=r"\.pdf"):
        call_command("build_handbook", "--hall", "dongcheng", "--output", str(tmp_path / "x.txt"))
    with pytest.raises(CommandError, match="没有已发布的办事指南"):
        call_command("build_handbook", "--theme", "binzang", "--output", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError):
        call_command("build_handbook", "--hall", "a", "--theme", "b", "--output", "x.pdf")


def test_index_sorts_by_pinyin_and_points_aliases_to_their_item():
    groups = build_index([
        ("内地居民结婚登记", ["领结婚证"], 9),
        ("出生登记", ["上户口", "出生登记"], 5),
        ("安置补助", [], 2),
        ("12345 热线咨询", [], 1),
    ])
    assert [letter for letter, _ in groups] == ["A", "C", "L", "N", "S", "#"]
    flat = [(e.name, e.page, e.see) for _, entries in groups for e in entries]
    assert ("领结婚证", 9, "内地居民结婚登记") in flat
    assert ("上户口", 5, "出生登记") in flat
    assert [name for name, _, _ in flat].count("出生登记") == 1, "an alias equal to the title is not repeated"
    assert initial("《营业执照》") == "#" and initial("营业执照") == "Y"


def test_saddle_stitch_sides_nest_the_sheets_and_pad_with_blank_pages():
    # 8 pages: two sheets; the outer one carries 8|1 and 2|7, the inner one 6|3 and 4|5.
    assert saddle_stitch_sides(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]
    assert saddle_stitch_sides(4) == [(3, 0), (1, 2)]
    # 5 pages are padded to 8 with blank pages at the back of the book.
    assert saddle_stitch_sides(5) == [(None, 0), (1, None), (None, 2), (3, 4)]
    assert saddle_stitch_sides(1) == [(None, 0), (None, None)]
    assert saddle_stitch_sides(0) == []
    for count in range(1, 30):
        sides = saddle_stitch_sides(count)
        assert len(sides) % 2 == 0
        printed = sorted(n for side in sides for n in side if n is not None)
        assert printed == list(range(count)), count
        # Folded, every spread of facing pages reads in order: left + right = padded - 1.
        assert all(left is None or right is None or left + right == len(sides) * 2 - 1
                   for left, right in sides)


def test_the_machine_has_what_fast_cjk_printing_needs():
    # Without HarfBuzz-subset every PDF takes ~12 s (fontTools subsetting the CJK fonts).
    assert harfbuzz_subset_available()
    assert missing_cjk_families() == []
