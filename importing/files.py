"""Files in and out: spreadsheets as tables of cells, and tables back as files.

Departments send what their software saves: an Excel workbook, CSV in UTF-8 (with or without
the BOM Excel adds) or in GBK, a zip of CSV files, or JSON. Reading detects the kind from the
bytes (not the file name), refuses what cannot be read faithfully — formulas, merged header
cells, a Word document, an old .xls — with a message that says what to do, and hands on plain
tables: a header and rows of cell values, each row with the line number people see in Excel.
"""

import codecs
import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.conf import settings
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .resources import ITEM_CODE, ITEM_TITLE, SHEETS, SHEETS_BY_NAME
from .values import cell_text, normalized_header
from .xlsx import XlsxError, open_xlsx

INFO_SHEET = "填写说明"
HEADER_SEARCH_ROWS = 10
MAX_LISTED = 20
ILLEGAL_XML = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
SIGNATURES = (
    (b"%PDF", "PDF 文件"), (b"\x89PNG", "PNG 图片"), (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"), (b"Rar!", "RAR 压缩包"), (b"7z\xbc\xaf", "7z 压缩包"),
    (b"{\\rtf", "RTF 文档"),
)
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def max_bytes():
    return getattr(settings, "IMPORTING_MAX_BYTES", 20 * 1024 * 1024)


class WorkbookError(Exception):
    """The files cannot be read as a workbook; ``problems`` says why, in Chinese."""

    def __init__(self, problems):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("；".join(self.problems))


@dataclass
class Table:
    """One sheet: its header and rows of raw cell values, with the line of each row."""

    name: str
    headers: list
    rows: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    unit: str = "行"  # JSON counts records (条), spreadsheets count lines (行)


# --- reading -------------------------------------------------------------------------------------


def read_files(files):
    """``[(file name, bytes)]`` → ``{sheet name: Table}``; raises WorkbookError.

    Several files form one workbook (事项.csv and 材料.csv …); a sheet may come only once.
    """
    tables, problems = {}, []
    for name, data in files:
        try:
            found = read_file(name, data)
        except WorkbookError as error:
            problems.extend(f"{name}：{problem}" if len(files) > 1 else problem
                            for problem in error.problems)
            continue
        for sheet, table in found.items():
            if sheet in tables:
                problems.append(f"工作表「{sheet}」出现了不止一次（{name}）；每个工作表只能提供一份")
            tables[sheet] = table
    if problems:
        raise WorkbookError(problems)
    return tables


def read_file(name, data):
    limit = max_bytes()
    if len(data) > limit:
        raise WorkbookError(
            f"文件大小为 {len(data) / 1024 / 1024:.1f} MB，超过 {limit // 1024 // 1024} MB 的上限；"
            "请按部门拆分成几个文件分别导入"
        )
    if not data.strip():
        raise WorkbookError("文件是空的")
    if data.startswith(b"PK\x03\x04"):
        return _read_zip(name, data)
    if data.startswith(OLE_SIGNATURE):
        raise WorkbookError("这是旧版 Excel（.xls）或 Word 文件：请在 Excel 中“另存为” .xlsx 工作簿后再导入")
    for signature, kind in SIGNATURES:
        if data.startswith(signature):
            raise WorkbookError(f"这是{kind}，不是表格：请上传 .xlsx 工作簿、.csv 表格或 .json 文件")
    text, _encoding = decode_text(data)
    if text.lstrip()[:1] in ("{", "["):
        return _read_json(text)
    table = _read_csv(text, name)
    return {table.name: table}


def decode_text(data):
    """Text of a CSV/JSON file: UTF-8 (with or without BOM), UTF-16 with BOM, or GBK."""
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise WorkbookError("无法识别的文件：它不是文本表格。请上传 .xlsx 工作簿、.csv 表格或 .json 文件")
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), "UTF-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "GBK"
    except UnicodeDecodeError:
        raise WorkbookError("无法识别文件的文字编码：请在 Excel 中另存为“CSV UTF-8”后再导入") from None


