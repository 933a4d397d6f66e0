"""Background tasks (django-tasks, which Wagtail 8 ships).

They run on the task backend named by ``PRINTING_TASK_BACKEND`` (settings: "# Printing"):
the immediate backend in tests, and django-tasks-db's database backend elsewhere, whose worker
is ``manage.py db_worker --backend printing --queue-name printing``. Handbooks have their
own backend alias so that Wagtail's own tasks (reference index, image renditions) keep
running as they are configured.
"""

from django.conf import settings
from django_tasks import task

BACKEND = getattr(settings, "PRINTING_TASK_BACKEND", "default")
QUEUE = "printing"


@task(backend=BACKEND, queue_name=QUEUE)
def build_handbook_task(handbook_id):
    """Lay out a stored handbook and save its PDF (progress is written to the Handbook)."""
    from .jobs import run_build

    handbook = run_build(handbook_id)
    return handbook.status if handbook else "deleted"


@task(backend=BACKEND, queue_name=QUEUE)
def prebuild_notice_task(guide_id):
    """Lay out a guide's notice right after it is published, so the counter never waits."""
    from catalog.models import ServiceGuidePage

    from .notices import notice_pdf

    guide = ServiceGuidePage.objects.live().filter(pk=guide_id).first()
    if guide is not None:
        notice_pdf(guide)
    return bool(guide)


@task(backend=BACKEND, queue_name=QUEUE)
def prebuild_notices_task(guide_ids):
    """``prebuild_notice_task`` for guides published together (an import): one task a chunk."""
    return sum(bool(prebuild_notice_task.call(guide_id)) for guide_id in guide_ids)
