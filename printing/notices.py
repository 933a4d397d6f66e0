"""The one-page notice (一次告知单) of a guide as a PDF, cached until the guide changes.

A notice is printed at a hall counter while the citizen waits, so it is served from the cache
whenever possible. The cache key names everything the PDF shows that can change: the guide's
live revision and publication time, the printing date ("打印于 …"), and a generation number
bumped whenever a hall or department page is published (their addresses and hours are printed
too). Publishing the guide deletes its entry at once (``signals.py``) and, where a background
worker runs, builds the new one straight away.
"""

import math
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone

from . import pdf
from .documents import notice_context, print_request

LAYOUT_VERSION = 5  # bump when the notice's templates or stylesheet change
GENERATION_KEY = "printing:notice-generation"
CACHE_SECONDS = 60 * 60 * 24 * 2


def notice_html(guide, request=None, printed_on=None):
    context = notice_context(guide, printed_on=printed_on)
    context["request"] = request or print_request()
    return render_to_string("printing/notice.html", context)


# Copyfitting: a notice is one A4 side. It is laid out on a larger sheet (A4 × zoom) and the
# PDF is written at 1/zoom, so everything (type, spacing, the flowchart) shrinks by the same
# factor, between 1 (the stylesheet's own sizes: 10.5pt text) and MAX_ZOOM. The stylesheet sets
# nothing below 9.75pt, so no text prints below 7.5pt (body text 8.1pt at the tightest); what
# must keep its physical size (margins, QR code, the sheet's footer) is set per zoom
# (``sheet_css``). A guide that does not fit even so first leaves out what the summary box
# already says (ESSENTIALS); only one whose materials alone run over takes a second side, and
# its first page says 续见背面 at its foot (CONTINUED).
MAX_ZOOM = 1.3
SLACK = 1.03  # the estimate of the roomiest zoom that fits errs on the tight side by this much
# What a second render leaves out when the whole notice does not fit one side, keeping the
# summary box, the materials, the conditions, the flowchart and steps, the places, the
# contacts and the QR code: the time limit and the fee are in the summary box; the result,
# quantity limits and prohibited requirements are on the web page (.notice-more says so).
# A section's box stays, empty: the summary box links to #time and #fees. Sections are set
# a little closer.
LEFT_OUT = (".section-time", ".section-result", ".section-fees")
ESSENTIALS = (", ".join(f"{section} > *" for section in LEFT_OUT)
              + ", .section-conditions h3, .section-conditions h3 + p { display: none; }"
              + ", ".join(LEFT_OUT) + " { margin: 0; } .guide-section { margin-top: 1.2mm; }")
CONTINUED = '@page :first { @bottom-center { content: "续见背面"; } }'

END = "notice-end"  # the id of the empty element closing a notice (printing/notice.html)


def used_pages(document):
    """How many pages a laid-out notice fills, fractionally (1.5: its second page half full).

    Read where the element closing the content (``id="notice-end"``) lands, from WeasyPrint's
    public ``Page.anchors``: the notice is set in two columns filled one after the other, so
    an end in the right half of the page means the left column is full. A document without
    that element counts as full.
    """
    page = document.pages[-1]
    anchor = page.anchors.get(END)  # (x, y, …) in CSS pixels from the page's top left
    if not anchor:
        return len(document.pages)
    down = anchor[1] / page.height
    fill = (1 + down) / 2 if anchor[0] > page.width / 2 else down / 2
    return len(document.pages) - 1 + fill


def sheet_css(zoom):
    """What keeps its size on paper whatever the zoom: the A4 sheet and its margins, the QR
    code (scanned from a phone, ≥ 20mm), the footer."""
    return pdf.CSS(string=f"""
        @page {{ size: {210 * zoom:.2f}mm {297 * zoom:.2f}mm;
                 margin: {10 * zoom:.2f}mm {12 * zoom:.2f}mm {12 * zoom:.2f}mm;
          @bottom-left {{ font-size: {8 * zoom:.2f}pt; }}
          @bottom-center {{ font-size: {9 * zoom:.2f}pt; }}
          @bottom-right {{ font-size: {9 * zoom:.2f}pt; }} }}
        .print-qr, .print-qr svg {{ width: {22 * zoom:.2f}mm; }}
        .print-qr svg {{ height: {22 * zoom:.2f}mm; }}
        .print-qr figcaption {{ font-size: {7.5 * zoom:.2f}pt; }}
        .print-guide-heading {{ margin-right: {27 * zoom:.2f}mm; }}
        .print-guide-header {{ min-height: {25 * zoom:.2f}mm; }}""")


class Fit(NamedTuple):
    document: object  # WeasyPrint's laid-out Document
    zoom: float  # the notice is printed at 1/zoom of its stylesheet's sizes
    essentials: bool  # what ESSENTIALS hides was left out to fit one side


def fit(html, sheets):
    """The roomiest setting in which the notice is one page, else the tightest, on two sides
    or more, its first page saying 续见背面."""
    def layout(zoom, *extra):
        return pdf.render(html, [*sheets, sheet_css(zoom), *extra])

    tightest = layout(MAX_ZOOM)
    if len(tightest.pages) > 1:
        essentials = layout(MAX_ZOOM, pdf.CSS(string=ESSENTIALS))
        if len(essentials.pages) == 1:
            return Fit(essentials, MAX_ZOOM, True)
        return Fit(layout(MAX_ZOOM, pdf.CSS(string=CONTINUED)), MAX_ZOOM, False)
    # The page's area grows with the square of the zoom.
    zoom = max(1, MAX_ZOOM * math.sqrt(used_pages(tightest)) * SLACK)
    if zoom < MAX_ZOOM - .01:
        roomier = layout(zoom)
        if len(roomier.pages) == 1:
            return Fit(roomier, zoom, False)
    return Fit(tightest, MAX_ZOOM, False)


def fit_notice(guide, request=None, printed_on=None):
    return fit(notice_html(guide, request, printed_on), pdf.stylesheets("notice"))


def notice_bytes(guide, fitted):
    """The PDF of a fitted notice, on A4."""
    return pdf.write_pdf(fitted.document, zoom=1 / fitted.zoom, title=f"{guide.title} 一次告知单",
                         authors=[guide.department_name or settings.WAGTAIL_SITE_NAME])


def render_notice(guide, request=None, printed_on=None):
    """The notice's PDF bytes, laid out now and fitted to one A4 side where it can be."""
    return notice_bytes(guide, fit_notice(guide, request, printed_on))


def _generation():
    return cache.get_or_set(GENERATION_KEY, 1, None)


def cache_key(guide, printed_on=None):
    published = guide.last_published_at.timestamp() if guide.last_published_at else 0
    day = (printed_on or timezone.localdate()).isoformat()
    return (f"printing:notice:{LAYOUT_VERSION}:{guide.pk}:{guide.live_revision_id}:"
            f"{published:.0f}:{_generation()}:{day}")


def _pointer(guide_id):
    return f"printing:notice-current:{guide_id}"


def notice_pdf(guide, request=None):
    """The notice of a live guide, from the cache or laid out and cached."""
    key = cache_key(guide)
    data = cache.get(key)
    if data is None:
        data = render_notice(guide, request)
        cache.set_many({key: data, _pointer(guide.pk): key}, CACHE_SECONDS)
    return data


def forget_notice(guide_id):
    """Drop the cached notice of a guide (its content changed or it went offline)."""
    key = cache.get(_pointer(guide_id))
    if key:
        cache.delete_many([key, _pointer(guide_id)])


def forget_all_notices():
    """Invalidate every cached notice at once (a hall or department changed)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)