def _read_zip(name, data):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except zipfile.BadZipFile:
        raise WorkbookError("文件已损坏，无法打开：请重新保存后再导入") from None
    if sum(info.file_size for info in archive.infolist()) > 10 * max_bytes():
        raise WorkbookError("文件解压后过大，无法导入：请按部门拆分成几个文件")
    if "xl/workbook.xml" in names:
        return _read_xlsx(archive)
    if any(n.startswith("word/") for n in names):
        raise WorkbookError("这是 Word 文档，不是表格：请上传 .xlsx 工作簿、.csv 表格或 .json 文件")
    if any(n.startswith("ppt/") for n in names):
        raise WorkbookError("这是 PowerPoint 文件，不是表格：请上传 .xlsx 工作簿、.csv 表格或 .json 文件")
    members = [n for n in names if n.lower().endswith(".csv") and not n.startswith("__MACOSX/")]
    if not members:
        raise WorkbookError("压缩包里没有 .csv 表格：压缩包中应为「事项.csv」「材料.csv」等文件")
    return read_files([(member, archive.read(member)) for member in members])


def _read_csv(text, name):
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:
        raise WorkbookError(f"CSV 格式有误：{error}") from None
    return _table(_sheet_of_csv(name, rows), rows)


def _sheet_of_csv(name, rows):
    """Which sheet a CSV holds: named by its file (材料.csv), else recognised by its columns."""
    stem = PurePosixPath(name).stem
    for sheet in SHEETS:
        if stem == sheet.sheet or stem.endswith(f"-{sheet.sheet}") or stem == sheet.slug:
            return sheet.sheet
    headers = set()
    for row in rows[:HEADER_SEARCH_ROWS]:
        headers.update(normalized_header(cell) for cell in row)
    for sheet in SHEETS[1:]:
        own = [h for h in sheet.required_headers() if h not in (ITEM_CODE, ITEM_TITLE)]
        if own and all(header in headers for header in own):
            return sheet.sheet
    if ITEM_CODE in headers or ITEM_TITLE in headers:
        return SHEETS[0].sheet
    raise WorkbookError(
        "无法识别的文件：找不到「事项编码」「事项名称」等列名。请上传 .xlsx 工作簿、.csv 表格或 .json 文件，"
        "第一行为列名"
    )


def _read_json(text):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise WorkbookError(f"JSON 格式有误（第 {error.lineno} 行第 {error.colno} 列）：{error.msg}") from None
    except RecursionError:  # arrays or objects nested thousands deep: not a table
        raise WorkbookError("JSON 嵌套层数过多，无法读取：文件应为「工作表名称 → 行的列表」，"
                            "每行是一个以列名为键的对象") from None
    except ValueError:  # Python refuses integers of more than 4,300 digits
        raise WorkbookError("JSON 中有位数过多的数字，无法读取：单元格中的数字请不要超过 4300 位，"
                            "长编码请写成带引号的文字") from None
    if isinstance(data, list):
        data = {SHEETS[0].sheet: data}
    if not isinstance(data, dict):
        raise WorkbookError("JSON 应为一个对象，键为工作表名称（事项、材料…），值为行的列表")
    tables, problems = {}, []
    for sheet, entries in data.items():
        if sheet not in SHEETS_BY_NAME:
            problems.append(_unknown_sheet(sheet))
            continue
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            problems.append(f"{sheet}：应为行的列表，每行是一个以列名为键的对象")
            continue
        # A sheet without rows (an export where no item has fees: "收费": []) is the sheet's
        # columns without rows, as the same sheet of an exported .xlsx.
        headers = [] if entries else SHEETS_BY_NAME[sheet].headers()
        for entry in entries:
            headers.extend(key for key in entry if key not in headers)
        table = Table(sheet, [normalized_header(h) for h in headers], unit="条")
        for number, entry in enumerate(entries, 1):
            for key, value in entry.items():
                if isinstance(value, (list, dict)):
                    problems.append(f"{sheet} 第 {number} 条「{key}」：应为文字或数字")
            cells = [entry.get(header) for header in headers]
            if any(cell_text(cell) for cell in cells):
                table.rows.append(cells)
                table.lines.append(number)
        tables[sheet] = table
    if problems:
        raise WorkbookError(problems)
    return tables


