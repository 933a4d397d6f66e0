"""What publishing a guide does besides going live: a change record, a fresh review date, and
its flowcharts laid out.

Connected to Wagtail's ``page_published`` signal in ``CatalogConfig.ready``, so it runs for every
way a guide gets published: the editor's button, a workflow approval, a scheduled go-live.
"""

from django.db import transaction
from django.utils import timezone

from .changes import diff_records, summarize
from .models import ChangeRecord, ServiceGuidePage
from .models.history import guide_change_labels, guide_item_labels
from .records import record_of

FIRST_PUBLICATION = "首次发布"


def change_summary(previous, current):
    """Plain-Chinese summary of what changed between two versions of a guide."""
    if previous is None:
        return FIRST_PUBLICATION
    changes = diff_records(record_of(previous), record_of(current),
                           guide_change_labels())
    return summarize(changes, guide_item_labels())


def record_publication(sender, instance, revision=None, in_bulk=False, **kwargs):
    if in_bulk:  # recorded with the others it was published with (record_publications)
        return
    guide = instance
    last = ChangeRecord.objects.filter(guide=guide).select_related("revision").first()
    previous = last.revision.as_object() if last and last.revision else None
    if previous is None and last is not None:
        previous = guide  # history predates revisions; nothing to compare against
    record = _change_record(guide, revision, change_summary(previous, guide), previous is not None)
    record.save()
    updates = _published_fields(record.user is not None)
    ServiceGuidePage.objects.filter(pk=guide.pk).update(**updates)


def record_publications(sender, pages, revisions, **kwargs):
    """``record_publication`` for guides published together (``catalog.bulk_pages``): those
    published for the first time, the whole of an import of new guides, get their records and
    their cleared change notes in a few statements; any other is recorded on its own."""
    if not issubclass(sender, ServiceGuidePage):
        return
    pks = [guide.pk for guide in pages]
    recorded = set()
    for start in range(0, len(pks), 500):
        recorded.update(ChangeRecord.objects.filter(guide__in=pks[start:start + 500])
                        .values_list("guide", flat=True))
    first, cleared = [], {}
    for guide, revision in zip(pages, revisions):
        if guide.pk in recorded:
            record_publication(sender, guide, revision)
            continue
        first.append(_change_record(guide, revision, FIRST_PUBLICATION, False))
        cleared.setdefault(first[-1].user is not None, []).append(guide.pk)
    ChangeRecord.objects.bulk_create(first, batch_size=500)
    for reviewed, ids in cleared.items():
        for start in range(0, len(ids), 500):
            ServiceGuidePage.objects.filter(pk__in=ids[start:start + 500]).update(
                **_published_fields(reviewed))


def _change_record(guide, revision, summary, has_previous):
    return ChangeRecord(
        guide=guide, revision=revision, published_at=timezone.now(),
        major=guide.major_change and has_previous, note=guide.change_note.strip(),
        summary=summary, user=revision.user if revision else None,
    )


def _published_fields(by_someone):
    """What a publication resets on the guide's row: the next change note starts empty."""
    updates = {"change_note": "", "major_change": False}
    if by_someone:  # a person approved this content: it counts as reviewed today
        updates["last_reviewed"] = timezone.localdate()
    return updates


def lay_out_flowcharts(sender, instance, in_bulk=False, **kwargs):
    """Lay out the published guide's flowcharts now, not on its first view: Graphviz takes
    20–80 ms a chart, the largest cost of a guide page rendered cold (bench/load_public.py).
    After the commit, so a rolled-back publication lays out nothing. Guides published together
    (an import, the synthetic catalog) are laid out by ``manage.py layout_flowcharts``: tens of
    thousands of charts are not drawn inside an import."""
    if not in_bulk:
        transaction.on_commit(lambda: instance.flowcharts)


def lay_out_all_flowcharts(guides, progress=None):
    """Lay out the flowcharts of ``guides`` (a queryset) a chunk at a time; charts laid out
    before (the same DOT source) cost a cache or file read. Returns how many guides."""
    from .progress import silent

    progress = progress or silent
    total = guides.count()
    for done, guide in enumerate(guides.iterator(chunk_size=200), start=1):
        guide.flowcharts  # noqa: B018  (laid out and stored as a side effect)
        progress("流程图", done, total, guide.title)
    return total
