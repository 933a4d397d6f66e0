"""Admin for handbooks: create one, and its PDF is built in the background with progress shown.

Saving a handbook (new or changed) queues a build; the listing shows each build's status and
progress bar, refreshed while a build runs, the download link and whether a published change
has made the edition out of date; "重新生成" queues a new build.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel,
                                  ObjectList)
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from . import scopes
from .jobs import queue_build
from .models import Handbook

TARGET_FIELDS = {scopes.HALL: "hall", scopes.DEPARTMENT: "department", scopes.THEME: "theme",
                 scopes.BUNDLE: "bundle"}


class HandbookForm(WagtailAdminModelForm):
    """Asks for exactly the target the chosen scope needs, in Chinese."""

    def clean(self):
        cleaned = super().clean()
        scope = cleaned.get("scope")
        field = TARGET_FIELDS.get(scope)
        if field and not cleaned.get(field):
            label = Handbook.Scope(scope).label.split("（")[0]
            self.add_error(field, f"收录范围为“{label}”时，请选择{self.fields[field].label}。")
        return cleaned

    def is_valid(self):
        # The picked guides are an inline formset, validated after clean(): check them here.
        valid = super().is_valid()
        if valid and self.cleaned_data.get("scope") == scopes.SELECTION:
            picked = self.formsets.get("picked_guides")
            kept = [form for form in (picked.forms if picked else [])
                    if form.cleaned_data and not form.cleaned_data.get("DELETE")]
            if not kept:
                self.add_error(None, "收录范围为“自选事项”时，请至少选择一项办事指南。")
                return False
        return valid


def status_payload(handbook):
    return {
        "status": handbook.status, "label": handbook.get_status_display(),
        "progress": handbook.progress, "note": handbook.progress_note, "error": handbook.error,
        "outdated": handbook.is_outdated, "outdated_note": handbook.outdated_note,
        "busy": handbook.is_busy,
        "file": handbook.file.url if handbook.is_ready else "",
    }


class StatusColumn(Column):
    """Status, progress bar (polled while a build runs), download and rebuild."""

    cell_template_name = "printing/admin/status_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context.update({
            "handbook": instance, "csrf_token": get_token(request) if request else "",
            "status_url": reverse("printing_handbook:status", args=[instance.pk]),
            "build_url": reverse("printing_handbook:build", args=[instance.pk]),
        })
        return context


class ScopeColumn(Column):
    def get_value(self, instance):
        target = instance.target
        label = Handbook.Scope(instance.scope).label.split("（")[0]
        if instance.scope == scopes.SELECTION:
            return f"{label}（{instance.picked_guides.count()} 项）"
        return f"{label}：{target}" if target else label


class QueueAfterSave:
    """Create and edit views: every saved handbook gets a fresh build."""

    def save_instance(self):
        instance = super().save_instance()
        queue_build(instance.pk)
        return instance

    def get_success_message(self, instance):
        return f"已保存「{instance}」，手册正在后台生成，可在列表中查看进度。"


class HandbookCreateView(QueueAfterSave, generic.CreateView):
    pass


class HandbookEditView(QueueAfterSave, generic.EditView):
    pass


class HandbookViewSet(ModelViewSet):
    model = Handbook
    icon = "doc-full-inverse"
    menu_label = "办事指南手册"
    menu_order = 310
    add_to_admin_menu = True
    add_view_class = HandbookCreateView
    edit_view_class = HandbookEditView
    list_display = ["title", ScopeColumn("scope", label="收录范围"), "edition_date",
                    StatusColumn("status", label="状态")]
    list_filter = ["scope", "status", "is_outdated"]
    search_fields = ["title", "issuing_unit"]
    edit_handler = ObjectList([
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("issuing_unit"), FieldPanel("edition_date")]),
        FieldRowPanel([FieldPanel("scope"), FieldPanel("paper_size")]),
        MultiFieldPanel([FieldPanel("hall"), FieldPanel("department"), FieldPanel("theme"),
                         FieldPanel("bundle")], heading="收录对象（按收录范围选择一项）"),
        InlinePanel("picked_guides", heading="自选事项（收录范围为“自选事项”时填写）",
                    label="办事指南"),
        FieldPanel("offered_publicly"),
    ], base_form_class=HandbookForm)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("status/<int:pk>/", self.status_view, name="status"),
            path("build/<int:pk>/", self.build_view, name="build"),
        ]

    def status_view(self, request, pk):
        if not self.permission_policy.user_has_any_permission(request.user, ["add", "change"]):
            raise PermissionDenied
        return JsonResponse(status_payload(get_object_or_404(Handbook, pk=pk)))

    def build_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        handbook = get_object_or_404(Handbook, pk=pk)
        if queue_build(handbook.pk):
            messages.success(request, f"「{handbook}」已加入生成队列。")
        else:
            messages.info(request, f"「{handbook}」已在生成队列中。")
        return redirect(self.get_url_name("index"))


handbook_viewset = HandbookViewSet("printing_handbook", url_prefix="handbooks")


@hooks.register("register_admin_viewset")
def register_handbook_viewset():
    return handbook_viewset
