"""What publishing a guide does besides going live: a change record, a fresh review date, and
its flowcharts laid out.

Connected to Wagtail's ``page_published`` signal in ``CatalogConfig.ready``, so it runs for every
way a guide gets published: the editor's button, a workflow approval, a scheduled go-live.
"""

from django.db import transaction
from django.db.models import F, Window, prefetch_related_objects
from django.db.models.functions import RowNumber
from django.utils import timezone
from wagtail.models import Page, Revision

from .changes import diff_records, summarize
from .models import ChangeRecord, ServiceGuidePage, Theme
from .models.history import guide_change_labels, guide_item_labels
from .records import record_of
from .versions import readable

FIRST_PUBLICATION = "首次发布"
BATCH_SIZE = 500


def change_summary(previous, current, hall_slugs=None):
    """Plain-Chinese summary of what changed between two versions of a guide (``hall_slugs``
    as ``record_of`` takes it)."""
    if previous is None:
        return FIRST_PUBLICATION
    changes = diff_records(record_of(previous, hall_slugs), record_of(current, hall_slugs),
                           guide_change_labels())
    return summarize(changes, guide_item_labels())


def record_publication(sender, instance, revision=None, in_bulk=False, **kwargs):
    if in_bulk:  # recorded with the others it was published with (record_publications)
        return
    _record([instance], [revision])


def record_publications(sender, pages, revisions, **kwargs):
    """``record_publication`` for guides published together (``catalog.bulk_pages``), the
    guides of an import: new and changed ones alike get their records and their cleared change
    notes in a few statements a batch, however many there are."""
    if issubclass(sender, ServiceGuidePage):
        _record(pages, revisions)


def _record(guides, revisions):
    """Record the publication of each of ``guides`` (its ``revisions``, in order): what changed
    since the version its last change record was made from, or 首次发布."""
    for start in range(0, len(guides), BATCH_SIZE):
        chunk, chunk_revisions = guides[start:start + BATCH_SIZE], revisions[start:start + BATCH_SIZE]
        previous, hall_slugs = _previous_versions(chunk)
        records, cleared = [], {}
        for guide, revision in zip(chunk, chunk_revisions):
            before = previous.get(guide.pk)
            summary = change_summary(before, guide, hall_slugs)
            records.append(_change_record(guide, revision, summary, before is not None))
            cleared.setdefault(records[-1].user is not None, []).append(guide.pk)
        ChangeRecord.objects.bulk_create(records, batch_size=BATCH_SIZE)
        for reviewed, ids in cleared.items():
            ServiceGuidePage.objects.filter(pk__in=ids).update(**_published_fields(reviewed))


def _previous_versions(guides):
    """``({guide id: the version its last change record was made from}, {hall id: slug})`` for
    guides that have a record, read in a few queries whatever their number (``versions``): a
    guide whose last record has no revision (history from before revisions) is compared with
    itself. The halls' slugs are those of the halls both versions link to."""
    latest = (ChangeRecord.objects.filter(guide__in=[guide.pk for guide in guides])
              .annotate(rank=Window(RowNumber(), partition_by=[F("guide")],  # its .first()
                                    order_by=ChangeRecord._meta.ordering))
              .filter(rank=1).values_list("guide", "revision"))
    revision_of = dict(latest)
    contents = dict(Revision.objects.filter(pk__in=[pk for pk in revision_of.values() if pk])
                    .values_list("pk", "content")) if any(revision_of.values()) else {}
    themes = {theme.pk: theme for theme in Theme.objects.all()} if contents else {}
    previous = {}
    for guide in guides:
        if guide.pk in revision_of:
            content = contents.get(revision_of[guide.pk])
            previous[guide.pk] = readable(guide, content, themes)
    if not previous:  # all published for the first time: nothing to compare
        return previous, None
    changed = [guide for guide in guides if guide.pk in previous]
    # Relations just committed (bulk_pages.publish_revisions) are read again from the database;
    # those still held in memory are read from there, whatever is prefetched.
    prefetch_related_objects(changed, "themes", "hall_links")
    hall_ids = {link.hall_id for version in (*changed, *previous.values())
                for link in version.hall_links.all()}
    return previous, dict(Page.objects.filter(pk__in=hall_ids).values_list("pk", "slug"))


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
    are laid out after their commit by whoever published them (``lay_out_flowcharts_of``: the
    import, after search has caught up) or by ``manage.py layout_flowcharts`` (the synthetic
    catalog): tens of thousands of charts are not drawn inside a transaction."""
    if not in_bulk:
        transaction.on_commit(lambda: instance.flowcharts)


def lay_out_all_flowcharts(guides, progress=None):
    """Lay out the flowcharts of ``guides`` (a queryset) a chunk at a time; charts laid out
    before (the same DOT source) cost a cache or file read. Returns how many guides."""
    total = guides.count()
    _lay_out(guides.iterator(chunk_size=200), total, progress)
    return total


def lay_out_flowcharts_of(ids, progress=None):
    """``lay_out_all_flowcharts`` for the guides with these ids (an import's published ones),
    read a batch at a time."""
    ids = list(ids)
    _lay_out((guide for start in range(0, len(ids), BATCH_SIZE)
              for guide in ServiceGuidePage.objects.filter(pk__in=ids[start:start + BATCH_SIZE])
              .order_by("pk")), len(ids), progress)
    return len(ids)


def _lay_out(guides, total, progress):
    from .progress import silent

    progress = progress or silent
    for done, guide in enumerate(guides, start=1):
        guide.flowcharts  # noqa: B018  (laid out and stored as a side effect)
        progress("流程图", done, total, guide.title)
