"""The workbook as a whole: every sheet read by its resource and put together per item.

A guide's materials, steps and fees sit on other sheets than its 事项 row, keyed by item code,
so a workbook is checked as one unit: codes must be unique, every child row must name an item
of the 事项 sheet, branches must point at a step of the same item. The result says, per item,
which rows describe it, and turns them into a guide record (``catalog.records``) and into the
canonical cell texts the dry run compares. No database access here.

Which sheets and columns a workbook has matters: an absent sheet or column leaves that part of
existing guides untouched, while a present sheet replaces the whole list it holds.
"""

from dataclasses import dataclass, field

from catalog.records import name_key

from .resources import CHILD_SHEETS, ITEM_CODE, SHEETS_BY_NAME, ItemResource, StepResource
from .values import compact

ITEM_SHEET = ItemResource.sheet
# The column that names an entry of each list sheet, for matching old and new entries: the
# column of the key that names the list's items (``catalog.records.name_key``).
ENTRY_NAMES = {sheet.sheet: next(column.column_name for column in sheet.columns()
                                 if column.attribute == name_key(sheet.record_key))
               for sheet in CHILD_SHEETS}


@dataclass(frozen=True)
class Problem:
    """Why (part of) a workbook cannot be imported, located as people look for it."""

    message: str
    sheet: str = ""
    line: int = None
    column: str = ""
    unit: str = "行"

    def __str__(self):
        where = self.sheet
        if self.line is not None:
            where += f" 第 {self.line} {self.unit}"
        if self.column:
            where += f"「{self.column}」"
        return f"{where}：{self.message}" if where else self.message


@dataclass
class Draft:
    """One item as the workbook describes it: its 事项 row and its rows on the other sheets."""

    code: str
    line: int
    row: object
    children: dict = field(default_factory=dict)  # sheet name → [(line, ParsedRow)]

    @property
    def title(self):
        return self.row.title


class Workbook:
    def __init__(self, drafts, columns, problems):
        self.drafts = drafts      # item code → Draft, in file order
        self.columns = columns    # sheet name → its Columns present in the file (ordered)
        self.problems = problems

    @property
    def sheets(self):
        return list(self.columns)

    def has(self, sheet, attribute=None):
        if sheet not in self.columns:
            return False
        return attribute is None or any(c.attribute == attribute for c in self.columns[sheet])

    def record(self, draft):
        """The guide record the draft stands for, with only the keys the workbook speaks about."""
        record = ItemResource.to_item(draft.row)
        for sheet in CHILD_SHEETS:
            if sheet.sheet in self.columns:
                record[sheet.record_key] = [sheet.to_item(row)
                                            for _line, row in draft.children.get(sheet.sheet, [])]
        return record

    def cells(self, draft):
        """What the workbook says about the item, as canonical cell texts per sheet."""
        cells = {}
        for sheet, columns in self._compared_columns():
            rows = [draft.row] if sheet == ITEM_SHEET else [
                row for _line, row in draft.children.get(sheet, [])]
            cells[sheet] = [
                {c.column_name: c.widget.render(getattr(row, c.attribute, None)) for c in columns}
                for row in rows
            ]
        return cells

    def cells_of_record(self, record):
        """The same for a guide's current record: what exporting it would write, read back."""
        cells = {}
        for sheet, columns in self._compared_columns():
            rows = SHEETS_BY_NAME[sheet].rows_for(record)
            cells[sheet] = [{c.column_name: canonical_text(c, row.get(c.attribute))
                             for c in columns} for row in rows]
        return cells

    def _compared_columns(self):
        for sheet, columns in self.columns.items():
            yield sheet, [c for c in columns if c.attribute not in ("item_code", "department")]


def with_hall_titles(record, titles):
    """The record with its halls named by title, as the workbook names them, not by slug."""
    return {**record, "halls": [{**link, "hall": titles.get(link["hall"], link["hall"])}
                                for link in record.get("halls") or []]}


def canonical_text(column, value):
    """How a stored value reads once written to a cell and read back (``20`` → ``20个工作日``)."""
    text = column.widget.render(value)
    try:
        return column.widget.render(column.widget.clean(text))
    except ValueError:
        return text


