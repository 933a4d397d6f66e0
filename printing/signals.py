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

from catalog.models import BundlePage, DepartmentPage, HallPage, ServiceGuidePage


def handbooks_printing(guide):
    """Handbooks that printed ``guide`` or whose scope includes it now."""
    from .models import Handbook

    department_path = guide.path[: -guide.steplen]
    in_scope = (
        Q(built_revisions__has_key=str(guide.pk))
        | Q(scope=Handbook.Scope.HALL, hall__guide_links__guide=guide)
        | Q(scope=Handbook.Scope.DEPARTMENT, department__path=department_path)
        | Q(scope=Handbook.Scope.THEME, theme__guides=guide)
        | Q(scope=Handbook.Scope.BUNDLE, bundle__items__guide=guide)
        | Q(scope=Handbook.Scope.SELECTION, picked_guides__guide=guide)
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
def on_publish(sender, instance, **kwargs):
    if isinstance(instance, ServiceGuidePage):
        _guide_changed(instance, "更新")
        if getattr(settings, "PRINTING_PREBUILD_NOTICES", False):
            from .tasks import prebuild_notice_task

            guide_id = instance.pk
            transaction.on_commit(lambda: prebuild_notice_task.enqueue(guide_id))
    elif isinstance(instance, (HallPage, DepartmentPage, BundlePage)):
        _place_changed(instance, "更新")


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
