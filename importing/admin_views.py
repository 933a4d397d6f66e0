"""The admin's 批量导入 pages: upload → dry-run preview → confirm, and a working-copy export.

Views only wire forms to ``importing.batches``. Long work (a dry run or an import of thousands
of guides) streams its progress to the page as newline-delimited JSON when the page's script
asks for it (``X-Progress: ndjson``); without JavaScript the same request simply redirects
when done.
"""

import json
import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from catalog.models import DepartmentPage

from .batches import confirm_batch_steps, create_batch, plan_batch_steps
from .exporter import export_workbook
from .forms import PUBLISH, ConfirmForm, UploadForm
from .importer import OUTCOME_LABELS
from .models import ImportBatch
from .plan import ACTION_LABELS, CHANGED, CREATED, UNCHANGED
from home.progress import run
from .views import download

logger = logging.getLogger(__name__)
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
    batch = get_object_or_404(ImportBatch, pk=pk)
    if not (request.user.is_superuser or batch.user_id == request.user.pk):
        raise PermissionDenied
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
                             create_missing=form.cleaned_data.get("create_missing", False))
        return respond(request, plan_batch_steps(batch), batch_url(batch))

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
        confirmable = (self.batch.status == ImportBatch.Status.PREVIEWED
                       and (counts.get(CREATED) or counts.get(CHANGED)))
        return super().get_context_data(
            batch=self.batch, report=report, counts=counts, pending=pending,
            tabs=[(action, label, counts.get(action, 0)) for action, label in ACTION_LABELS.items()],
            show=show, page_obj=page, confirmable=confirmable, **kwargs)


class ConfirmView(View):
    def post(self, request, pk):
        batch = _visible_batch(request, pk)
        form = ConfirmForm(request.POST)
        if batch.status != ImportBatch.Status.PREVIEWED or not form.is_valid():
            messages.error(request, "这个批次不能再确认导入：请重新上传文件。")
            return redirect(batch_url(batch))
        steps = confirm_batch_steps(batch, publish=form.cleaned_data["mode"] == PUBLISH,
                                    note=form.cleaned_data["note"])
        return respond(request, steps, batch_url(batch))


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


def respond(request, steps, url):
    """Run ``steps`` (a generator of progress events), then send the browser to ``url``."""
    if request.headers.get("X-Progress") == "ndjson":
        response = StreamingHttpResponse(_events(steps, url), content_type="application/x-ndjson")
        response["Cache-Control"] = "no-cache"
        response["X-Accel-Buffering"] = "no"  # let a proxy pass each line on at once
        return response
    try:
        run(steps)
    except Exception:
        logger.exception("import failed")
        messages.error(request, "导入失败，事项清单未作任何改动。详情见批次页面。")
    return redirect(url)


def _events(steps, url):
    try:
        for stage, done, total in steps:  # the result itself is stored on the batch
            yield json.dumps({"stage": stage, "done": done, "total": total}) + "\n"
    except Exception:
        logger.exception("import failed")
        yield json.dumps({"error": "导入失败，事项清单未作任何改动。", "redirect": url},
                         ensure_ascii=False) + "\n"
        return
    finally:
        steps.close()  # a closed tab ends the steps now, not when they are garbage-collected
    yield json.dumps({"redirect": url}) + "\n"
