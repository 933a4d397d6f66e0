"""Who sees which feedback: a department's staff see their department's, superusers all.

"Staff of a department" means whoever may edit its pages under Wagtail's page permission
policy, which is exactly what ``catalog/access.py`` grants each department's editor and
reviewer groups on their department page. So feedback follows the same boundary as the guides,
and a group given a wider subtree (the whole catalog) sees all departments below it.
"""

from django.core.exceptions import PermissionDenied
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import page_permission_policy

ACTIONS = ("view", "change")


def departments_for(user):
    from catalog.models import DepartmentPage

    if not (user.is_authenticated and user.is_active):
        return DepartmentPage.objects.none()
    if user.is_superuser:
        return DepartmentPage.objects.all()
    pages = page_permission_policy.instances_user_has_any_permission_for(user, ["change"])
    return DepartmentPage.objects.filter(pk__in=pages.values("pk"))


class FeedbackPermissionPolicy(BasePermissionPolicy):
    """View and handle (change) feedback of one's departments; only superusers may delete
    (spam); nobody adds feedback in the admin."""

    def user_has_permission(self, user, action):
        if not (user.is_authenticated and user.is_active):
            return False
        if user.is_superuser:
            return action != "add"
        return action in ACTIONS and departments_for(user).exists()

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return (self.user_has_permission(user, action)
                and departments_for(user).filter(pk=instance.department_id).exists())

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        from .models import Feedback

        if not self.user_has_any_permission(user, actions):
            return Feedback.objects.none()
        return Feedback.objects.filter(department__in=departments_for(user))

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(is_active=True, is_superuser=True)

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


def require_feedback_access(user):
    if not FeedbackPermissionPolicy(None).user_has_permission(user, "view"):
        raise PermissionDenied
