"""Admin pages for reviewers and editors: compare a submitted version with the live one, and
the staleness report. Thin: the diff and the queries live in changes.py and staleness.py."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from .browsing import group_by_department
from .changes import diff_records
from .models import ServiceGuidePage
from .models.history import guide_change_labels, guide_item_labels
from .records import record_of
from .staleness import stale_after_days, stale_guides


def compare_with_live(request, page_id):
    """Side by side: the live version and the latest (submitted) revision, field by field."""
    live = get_object_or_404(ServiceGuidePage, pk=page_id)
    if not live.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    latest = live.get_latest_revision_as_object()
    changes = diff_records(record_of(live), record_of(latest), guide_change_labels())
    return TemplateResponse(request, "catalog/admin/compare.html", {
        "page": live, "changes": changes, "item_labels": guide_item_labels(),
        "revision": live.latest_revision, "is_live": live.live,
    })


def stale_report(request):
    try:
        days = max(0, int(request.GET.get("days", stale_after_days())))
    except ValueError:
        days = stale_after_days()
    guides = stale_guides(request.user, days)
    return TemplateResponse(request, "catalog/admin/stale_report.html", {
        "days": days, "groups": group_by_department(guides), "count": guides.count(),
    })
