"""What publishing does to print: cached notices are dropped, handbooks go out of date.

Only publish and unpublish matter (saving a draft changes nothing printed). A guide's change
touches its own notice and every handbook that prints it or whose scope it now belongs to; a
hall's or department's change (address, hours, name) touches every notice and the handbooks
for that hall or department.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone
from wagtail.signals import page_published, page_unpublished

from catalog.bulk_pages import pages_published
from catalog.models import BundlePage, DepartmentPage, HallPage, ServiceGuidePage

NOTICE_CHUNK = 200  # guides per query and per prebuild task when many are published together


def handbooks_printing(*guides):
    """Handbooks that printed any of ``guides`` or whose scope includes one of them now."""
    from .models import Handbook

    pks = [guide.pk for guide in guides]
    department_paths = {guide.path[: -guide.steplen] for guide in guides}
    in_scope = (
        Q(built_revisions__has_any_keys=[str(pk) for pk in pks])
        | Q(scope=Handbook.Scope.HALL, hall__guide_links__guide__in=pks)
        | Q(scope=Handbook.Scope.DEPARTMENT, department__path__in=department_paths)
        | Q(scope=Handbook.Scope.THEME, theme__guides__in=pks)
        | Q(scope=Handbook.Scope.BUNDLE, bundle__items__guide__in=pks)
        | Q(scope=Handbook.Scope.SELECTION, picked_guides__guide__in=pks)
    )
    # Only editions that exist: a handbook never built has nothing to be out of date.
    return Handbook.objects.filter(in_scope, built_at__isnull=False).distinct()


def _guide_changed(guide, verb):
    from .jobs import mark_outdated
    from .notices import forget_notice

    forget_notice(guide.pk)
    when = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    mark_outdated(handbooks_printing(guide), f"《{guide.title}》于 {when} {verb}")


@receiver(page_published)
def on_publish(sender, instance, in_bulk=False, **kwargs):
    if isinstance(instance, ServiceGuidePage):
        if in_bulk:  # done with the guides it was published with (on_publish_together)
            return
        _guide_changed(instance, "更新")
        _prebuild_notices([instance.pk])
    elif isinstance(instance, (HallPage, DepartmentPage, BundlePage)):
        _place_changed(instance, "更新")


@receiver(pages_published)
def on_publish_together(sender, pages, **kwargs):
    """Guides published together (an import): their notices forgotten, the handbooks printing
    any of them marked once, and their notices queued a chunk per task, not a task each."""
    if not issubclass(sender, ServiceGuidePage) or not pages:
        return
    from .jobs import mark_outdated
    from .models import Handbook
    from .notices import forget_notice

    for guide in pages:
        forget_notice(guide.pk)
    outdated = set()
    for start in range(0, len(pages), NOTICE_CHUNK):
        chunk = pages[start:start + NOTICE_CHUNK]
        outdated.update(handbooks_printing(*chunk).values_list("pk", flat=True))
    when = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    others = f"等 {len(pages)} 项" if len(pages) > 1 else ""
    mark_outdated(Handbook.objects.filter(pk__in=outdated),
                  f"《{pages[0].title}》{others}于 {when} 更新")
    _prebuild_notices([guide.pk for guide in pages])


def _prebuild_notices(guide_ids):
    """Lay out the published guides' notices after the commit (PRINTING_PREBUILD_NOTICES)."""
    if not getattr(settings, "PRINTING_PREBUILD_NOTICES", False):
        return
    from .tasks import prebuild_notice_task, prebuild_notices_task

    if len(guide_ids) == 1:
        transaction.on_commit(lambda: prebuild_notice_task.enqueue(guide_ids[0]))
        return
    for start in range(0, len(guide_ids), NOTICE_CHUNK):
        chunk = guide_ids[start:start + NOTICE_CHUNK]
        transaction.on_commit(lambda chunk=chunk: prebuild_notices_task.enqueue(chunk))


@receiver(page_unpublished)
def on_unpublish(sender, instance, **kwargs):
    if isinstance(instance, ServiceGuidePage):
        _guide_changed(instance, "下线")
    elif isinstance(instance, (HallPage, DepartmentPage, BundlePage)):
        _place_changed(instance, "下线")


def _place_changed(page, verb):
    from .jobs import mark_outdated
    from .models import Handbook
    from .notices import forget_all_notices

    if not isinstance(page, BundlePage):
        forget_all_notices()
    when = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    handbooks = Handbook.objects.filter(
        Q(hall_id=page.pk) | Q(department_id=page.pk) | Q(bundle_id=page.pk),
        built_at__isnull=False)
    mark_outdated(handbooks, f"「{page.title}」于 {when} {verb}")