def _read_xlsx(archive):
    try:
        sheets = open_xlsx(archive)
    except XlsxError as error:
        raise WorkbookError(f"无法读取这个 Excel 文件：{error}。请在 Excel 中重新保存为 .xlsx 后再导入") \
            from None
    tables, problems = {}, []
    for sheet in sheets:
        name = sheet.name.strip()
        if name == INFO_SHEET:
            continue
        if name not in SHEETS_BY_NAME:
            problems.append(_unknown_sheet(name))
            continue
        try:
            table = _table(name, sheet.rows, sheet.merges)
        except WorkbookError as error:
            problems.extend(error.problems)
            continue
        problems.extend(_formula_problems(table, sheet.formulas))
        tables[name] = table
    if problems:
        raise WorkbookError(problems)
    return tables


def _formula_problems(table, formulas):
    header_line = table.lines[0] - 1 if table.lines else 1
    problems = []
    for line, column, formula in formulas:
        if line <= header_line:
            continue
        header = table.headers[column] if column < len(table.headers) else get_column_letter(column + 1)
        problems.append(f"{table.name} 第 {line} 行「{header}」：单元格是公式（{formula}），"
                        "请改为直接填写内容（复制后“选择性粘贴 → 数值”）")
    if len(problems) > MAX_LISTED:
        problems = problems[:MAX_LISTED] + [f"{table.name}：另有 {len(problems) - MAX_LISTED} 个公式单元格"]
    return problems


def _table(name, rows, merges=()):
    """A Table from raw rows: find the header, check it, fill vertically merged cells."""
    header_index = _header_index(rows)
    header_line = header_index + 1
    problems = []
    for min_col, min_row, max_col, max_row in merges:
        ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"
        if min_row <= header_line <= max_row:
            problems.append(f"{name}：表头（第 {header_line} 行）有合并单元格 {ref}；"
                            "请取消合并，每列只写一个列名")
        elif min_row > header_line and min_col != max_col:
            problems.append(f"{name} 第 {min_row} 行：有跨列合并的单元格 {ref}，请取消合并")
        elif min_row > header_line:  # one column merged down several rows: the value repeats
            top = rows[min_row - 1] if min_row <= len(rows) else []
            value = top[min_col - 1] if min_col <= len(top) else None
            for row in rows[min_row:max_row]:
                row.extend([None] * (min_col - len(row)))
                row[min_col - 1] = value
    if problems:
        raise WorkbookError(problems)

    raw_headers = [normalized_header(cell) for cell in rows[header_index]] if rows else []
    body = rows[header_index + 1:]
    width = len(raw_headers)
    while width and not raw_headers[width - 1] and not any(
            cell_text(row[width - 1]) for row in body if len(row) >= width):
        width -= 1
    headers = raw_headers[:width]
    for index, header in enumerate(headers):
        if not header:
            problems.append(f"{name}：第 {get_column_letter(index + 1)} 列有内容但没有列名")
        elif headers.index(header) != index:
            problems.append(f"{name}：列名「{header}」出现了两次")
    if problems:
        raise WorkbookError(problems)

    table = Table(name, headers)
    for offset, row in enumerate(body):
        cells = (list(row) + [None] * width)[:width]
        if any(cell_text(cell) for cell in cells):
            table.rows.append(cells)
            table.lines.append(header_line + offset + 1)
        extra = [cell for cell in row[width:] if cell_text(cell)]
        if extra:
            problems.append(f"{name} 第 {header_line + offset + 1} 行：表头以外的列有内容「{cell_text(extra[0])[:20]}」，"
                            "请补上列名或删除")
    if problems:
        raise WorkbookError(problems[:MAX_LISTED])
    return table


