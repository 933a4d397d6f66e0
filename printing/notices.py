"""The one-page notice (一次告知单) of a guide as a PDF, cached until the guide changes.

A notice is printed at a hall counter while the citizen waits, so it is served from the cache
whenever possible. The cache key names everything the PDF shows that can change: the guide's
live revision and publication time, the printing date ("打印于 …"), and a generation number
bumped whenever a hall or department page is published (their addresses and hours are printed
too). Publishing the guide deletes its entry at once (``signals.py``) and, where a background
worker runs, builds the new one straight away.
"""

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone

from . import pdf
from .documents import notice_context, print_request

LAYOUT_VERSION = 4  # bump when the notice's templates or stylesheet change
GENERATION_KEY = "printing:notice-generation"
CACHE_SECONDS = 60 * 60 * 24 * 2


def notice_html(guide, request=None, printed_on=None):
    context = notice_context(guide, printed_on=printed_on)
    context["request"] = request or print_request()
    return render_to_string("printing/notice.html", context)


# Copyfitting: a notice that runs a little over two sheets (its last sheet less than a third
# full) is set once more, a notch tighter (10pt instead of 10.5pt, leading 1.42), and the tighter
# setting is kept if it saves a sheet.
TARGET_PAGES = 2
OVERRUN = 1 / 3
TIGHTER = ":root { font-size: 10pt; line-height: 1.42; } .guide-section { margin-top: 2mm; }"
END = "notice-end"  # the id of the empty element closing a notice (printing/notice.html)


def last_page_fill(document):
    """How far down its last page a laid-out document's content reaches (0–1).

    Read where the element closing the content (``id="notice-end"``) lands, from WeasyPrint's
    public ``Page.anchors``, not from its box tree: on the 42 demo notices both give the same
    fill to four decimals. A document without that element counts as full (never refitted).
    """
    page = document.pages[-1]
    anchor = page.anchors.get(END)  # (x, y, …) in CSS pixels from the page's top left
    return anchor[1] / page.height if anchor else 1


def render_notice(guide, request=None, printed_on=None):
    """The notice's PDF bytes, laid out now (fitted to two sheets where a notch tighter does)."""
    html = notice_html(guide, request, printed_on)
    sheets = pdf.stylesheets("notice")
    document = pdf.render(html, sheets)
    if len(document.pages) > TARGET_PAGES and last_page_fill(document) < OVERRUN:
        tighter = pdf.render(html, [*sheets, pdf.CSS(string=TIGHTER)])
        if len(tighter.pages) < len(document.pages):
            document = tighter
    return pdf.write_pdf(document, title=f"{guide.title} 一次告知单",
                         authors=[guide.department_name or settings.WAGTAIL_SITE_NAME])


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
