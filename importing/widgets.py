"""django-import-export widgets for the catalog workbook, each a pair of pure functions.

A widget reads a cell into a value (``clean``) and writes a value into a cell (``render``);
the work is done by ``importing.values``, so a widget only names which pair a column uses and,
for closed vocabularies, the allowed values (the blank template turns them into drop-downs).
"""

from functools import partial

from import_export.widgets import Widget

from . import values


class CellWidget(Widget):
    def __init__(self, parse, render, allowed=(), hint="", wide=False):
        super().__init__()
        self.parse = parse
        self.render_value = render
        self.allowed = tuple(allowed)
        self.hint = hint
        self.wide = wide  # long text: a wide, wrapped column in the workbook

    def clean(self, value, row=None, **kwargs):
        return self.parse(value)

    def render(self, value, obj=None, **kwargs):
        return self.render_value(value)


def _as_text(value):
    return "" if value is None else str(value)


def text(max_length=None):
    return CellWidget(partial(values.parse_text, max_length=max_length), _as_text, wide=True)


def line(max_length=None):
    return CellWidget(partial(values.parse_line, max_length=max_length), _as_text)


def choice(choice_class, default="", aliases=None, blank_allowed=False):
    allowed = tuple(choice_class.values)
    hint = "/".join(allowed) + ("，可留空" if blank_allowed else f"；留空为「{default}」")
    return CellWidget(partial(values.parse_choice, allowed=allowed, aliases=aliases or {},
                              default=default), _as_text, allowed, hint)


def boolean():
    return CellWidget(values.parse_bool, values.render_bool, ("是", "否"), "是/否；留空为「否」")


def days():
    return CellWidget(values.parse_days, lambda value: values.render_days(*(value or (None, None))),
                      hint="如 20个工作日、30(自然日)、即办、无")


def visits():
    return CellWidget(values.parse_visits, values.render_visits, hint="如 0次、1次；留空为 1次")


def count():
    return CellWidget(values.parse_count, values.render_count, hint="整数，如 1")


def date():
    return CellWidget(values.parse_date, values.render_date, hint="如 2026-09-15")


def url(max_length=2000):
    return CellWidget(partial(values.parse_url, max_length=max_length), _as_text,
                      hint="以 http:// 或 https:// 开头")


def item_code():
    return CellWidget(values.parse_item_code, _as_text, hint="数字、字母和连字符，6–64 位")


def words(allowed=None, aliases=None, max_length=None):
    def parse(value):
        parsed = values.parse_list(value, allowed, aliases)
        joined = values.render_list(parsed)
        if max_length and len(joined) > max_length:
            raise ValueError(f"合计不能超过 {max_length} 个字，实际 {len(joined)} 个字")
        return parsed

    hint = ("、".join(allowed) + "，可填多个，用顿号分隔") if allowed else "多个用顿号（、）分隔"
    return CellWidget(parse, values.render_list, hint=hint)


def service_objects():
    """服务对象: the standard's categories, or words standing for some (catalog.service_objects)."""
    from catalog import service_objects as kinds

    def parse(value):
        found, unknown = kinds.resolve([values.compact(word) for word in values.list_words(value)])
        if unknown:
            raise ValueError(kinds.unknown_message(unknown))
        return found

    # No drop-down (``allowed``): a cell names several categories.
    return CellWidget(parse, values.render_list,
                      hint="、".join(kinds.KINDS) + "，可填多个，用顿号分隔")


def error_examples():
    return CellWidget(values.parse_error_examples, values.render_error_examples,
                      hint="每个示例三行：错误做法：… / 不予受理原因：… / 正确做法：…", wide=True)


def branches():
    return CellWidget(values.parse_branches, values.render_branches,
                      hint="每行一个：情形 → 处理 → 转至环节标识（或「办结」）", wide=True)
