"""Reusable common-error examples (常见错误示例).

The same mistakes recur across guides (复印件未签字, 身份证过期, 照片背景不符 …), so an editor
writes one once, with its paired pictures, and every guide that needs it refers to it.
"""

from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index


class ErrorExample(index.Indexed, models.Model):
    title = models.CharField("名称", max_length=100, unique=True,
                             help_text="简短概括，如：复印件未签字",
                             error_messages={"unique": "已有同名的常见错误示例。"})
    wrong = models.TextField("错误做法")
    reason = models.TextField("不予受理原因", blank=True)
    right = models.TextField("正确做法")
    wrong_image = models.ForeignKey("wagtailimages.Image", verbose_name="错误示例图", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    right_image = models.ForeignKey("wagtailimages.Image", verbose_name="正确示例图", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")

    panels = [
        FieldPanel("title"), FieldPanel("wrong"), FieldPanel("reason"), FieldPanel("right"),
        FieldRowPanel([FieldPanel("wrong_image"), FieldPanel("right_image")], heading="对照图片"),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title"),
                     index.SearchField("wrong")]

    class Meta:
        ordering = ["title"]
        verbose_name = "常见错误示例"
        verbose_name_plural = "常见错误示例"

    def __str__(self):
        return self.title

    def as_dict(self):
        """The same shape as an inline ErrorExampleBlock value, for the API and export."""
        return {
            "title": self.title, "wrong": self.wrong, "reason": self.reason, "right": self.right,
            "wrong_image": self.wrong_image.file.url if self.wrong_image else None,
            "right_image": self.right_image.file.url if self.right_image else None,
        }
