"""The public open-data download of the live catalog, and its field description page.

Only live, public guides are written (``exporter`` with ``live=True``): a draft never reaches
the download. Building a large catalog takes seconds, so each file is cached under a key that
changes whenever anything is published or unpublished, and for a quarter of an hour at most.
"""

from django.core.cache import cache
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from wagtail.models import Page

from .exporter import export_sheet_csv, export_workbook, field_descriptions, template_workbook
from .resources import SHEETS

CACHE_SECONDS = 15 * 60
NAME = "事项清单"
EXTENSIONS = {"xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
              "csv": ("zip", "application/zip"), "json": ("json", "application/json"),
              "csv-sheet": ("csv", "text/csv; charset=utf-8")}


def download(data, fmt, name):
    """``data`` as a file download named ``name`` (Chinese names are kept, RFC 6266)."""
    extension, content_type = EXTENSIONS[fmt]
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.{extension}")
    return response


def _catalog_version():
    live = Page.objects.live().aggregate(published=Max("last_published_at"), count=Count("pk"))
    stamp = live["published"].timestamp() if live["published"] else 0
    return f"{stamp:.0f}-{live['count']}"


def _cached(kind, build):
    return cache.get_or_set(f"importing:open-data:{kind}:{_catalog_version()}", build, CACHE_SECONDS)


def open_data(request):
    return render(request, "importing/open_data.html", {
        "sheets": field_descriptions(),
        "formats": [("xlsx", "Excel 工作簿", "全部工作表，含填写说明"),
                    ("csv", "CSV（zip）", "每个工作表一个 CSV 文件，UTF-8 编码"),
                    ("json", "JSON", "以工作表名称为键，每行一个对象")],
    })


def download_catalog(request, fmt):
    if fmt not in ("xlsx", "csv", "json"):
        raise Http404
    data = _cached(fmt, lambda: export_workbook(fmt, live=True, name=NAME))
    return download(data, fmt, NAME)


def download_sheet(request, slug):
    sheet = next((s for s in SHEETS if s.slug == slug), None)
    if sheet is None:
        raise Http404
    data = _cached(f"sheet-{slug}", lambda: export_sheet_csv(slug))
    return download(data, "csv-sheet", f"{NAME}-{sheet.sheet}")


def download_template(request):
    return download(template_workbook(), "xlsx", f"{NAME}-空白模板")
