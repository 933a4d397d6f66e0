"""A handbook (办事指南手册): a printed edition of the guides of one hall, department, theme,
bundle or hand-picked list, built in the background and kept with the revisions it printed."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from . import scopes


HANDBOOK_FOLDER = "handbooks"


class Handbook(ClusterableModel):
    class Scope(models.TextChoices):
        HALL = scopes.HALL, "办事大厅（在该大厅办理的全部事项）"
        DEPARTMENT = scopes.DEPARTMENT, "部门"
        THEME = scopes.THEME, "主题"
        BUNDLE = scopes.BUNDLE, "一件事"
        SELECTION = scopes.SELECTION, "自选事项"

    class PaperSize(models.TextChoices):
        A4 = "A4", "A4"
        A5 = "A5", "A5（逐页）"
        A5_BOOKLET = "A5-booklet", "A5 骑马订小册子（A4 横向双面拼版）"

    class Status(models.TextChoices):
        NEW = "new", "未生成"
        QUEUED = "queued", "排队中"
        BUILDING = "building", "生成中"
        READY = "ready", "已生成"
        FAILED = "failed", "生成失败"

    title = models.CharField("手册名称", max_length=200)
    issuing_unit = models.CharField("编印单位", max_length=200)
    edition_date = models.DateField("版次日期", default=timezone.localdate,
                                    help_text="印在封面上，如“2026年11月22日版”。")
    scope = models.CharField("收录范围", max_length=16, choices=Scope.choices, default=Scope.HALL)
    hall = models.ForeignKey("catalog.HallPage", verbose_name="办事大厅", null=True, blank=True,
                             on_delete=models.CASCADE, related_name="handbooks")
    department = models.ForeignKey("catalog.DepartmentPage", verbose_name="部门", null=True,
                                   blank=True, on_delete=models.CASCADE, related_name="handbooks")
    theme = models.ForeignKey("catalog.Theme", verbose_name="主题", null=True, blank=True,
                              on_delete=models.CASCADE, related_name="handbooks")
    bundle = models.ForeignKey("catalog.BundlePage", verbose_name="一件事", null=True, blank=True,
                               on_delete=models.CASCADE, related_name="handbooks")
    paper_size = models.CharField(
        "纸张", max_length=12, choices=PaperSize.choices, default=PaperSize.A4,
        help_text="A4 适合在大厅打印；A5 逐页适合 A5 纸打印；A5 小册子已按骑马订顺序两页拼在一张 "
                  "A4 横向纸上，双面打印（短边翻转）后对折、订中缝即成。")
    offered_publicly = models.BooleanField(
        "在网站上提供下载", default=True,
        help_text="生成后在对应大厅、部门或一件事页面上提供下载。")

    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.NEW,
                              editable=False)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0, editable=False)
    progress_note = models.CharField("进度说明", max_length=300, blank=True, editable=False)
    error = models.TextField("错误信息", blank=True, editable=False)
    file = models.FileField("PDF 文件", upload_to=HANDBOOK_FOLDER + "/", blank=True, editable=False)
    page_count = models.PositiveIntegerField("页数", null=True, blank=True, editable=False)
    file_size = models.PositiveIntegerField("文件大小（字节）", null=True, blank=True,
                                            editable=False)
    built_at = models.DateTimeField("生成时间", null=True, blank=True, editable=False)
    built_revisions = models.JSONField(
        "所据版本", default=dict, blank=True, editable=False,
        help_text="生成时收录的每项办事指南（页面 ID）及其已发布版本（revision ID）。")
    is_outdated = models.BooleanField("已过时", default=False, editable=False)
    outdated_note = models.CharField("过时原因", max_length=300, blank=True, editable=False)

    class Meta:
        verbose_name = "办事指南手册"
        verbose_name_plural = "办事指南手册"
        ordering = ["-edition_date", "title"]

    def __str__(self):
        return self.title

    @property
    def target(self):
        """The hall, department, theme or bundle the handbook is for (None for a selection)."""
        return {
            scopes.HALL: self.hall, scopes.DEPARTMENT: self.department,
            scopes.THEME: self.theme, scopes.BUNDLE: self.bundle,
        }.get(self.scope)

    def resolve_scope(self):
        """The published guides to print now, grouped in parts (see ``printing.scopes``)."""
        target = self.target
        if self.scope == scopes.SELECTION:
            return scopes.selection_scope([item.guide_id for item in self.picked_guides.all()],
                                          label=self.title)
        if target is None:
            raise scopes.ScopeNotFound("请选择手册的收录对象。")
        builders = {scopes.HALL: scopes.hall_scope, scopes.DEPARTMENT: scopes.department_scope,
                    scopes.THEME: scopes.theme_scope, scopes.BUNDLE: scopes.bundle_scope}
        return builders[self.scope](target)

    @property
    def is_ready(self):
        return self.status == self.Status.READY and bool(self.file)

    @property
    def is_busy(self):
        return self.status in (self.Status.QUEUED, self.Status.BUILDING)

    def includes_guide(self, guide_id):
        return str(guide_id) in self.built_revisions


class HandbookGuide(Orderable):
    """One guide of a hand-picked handbook, in the editor's order."""

    handbook = ParentalKey(Handbook, related_name="picked_guides", on_delete=models.CASCADE)
    guide = models.ForeignKey("catalog.ServiceGuidePage", verbose_name="办事指南",
                              on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("guide")]

    class Meta(Orderable.Meta):
        verbose_name = "收录事项"
        verbose_name_plural = "收录事项"


def rebuild_policy():
    """What a published change to an included guide does: ``"rebuild"`` or ``"flag"``."""
    return getattr(settings, "PRINTING_HANDBOOK_ON_PUBLISH", "rebuild")

