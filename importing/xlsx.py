"""Reading an .xlsx workbook quickly: cell values, formulas and merged ranges, nothing else.

A catalog of thousands of guides is a workbook of about a million cells. openpyxl's streaming
reader builds an object for each of them (some 20 µs a cell, most of a large import's reading
time) and does not report merged cells at all; an import needs only the values, which cells
hold formulas, and which ranges are merged. This reader streams each sheet's XML through expat
and keeps just that, reusing openpyxl's rules for which number formats are dates. A document
type declaration is refused outright: spreadsheets have none, XML bombs do.
"""

import re
import zipfile
from dataclasses import dataclass, field
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils import column_index_from_string, range_boundaries
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel
from openpyxl.utils.datetime import from_ISO8601

CELL_REF = re.compile(r"([A-Z]+)(\d+)")
CHUNK = 1 << 16


class XlsxError(Exception):
    pass


@dataclass
class Sheet:
    name: str
    rows: list = field(default_factory=list)       # one list of values per line, line 1 first
    formulas: list = field(default_factory=list)   # (line, column index, "=…")
    merges: list = field(default_factory=list)     # (min_col, min_row, max_col, max_row)


def _parse(stream, start=None, end=None, text=None):
    """Feed an XML stream to expat with local tag names; a DOCTYPE stops it."""
    parser = expat.ParserCreate()
    parser.buffer_text = True

    def refuse(*_args):
        raise XlsxError("文件中含有不允许的 XML 声明")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    if start:
        parser.StartElementHandler = lambda name, attrs: start(name.rpartition(":")[2], attrs)
    if end:
        parser.EndElementHandler = lambda name: end(name.rpartition(":")[2])
    if text:
        parser.CharacterDataHandler = text
    try:
        while chunk := stream.read(CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise XlsxError(f"XML 格式有误：{error}") from None


def _attributes(archive, path, tag, *names):
    """``[(attr, …)]`` of every ``tag`` element in one small part of the package."""
    found = []

    def start(name, attrs):
        if name == tag:
            found.append(tuple(attrs.get(n) for n in names))

    with archive.open(path) as stream:
        _parse(stream, start=start)
    return found


def read_xlsx(archive):
    """Every worksheet of an open .xlsx archive, in workbook order."""
    names = set(archive.namelist())
    date1904 = [False]

    def book_start(name, attrs):
        if name == "workbookPr":
            date1904[0] = attrs.get("date1904") in ("1", "true")

    with archive.open("xl/workbook.xml") as stream:
        _parse(stream, start=book_start)
    sheets = []

    def sheet_start(name, attrs):
        if name == "sheet":  # the relationship id is the one namespaced "id" attribute
            sheets.append((attrs.get("name"), next(
                (value for key, value in attrs.items() if key.endswith(":id")), None)))

    with archive.open("xl/workbook.xml") as stream:
        _parse(stream, start=sheet_start)
    targets = dict(_attributes(archive, "xl/_rels/workbook.xml.rels", "Relationship", "Id", "Target"))
    strings = _shared_strings(archive) if "xl/sharedStrings.xml" in names else []
    dates = _date_styles(archive) if "xl/styles.xml" in names else set()
    epoch = CALENDAR_MAC_1904 if date1904[0] else CALENDAR_WINDOWS_1900
    result = []
    for name, relationship in sheets:
        target = targets.get(relationship) or ""
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if path in names and "worksheets/" in path:
            result.append(_read_sheet(archive, path, name, strings, dates, epoch))
    return result


def _shared_strings(archive):
    strings, parts, state = [], [], {"text": False, "phonetic": False}

    def start(name, attrs):
        if name == "si":
            parts.clear()
        elif name == "rPh":
            state["phonetic"] = True
        elif name == "t" and not state["phonetic"]:
            state["text"] = True

    def end(name):
        if name == "t":
            state["text"] = False
        elif name == "rPh":
            state["phonetic"] = False
        elif name == "si":
            strings.append("".join(parts))

    def text(data):
        if state["text"]:
            parts.append(data)

    with archive.open("xl/sharedStrings.xml") as stream:
        _parse(stream, start, end, text)
    return strings


def _date_styles(archive):
    """Indexes of the cell styles whose number format shows a date."""
    formats = dict(BUILTIN_FORMATS)
    formats.update((int(i), code) for i, code in
                   _attributes(archive, "xl/styles.xml", "numFmt", "numFmtId", "formatCode"))
    styles, in_xfs = [], [False]

    def start(name, attrs):
        if name == "cellXfs":
            in_xfs[0] = True
        elif name == "xf" and in_xfs[0]:
            styles.append(int(attrs.get("numFmtId") or 0))

    def end(name):
        if name == "cellXfs":
            in_xfs[0] = False

    with archive.open("xl/styles.xml") as stream:
        _parse(stream, start, end)
    return {index for index, fmt in enumerate(styles)
            if fmt in formats and is_date_format(formats[fmt])}


def _read_sheet(archive, path, name, strings, dates, epoch):
    sheet = Sheet(name)
    cell = {}
    row, buffer = [], []
    state = {"line": 0, "column": 0, "collect": None, "phonetic": False}

    def start(tag, attrs):
        if tag == "c":
            ref = attrs.get("r")
            match = CELL_REF.match(ref) if ref else None
            state["column"] = column_index_from_string(match[1]) - 1 if match else len(row)
            cell.clear()
            cell["t"], cell["s"] = attrs.get("t", "n"), attrs.get("s")
        elif tag == "row":
            number = attrs.get("r")
            state["line"] = int(number) if number else state["line"] + 1
            row.clear()
        elif tag in ("v", "f") or (tag == "t" and not state["phonetic"]):
            state["collect"] = tag
            buffer.clear()
            if tag == "f":
                cell["f"] = ""
        elif tag == "rPh":
            state["phonetic"] = True
        elif tag == "mergeCell" and attrs.get("ref"):
            sheet.merges.append(range_boundaries(attrs["ref"]))

    def end(tag):
        collecting = state["collect"]
        if tag == collecting:
            value = "".join(buffer)
            if tag == "t":
                cell["is"] = cell.get("is", "") + value
            else:
                cell[tag] = value
            state["collect"] = None
        elif tag == "rPh":
            state["phonetic"] = False
        elif tag == "c":
            value = _value(cell, strings, dates, epoch)
            column = state["column"]
            if value is not None or "f" in cell:
                row.extend([None] * (column + 1 - len(row)))
                row[column] = value
            if "f" in cell:
                sheet.formulas.append((state["line"], column, f"={cell['f'] or '（共享公式）'}"))
        elif tag == "row":
            sheet.rows.extend([] for _ in range(state["line"] - 1 - len(sheet.rows)))
            sheet.rows.append(list(row))

    def text(data):
        if state["collect"]:
            buffer.append(data)

    with archive.open(path) as stream:
        _parse(stream, start, end, text)
    return sheet


def _value(cell, strings, dates, epoch):
    kind, raw = cell["t"], cell.get("v")
    if kind == "inlineStr":
        return cell.get("is", "")
    if not raw:  # no value, or a formula never calculated
        return None
    if kind == "s":
        return strings[int(raw)]
    if kind in ("str", "e"):
        return raw
    if kind == "b":
        return raw in ("1", "true")
    if kind == "d":
        return from_ISO8601(raw)
    number = float(raw) if any(c in raw for c in ".eE") else int(raw)
    if cell["s"] is not None and int(cell["s"]) in dates:
        return from_excel(number, epoch)
    return number


def open_xlsx(archive: zipfile.ZipFile):
    try:
        return read_xlsx(archive)
    except (KeyError, ValueError, IndexError) as error:
        raise XlsxError(f"工作簿结构有误（{error}）") from None
