"""HTML to PDF with WeasyPrint: the one place that knows how the printing app calls it.

Everything printed is rendered from Django templates, then laid out here with the paper
stylesheets of ``static/css/``. Resources are read from the project's own static files and
media storage, never fetched over the network: a PDF must not depend on (or leak requests to)
anything outside the site, and the build must work on a hall's offline machine.

Speed: WeasyPrint subsets every embedded font per document. With HarfBuzz's subsetter
(Debian ``libharfbuzz-subset0``) that takes milliseconds; without it WeasyPrint falls back to
fontTools, which parses the whole CFF table of a Noto CJK font each time, about 6 s per
weight per document. ``checks.py`` reports a missing HarfBuzz-subset as a warning, and the
Makefile installs it. ``bench/print_pdf.py`` measures notices and handbooks.
"""

import logging
import mimetypes
import re
import threading
from contextlib import contextmanager
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from weasyprint import CSS, HTML
from weasyprint.css.counters import CounterStyle
from weasyprint.html import UA
from weasyprint.text.fonts import FontConfiguration

from catalog.site_url import public_root_url
from weasyprint.urls import URLFetcher, URLFetcherResponse

STYLESHEETS = {
    "paper": "css/paper.css",
    "notice": "css/print_notice.css",
    "handbook": "css/print_handbook.css",
}

# Paper options -> the page size laid out. An A5 booklet is laid out in A5 and imposed two-up
# on A4 landscape sheets for saddle stitching (assembly.saddle_stitch_sides).
BOOKLET = "A5-booklet"
PAPER_SIZES = {"A4": "A4", "A5": "A5", BOOKLET: "A5"}


def static_path(name):
    path = finders.find(name)
    if not path:
        raise FileNotFoundError(f"静态文件 {name} 不存在")
    return path


class LocalFetcher(URLFetcher):
    """Serve ``/static/`` and ``/media/`` from disk and storage; refuse every other URL.

    Relative URLs in the templates are resolved against the site's root URL (the base URL of
    the document), so only the path decides what is read.
    """

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = unquote(urlsplit(url).path)
        if path.startswith(settings.STATIC_URL):
            found = finders.find(path[len(settings.STATIC_URL):])
            if found:
                with open(found, "rb") as handle:
                    return self._response(url, handle.read())
        elif path.startswith(settings.MEDIA_URL):
            name = path[len(settings.MEDIA_URL):]
            if default_storage.exists(name):
                with default_storage.open(name, "rb") as handle:
                    return self._response(url, handle.read())
        raise ValueError(f"印制时不获取站外或不存在的资源：{url}")

    @staticmethod
    def _response(url, body):
        content_type = mimetypes.guess_type(urlsplit(url).path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def page_size_css(size):
    """The one rule that differs between an A4 sheet and an A5 booklet."""
    if PAPER_SIZES.get(size) == "A5":
        # A booklet: narrower margins and 10pt text, so a line still holds about 28 characters.
        return CSS(string="@page { size: A5; margin: 16mm 13mm 15mm; } :root { font-size: 10pt; }"
                          ".flowchart { float: none; width: auto; margin: 0 0 2mm; }")
    return CSS(string="@page { size: A4; }")


def stylesheets(*names, size="A4"):
    sheets = [CSS(filename=static_path(STYLESHEETS[name])) for name in ("paper", *names)]
    return sheets + [page_size_css(size)]


# WeasyPrint's user-agent stylesheet gives every element six pseudo-elements (``::marker``,
# ``::footnote-call``, ``::footnote-marker``, ``::note-call``, ``::note-marker``,
# ``::note-callback``), and the cascade computes a style for each of them: for a guide of ~500
# elements that is a third of the time spent on styles. Nothing printed here uses footnotes or
# notes, and only list items and summaries draw markers, so the printing documents use the same
# sheet with those rules narrowed or dropped. A handbook lays out hundreds of documents: this is
# about 10 % of its time.
def _print_ua_source(source=UA):
    """WeasyPrint's user-agent sheet without the footnote and note rules and with markers only
    on list items and summaries. The edits rely on each of those rules being one line of
    ``html5_ua.css``; if a WeasyPrint release writes them otherwise, this fails on import (and
    so in every printing test) instead of quietly leaving half a rule behind."""
    trimmed, removed = re.subn(r"^::(footnote|note)-[a-z]+ \{[^\n{}]*\}[ \t]*$", "", source,
                               flags=re.MULTILINE)
    marker = "\n::marker {"
    if removed != 5 or source.count(marker) != 1 or re.search(r"::(footnote|note)-", trimmed):
        raise RuntimeError("WeasyPrint's user-agent stylesheet changed: review printing.pdf "
                           f"(removed {removed} of 5 footnote/note rules)")
    return trimmed.replace(marker, "\nli::marker, summary::marker {")


PRINT_UA_STYLESHEET = CSS(
    string=_print_ua_source(),
    # Its @counter-style rules are WeasyPrint's own, already in every document's counter styles.
    counter_style=CounterStyle(),
)


class PrintHTML(HTML):
    """WeasyPrint's HTML with the printing user-agent stylesheet (no form styles: nothing
    printed is a form)."""

    def _ua_stylesheets(self, forms=False):
        return [PRINT_UA_STYLESHEET]


class _OnlyWhatMatters(logging.Filter):
    """Let through errors and missing glyphs; drop per-element notes about web-only CSS."""

    def filter(self, record):
        return record.levelno >= logging.ERROR or ".notdef" in record.getMessage()


@contextmanager
def quiet_weasyprint():
    """Silence WeasyPrint's per-element warnings (unsupported web-only CSS, skipped previews,
    in-page links of the web page); a missing glyph is still reported."""
    logger = logging.getLogger("weasyprint")
    only = _OnlyWhatMatters()
    logger.addFilter(only)
    try:
        yield
    finally:
        logger.removeFilter(only)


_fonts = threading.local()


def font_config():
    """This thread's WeasyPrint font configuration, shared by everything it prints.

    WeasyPrint makes a new one per document unless given one, and each loads the CJK fonts
    afresh into a new Pango font map; those piled up until the garbage collector freed them
    (six notices in a row peaked at 574 MB of RSS, 385 MB with one shared map). Pango is not
    thread-safe, so it is one per thread: each costs ~9 MB of memory for as long as the thread
    lives (plus ~63 MB of mappings of the font files, which RSS counts but which share the
    page cache). The print CSS has no ``@font-face``, so nothing is added to it per document.
    """
    config = getattr(_fonts, "config", None)
    if config is None:
        config = _fonts.config = FontConfiguration()
    return config


def render(html, sheets):
    """Lay ``html`` out; returns WeasyPrint's Document (pages, anchors, bookmarks)."""
    with quiet_weasyprint():
        return PrintHTML(string=html, base_url=site_root_url() + "/",
                         url_fetcher=LocalFetcher()).render(stylesheets=sheets,
                                                            font_config=font_config())


def write_pdf(document, target=None, zoom=1, **metadata):
    """The PDF bytes of a rendered document (or write them to ``target``), its pages scaled
    by ``zoom`` (a notice laid out on a larger sheet, printed on A4)."""
    for key, value in metadata.items():
        setattr(document.metadata, key, value)
    with quiet_weasyprint():
        return document.write_pdf(target, zoom=zoom)


def site_root_url():
    """The public root URL the QR codes and printed links point to (catalog/site_url.py)."""
    return public_root_url()
