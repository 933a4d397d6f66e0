"""The build_handbook command, and the pure pieces: the index, the progress bar, the checks."""

import pytest
from django.core.management import CommandError, call_command

from printing.checks import harfbuzz_subset_available, missing_cjk_families
from printing.index import build_index, initial
from printing.progress import progress_line

from .pdftools import all_text, page_sizes_mm, squash


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


def test_progress_line():
    assert progress_line(0, 4, "封面", width=8) == "[--------]    0/4    0%  封面"
    assert progress_line(4, 4, "完成", width=8) == "[########]    4/4  100%  完成"
    assert progress_line(1, 3, "一个很长很长很长很长很长很长很长很长很长很长的事项名称", width=3).endswith("…")


def test_the_machine_has_what_fast_cjk_printing_needs():
    # Without HarfBuzz-subset every PDF takes ~12 s (fontTools subsetting the CJK fonts).
    assert harfbuzz_subset_available()
    assert missing_cjk_families() == []
