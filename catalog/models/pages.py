"""The catalog (事项清单) and its departments (部门): the tree that owns the guides."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page

from ..browsing import CatalogFilter


class CatalogIndexPage(Page):
    """事项清单: every live guide, browsable by department, theme, 服务对象 and 事项类型."""

    intro = models.TextField("简介", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["catalog.DepartmentPage"]
    max_count = 1

    class Meta:
        verbose_name = "事项清单"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        catalog_filter = CatalogFilter(request.GET, root=self)
        context["filter"] = catalog_filter
        context["page_obj"] = catalog_filter.paginate(request.GET.get("page"))
        return context


class DepartmentPage(Page):
    """A department (部门). Its subtree is what its editor group may edit."""

    short_name = models.CharField("简称", max_length=50, blank=True)
    code = models.CharField("统一社会信用代码", max_length=30, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("电话", max_length=100, blank=True)
    website = models.URLField("网站", blank=True)
    intro = models.TextField("职能简介", blank=True)
    editors_group = models.ForeignKey("auth.Group", null=True, blank=True, editable=False,
                                      on_delete=models.SET_NULL, related_name="+")
    reviewers_group = models.ForeignKey("auth.Group", null=True, blank=True, editable=False,
                                        on_delete=models.SET_NULL, related_name="+")
    collection = models.ForeignKey("wagtailcore.Collection", null=True, blank=True,
                                   editable=False, on_delete=models.SET_NULL, related_name="+")

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("short_name"), FieldPanel("code")], heading="标识"),
        MultiFieldPanel([FieldPanel("address"), FieldPanel("phone"), FieldPanel("website")],
                        heading="联系方式"),
        FieldPanel("intro"),
    ]
    parent_page_types = ["catalog.CatalogIndexPage"]
    subpage_types = ["catalog.ServiceGuidePage"]

    class Meta:
        verbose_name = "部门"
        verbose_name_plural = "部门"

    @property
    def display_name(self):
        return self.short_name or self.title

    def live_guides(self):
        from .guide import ServiceGuidePage

        return ServiceGuidePage.objects.child_of(self).live().public().order_by("title")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guides"] = self.live_guides()
        return context
