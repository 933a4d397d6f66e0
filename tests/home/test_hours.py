"""Today's opening hours read from the halls' free text."""

from home.hours import hours_on

DEMO = "周一至周五 9:00–12:00，13:30–17:30\n周六 9:00–12:00（仅受理预约和部分高频事项）"


def test_weekday_range_saturday_rule_and_closed_sunday():
    assert hours_on(DEMO, 0) == "9:00–12:00，13:30–17:30"
    assert hours_on(DEMO, 4) == "9:00–12:00，13:30–17:30"
    assert hours_on(DEMO, 5) == "9:00–12:00（仅受理预约和部分高频事项）"
    assert hours_on(DEMO, 6) == ""


def test_other_common_wordings():
    assert hours_on("工作日 8:30-17:00；周六、周日 9:00-12:00", 6) == "9:00-12:00"
    assert hours_on("每天 9:00-21:00", 3) == "9:00-21:00"
    assert hours_on("星期二至星期四 9:00-16:00", 1) == "9:00-16:00"
    assert hours_on("星期二至星期四 9:00-16:00", 0) == ""


def test_unreadable_text_gives_none_so_the_page_shows_it_as_written():
    assert hours_on("请电话预约", 0) is None
    assert hours_on("", 0) is None
