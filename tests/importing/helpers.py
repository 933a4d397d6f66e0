"""Workbooks as tests need them: built cell by cell, or the demo catalog exported and edited."""

import io

from openpyxl import Workbook, load_workbook

from importing.exporter import export_workbook
from importing.importer import import_files


def xlsx(sheets, prepare=None):
    """An .xlsx file from ``{sheet name: [rows]}``; ``prepare(workbook)`` may merge or add formulas."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    if prepare:
        prepare(workbook)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def item_row(code, title, department="示范市公安局", **cells):
    headers = ["事项编码", "事项名称", "实施主体", *cells]
    return headers, [code, title, department, *cells.values()]


def demo_workbook(live=False):
    """The demo catalog exported as the workbook, opened for editing."""
    return load_workbook(io.BytesIO(export_workbook("xlsx", live=live)))


def column(sheet, header):
    return [cell.value for cell in sheet[1]].index(header) + 1


def set_cell(sheet, row, header, value):
    sheet.cell(row=row, column=column(sheet, header), value=value)


def row_of(sheet, header, value):
    """The first line of ``sheet`` whose ``header`` cell is ``value``."""
    index = column(sheet, header)
    for line in range(2, sheet.max_row + 1):
        if sheet.cell(row=line, column=index).value == value:
            return line
    raise LookupError(value)


def saved(workbook):
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def dry_run(data, name="catalog.xlsx", **options):
    return import_files([(name, data)], **options)


def problems(plan):
    return [str(problem) for problem in plan.problems]
