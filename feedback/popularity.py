"""Most-viewed guides, counted cheaply.

Each web worker counts guide views in memory (the page cache counts hits too, so cached views
count) and adds its counts to ``GuideViewCount`` at most every ``ZHINAN_VIEW_FLUSH_SECONDS``,
in one upsert statement. A worker that dies loses at most that many seconds of counts, which is
fine for a "most viewed" list and keeps the database out of the hot path. (No flush at exit:
at that point the connection settings may no longer name the database the counts belong to.)
"""

import logging
import threading
import time
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Sum
from django.utils import timezone

logger = logging.getLogger(__name__)

_pending = Counter()
_lock = threading.Lock()
_last_flush = time.monotonic()
MAX_PENDING = 2000


def count_view(guide_id):
    global _last_flush
    with _lock:
        _pending[(guide_id, timezone.localdate())] += 1
        due = (time.monotonic() - _last_flush >= settings.ZHINAN_VIEW_FLUSH_SECONDS
               or len(_pending) >= MAX_PENDING)
    if due:
        flush()


def _take():
    global _last_flush
    with _lock:
        counts = dict(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
    return counts


def flush():
    """Add the pending counts to the database; counts of guides deleted meanwhile are dropped."""
    from .models import GuideViewCount

    counts = _take()
    if not counts:
        return 0
    table = connection.ops.quote_name(GuideViewCount._meta.db_table)
    sql = (f"INSERT INTO {table} (guide_id, day, views) VALUES (%s, %s, %s) "
           f"ON CONFLICT (guide_id, day) DO UPDATE SET views = {table}.views + excluded.views")
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.executemany(sql, [(guide, day, n) for (guide, day), n in counts.items()])
    except DatabaseError:
        logger.warning("could not store %d guide view counts", len(counts), exc_info=True)
        return 0
    return sum(counts.values())


def most_viewed(limit=8, days=30):
    """Live, public guides with the most views in the last ``days`` days, most viewed first."""
    from catalog.models import ServiceGuidePage

    from .models import GuideViewCount

    since = timezone.localdate() - timedelta(days=days)
    top = list(GuideViewCount.objects.filter(day__gte=since, guide__live=True)
               .values("guide").annotate(total=Sum("views")).order_by("-total", "guide")
               [: limit * 2])
    guides = ServiceGuidePage.objects.live().public().in_bulk([row["guide"] for row in top])
    ranked = [guides[row["guide"]] for row in top if row["guide"] in guides]
    return ranked[:limit]

