"""Building a stored Handbook: what the background task runs, and how it reports progress.

Progress and status are written to the Handbook row as the build goes (one UPDATE per
percent), which is what the admin polls. The file is replaced only when the new PDF is
complete, so the public download never points to half a book. After a build, the guides it
printed are compared with what is live now: a guide published during the build leaves the
handbook marked out of date (and queued again when rebuilding is the policy).
"""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from catalog.models import ServiceGuidePage

from .handbooks import EmptyHandbook, HandbookSpec, build_handbook
from .models import Handbook, rebuild_policy
from .scopes import ScopeNotFound

logger = logging.getLogger(__name__)


def _update(handbook_id, **fields):
    Handbook.objects.filter(pk=handbook_id).update(**fields)


def _progress_writer(handbook_id):
    last = {"percent": -1}

    def report(stage, done, total, detail=""):
        percent = min(99, int(done * 100 / max(total, 1)))
        if percent != last["percent"]:
            last["percent"] = percent
            _update(handbook_id, progress=percent, progress_note=f"正在{stage}：{detail}"[:300])

    return report


def run_build(handbook_id):
    """Build the handbook's PDF now. Returns the Handbook, or None if it was deleted."""
    handbook = Handbook.objects.filter(pk=handbook_id).first()
    if handbook is None:
        return None
    _update(handbook_id, status=Handbook.Status.BUILDING, progress=0,
            progress_note="正在收集已发布的办事指南", error="")
    try:
        spec = HandbookSpec(handbook.resolve_scope(), handbook.title, handbook.issuing_unit,
                            handbook.edition_date, handbook.paper_size)
        built = build_handbook(spec, progress=_progress_writer(handbook_id))
    except (ScopeNotFound, EmptyHandbook) as error:
        _update(handbook_id, status=Handbook.Status.FAILED, progress=0, progress_note="",
                error=str(error))
        return Handbook.objects.get(pk=handbook_id)
    except Exception as error:
        logger.exception("handbook %s failed", handbook_id)
        _update(handbook_id, status=Handbook.Status.FAILED, progress=0, progress_note="",
                error=f"生成时出错（{type(error).__name__}）：{error}"[:2000])
        return Handbook.objects.get(pk=handbook_id)

    handbook.refresh_from_db()
    old_name = handbook.file.name
    name = f"{handbook.pk}-{handbook.edition_date:%Y%m%d}.pdf"
    handbook.file.save(name, ContentFile(built.pdf), save=False)
    handbook.status = Handbook.Status.READY
    handbook.progress = 100
    handbook.progress_note = f"共 {built.page_count} 页，收录 {len(built.guide_revisions)} 项"
    handbook.page_count = built.page_count
    handbook.file_size = len(built.pdf)
    handbook.built_at = timezone.now()
    handbook.built_revisions = {str(pk): revision for pk, revision in built.guide_revisions.items()}
    handbook.is_outdated = False
    handbook.outdated_note = ""
    handbook.save()
    if old_name and old_name != handbook.file.name:
        handbook.file.storage.delete(old_name)
    _recheck(handbook)
    return handbook


def _recheck(handbook):
    """Flag (or queue) the handbook again if a printed guide was published meanwhile."""
    printed = {int(pk): revision for pk, revision in handbook.built_revisions.items()}
    live = dict(ServiceGuidePage.objects.filter(pk__in=printed).live()
                .values_list("pk", "live_revision_id"))
    changed = [pk for pk, revision in printed.items() if live.get(pk) != revision]
    if changed:
        mark_outdated(Handbook.objects.filter(pk=handbook.pk),
                      f"{len(changed)} 项办事指南在排版期间有更新")


def mark_outdated(handbooks, note):
    """Mark ``handbooks`` out of date; with the "rebuild" policy, queue them to be built again."""
    ids = list(handbooks.values_list("pk", flat=True))
    if not ids:
        return []
    Handbook.objects.filter(pk__in=ids).update(is_outdated=True, outdated_note=note[:300])
    if rebuild_policy() == "rebuild":
        for pk in ids:
            queue_build(pk)
    return ids


def queue_build(handbook_id):
    """Queue a build after the current transaction commits (a queued one is not queued twice)."""
    from .tasks import build_handbook_task

    updated = (Handbook.objects.filter(pk=handbook_id)
               .exclude(status=Handbook.Status.QUEUED)
               .update(status=Handbook.Status.QUEUED, progress=0, progress_note="等待后台生成",
                       error=""))
    if updated:
        transaction.on_commit(lambda: build_handbook_task.enqueue(handbook_id))
    return bool(updated)
