"""Which guides need attention: not reviewed for a long time, or waiting for a reviewer.

Both lists are limited to the guides a user may edit, so a department editor sees their own.
"""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from wagtail.models import WorkflowState
from wagtail.permission_policies.pages import PagePermissionPolicy

from .models import ServiceGuidePage


def stale_after_days():
    return getattr(settings, "ZHINAN_STALE_AFTER_DAYS", 180)


def editable_guides(user):
    pages = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return ServiceGuidePage.objects.filter(pk__in=pages.values("pk"))


def stale_guides(user, days=None, today=None):
    """Live guides the user may edit whose last review is older than ``days`` (or never)."""
    days = stale_after_days() if days is None else days
    cutoff = (today or timezone.localdate()) - datetime.timedelta(days=days)
    return (editable_guides(user).live()
            .filter(Q(last_reviewed__lt=cutoff) | Q(last_reviewed__isnull=True))
            .order_by("last_reviewed", "path"))


def waiting_for_review(user):
    """Guides the user may edit that are in an approval workflow right now."""
    states = WorkflowState.objects.active().filter(
        base_content_type__model="page",
        object_id__in=[str(pk) for pk in editable_guides(user).values_list("pk", flat=True)],
    ).select_related("current_task_state__task")
    guides = {str(g.pk): g for g in ServiceGuidePage.objects.filter(
        pk__in=[int(s.object_id) for s in states])}
    return [(guides[s.object_id], s) for s in states if s.object_id in guides]
