"""The admin's 批量导入 pages: upload → dry-run preview → confirm, and a working-copy export.

Views only wire forms to ``importing.batches`` and ``importing.jobs``. Long work (a dry run or
an import of thousands of guides) runs as a background task; the batch page polls its progress
(``BatchProgressView``, a little JSON) and shows the outcome when it ends. Without JavaScript
the page refreshes itself while the batch runs.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from catalog.models import DepartmentPage

from .batches import can_confirm, create_batch
from .exporter import export_workbook
from .forms import PUBLISH, ConfirmForm, UploadForm
from .importer import OUTCOME_LABELS
from .jobs import fail_if_stale, queue_confirmation, queue_preview
from .models import ImportBatch
from .plan import ACTION_LABELS, CHANGED, CREATED, UNCHANGED
from .views import download

PAGE_SIZE = 100
RECENT = 20


def editable_departments(user):
    """Departments whose guides ``user`` may add or edit (Wagtail's page permissions)."""
    if not user.is_active:
        return []
    departments = DepartmentPage.objects.order_by("path")
    return [d for d in departments
            if (tester := d.permissions_for_user(user)).can_add_subpage() or tester.can_edit()]


def can_import(user):
    return user.is_active and (user.is_superuser or bool(editable_departments(user)))


def _visible_batch(request, pk):
    """The batch, if it is the user's; one whose worker died is marked failed on the way."""
    batch = get_object_or_404(ImportBatch, pk=pk)
    if not (request.user.is_superuser or batch.user_id == request.user.pk):
        raise PermissionDenied
    fail_if_stale(batch)
    return batch


class ImportIndexView(WagtailAdminTemplateMixin, View):
    template_name = "importing/index.html"
    page_title = "批量导入"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        self.departments = editable_departments(request.user)
        self.can_create = request.user.is_superuser
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def form(self, data=None, files=None):
        return UploadForm(data, files, departments=self.departments, can_create=self.can_create)

    def get(self, request):
        return self.render_to_response(self.get_context_data(form=self.form()))

    def post(self, request):
        form = self.form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        batch = create_batch(upload.name, upload.read(), user=request.user,
                             department=form.cleaned_data["department"],
                             create_missing=form.cleaned_data.get("create_missing", False),
                             status=ImportBatch.Status.PLANNING)
        queue_preview(batch)
        return redirect(batch_url(batch))

    def get_context_data(self, **kwargs):
        batches = ImportBatch.objects.select_related("user", "department")
        if not self.request.user.is_superuser:
            batches = batches.filter(user=self.request.user)
        return super().get_context_data(
            departments=self.departments, batches=batches[:RECENT], **kwargs)


class BatchView(WagtailAdminTemplateMixin, View):
    template_name = "importing/batch.html"
    header_icon = "upload"

    def get(self, request, pk):
        self.batch = _visible_batch(request, pk)
        return self.render_to_response(self.get_context_data(form=ConfirmForm()))

    def get_page_title(self):
        return f"导入批次 #{self.batch.pk}"

    def get_page_subtitle(self):
        return self.batch.file_name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("importing:index"), "label": "批量导入"},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        report = self.batch.report
        show = self.request.GET.get("show")
        counts = report.get("counts", {})
        if show not in ACTION_LABELS:
            show = next((a for a in (CHANGED, CREATED, UNCHANGED) if counts.get(a)), CHANGED)
        entries = [entry for entry in report.get("entries", []) if entry["action"] == show]
        page = Paginator(entries, PAGE_SIZE).get_page(self.request.GET.get("p"))
        for entry in page.object_list:
            entry["outcome_label"] = OUTCOME_LABELS.get(entry.get("outcome"), "")
        pending = {label: names for kind, label in (("department", "部门"), ("hall", "办事大厅"),
                                                    ("theme", "主题"))
                   if (names := report.get("pending", {}).get(kind))}
        confirmable = can_confirm(self.batch) and (counts.get(CREATED) or counts.get(CHANGED))
        return super().get_context_data(
            batch=self.batch, report=report, counts=counts, pending=pending,
            progress=progress_of(self.batch),
            tabs=[(action, label, counts.get(action, 0)) for action, label in ACTION_LABELS.items()],
            show=show, page_obj=page, confirmable=confirmable, **kwargs)


class ConfirmView(View):
    def post(self, request, pk):
        batch = _visible_batch(request, pk)
        form = ConfirmForm(request.POST)
        if not can_confirm(batch) or not form.is_valid() or not queue_confirmation(
                batch, publish=form.cleaned_data["mode"] == PUBLISH, note=form.cleaned_data["note"]):
            messages.error(request, "这个批次不能再确认导入：请重新上传文件。")
        return redirect(batch_url(batch))


class BatchProgressView(View):
    """What the batch page polls while its batch runs: progress, then the outcome."""

    def get(self, request, pk):
        response = JsonResponse(progress_of(_visible_batch(request, pk)))
        response["Cache-Control"] = "no-store"
        return response


class ExportView(View):
    """A department's working copy (latest revisions, drafts included) to edit and import back."""

    def get(self, request):
        department = get_object_or_404(DepartmentPage, slug=request.GET.get("department", ""))
        if not department.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        fmt = request.GET.get("format", "xlsx")
        if fmt not in ("xlsx", "csv", "json"):
            fmt = "xlsx"
        name = f"{department.title}-事项清单（含未发布修改）"
        data = export_workbook(fmt, live=False, department=department, name=department.title)
        return download(data, fmt, name)


def batch_url(batch):
    return reverse("importing:batch", args=[batch.pk])


def progress_of(batch):
    """The batch's progress and, once it has ended, its outcome, as the page shows them."""
    return {"running": batch.is_running, "status": batch.status,
            "status_label": batch.get_status_display(), "stage": batch.progress_stage,
            "done": batch.progress_done, "total": batch.progress_total,
            "detail": batch.progress_detail, "outcome": "" if batch.is_running else outcome(batch)}


def outcome(batch):
    report = batch.report
    if report.get("error"):
        return f"导入失败，事项清单未作任何改动：{report['error']}"
    if batch.status == ImportBatch.Status.INVALID:
        return f"发现 {len(batch.problems)} 个问题，未导入任何内容。"
    if batch.status == ImportBatch.Status.IMPORTED:
        text = "导入完成：" + "，".join(f"{ACTION_LABELS[a]} {n} 项" for a, n in batch.counts.items()
                                    if a != UNCHANGED and n)
        if report.get("not_indexed"):
            text += f"。已导入，但有 {report['not_indexed']} 项未能加入站内搜索，请管理员重建搜索索引"
        return text + "。"
    if report.get("stale"):
        return "预览之后，事项清单已有变化，本次未写入：请核对新的预览后再确认。"
    return "核对完成。"
