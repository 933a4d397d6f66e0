"""Who sees which 帮办代办 request: the staff handling it, nobody else (个人信息保护法 minimum
necessary). That is the members of a helper team of the request's hall, and the staff of the
request's department (those who may edit its pages, the boundary ``catalog/access.py`` draws
and feedback uses); superusers see all. A hall helper never sees another hall's requests, a
department's staff never another department's.
"""

from django.db.models import Q

from feedback.access import departments_for

from .models import AssistanceRequest, HelperTeam


def requests_for(user):
    if not (user.is_authenticated and user.is_active):
        return AssistanceRequest.objects.none()
    if user.is_superuser:
        return AssistanceRequest.objects.all()
    halls = HelperTeam.objects.filter(members=user).values("hall")
    return AssistanceRequest.objects.filter(
        Q(hall__in=halls) | Q(department__in=departments_for(user).values("pk")))


def may_use_queue(user):
    """Whether the admin menu offers the queue: a helper, a department's staff or a superuser."""
    if not (user.is_authenticated and user.is_active):
        return False
    return (user.is_superuser or HelperTeam.objects.filter(members=user).exists()
            or departments_for(user).exists())


def helpers_for(assistance):
    """Whom a request may be assigned to: the members of its hall's teams."""
    from django.contrib.auth import get_user_model

    if assistance.hall_id is None:
        return get_user_model().objects.none()
    return (get_user_model().objects.filter(helper_teams__hall=assistance.hall_id, is_active=True)
            .distinct().order_by("last_name", "first_name", "username"))
