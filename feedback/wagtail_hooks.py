"""Feedback in the admin: a listing per department with filters, handling, and CSV statistics."""

import io
from datetime import datetime, time

import django_filters
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.widgets import HeaderButton
from wagtail.permissions import register_permission_policy

from .access import FeedbackPermissionPolicy, departments_for
from .models import Feedback, Kind, Score, Status
from .reports import rating_counts, summarize, write_csv

policy = FeedbackPermissionPolicy(Feedback)
register_permission_policy(Feedback, policy)


class FeedbackFilterSet(WagtailFilterSet):
    department = django_filters.ModelChoiceFilter(
        label="部门", queryset=lambda request: departments_for(request.user).order_by("path"))
    kind = django_filters.ChoiceFilter(label="类型", choices=Kind.choices)
    status = django_filters.ChoiceFilter(label="处理状态", choices=Status.choices)
    score = django_filters.ChoiceFilter(label="评价", choices=Score.choices)
    created_at = django_filters.DateFromToRangeFilter(label="提交时间", widget=DateRangePickerWidget)

    class Meta:
        model = Feedback
        fields = ["department", "kind", "status", "score", "created_at"]


class FeedbackIndexView(IndexView):
    def get_base_queryset(self):
        return (policy.instances_user_has_any_permission_for(self.request.user, ["view"])
                .select_related("guide", "department"))

    @property
    def header_buttons(self):
        url = reverse("feedback_ratings_csv")
        department = self.request.GET.get("department")
        if department:
            url += f"?department={department}"
        return [HeaderButton("导出好差评统计（CSV）", url=url, icon_name="download")]


class FeedbackEditView(EditView):
    def get_queryset(self):
        return policy.instances_user_has_any_permission_for(self.request.user, ["change"])

    def save_instance(self):
        feedback = self.form.instance
        if feedback.status != Status.NEW and "status" in self.form.changed_data:
            feedback.handled_at = timezone.now()
            feedback.handled_by = self.request.user
        return super().save_instance()


class SubmittedPanel(FieldPanel):
    """A read-only field of what the citizen sent, left out when they gave nothing: a 纠错
    report has no score, a rating often no text, and "评价 None" helps nobody."""

    def __init__(self, field_name, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(field_name, **kwargs)

    class BoundPanel(FieldPanel.BoundPanel):
        def is_shown(self):
            return super().is_shown() and self.value_from_instance not in (None, "")


class FeedbackViewSet(ModelViewSet):
    model = Feedback
    icon = "comment"
    menu_label = "意见反馈"
    menu_order = 320
    add_to_admin_menu = True
    copy_view_enabled = False
    index_view_class = FeedbackIndexView
    edit_view_class = FeedbackEditView
    filterset_class = FeedbackFilterSet
    list_per_page = 50
    list_display = [
        TitleColumn("summary", label="内容", url_name="feedback:edit",
                    accessor=lambda f: f.get_score_display() if f.kind == Kind.RATING and not f.text
                    else f.text[:60]),
        Column("kind", label="类型"),
        Column("score", label="评价", accessor="get_score_display"),
        Column("guide", label="办事指南"),
        Column("department", label="部门"),
        Column("status", label="处理状态"),
        DateColumn("created_at", label="提交时间"),
    ]
    panels = [
        MultiFieldPanel([
            SubmittedPanel("kind"), SubmittedPanel("guide"), SubmittedPanel("score"),
            SubmittedPanel("section"), SubmittedPanel("text"), SubmittedPanel("contact"),
        ], heading="群众提交的内容"),
        MultiFieldPanel([FieldPanel("status"), FieldPanel("reply")], heading="处理"),
    ]


feedback_viewset = FeedbackViewSet("feedback")


@hooks.register("register_admin_viewset")
def register_feedback_viewset():
    return feedback_viewset


def ratings_csv(request):
    """好差评统计 per guide and department, for the departments the user may see."""
    if not policy.user_has_permission(request.user, "view"):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    feedback = policy.instances_user_has_any_permission_for(request.user, ["view"])
    if request.GET.get("department", "").isdigit():
        feedback = feedback.filter(department_id=int(request.GET["department"]))
    for param, lookup, at in (("from", "created_at__gte", time.min), ("to", "created_at__lte", time.max)):
        try:
            day = datetime.strptime(request.GET.get(param, ""), "%Y-%m-%d").date()
        except ValueError:
            continue
        feedback = feedback.filter(**{lookup: timezone.make_aware(datetime.combine(day, at))})
    out = io.StringIO()
    write_csv(summarize(rating_counts(feedback)), out)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"haochaping-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@hooks.register("register_admin_urls")
def feedback_admin_urls():
    return [path("feedback-stats/ratings.csv", ratings_csv, name="feedback_ratings_csv")]
