"""帮办代办 in the admin: the queue (priority first), one request with its handling forms, the
report per hall, and the CSV export. Thin: who sees what is ``access``, the moves are
``handling``, the figures are ``reports``.

Opening a request shows the citizen's name and full phone number, so each opening is written to
Wagtail's audit log (``assistance.view_personal``), as 个人信息保护法 asks of access to personal
information; lists show phones masked.
"""

import io

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.log_actions import log

from catalog.models import HallPage

from .access import helpers_for, may_use_queue, requests_for
from .core import mask_phone
from .handling import RefusedMove, assign, change_status, claim, next_statuses
from .models import CLOSED, PRIORITY_GROUPS, Status
from .reports import hall_figures, write_csv

VIEW_PERSONAL = "assistance.view_personal"


def _queue(request):
    if not may_use_queue(request.user):
        raise PermissionDenied
    return requests_for(request.user).select_related("hall", "department", "assignee")


def prioritised(queryset):
    """Open before closed, elderly and disabled people first, then oldest first."""
    return queryset.annotate(
        closed=Case(When(status__in=CLOSED, then=1), default=0, output_field=IntegerField()),
        priority=Case(When(special_group__in=PRIORITY_GROUPS, then=0), default=1,
                      output_field=IntegerField()),
    ).order_by("closed", "priority", "created_at")


class QueueFilter(forms.Form):
    status = forms.ChoiceField(label="状态", required=False,
                               choices=[("", "全部"), ("open", "未办结")] + list(Status.choices))
    hall = forms.ChoiceField(label="大厅", required=False)
    mine = forms.BooleanField(label="只看分给我的", required=False)

    def __init__(self, data, halls):
        super().__init__(data)
        self.fields["hall"].choices = [("", "全部大厅")] + [(str(h.pk), h.title) for h in halls]

    def apply(self, queryset, user):
        if not self.is_valid():
            return queryset
        status, hall = self.cleaned_data["status"], self.cleaned_data["hall"]
        if status == "open":
            queryset = queryset.exclude(status__in=CLOSED)
        elif status:
            queryset = queryset.filter(status=status)
        if hall:
            queryset = queryset.filter(hall_id=int(hall))
        if self.cleaned_data["mine"]:
            queryset = queryset.filter(assignee=user)
        return queryset


def queue(request):
    requests = _queue(request)
    halls = HallPage.objects.filter(pk__in=requests.values("hall")).order_by("title")
    form = QueueFilter(request.GET or None, halls)
    rows = prioritised(form.apply(requests, request.user))[:200]
    return TemplateResponse(request, "assistance/admin/queue.html", {
        "page_title": "帮办代办", "header_icon": "group",
        "rows": [(r, mask_phone(r.phone)) for r in rows], "form": form,
        "open_count": requests.exclude(status__in=CLOSED).count()})


class HandleForm(forms.Form):
    status = forms.ChoiceField(label="改为", widget=forms.RadioSelect)
    note = forms.CharField(label="给申请人的说明", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=500, help_text="申请人在查询页能看到这段话。")
    missing = forms.MultipleChoiceField(label="待补材料（从本事项的申请材料中选）", required=False,
                                        widget=forms.CheckboxSelectMultiple)
    missing_other = forms.CharField(label="其他待补材料（每行一项）", required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, data, assistance):
        super().__init__(data)
        self.fields["status"].choices = [(s.value, s.label) for s in next_statuses(assistance)]
        materials = [block.value["name"] for block in assistance.guide.materials] \
            if assistance.guide_id else []
        self.fields["missing"].choices = [(name, name) for name in materials]

    def missing_list(self):
        return list(self.cleaned_data["missing"]) + self.cleaned_data["missing_other"].splitlines()


class AssignForm(forms.Form):
    helper = forms.ModelChoiceField(label="分派给", queryset=None, empty_label="请选择帮办员")

    def __init__(self, data, assistance):
        super().__init__(data)
        self.fields["helper"].queryset = helpers_for(assistance)


def detail(request, pk):
    assistance = get_object_or_404(_queue(request), pk=pk)
    handle_form, assign_form = HandleForm(None, assistance), AssignForm(None, assistance)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "claim":
                claim(assistance, request.user)
                messages.success(request, "已认领，本申请由您办理。")
                return redirect("assistance_admin:detail", pk)
            if action == "assign":
                assign_form = AssignForm(request.POST, assistance)
                if assign_form.is_valid():
                    assign(assistance, assign_form.cleaned_data["helper"], request.user)
                    messages.success(request, "已分派。")
                    return redirect("assistance_admin:detail", pk)
            if action == "status":
                handle_form = HandleForm(request.POST, assistance)
                if handle_form.is_valid():
                    change_status(assistance, handle_form.cleaned_data["status"], request.user,
                                  handle_form.cleaned_data["note"], handle_form.missing_list())
                    messages.success(request, f"已改为「{assistance.status}」，申请人在查询页可以看到。")
                    return redirect("assistance_admin:detail", pk)
        except RefusedMove as refused:
            messages.error(request, str(refused))
    if assistance.anonymised_at is None:
        log(instance=assistance, action=VIEW_PERSONAL, user=request.user)
    return TemplateResponse(request, "assistance/admin/detail.html", {
        "page_title": f"帮办代办申请 {assistance.reference}", "header_icon": "group",
        "assistance": assistance, "events": assistance.events.select_related("by"),
        "handle_form": handle_form, "assign_form": assign_form,
        "closed": assistance.status in CLOSED})


def report(request):
    requests = _queue(request)
    return TemplateResponse(request, "assistance/admin/report.html",
                            {"page_title": "帮办代办·各大厅响应时间", "header_icon": "group",
                             "figures": hall_figures(requests)})


def export_csv(request):
    out = io.StringIO()
    write_csv(prioritised(_queue(request)), out)
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = \
        f'attachment; filename="bangban-{timezone.localdate():%Y%m%d}.csv"'
    return response
