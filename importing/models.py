"""An import batch: one uploaded workbook, its dry-run preview and, once confirmed, its result.

The admin keeps the file between the preview and the confirmation (in the database, so no
unpublished catalog content ever sits in public media storage), and the batch stays as the
record of who imported what, when, and which guides it changed. The preview and the import run
as background tasks (``importing.jobs``); the batch row carries their progress, which the admin
page polls, and which worker process runs them, so that a worker that died is noticed.
"""

from django.conf import settings
from django.db import models


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        PLANNING = "planning", "正在核对"
        PREVIEWED = "previewed", "已预览，待确认"
        INVALID = "invalid", "有错误，未导入"
        IMPORTING = "importing", "正在导入"
        IMPORTED = "imported", "已导入"
        FAILED = "failed", "导入失败，未写入"

    class Source(models.TextChoices):
        ADMIN = "admin", "后台上传"
        COMMAND = "command", "命令行"

    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    finished_at = models.DateTimeField("导入时间", null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True,
                             blank=True, on_delete=models.SET_NULL, related_name="+")
    source = models.CharField("来源", max_length=16, choices=Source.choices,
                              default=Source.ADMIN)
    file_name = models.CharField("文件名", max_length=255)
    file_size = models.PositiveIntegerField("文件大小", default=0)
    content = models.BinaryField("文件内容", blank=True, editable=False)
    department = models.ForeignKey("catalog.DepartmentPage", verbose_name="限定部门", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    create_missing = models.BooleanField("创建缺少的部门、大厅和主题", default=False)
    publish = models.BooleanField("导入后发布", default=False)
    status = models.CharField("状态", max_length=16, choices=Status.choices,
                              default=Status.PREVIEWED)
    report = models.JSONField("报告", default=dict, blank=True)
    digest = models.CharField("预览摘要", max_length=64, blank=True)
    progress_stage = models.CharField("进行到", max_length=32, blank=True)
    progress_done = models.PositiveIntegerField("已完成", default=0)
    progress_total = models.PositiveIntegerField("共计", default=0)
    progress_detail = models.CharField("当前事项", max_length=200, blank=True)
    progress_at = models.DateTimeField("进度更新时间", null=True, blank=True)
    worker = models.CharField("后台进程", max_length=100, blank=True,
                              help_text="运行本批次的进程（主机:进程号:启动时刻）；排队时为空")

    RUNNING = (Status.PLANNING, Status.IMPORTING)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "导入批次"
        verbose_name_plural = "导入批次"

    def __str__(self):
        return f"#{self.pk} {self.file_name}"

    @property
    def counts(self):
        return self.report.get("counts", {})

    @property
    def is_running(self):
        return self.status in self.RUNNING

    @property
    def problems(self):
        return self.report.get("problems", [])
