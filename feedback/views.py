"""Public feedback views: thin wiring of the forms, the spam defences and the model.

They are served under the site root (``/fankui/…``) as routes of the home page, which
``FeedbackConfig.ready()`` registers with ``catalog.routes`` (``ROUTES`` below), so they need no
URL configuration of their own and the home page imports none of them. Posts reach them only when
the rate limit lets them through: it is counted before routing, by
``feedback.throttle.FeedbackThrottleMiddleware``, which knows a submit post by its route name.
"""

from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from catalog import routes
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


def feedback_page(request, site_root, guide_id):
    """Both forms on a page of their own (a link target, and where errors are shown)."""
    return _page(request, live_guide(guide_id))


def report(request, site_root, guide_id):
    return submit(request, guide_id, Kind.ERROR_REPORT)


def rating(request, site_root, guide_id):
    return submit(request, guide_id, Kind.RATING)


def submit(request, guide_id, kind):
    if request.method != "POST":
        return redirect(routes.route_path(routes.SITE_ROOT, ROUTES["form"], guide_id=guide_id))
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


def thanks(request, site_root, guide_id):
    guide = live_guide(guide_id)
    return TemplateResponse(request, "feedback/thanks.html", {
        "guide": guide, "is_rating": request.GET.get("type") == "rating",
    })


# Route names under the site root, registered by FeedbackConfig.ready(): /fankui/<guide id>/…
ROUTES = {"form": "feedback_form", "report": "feedback_report", "rating": "feedback_rating",
          "thanks": "feedback_thanks"}
SUBMIT_ROUTES = {ROUTES["report"], ROUTES["rating"]}  # the posts the throttle counts
PATTERNS = (  # (route below the site root, view, name)
    ("fankui/<int:guide_id>/", feedback_page, ROUTES["form"]),
    ("fankui/<int:guide_id>/jiucuo/", report, ROUTES["report"]),
    ("fankui/<int:guide_id>/pingjia/", rating, ROUTES["rating"]),
    ("fankui/<int:guide_id>/xiexie/", thanks, ROUTES["thanks"]),
)


def feedback_url(guide, name, kind=None):
    """Public URL of a feedback view of ``guide``."""
    url = routes.route_path(routes.SITE_ROOT, ROUTES[name], guide_id=guide.pk)
    if kind:
        url += "?type=" + ("rating" if kind == Kind.RATING else "report")
    return url
