"""Background tasks of the admin's import: a batch's preview and its confirmed import.

They run on the task backend named by ``IMPORTING_TASK_BACKEND`` (settings: "# Importing"):
the immediate backend in tests, and django-tasks-db's database backend elsewhere, whose worker
is ``manage.py db_worker --backend importing --queue-name importing``. An import has a queue
of its own so that a long handbook build never keeps it waiting, nor the other way round.
"""

from django.conf import settings
from django_tasks import task

BACKEND = getattr(settings, "IMPORTING_TASK_BACKEND", "default")
QUEUE = "importing"


@task(backend=BACKEND, queue_name=QUEUE)
def preview_batch_task(batch_id):
    """Dry-run an uploaded batch and store its preview (progress is written to the batch)."""
    from .jobs import run_preview

    return run_preview(batch_id)


@task(backend=BACKEND, queue_name=QUEUE)
def confirm_batch_task(batch_id, publish=False, note=""):
    """Import a confirmed batch, all or nothing (progress is written to the batch)."""
    from .jobs import run_confirmation

    return run_confirmation(batch_id, publish, note)
