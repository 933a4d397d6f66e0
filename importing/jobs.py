"""Running a batch's preview and import in the background, and what the admin page polls.

The admin queues a task (``importing.tasks``) and returns at once; the task writes its progress
to the batch row and the page polls it, so closing the tab changes nothing. The import writes
in one transaction (``importer.apply_plan``): a worker stopped half-way writes nothing.

A worker killed outright (SIGKILL, a crash, a machine restart) cannot say so, and its batch
would look busy for ever; so each batch records the process that runs it (host, pid and that
process's start time), and a running batch whose process is gone is marked failed when it is
next looked at (:func:`fail_if_stale`). A process on another host cannot be checked: its batch
is taken for dead after ``IMPORTING_STALE_SECONDS`` without a progress update. Updates made
while the guides are written are inside the import's transaction, and invisible until it
commits, so that allowance must be longer than the longest write.
"""

import os
import socket
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .batches import confirm_batch, failure_reason, mark_failed, plan_batch
from .models import ImportBatch

STALE = "后台导入任务已停止（进程已退出或重启），事项清单未作任何改动。可以重新确认导入。"
REPORT_EVERY = timedelta(seconds=2)  # within a percent, one progress UPDATE in that time


def stale_after():
    return timedelta(seconds=getattr(settings, "IMPORTING_STALE_SECONDS", 1800))


def queue_preview(batch):
    """Queue the dry run of a batch created as PLANNING."""
    from .tasks import preview_batch_task

    _reset_progress(batch.pk, ImportBatch.Status.PLANNING)
    preview_batch_task.enqueue(batch.pk)


def queue_confirmation(batch, publish=False, note=""):
    """Queue the import of a confirmable batch; False if it is already queued or running."""
    from .tasks import confirm_batch_task

    if not _reset_progress(batch.pk, ImportBatch.Status.IMPORTING,
                           status__in=(ImportBatch.Status.PREVIEWED, ImportBatch.Status.FAILED)):
        return False
    confirm_batch_task.enqueue(batch.pk, publish, note)
    return True


def _reset_progress(pk, status, **condition):
    return ImportBatch.objects.filter(pk=pk, **condition).update(
        status=status, worker="", progress_stage="排队", progress_done=0, progress_total=0,
        progress_detail="", progress_at=timezone.now())


def run_preview(batch_id):
    batch = _claim(batch_id, ImportBatch.Status.PLANNING)
    if batch is None:
        return "skipped"
    try:
        plan_batch(batch, progress_writer(batch.pk))
    except BaseException as error:
        mark_failed(batch, failure_reason(error))
        raise
    return batch.status


def run_confirmation(batch_id, publish=False, note=""):
    batch = _claim(batch_id, ImportBatch.Status.IMPORTING)
    if batch is None:
        return "skipped"
    try:
        confirm_batch(batch, publish, note, progress_writer(batch.pk))
    except BaseException as error:
        if batch.status == ImportBatch.Status.IMPORTING:  # stopped before writing began
            mark_failed(batch, failure_reason(error))
        raise
    return batch.status


def _claim(batch_id, status):
    """The batch, now marked as run by this process; None if another took it or it was
    marked failed while it waited."""
    claimed = ImportBatch.objects.filter(pk=batch_id, status=status, worker="").update(
        worker=this_process(), progress_at=timezone.now())
    return ImportBatch.objects.get(pk=batch_id) if claimed else None


def progress_writer(batch_id):
    """A progress callback writing to the batch row: at each new percent of a stage, at its end,
    and at most every REPORT_EVERY otherwise (a detail changing on each guide)."""
    last = {}

    def report(stage, done, total, detail=""):
        now = timezone.now()
        percent = (stage, 100 * done // max(total, 1))
        if percent == last.get("percent") and now - last["at"] < REPORT_EVERY and done < total:
            return
        last.update(percent=percent, at=now)
        ImportBatch.objects.filter(pk=batch_id).update(
            progress_stage=stage[:32], progress_done=done, progress_total=total,
            progress_detail=detail[:200], progress_at=now)

    return report


def fail_if_stale(batch):
    """Mark ``batch`` failed if it is running in a process that is gone; True if it was."""
    if not batch.is_running or not batch.worker:  # queued tasks wait for a worker, kept by the queue
        return False
    alive = is_alive(batch.worker)
    if alive is None:  # another host's process: judged by its last sign of life
        alive = batch.progress_at is not None and timezone.now() - batch.progress_at < stale_after()
    if alive:
        return False
    failed = ImportBatch.objects.filter(pk=batch.pk, status=batch.status, worker=batch.worker).update(
        status=ImportBatch.Status.FAILED, finished_at=timezone.now(),
        report={**batch.report, "error": STALE})
    batch.refresh_from_db()
    return bool(failed)


def this_process():
    return f"{socket.gethostname()}:{os.getpid()}:{_started(os.getpid())}"


def is_alive(worker):
    """Whether the process named by ``this_process()`` still runs; None if it is on another
    host. The start time tells a restarted worker that was given the same pid from the old one."""
    host, pid, started = worker.rsplit(":", 2)
    if host != socket.gethostname() or not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it runs, as another user
        pass
    return _started(pid) == started


def _started(pid):
    """The process's start time in clock ticks since boot (Linux), "" where /proc is missing."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rpartition(")")[2].split()[19]
    except (OSError, IndexError):
        return ""