def _header_index(rows):
    """The header is the first row naming 事项编码 (a title row may sit above it)."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if ITEM_CODE in (normalized_header(cell) for cell in row):
            return index
    return next((i for i, row in enumerate(rows) if any(cell_text(c) for c in row)), 0)


def _unknown_sheet(name):
    known = "、".join(sheet.sheet for sheet in SHEETS)
    return f"未知的工作表「{name}」：工作表名称应为 {known}（或「{INFO_SHEET}」，导入时不读取）"


# --- writing -------------------------------------------------------------------------------------

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
WRAP = Alignment(wrap_text=True, vertical="top")


def write_xlsx(sheets, info_rows=(), dropdowns=False):
    """``[(resource class, Dataset)]`` → .xlsx bytes; header styled and frozen, text kept text.

    Written in openpyxl's streaming mode so a catalog of thousands of guides stays small in
    memory. ``dropdowns`` adds lists of allowed values to the template's choice columns.
    """
    workbook = Workbook(write_only=True)
    for resource, dataset in sheets:
        sheet = workbook.create_sheet(resource.sheet)
        sheet.freeze_panes = "C2" if resource.record_key else "B2"
        for index, column in enumerate(resource.columns(), 1):
            width = 40 if column.widget.wide else max(10, min(24, len(column.column_name) * 2 + 4))
            sheet.column_dimensions[get_column_letter(index)].width = width
            if dropdowns and column.widget.allowed:
                validation = DataValidation(type="list", allow_blank=True,
                                            formula1=f'"{",".join(column.widget.allowed)}"')
                validation.add(f"{get_column_letter(index)}2:{get_column_letter(index)}2000")
                sheet.data_validations.append(validation)
        header = []
        for column in resource.columns():
            cell = WriteOnlyCell(sheet, column.column_name)
            cell.font = HEADER_FONT
            cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
            header.append(cell)
        sheet.append(header)
        for row in dataset:
            sheet.append([_text_cell(sheet, value) for value in row])
    if info_rows:
        sheet = workbook.create_sheet(INFO_SHEET)
        for width, letter in zip((14, 22, 50, 44), "ABCD"):
            sheet.column_dimensions[letter].width = width
        for row in info_rows:
            sheet.append([_text_cell(sheet, value, wrap=True) for value in row])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _text_cell(sheet, value, wrap=False):
    """A cell that Excel shows as the exact text: never a formula, no illegal characters."""
    text = ILLEGAL_XML.sub("", "" if value is None else str(value))
    cell = WriteOnlyCell(sheet, text if text else None)
    if text:
        cell.data_type = "s"
    if wrap or "\n" in text:
        cell.alignment = WRAP
    return cell


def write_csv(dataset):
    """One sheet as CSV: UTF-8 with BOM, so Excel opens Chinese text correctly."""
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow(dataset.headers)
    writer.writerows(dataset)
    return codecs.BOM_UTF8 + stream.getvalue().encode("utf-8")


def write_csv_zip(sheets, prefix=""):
    """Every sheet as ``<前缀-工作表>.csv`` in one zip: CSV holds one table per file."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for resource, dataset in sheets:
            name = f"{prefix}-{resource.sheet}.csv" if prefix else f"{resource.sheet}.csv"
            archive.writestr(name, write_csv(dataset))
    return stream.getvalue()


def write_json(sheets):
    """``{工作表: [{列名: 单元格}]}``: the workbook as JSON, cells as the export writes them."""
    data = {resource.sheet: [dict(zip(dataset.headers, row)) for row in dataset]
            for resource, dataset in sheets}
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
