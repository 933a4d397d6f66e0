"""Service halls (办事大厅 / 便民服务中心): where citizens go, and what each one handles."""

from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .. import blocks, choices


class HallIndexPage(Page):
    intro = models.TextField("简介", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["catalog.HallPage"]
    max_count = 1

    class Meta:
        verbose_name = "办事大厅目录"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["halls"] = HallPage.objects.child_of(self).live().public()
        return context


class HallPage(Page):
    level = models.CharField("层级", max_length=8, choices=choices.HallLevel.choices,
                             default=choices.HallLevel.CITY)
    address = models.CharField("地址", max_length=200)
    opening_hours = models.TextField("开放时间", help_text="如：周一至周五 9:00–12:00，13:30–17:00")
    phone = models.CharField("咨询电话", max_length=100, blank=True)
    transport = models.TextField("交通指引", blank=True)
    intro = models.TextField("简介", blank=True)
    windows = StreamField([("window", blocks.WindowBlock())], verbose_name="窗口", blank=True)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("level"), FieldPanel("phone")]),
        MultiFieldPanel([FieldPanel("address"), FieldPanel("opening_hours"),
                         FieldPanel("transport")], heading="地址与时间"),
        FieldPanel("intro"),
        FieldPanel("windows"),
    ]
    parent_page_types = ["catalog.HallIndexPage"]
    subpage_types = []
    search_fields = Page.search_fields + [
        index.SearchField("address"),
        index.SearchField("intro"),
        index.SearchField("transport"),
        index.SearchField("windows"),
    ]

    class Meta:
        verbose_name = "办事大厅"
        verbose_name_plural = "办事大厅"

    def live_guides(self):
        """Live guides handled here, with their window, in catalog order."""
        from .guide import GuideHall

        return (
            GuideHall.objects.filter(hall=self, guide__live=True)
            .select_related("guide")
            .order_by("guide__path")
        )

    def window_table(self, links=None):
        """The window table: the hall's own windows and every window a live guide names here,
        each with the guides handled there (catalog/windows.py). ``links``: live_guides(),
        when the caller has them already."""
        from ..windows import window_table

        links = self.live_guides() if links is None else links
        return window_table([block.value for block in self.windows],
                            [(link.window, link.guide) for link in links])

    def get_context(self, request, *args, **kwargs):
        from ..browsing import group_by_department

        context = super().get_context(request, *args, **kwargs)
        links = list(self.live_guides())  # one query for the window table and the item list
        context["windows"] = self.window_table(links)
        context["guide_groups"] = group_by_department(links, key=lambda link: link.guide)
        return context
