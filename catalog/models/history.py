"""The public change history (更新记录) of a guide.

A ChangeRecord is written each time a guide is published: the editor's note, whether the change
is major (major ones are public), and a generated summary of which fields changed. It is derived
from revisions at publish time, so the history never shows a draft.
"""

from django.conf import settings
from django.db import models


class ChangeRecord(models.Model):
    guide = models.ForeignKey("catalog.ServiceGuidePage", verbose_name="办事指南",
                              on_delete=models.CASCADE, related_name="change_records")
    revision = models.ForeignKey("wagtailcore.Revision", null=True, on_delete=models.SET_NULL,
                                 related_name="+")
    published_at = models.DateTimeField("发布时间", db_index=True)
    major = models.BooleanField("重大变更", default=False)
    note = models.CharField("更新说明", max_length=200, blank=True)
    summary = models.TextField("变更内容", blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = "更新记录"
        verbose_name_plural = "更新记录"

    def __str__(self):
        return f"{self.guide.title} {self.published_at:%Y-%m-%d}"

    @property
    def summary_items(self):
        return [part for part in self.summary.split("；") if part]


def guide_change_labels():
    """Chinese labels for every record key a change summary may name."""
    from .guide import ServiceGuidePage

    labels = {f.name: str(f.verbose_name) for f in ServiceGuidePage._meta.get_fields()
              if hasattr(f, "verbose_name")}
    labels.update({"service_objects": "服务对象", "aliases": "俗称/关键词", "themes": "主题",
                   "halls": "办理地点", "title": "事项名称"})
    return labels


def guide_item_labels():
    """Per list field, the Chinese labels of its items' sub-fields (from the blocks)."""
    from .guide import ServiceGuidePage

    labels = {}
    for key in ("materials", "steps", "fees", "legal_bases", "special_procedures", "faq"):
        stream_block = ServiceGuidePage._meta.get_field(key).stream_block
        child = next(iter(stream_block.child_blocks.values()))
        labels[key] = {name: str(block.label) for name, block in child.child_blocks.items()}
    labels["halls"] = {"window": "窗口", "note": "说明"}
    return labels
