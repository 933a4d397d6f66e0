"""What a printed guide shows: which sections, which URL its QR code leads to, which date.

The print view, the one-page notice and every handbook page render a guide through
``templates/printing/includes/guide.html`` with the context built here, so the three can not
drift apart, and all of them take their sections from ``page.sections`` (catalog/sections.py),
the same list the web page uses.
"""

from django.http import HttpRequest
from django.utils import timezone
from wagtail.models import Site
from django.utils.safestring import mark_safe

from catalog.sections import any_filled

from .pdf import site_root_url
from .qr import qr_svg

# A notice (一次告知单) is what a citizen takes home: what to bring and who qualifies, how it
# goes, where and when, how long, how much, what they get and whom to ask. Legal bases, FAQ and
# the item's catalog facts stay on the web and in the handbook.
NOTICE_SECTIONS = ("materials", "conditions", "process", "location", "time", "fees", "result",
                   "contacts")
# The notice leaves out common errors, sample and blank documents and web addresses (see
# print_notice.css): a section filled only with those would print as a bare heading, so these
# sections need some of what the notice does print.
NOTICE_CONTENT = {
    "materials": any_filled("materials"),
    "result": any_filled("result_name", "result_validity"),
    "contacts": any_filled("consultation_phone", "consultation_address", "complaint_phone",
                           "complaint_address", "reconsideration", "litigation"),
}


def public_url(page):
    """The guide's absolute public URL, from the configured site root (what the QR encodes)."""
    url = page.url or ""
    if url.startswith(("http://", "https://")):
        return url
    return site_root_url() + url


def print_request():
    """A request for rendering outside a request (handbook jobs): section templates may build
    page URLs (``routablepageurl``), which need one. It names the default site's host, so
    Wagtail's ``Site.find_for_request`` finds that site (one query, then cached on the request)."""
    request = HttpRequest()
    request.path = "/"
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        request.META["SERVER_NAME"], request.META["SERVER_PORT"] = site.hostname, str(site.port)
    return request


def notice_context(guide, printed_on=None):
    """Template context for a guide's notice: its notice sections that print something."""
    context = guide_context(guide, section_ids=NOTICE_SECTIONS, printed_on=printed_on)
    context["sections"] = [section for section in context["sections"]
                           if NOTICE_CONTENT.get(section.id, section.has_content)(guide)]
    return context


def guide_context(guide, *, section_ids=None, anchor="", printed_on=None, department=None,
                  part_title=""):
    """Template context for one guide on paper.

    ``section_ids`` limits the sections (in the web page's order); ``anchor`` prefixes the
    element ids so many guides can share one handbook; ``department`` saves a query when the
    caller already has it.
    """
    sections = guide.sections
    if section_ids is not None:
        sections = [section for section in sections if section.id in section_ids]
    url = public_url(guide)
    return {
        "page": guide,
        "department": department if department is not None else guide.department,
        "sections": sections,
        "qr": mark_safe(qr_svg(url)),
        "public_url": url,
        "printed_on": printed_on or timezone.localdate(),
        "anchor": anchor,
        "part_title": part_title,
    }
