"""Themes (主题): the managed taxonomy citizens browse by life event."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from .. import choices


class Theme(index.Indexed, models.Model):
    name = models.CharField("主题名称", max_length=50, unique=True,
                            error_messages={"unique": "已有同名主题。"})
    slug = models.SlugField("英文标识", max_length=50, unique=True, allow_unicode=False)
    audience = models.CharField("面向", max_length=8, choices=choices.Audience.choices,
                                default=choices.Audience.INDIVIDUAL)
    description = models.CharField("说明", max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("audience"),
              FieldPanel("description"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "主题"
        verbose_name_plural = "主题"

    def __str__(self):
        return self.name
