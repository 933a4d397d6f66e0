"""Public 帮办代办 views: the request form of a guide and the status page.

Served under the site root (``/bangban/…``) as routes registered by ``AssistanceConfig.ready()``;
their posts are counted by the feedback rate limit (``feedback.throttle.count_posts_to``) before
routing, so a flood of requests or of guesses at a status page is refused cheaply.
"""

from django.shortcuts import redirect
from django.template.response import TemplateResponse

from catalog import routes
from feedback.views import MAX_BODY_BYTES, live_guide

from .forms import NOTE_MAX, LookupForm, RequestForm
from .core import phone_matches
from .models import AssistanceRequest, StatusEvent


def guide_halls(guide):
    return [link.hall for link in guide.live_hall_links]


def request_page(request, site_root, guide_id):
    guide = live_guide(guide_id)
    halls = guide_halls(guide)
    if request.method != "POST":
        return _form(request, guide, RequestForm(halls=halls))
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES:
        return _form(request, guide, RequestForm(halls=halls), 413, "提交的内容过长，请精简后再提交。")
    form = RequestForm(request.POST, halls=halls)
    if form.is_bot:
        return redirect(routes.route_path(routes.SITE_ROOT, ROUTES["lookup"]))
    if not form.is_valid():
        return _form(request, guide, form, 400, "提交未成功，请按提示修改后重新提交。")
    data = form.cleaned_data
    hall = next((h for h in halls if h.pk == data["hall"]), None)
    assistance = AssistanceRequest.objects.create(
        guide=guide, guide_title=guide.title, department=guide.department, hall=hall,
        service=data["service"], name=data["name"], phone=data["phone"],
        preferred_time=data["preferred_time"], special_group=data["special_group"],
        note=data["note"])
    StatusEvent.objects.create(request=assistance, status=assistance.status)
    return TemplateResponse(request, "assistance/submitted.html",
                            {"guide": guide, "assistance": assistance,
                             "lookup_url": routes.route_path(routes.SITE_ROOT, ROUTES["lookup"])})


def _form(request, guide, form, status=200, message=""):
    return TemplateResponse(request, "assistance/request_form.html", {
        "guide": guide, "form": form, "message": message, "note_max": NOTE_MAX}, status=status)


def lookup(request, site_root):
    """The status page: a post of reference + the phone's last four digits (never in a URL)."""
    form = LookupForm(request.POST if request.method == "POST" else None)
    assistance, message, status = None, "", 200
    if form.is_bound:
        if form.is_valid():
            found = AssistanceRequest.objects.filter(
                reference=form.cleaned_data["reference"], anonymised_at__isnull=True).first()
            if found and phone_matches(found.phone, form.cleaned_data["last4"]):
                assistance = found
            else:
                message, status = "没有找到与受理编号和手机号码后 4 位相符的申请，请核对后再查。", 404
        else:
            status = 400
    response = TemplateResponse(request, "assistance/status.html", {
        "form": form, "assistance": assistance, "message": message,
        "events": assistance.events.all() if assistance else ()}, status=status)
    response["Cache-Control"] = "no-store"
    return response


def power_of_attorney(request, site_root, guide_id):
    """The default 委托书 (power of attorney) for 代办 of this item, as a page to print and
    fill in by hand: the applicant signs it and hands it over with the materials. A guide whose
    editors attached their own sends there (a printed or bookmarked link keeps working)."""
    guide = live_guide(guide_id)
    if guide.attorney_document_id:
        return redirect(guide.attorney_document.url)
    return TemplateResponse(request, "assistance/power_of_attorney.html",
                            {"guide": guide, "halls": guide_halls(guide)})


ROUTES = {"request": "assistance_request", "lookup": "assistance_lookup",
          "attorney": "assistance_attorney"}
POST_ROUTES = {ROUTES["request"], ROUTES["lookup"]}  # both posts are rate-limited
PATTERNS = (
    ("bangban/<int:guide_id>/", request_page, ROUTES["request"]),
    ("bangban/chaxun/", lookup, ROUTES["lookup"]),
    ("bangban/<int:guide_id>/weituoshu/", power_of_attorney, ROUTES["attorney"]),
)


def request_url(guide):
    return routes.route_path(routes.SITE_ROOT, ROUTES["request"], guide_id=guide.pk)


def power_of_attorney_url(guide):
    """The 委托书 the guide's editors attached (its document's address, served only once a
    live version uses it), else the generated default."""
    if guide.attorney_document_id:
        return guide.attorney_document.url
    return routes.route_path(routes.SITE_ROOT, ROUTES["attorney"], guide_id=guide.pk)
