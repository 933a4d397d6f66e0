"""Public print views of a guide: ``<guide url>print/`` (for the browser) and ``pdf/`` (the notice).

``PrintingConfig.ready()`` registers both as ServiceGuidePage routes (``catalog.routes``). Wagtail
only routes live pages, and the page is read again from the page table here, so what is printed
is always the published version, never a draft.
"""

from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse

from catalog.models import ServiceGuidePage

from .documents import guide_context
from .notices import notice_pdf


def live_guide(page):
    guide = ServiceGuidePage.objects.live().filter(pk=page.pk).first()
    if guide is None:
        raise Http404("该办事指南未发布。")
    return guide


def guide_print(request, page):
    guide = live_guide(page)
    return TemplateResponse(request, "printing/guide_print.html", {
        **guide_context(guide), "request": request,
    })


def guide_pdf(request, page):
    guide = live_guide(page)
    response = HttpResponse(notice_pdf(guide, request), content_type="application/pdf")
    filename = quote(f"{guide.title}-一次告知单.pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{filename}"
    response["Cache-Control"] = "public, max-age=300"
    return response
