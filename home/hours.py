"""Today's opening hours from a hall's free-text hours ("周一至周五 9:00–12:00，13:30–17:30").

Halls write their hours as people read them, one rule per line or per "；". This finds the rule
covering a weekday so the home page can say "今天 9:00–12:00，13:30–17:30" or "今天不开放".
Text it cannot read gives ``None``, and the page shows the hours as written.
"""

import re

DAYS = "一二三四五六日"
_DAY = r"(?:周|星期)([一二三四五六日天])"
_RANGE = re.compile(_DAY + r"\s*(?:至|到|-|–|—|~|～)\s*" + _DAY)
_SINGLE = re.compile(_DAY)
_EVERY_DAY = re.compile(r"每天|每日|全年无休|全周")
_WORKDAYS = re.compile(r"工作日")
_TIME = re.compile(r"\d{1,2}[:：]\d{2}")


def _index(char):
    return 6 if char in "日天" else DAYS.index(char)


def rule_days(rule):
    """Weekdays (0 = Monday) a rule names, or an empty set when it names none."""
    days = set()
    for start, end in _RANGE.findall(rule):
        a, b = _index(start), _index(end)
        days.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
    remainder = _RANGE.sub("", rule)
    days.update(_index(char) for char in _SINGLE.findall(remainder))
    if _EVERY_DAY.search(rule):
        days.update(range(7))
    if _WORKDAYS.search(rule):
        days.update(range(5))
    return days


def _times(rule):
    """What follows the day words: the times (and any note in brackets)."""
    match = _TIME.search(rule)
    return rule[match.start():].strip(" ，,") if match else ""


def hours_on(text, weekday):
    """The hours for ``weekday`` (0 = Monday): a string, "" when closed, None when unreadable."""
    rules = [part.strip() for part in re.split(r"[\n；;]+", text or "") if part.strip()]
    understood = False
    for rule in rules:
        days = rule_days(rule)
        if not days or not _times(rule):
            continue
        understood = True
        if weekday in days:
            return _times(rule)
    return "" if understood else None
