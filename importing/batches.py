"""Import batches: the dry run, the confirmation and the record of each import.

The admin previews a batch when it is uploaded and imports it when the user confirms; the
command does both at once. Confirming plans the import again from the stored file and goes on
only if the plan still matches what the user saw: if the catalog changed meanwhile, the user
gets the new preview instead of an import they did not review. Each step is a generator of
progress events (see ``importer.import_steps``) with a plain function beside it.
"""

import logging

from django.utils import timezone

from .importer import apply_steps, import_steps
from home.progress import run
from .models import ImportBatch

logger = logging.getLogger(__name__)


def create_batch(file_name, content, user=None, department=None, create_missing=False,
                 source=ImportBatch.Source.ADMIN, keep_content=True):
    return ImportBatch.objects.create(
        file_name=file_name[:255], file_size=len(content), content=content if keep_content else b"",
        user=user, department=department, create_missing=create_missing, source=source,
    )


def plan_batch(batch, progress=None):
    return run(plan_batch_steps(batch), progress)


def plan_batch_steps(batch, keep_pages=False):
    """Dry-run the batch's file; the preview is stored on the batch."""
    plan = yield from import_steps([(batch.file_name, bytes(batch.content))], user=batch.user,
                                   department=batch.department,
                                   create_missing=batch.create_missing, keep_pages=keep_pages)
    batch.report = plan.report()
    batch.digest = plan.digest()
    batch.status = ImportBatch.Status.PREVIEWED if plan.ok else ImportBatch.Status.INVALID
    batch.save(update_fields=["report", "digest", "status"])
    return plan


def confirm_batch(batch, publish=False, note="", progress=None):
    return run(confirm_batch_steps(batch, publish, note), progress)


def confirm_batch_steps(batch, publish=False, note=""):
    """Import a previewed batch; returns ``(plan, imported)``.

    Nothing is written when the file has problems or the plan no longer matches the stored
    preview (``imported`` is False and the batch shows the new preview).
    """
    expected = batch.digest
    plan = yield from plan_batch_steps(batch, keep_pages=True)
    if not plan.ok or plan.digest() != expected:
        if plan.ok:  # the catalog changed after the preview: show the new one, import nothing
            batch.report["stale"] = True
            batch.save(update_fields=["report"])
        return plan, False
    yield from record_import_steps(batch, plan, publish, note)
    return plan, True


def record_import(batch, plan, publish=False, note="", progress=None):
    return run(record_import_steps(batch, plan, publish, note), progress)


def record_import_steps(batch, plan, publish=False, note=""):
    """Apply ``plan`` for ``batch`` and store the outcome; a failure is stored, then raised.

    The batch is recorded as imported as soon as the import commits, even if the listener goes
    away while the search index catches up (a closed browser tab closes these steps)."""
    try:
        yield from apply_steps(plan, user=batch.user, publish=publish, note=note, batch=batch)
    except Exception as error:
        if not plan.committed:
            logger.exception("import batch %s failed", batch.pk)
            batch.status = ImportBatch.Status.FAILED
            batch.report = {**batch.report, "error": f"{type(error).__name__}: {error}"}
            batch.finished_at = timezone.now()
            batch.save(update_fields=["status", "report", "finished_at"])
        raise
    finally:
        if plan.committed:
            batch.status = ImportBatch.Status.IMPORTED
            batch.publish = publish
            batch.report = plan.report()
            batch.finished_at = timezone.now()
            batch.save(update_fields=["status", "publish", "report", "finished_at"])
    return plan
