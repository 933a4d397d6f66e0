"""Public feedback views: thin wiring of the forms, the spam defences and the model.

They are served under the home page (``HomePage`` routes ``/fankui/…``), so they need no URL
configuration of their own. Posts reach them only when the rate limit lets them through: it is
counted before routing, by ``feedback.throttle.FeedbackThrottleMiddleware``.
"""

from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from catalog.sections import GUIDE_SECTIONS

from .forms import COMMENT_MAX, CONTACT_MAX, TEXT_MAX, ErrorReportForm, RatingForm
from .models import Feedback, Kind, Score

MAX_BODY_BYTES = 16 * 1024
SECTION_TITLES = {section.id: section.title for section in GUIDE_SECTIONS}
FORMS = {Kind.ERROR_REPORT: ErrorReportForm, Kind.RATING: RatingForm}


def live_guide(guide_id):
    from catalog.models import ServiceGuidePage

    guide = ServiceGuidePage.objects.live().public().filter(pk=guide_id).first()
    if guide is None:
        raise Http404("没有找到该办事指南。")
    return guide


def forms_context(guide, report_form=None, rating_form=None, cacheable=True):
    """What ``feedback/includes/forms.html`` needs; ``cacheable`` forms get a token placeholder."""
    return {
        "guide": guide, "cacheable": cacheable,
        "report_form": report_form or ErrorReportForm(),
        "rating_form": rating_form or RatingForm(),
        "scores": Score.choices,
        "sections": guide.sections,
        "report_url": feedback_url(guide, "report"), "rating_url": feedback_url(guide, "rating"),
        "text_max": TEXT_MAX, "comment_max": COMMENT_MAX, "contact_max": CONTACT_MAX,
    }


def _page(request, guide, status=200, message="", report_form=None, rating_form=None):
    context = forms_context(guide, report_form, rating_form, cacheable=False)
    context["message"] = message
    return TemplateResponse(request, "feedback/form_page.html", context, status=status)


def feedback_page(request, guide_id):
    """Both forms on a page of their own (a link target, and where errors are shown)."""
    return _page(request, live_guide(guide_id))


def submit(request, guide_id, kind):
    if request.method != "POST":
        return redirect(f"/{PREFIX}/{int(guide_id)}/")
    guide = live_guide(guide_id)
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES:
        return _page(request, guide, status=413,
                     message="提交的内容过长，请精简到 1000 字以内后再提交。")

    form = FORMS[kind](request.POST)
    if form.is_bot:  # looks like success to the bot, stores nothing
        return redirect(feedback_url(guide, "thanks", kind))
    if not form.is_valid():
        name = "report_form" if kind == Kind.ERROR_REPORT else "rating_form"
        return _page(request, guide, status=400, message="提交未成功，请按提示修改后重新提交。",
                     **{name: form})
    data = form.cleaned_data
    Feedback.objects.create(
        kind=kind, guide=guide, department=guide.department,
        score=data.get("score"),
        section=data.get("section") if data.get("section") in SECTION_TITLES else "",
        text=data.get("text") or data.get("comment") or "",
        contact=data.get("contact", ""),
    )
    return redirect(feedback_url(guide, "thanks", kind))


def thanks(request, guide_id):
    guide = live_guide(guide_id)
    return TemplateResponse(request, "feedback/thanks.html", {
        "guide": guide, "is_rating": request.GET.get("type") == "rating",
    })


# The home page serves these (home/models.py), under the site root: /fankui/<guide id>/…
PREFIX = "fankui"
ROUTES = {"form": "", "report": "jiucuo/", "rating": "pingjia/", "thanks": "xiexie/"}


def feedback_url(guide, name, kind=None):
    """Public URL of a feedback view of ``guide``."""
    url = f"/{PREFIX}/{guide.pk}/{ROUTES[name]}"
    if kind:
        url += "?type=" + ("rating" if kind == Kind.RATING else "report")
    return url
