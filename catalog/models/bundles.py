"""One-thing bundles (一件事一次办): several items handled as one, with one material list."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .. import blocks, choices
from ..materials import merge_materials


class BundleIndexPage(Page):
    intro = models.TextField("简介", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["catalog.BundlePage"]
    max_count = 1

    class Meta:
        verbose_name = "一件事目录"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["bundles"] = BundlePage.objects.child_of(self).live().public()
        return context


class BundlePage(Page):
    intro = models.TextField("简介", blank=True)
    lead_department = models.ForeignKey(
        "catalog.DepartmentPage", verbose_name="牵头部门", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    combined_time_limit = models.PositiveIntegerField("承诺办结时限", null=True, blank=True)
    combined_time_limit_unit = models.CharField(
        "时限单位", max_length=8, choices=choices.DayUnit.choices, default=choices.DayUnit.WORKING,
    )
    visits = models.PositiveSmallIntegerField("到现场次数", default=1)
    hall = models.ForeignKey("catalog.HallPage", verbose_name="办理大厅", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    window = models.CharField("综合窗口", max_length=100, blank=True)
    online_url = models.URLField("网办地址", blank=True)
    steps = StreamField(blocks.StepsBlock(), verbose_name="办理流程", blank=True)
    faq = StreamField([("qa", blocks.FaqBlock())], verbose_name="常见问题", blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("lead_department"),
        InlinePanel("items", heading="包含事项", label="事项", min_num=1),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("combined_time_limit"), FieldPanel("combined_time_limit_unit")]),
            FieldPanel("visits"),
            FieldRowPanel([FieldPanel("hall"), FieldPanel("window")]),
            FieldPanel("online_url"),
        ], heading="办理方式"),
        FieldPanel("steps"),
        FieldPanel("faq"),
    ]
    parent_page_types = ["catalog.BundleIndexPage"]
    subpage_types = []
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("steps"),
        index.SearchField("faq"),
    ]

    class Meta:
        verbose_name = "一件事"
        verbose_name_plural = "一件事"

    def live_guides(self):
        return [item.guide for item in self.items.select_related("guide") if item.guide.live]

    def merged_materials(self):
        """One material list derived from the live items, so it follows their updates."""
        return merge_materials((guide.title, [block.value for block in guide.materials])
                               for guide in self.live_guides())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guides"] = self.live_guides()
        context["merged_materials"] = self.merged_materials()
        return context


class BundleItem(Orderable):
    bundle = ParentalKey(BundlePage, related_name="items", on_delete=models.CASCADE)
    guide = models.ForeignKey("catalog.ServiceGuidePage", verbose_name="事项",
                              on_delete=models.CASCADE, related_name="bundle_items")

    panels = [FieldPanel("guide")]

    class Meta(Orderable.Meta):
        verbose_name = "包含事项"
