"""Personal data is kept only as long as the service needs it: N days after a request closes
(``ASSISTANCE_RETENTION_DAYS``, 180 by default) its personal fields are erased, while the row
(guide, hall, department, service, status, dates) stays, so the counts and the SLA report remain
true. Notes are erased too: staff write names and addresses into them.

Run daily by ``manage.py anonymise_assistance`` (the scheduler runs it with publish_scheduled).
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import CLOSED, AssistanceRequest, StatusEvent

ERASED = "（已匿名化）"


def retention_days():
    return int(getattr(settings, "ASSISTANCE_RETENTION_DAYS", 180))


@transaction.atomic
def anonymise_closed(now=None, days=None):
    """Erase the personal fields of requests closed more than ``days`` ago; returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=retention_days() if days is None else days)
    due = AssistanceRequest.objects.filter(status__in=CLOSED, closed_at__lte=cutoff,
                                           anonymised_at__isnull=True)
    pks = list(due.values_list("pk", flat=True))
    StatusEvent.objects.filter(request__in=pks).update(note="")
    AssistanceRequest.objects.filter(pk__in=pks).update(
        name=ERASED, phone="", preferred_time="", note="", anonymised_at=now)
    return len(pks)
