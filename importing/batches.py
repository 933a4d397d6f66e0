"""Import batches: the dry run, the confirmation and the record of each import.

The admin previews a batch when it is uploaded and imports it when the user confirms (both as
background tasks, see ``importing.jobs``); the command does both at once. Confirming plans the
import again from the stored file and goes on only if the plan still matches what the user saw:
if the catalog changed meanwhile, the user gets the new preview instead of an import they did
not review. Each step reports to a ``progress`` callback (``catalog.progress``).
"""

import logging

from django.utils import timezone

from catalog.progress import silent

from .importer import apply_plan, import_files
from .models import ImportBatch

logger = logging.getLogger(__name__)
INTERRUPTED = "后台导入任务被中止（进程退出或重启），事项清单未作任何改动。可以重新确认导入。"


def create_batch(file_name, content, user=None, department=None, create_missing=False,
                 source=ImportBatch.Source.ADMIN, keep_content=True,
                 status=ImportBatch.Status.PREVIEWED):
    return ImportBatch.objects.create(
        file_name=file_name[:255], file_size=len(content), content=content if keep_content else b"",
        user=user, department=department, create_missing=create_missing, source=source,
        status=status,
    )


def plan_batch(batch, progress=silent):
    """Dry-run the batch's file; the preview is stored on the batch."""
    plan = _plan(batch, progress, keep_pages=False)
    _store_preview(batch, plan)
    return plan


def _plan(batch, progress, keep_pages):
    return import_files([(batch.file_name, bytes(batch.content))], user=batch.user,
                        department=batch.department, create_missing=batch.create_missing,
                        keep_pages=keep_pages, progress=progress)


def _store_preview(batch, plan):
    batch.report = plan.report()
    batch.digest = plan.digest()
    batch.status = ImportBatch.Status.PREVIEWED if plan.ok else ImportBatch.Status.INVALID
    batch.save(update_fields=["report", "digest", "status"])


def can_confirm(batch):
    """A batch may be imported once previewed, and again after an import that failed (nothing
    of it was written); only while its file is kept (the command keeps none)."""
    return (batch.status in (ImportBatch.Status.PREVIEWED, ImportBatch.Status.FAILED)
            and bool(batch.digest) and bool(batch.content) and not batch.problems)


def confirm_batch(batch, publish=False, note="", progress=silent):
    """Import a previewed batch; returns ``(plan, imported)``.

    Nothing is written when the file has problems or the plan no longer matches the stored
    preview (``imported`` is False and the batch shows the new preview).
    """
    expected = batch.digest
    plan = _plan(batch, progress, keep_pages=True)
    if not plan.ok or plan.digest() != expected:
        _store_preview(batch, plan)
        if plan.ok:  # the catalog changed after the preview: show the new one, import nothing
            batch.report["stale"] = True
            batch.save(update_fields=["report"])
        return plan, False
    record_import(batch, plan, publish, note, progress)
    return plan, True


def record_import(batch, plan, publish=False, note="", progress=silent):
    """Apply ``plan`` for ``batch`` and store the outcome; a failure is stored, then raised.

    The batch is recorded as imported as soon as the import commits, even if what follows the
    commit (the search index catching up) fails. Anything that stops the write before the commit
    (an error, or the worker told to exit: ``SystemExit``) leaves the batch failed, nothing
    written, with a reason a person can read.
    """
    try:
        apply_plan(plan, user=batch.user, publish=publish, note=note, batch=batch,
                   progress=progress)
    except BaseException as error:
        if not plan.committed:
            logger.exception("import batch %s failed", batch.pk)
            mark_failed(batch, failure_reason(error))
        raise
    finally:
        if plan.committed:
            batch.status = ImportBatch.Status.IMPORTED
            batch.publish = publish
            batch.report = plan.report()
            batch.finished_at = timezone.now()
            batch.save(update_fields=["status", "publish", "report", "finished_at"])
    return plan


def failure_reason(error):
    if not isinstance(error, Exception):  # SystemExit, KeyboardInterrupt: the process stopped
        return INTERRUPTED
    return f"{type(error).__name__}: {error}"


def mark_failed(batch, reason):
    batch.status = ImportBatch.Status.FAILED
    batch.report = {**batch.report, "error": reason}
    batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "report", "finished_at"])
