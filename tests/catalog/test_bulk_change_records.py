"""Guides republished together (an import's changed guides) get the 更新记录 each would get
published on its own, written in a few queries however many there are."""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog import publishing
from catalog.bulk_pages import pages_published, publish_revisions, save_revisions
from catalog.models import ChangeRecord, GuideHall, HallPage, ServiceGuidePage, Theme
from catalog.publishing import change_summary

pytestmark = pytest.mark.django_db
MATERIAL = "批量重新发布测试材料"


def guides(count):
    pages = list(ServiceGuidePage.objects.order_by("pk").prefetch_related("themes", "hall_links"))
    assert len(pages) >= count
    return pages[:count]


def republish(pages, user=None):
    publish_revisions(pages, save_revisions(pages, user), user=user)


def change(pages):
    """Change each guide in its own way, as a re-imported row would: a material, its time limit,
    its themes, its halls, and for some the 重大变更 flag and the 本次更新说明."""
    themes, halls = list(Theme.objects.all()), list(HallPage.objects.all())
    for number, page in enumerate(pages):
        raw = list(page.materials.raw_data)
        raw.append({"type": "material", "value": {"name": f"{MATERIAL}{number}"},
                    "id": str(uuid.uuid4())})
        page.materials = raw
        page.promised_time_limit = (page.promised_time_limit or 0) + 1 + number % 3
        if number % 2:
            page.themes = themes[number % len(themes):][:2]
        if number % 3 == 0:
            page.hall_links = [GuideHall(hall=halls[number % len(halls)], window=f"B{number:02d}")]
        page.major_change = number % 2 == 0
        page.change_note = f"第 {number} 项调整" if number % 4 else ""


def expected(pages):
    """What publishing each guide on its own records: its change from the version its last
    record was made from, as Wagtail restores that revision."""
    summaries = {}
    for page in pages:
        last = ChangeRecord.objects.filter(guide=page).select_related("revision").first()
        summaries[page.pk] = change_summary(last.revision.as_object(), page)
    return summaries


def recorded(pages):
    """Republish ``pages`` in bulk; returns the queries recording their publication took (the
    receiver of ``pages_published``)."""
    counts, uid = [], "catalog_record_publications"

    def counted(sender, **kwargs):
        with CaptureQueriesContext(connection) as queries:
            publishing.record_publications(sender, **kwargs)
        counts.append(len(queries))

    pages_published.disconnect(sender=ServiceGuidePage, dispatch_uid=uid)
    pages_published.connect(counted, sender=ServiceGuidePage, dispatch_uid=uid)
    try:
        republish(pages, user=get_user_model().objects.get(username="admin"))
    finally:
        pages_published.disconnect(sender=ServiceGuidePage, dispatch_uid=uid)
        pages_published.connect(publishing.record_publications, sender=ServiceGuidePage,
                                dispatch_uid=uid)
    return sum(counts)


def test_republished_guides_record_what_changed_as_one_by_one_would():
    republish(guides(30))  # each now has a record made from a revision
    pages = guides(30)
    change(pages)
    summaries = expected(pages)
    admin = get_user_model().objects.get(username="admin")
    recorded(pages)
    for number, page in enumerate(pages):
        record = ChangeRecord.objects.filter(guide=page).first()
        assert record.summary == summaries[page.pk]
        assert f"申请材料：新增《{MATERIAL}{number}》" in record.summary
        assert "承诺办结时限：" in record.summary
        assert record.major is (number % 2 == 0)
        assert record.note == (f"第 {number} 项调整" if number % 4 else "")
        assert record.user == admin and record.revision_id == page.live_revision_id
        row = ServiceGuidePage.objects.get(pk=page.pk)
        assert row.change_note == "" and not row.major_change
        assert row.last_reviewed == timezone.localdate()  # a person published it
    assert any("主题：" in summaries[page.pk] for page in pages)
    assert any("办理地点：" in summaries[page.pk] for page in pages)


def test_recording_republished_guides_takes_as_many_queries_for_30_as_for_5():
    republish(guides(30))
    few = guides(5)
    change(few)
    few_queries = recorded(few)
    many = guides(30)
    change(many)
    many_queries = recorded(many)
    assert many_queries == few_queries, (few_queries, many_queries)
    assert few_queries <= 8  # last records, their revisions, themes, halls, insert, updates
