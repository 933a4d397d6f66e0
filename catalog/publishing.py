"""What publishing a guide does besides going live: a change record, and a fresh review date.

Connected to Wagtail's ``page_published`` signal in ``CatalogConfig.ready``, so it runs for every
way a guide gets published: the editor's button, a workflow approval, a scheduled go-live.
"""

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


def record_publication(sender, instance, revision=None, **kwargs):
    guide = instance
    last = ChangeRecord.objects.filter(guide=guide).select_related("revision").first()
    previous = last.revision.as_object() if last and last.revision else None
    if previous is None and last is not None:
        previous = guide  # history predates revisions; nothing to compare against
    summary = change_summary(previous, guide)
    user = revision.user if revision else None
    ChangeRecord.objects.create(
        guide=guide, revision=revision, published_at=timezone.now(),
        major=guide.major_change and previous is not None, note=guide.change_note.strip(),
        summary=summary, user=user,
    )
    updates = {"change_note": "", "major_change": False}
    if user is not None:  # a person approved this content: it counts as reviewed today
        updates["last_reviewed"] = timezone.localdate()
    ServiceGuidePage.objects.filter(pk=guide.pk).update(**updates)