def parse_workbook(tables):
    """``{sheet name: files.Table}`` → Workbook; problems collected, never raised."""
    problems = []
    if ITEM_SHEET not in tables:
        problems.append(Problem(f"缺少工作表「{ITEM_SHEET}」：工作簿必须有「{ITEM_SHEET}」工作表，每个事项一行"))
        return Workbook({}, {}, problems)
    parsed, columns, bad_codes = {}, {}, set()
    for name in [ITEM_SHEET] + [s.sheet for s in CHILD_SHEETS]:
        if name in tables:
            table = tables[name]
            result = _parse_table(SHEETS_BY_NAME[name], table, problems, bad_codes)
            if result is not None:
                parsed[name], columns[name] = result
    if ITEM_SHEET not in parsed:
        return Workbook({}, columns, problems)

    drafts = {}
    item_unit = tables[ITEM_SHEET].unit
    for line, row in parsed[ITEM_SHEET]:
        if row.item_code in drafts:
            problems.append(Problem(
                f"事项编码「{row.item_code}」与第 {drafts[row.item_code].line} {item_unit}重复；每个事项只能有一行",
                ITEM_SHEET, line, ITEM_CODE, item_unit))
            continue
        drafts[row.item_code] = Draft(row.item_code, line, row)
    if not drafts and not problems:
        problems.append(Problem("没有数据行：每个事项一行，第一行为列名", ITEM_SHEET))

    # Rows of items whose 事项 row is invalid are still checked among themselves.
    invalid = {code: Draft(code, None, None) for code in bad_codes}
    for sheet in CHILD_SHEETS:
        unit = tables[sheet.sheet].unit if sheet.sheet in tables else "行"
        for line, row in parsed.get(sheet.sheet, []):
            draft = drafts.get(row.item_code) or invalid.get(row.item_code)
            if draft is not None:
                draft.children.setdefault(sheet.sheet, []).append((line, row))
            else:
                problems.append(Problem(
                    f"事项编码「{row.item_code}」不在「{ITEM_SHEET}」工作表中；请先在「{ITEM_SHEET}」中添加该事项",
                    sheet.sheet, line, ITEM_CODE, unit))

    workbook = Workbook(drafts, columns, problems)
    for draft in drafts.values():
        problems.extend(_check_fees(draft, workbook, tables))
    for draft in [*drafts.values(), *invalid.values()]:
        problems.extend(_check_steps(draft, workbook, tables))
    return workbook


def _parse_table(resource_class, table, problems, bad_codes):
    """Run the sheet's resource over its rows; returns ``([(line, row)], columns)`` or None."""
    sheet = resource_class.sheet
    known = resource_class.headers()
    missing = [h for h in resource_class.required_headers() if h not in table.headers]
    unknown = [h for h in table.headers if h not in known]
    if missing:
        problems.append(Problem(f"缺少必需的列「{'」「'.join(missing)}」", sheet))
    if unknown:
        problems.append(Problem(
            f"未知的列「{'」「'.join(unknown)}」；本工作表的列为：{'、'.join(known)}", sheet))
    if missing or unknown:
        return None

    present = [c for c in resource_class.columns()
               if c.column_name in table.headers and not c.readonly]
    indexes = [table.headers.index(c.column_name) for c in present]
    code_index = table.headers.index(ITEM_CODE) if ITEM_CODE in table.headers else None
    rows = []
    for number, (line, cells) in enumerate(zip(table.lines, table.rows)):
        try:
            row, errors = resource_class.read_row(present, [cells[i] for i in indexes])
        except Exception as error:  # a cell no reader expects: reported, never a crash
            problems.append(Problem(f"无法读取：{error}", sheet, line, unit=table.unit))
            continue
        table.rows[number] = None  # read: the row's values are all that is kept of it
        if row is not None:
            rows.append((line, row))
            continue
        for attribute, messages in errors.items():
            column = resource_class.fields[attribute].column_name
            problems.extend(Problem(message, sheet, line, column, table.unit) for message in messages)
        if sheet == ITEM_SHEET and code_index is not None:
            bad_codes.add(compact(cells[code_index]))
    return rows, present


def _check_steps(draft, workbook, tables):
    """Step keys are unique within an item, and every branch leads to one of them (or 办结)."""
    sheet = StepResource.sheet
    rows = draft.children.get(sheet, [])
    if not rows:
        return []
    unit = tables[sheet].unit
    problems, keys = [], {}
    for line, row in rows:
        key = getattr(row, "key", "")
        if key and key in keys:
            problems.append(Problem(f"环节标识「{key}」与第 {keys[key]} {unit}重复；同一事项内不能重复",
                                    sheet, line, "环节标识", unit))
        elif key:
            keys[key] = line
    for line, row in rows:
        for branch in getattr(row, "branches", None) or []:
            target = branch["target"]
            if target and target != "end" and target not in keys:
                problems.append(Problem(
                    f"转至环节「{target}」不存在；应为本事项某个环节的「环节标识」或「办结」"
                    "（写法：情形 → 处理 → 转至环节）", sheet, line, "分支", unit))
    return problems


def _check_fees(draft, workbook, tables):
    fee_rows = draft.children.get("收费", [])
    if fee_rows and workbook.has(ITEM_SHEET, "charges_fee") and not draft.row.charges_fee:
        line = fee_rows[0][0]
        return [Problem(f"事项「{draft.title}」的「是否收费」为「否」，却填写了收费项目；"
                        "请把「是否收费」改为「是」，或删除收费项目", "收费", line,
                        unit=tables["收费"].unit)]
    return []
