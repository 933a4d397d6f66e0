"""The one progress bar every long command shows (import, export, rebuild_search, handbooks)."""

import io

from django.core.management import call_command

from catalog.progress import ProgressBar, bar_line


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_bar_line_shows_stage_count_percent_and_a_shortened_detail():
    assert bar_line("导入", 0, 4, width=8) == "导入 [--------]    0/4   0%"
    assert bar_line("导入", 3, 4, "出生登记", width=8) == "导入 [######--]    3/4  75%  出生登记"
    assert bar_line("导入", 9, 4, width=4).startswith("导入 [####]    4/4 100%")  # clamped
    long = bar_line("索引", 1, 2, "一个很长很长很长很长很长很长很长很长很长很长的事项名称")
    assert long.endswith("…") and len(long.split("  ")[-1]) == 24


def test_in_a_log_each_stage_writes_a_line_per_tenth_not_per_item():
    log = io.StringIO()
    bar = ProgressBar(log)
    for done in range(1, 1001):
        bar("写入", done, 1000)
    lines = log.getvalue().splitlines()
    assert len(lines) == 11 and "\r" not in log.getvalue()  # 0 %, 10 %, … 100 %
    assert lines[-1].startswith("写入 [") and " 1000/1000 100%" in lines[-1] and "用时" in lines[-1]


def test_on_a_terminal_the_line_is_redrawn_and_each_stage_ends_with_a_newline():
    screen = Terminal()
    bar = ProgressBar(screen)
    for done in range(1, 4):
        bar("检查", done, 3)
    bar("写入", 1, 2)
    bar("写入", 2, 2)
    text = screen.getvalue()
    assert text.count("\r") == 5 and text.count("\n") == 2
    first, second = (line.split("\r")[-1] for line in text.split("\n")[:2])
    assert first.startswith("\x1b[K检查 [") and "3/3 100%  用时" in first
    assert second.startswith("\x1b[K写入 [") and "2/2 100%" in second


def test_rebuild_search_shows_its_stages(db):
    out = io.StringIO()
    call_command("rebuild_search", stdout=out)
    text = out.getvalue()
    assert "词典 [" in text and "索引 [" in text and "搜索索引已重建" in text
