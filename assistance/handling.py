"""How a request moves: claim, assign, change status, with an event the citizen sees for each
status change. One place for the rules, so the admin view stays a form and a redirect.

The allowed moves follow the hall's work: a submitted request is accepted (or withdrawn); an
accepted one may need materials (材料待补, with the one complete list of what is missing) and is
then worked on and closed. A closed request does not reopen: the citizen asks again.
The first staff action on a request (claim, assignment or status change) is its first response;
the report's SLA figure is the time from submission to that.
"""

from django.utils import timezone

from .models import CLOSED, StatusEvent, Status

MOVES = {
    Status.SUBMITTED: (Status.ACCEPTED, Status.WITHDRAWN),
    Status.ACCEPTED: (Status.MISSING, Status.IN_PROGRESS, Status.DONE, Status.WITHDRAWN),
    Status.MISSING: (Status.IN_PROGRESS, Status.MISSING, Status.DONE, Status.WITHDRAWN),
    Status.IN_PROGRESS: (Status.MISSING, Status.DONE, Status.WITHDRAWN),
    Status.DONE: (),
    Status.WITHDRAWN: (),
}


class RefusedMove(ValueError):
    """A move the rules do not allow; its message is for the staff member, in Chinese."""


def next_statuses(assistance):
    return MOVES[Status(assistance.status)]


def _responded(assistance, now):
    if assistance.first_response_at is None:
        assistance.first_response_at = now


def claim(assistance, user):
    assign(assistance, user, user)


def assign(assistance, helper, by):
    if assistance.status in CLOSED:
        raise RefusedMove("已办结或已撤回的申请不能再分派。")
    now = timezone.now()
    assistance.assignee = helper
    _responded(assistance, now)
    assistance.save(update_fields=["assignee", "first_response_at"])


def change_status(assistance, status, by, note="", missing=()):
    """Move to ``status`` with ``note`` (shown to the citizen) and, for 材料待补, ``missing``:
    the list of what is missing, which must not be empty."""
    status = Status(status)
    if status not in next_statuses(assistance):
        raise RefusedMove(f"「{assistance.status}」的申请不能改为「{status}」。")
    missing = [item.strip() for item in missing if item and item.strip()]
    if status == Status.MISSING and not missing:
        raise RefusedMove("请选择或填写需要补充的材料，一次性告知申请人。")
    now = timezone.now()
    assistance.status = status
    _responded(assistance, now)
    if assistance.assignee_id is None:
        assistance.assignee = by
    if status in CLOSED:
        assistance.closed_at = now
    assistance.save(update_fields=["status", "first_response_at", "assignee", "closed_at"])
    return StatusEvent.objects.create(request=assistance, status=status, note=note.strip(),
                                      missing=missing if status == Status.MISSING else [], by=by)
