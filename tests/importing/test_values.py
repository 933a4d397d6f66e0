"""Cells as departments really write them parse into guide values, and write back the same."""

import datetime

import pytest

from catalog import choices
from importing import values
from importing.resources import SHEETS


@pytest.mark.parametrize("cell, expected", [
    ("30(工作日)", (30, "工作日")),
    ("30（工作日）", (30, "工作日")),
    ("20个工作日", (20, "工作日")),
    ("20 个工作日", (20, "工作日")),
    ("１５个自然日", (15, "自然日")),
    ("三十个工作日", (30, "工作日")),
    ("15天", (15, "自然日")),
    ("60日", (60, "自然日")),
    ("30", (30, None)),
    (30.0, (30, None)),
    ("即办", (0, None)),
    ("当场办结", (0, None)),
    ("无", (None, None)),
    ("", (None, None)),
    (None, (None, None)),
])
def test_time_limits_people_write(cell, expected):
    assert values.parse_days(cell) == expected


def test_time_limit_that_is_not_days_says_what_is_expected():
    with pytest.raises(ValueError) as error:
        values.parse_days("一个月")
    assert str(error.value) == "应填写天数，如「20个工作日」「30(自然日)」「即办」或「无」，实际为「一个月」"


@pytest.mark.parametrize("cell, expected", [
    ("1次", 1), ("０次", 0), ("最多跑一次", 1), ("两次", 2), ("2", 2), (2.0, 2), ("", 1),
    ("全程网办", 0), ("不用跑", 0),
])
def test_visits(cell, expected):
    assert values.parse_visits(cell) == expected


@pytest.mark.parametrize("cell, expected", [
    ("是", True), ("否", False), ("不收费", False), ("收费", True), ("√", True), ("Y", True),
    ("no", False), ("", False), (None, False), (True, True), ("支持", True), ("不支持", False),
])
def test_yes_no(cell, expected):
    assert values.parse_bool(cell) is expected


def test_yes_no_refuses_a_maybe():
    with pytest.raises(ValueError, match="应为 是 或 否，实际为「可能」"):
        values.parse_bool("可能")


def test_choice_error_names_the_allowed_values_and_the_value_found():
    with pytest.raises(ValueError) as error:
        values.parse_choice("必须", choices.Necessity.values)
    assert str(error.value) == "应为 必要/容缺后补/非必要，实际为「必须」"


def test_choices_accept_full_width_and_spaces_and_aliases():
    assert values.parse_choice(" 全程网办 ", choices.OnlineDepth.values) == "全程网办"
    assert values.parse_choice("全省", choices.GeneralScope.values,
                               {"全省": "全省通办"}) == "全省通办"
    assert values.parse_choice("", choices.HandlingType.values, default="承诺件") == "承诺件"


def test_closed_lists_come_back_in_the_vocabulary_order():
    assert values.parse_list("法人，自然人", ("自然人", "法人")) == ["自然人", "法人"]
    assert values.parse_list("准生证、上户口；报户口\n上户口") == ["准生证", "上户口", "报户口"]
    assert values.parse_list("无") == []


def test_item_codes_lose_full_width_digits_and_spaces():
    assert values.parse_item_code(" １１３６０１００MB １２３ ") == "11360100MB123"
    with pytest.raises(ValueError, match="只能包含数字、字母和连字符"):
        values.parse_item_code("编码123456")


@pytest.mark.parametrize("cell", ["2026-09-15", "2026/9/15", "2026.09.15", "2026年9月15日",
                                  datetime.datetime(2026, 9, 15), datetime.date(2026, 9, 15)])
def test_dates(cell):
    assert values.parse_date(cell) == datetime.date(2026, 9, 15)


def test_impossible_date_is_refused():
    with pytest.raises(ValueError, match="应为日期"):
        values.parse_date("2026-02-30")


def test_cells_become_trimmed_text_with_plain_line_breaks():
    assert values.cell_text(30.0) == "30"
    assert values.cell_text("  第一行 \r\n第二行\r") == "第一行\n第二行"
    assert values.cell_text(None) == ""


def test_headers_as_people_type_them():
    assert values.normalized_header("事项\n编码") == "事项编码"
    assert values.normalized_header("*事项名称") == "事项名称"
    assert values.normalized_header("办理人员／岗位 ") == "办理人员/岗位"


def test_common_errors_cell_reads_several_examples():
    cell = ("错误做法：复印件未签字\n不予受理原因：无法确认\n正确做法：在复印件上签字\n"
            "并注明日期\n\n错误做法：身份证过期\n正确做法：先换领")
    examples = values.parse_error_examples(cell)
    assert examples == [
        {"wrong": "复印件未签字", "reason": "无法确认", "right": "在复印件上签字\n并注明日期"},
        {"wrong": "身份证过期", "reason": "", "right": "先换领"},
    ]
    assert values.parse_error_examples(values.render_error_examples(examples)) == examples


def test_common_error_without_the_right_way_is_refused():
    with pytest.raises(ValueError, match="第 1 个示例缺少「正确做法」"):
        values.parse_error_examples("错误做法：照片背景不对")


def test_branches_name_their_target_or_the_end():
    cell = "材料不全 → 一次性告知补正 → apply\n不符合条件 -> 不予受理 -> 办结\n需要核查 → review"
    branches = values.parse_branches(cell)
    assert branches == [
        {"condition": "材料不全", "outcome": "一次性告知补正", "target": "apply"},
        {"condition": "不符合条件", "outcome": "不予受理", "target": "end"},
        {"condition": "需要核查", "outcome": "", "target": "review"},
    ]
    assert values.parse_branches(values.render_branches(branches)) == branches


SAMPLES = {
    "parse_days": [(None, None), (0, "工作日"), (20, "工作日"), (15, "自然日")],
    "parse_visits": [0, 1, 3],
    "parse_bool": [True, False],
    "parse_count": [None, 1, 12],
    "parse_date": [None, datetime.date(2026, 1, 31)],
    "parse_item_code": ["11999900MB0000001X07001"],
    "parse_url": ["", "https://zwfw.example.gov.cn/item/1?x=1&y=2"],
    "parse_error_examples": [[], [{"wrong": "未签字", "reason": "", "right": "签字\n注明日期"}]],
    "parse_branches": [[], [{"condition": "材料不全", "outcome": "", "target": "end"}]],
}
LIST_SAMPLES = {"服务对象": [["自然人", "法人"], []], "主题": [["户籍办理", "生育收养"]],
                "俗称/关键词": [["准生证", "上户口"], []]}


def test_every_column_reads_back_what_it_writes():
    """Whatever an import stores, exporting and importing it again stores the same: no change."""
    checked = 0
    for sheet in SHEETS:
        for column in sheet.columns():
            widget = column.widget
            name = getattr(widget.parse, "func", widget.parse).__name__
            samples = (LIST_SAMPLES.get(column.column_name) or SAMPLES.get(name)
                       or list(widget.allowed) or ["《居民身份证》\n复印件 1 份"])
            for value in samples:
                if name == "parse_days" and value[0] == 0:
                    value = (0, None)  # 即办 has no unit of its own
                imported = widget.clean(widget.render(value))
                assert widget.clean(widget.render(imported)) == imported, (sheet.sheet,
                                                                          column.column_name)
                checked += 1
    assert checked > 80
