"""The catalog written as the workbook: the open-data download, and a working copy to edit.

Each guide becomes its record (``catalog.records.record_of``), the record becomes rows through
the same resources the import reads with, so an exported file imported again changes nothing.
``live=True`` (the public download, and the command's default) writes only what the public
sees: live, public guides with their live content and live halls; ``live=False`` writes each
guide's latest revision, drafts included, for a department to edit and import back.
"""

from catalog.models import CatalogIndexPage, DepartmentPage, HallPage, ServiceGuidePage
from catalog.progress import silent
from catalog.records import record_of

from .files import INFO_SHEET, write_csv, write_csv_zip, write_json, write_xlsx
from .plan import latest_versions
from .resources import SHEETS
from .workbook import with_hall_titles

FORMATS = ("xlsx", "csv", "json")
CHUNK = 500
GENERAL_RULES = (
    "每个工作表第一行为列名，列名须与本说明一致；列的先后顺序不限，不需要的列可以删除。",
    "「事项」工作表必须有；其他工作表按「事项编码」关联到事项，同一事项的多行按表中顺序排列。",
    "缺少的工作表或列不会改动已有内容；有该工作表时，以表中内容替换该事项原有的全部条目。",
    "不要使用公式、合并单元格；日期写作 2026-09-15；是/否 一类的列填「是」或「否」。",
    f"「{INFO_SHEET}」工作表仅供阅读，导入时不读取。",
)


def guides(live=True, department=None):
    """The guides to export, in catalog order (department by department)."""
    root = CatalogIndexPage.objects.first()
    queryset = ServiceGuidePage.objects.all()
    if root is not None:
        queryset = queryset.descendant_of(root)
    if department is not None:
        queryset = queryset.child_of(department)
    if live:
        queryset = queryset.live().public()
    return queryset.order_by("path")


def export_records(live=True, department=None, progress=silent):
    """Every exported guide as a record with its department and hall titles."""
    hall_pages = HallPage.objects.live().public() if live else HallPage.objects.all()
    halls = {hall.pk: hall for hall in hall_pages}
    hall_slugs = {pk: hall.slug for pk, hall in halls.items()}
    hall_titles = {hall.slug: hall.title for hall in halls.values()}
    departments = {d.path: d.title for d in DepartmentPage.objects.all()}
    queryset = guides(live, department)
    total = queryset.count()
    records = []
    for start in range(0, total, CHUNK):
        pages = list(queryset[start:start + CHUNK].prefetch_related("themes", "hall_links"))
        if not live:
            pages = latest_versions(pages)
        for page in pages:
            record = with_hall_titles(record_of(page, hall_slugs), hall_titles)
            record["department"] = departments.get(page.path[:-page.steplen], "")
            records.append(record)
        progress("导出", len(records), total)
    return records


def sheets_of(records):
    """``[(resource class, Dataset)]``: the records through each sheet's resource."""
    return [(sheet, sheet().export([row for record in records for row in sheet.rows_for(record)]))
            for sheet in SHEETS]


def export_workbook(fmt, live=True, department=None, progress=silent, name="事项清单"):
    """The catalog as bytes in ``fmt``: an .xlsx workbook, a .zip of CSV files, or JSON."""
    sheets = sheets_of(export_records(live, department, progress))
    return render(sheets, fmt, name)


def render(sheets, fmt, name="事项清单"):
    if fmt == "xlsx":
        return write_xlsx(sheets, info_rows=field_info_rows())
    if fmt == "csv":
        return write_csv_zip(sheets, prefix=name)
    if fmt == "json":
        return write_json(sheets)
    raise ValueError(f"unknown format {fmt!r}")


def export_sheet_csv(slug, live=True):
    """One sheet of the live catalog as a CSV file (the open-data download per table)."""
    sheet = next(s for s in SHEETS if s.slug == slug)
    records = export_records(live)
    return write_csv(sheet().export([row for record in records for row in sheet.rows_for(record)]))


def template_workbook():
    """The blank workbook: every sheet with its columns, drop-downs and the field description."""
    return write_xlsx([(sheet, sheet().export([])) for sheet in SHEETS],
                      info_rows=field_info_rows(), dropdowns=True)


def field_descriptions():
    """Per sheet, its columns and what goes in them: for the template and the open-data page."""
    return [
        {"sheet": sheet.sheet, "slug": sheet.slug, "about": sheet.about,
         "columns": [{"header": c.column_name, "required": c.required,
                      "help": c.help, "format": c.widget.hint} for c in sheet.columns()]}
        for sheet in SHEETS
    ]


def field_info_rows():
    rows = [("填写说明", "", "", "")] + [("", "", rule, "") for rule in GENERAL_RULES]
    rows.append(("工作表", "列名", "说明", "填写格式"))
    for sheet in field_descriptions():
        rows.append((sheet["sheet"], "", sheet["about"], ""))
        for column in sheet["columns"]:
            header = column["header"] + ("（必填）" if column["required"] else "")
            rows.append((sheet["sheet"], header, column["help"], column["format"]))
    return rows
