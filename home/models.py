"""The home page: search first, then the ways citizens enter the catalog."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from catalog import choices


class HomePage(Page):
    intro = models.CharField("欢迎语", max_length=200, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["catalog.CatalogIndexPage", "catalog.HallIndexPage",
                     "catalog.BundleIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = "首页"

    def get_context(self, request, *args, **kwargs):
        from catalog.browsing import attach_departments
        from catalog.models import (BundlePage, CatalogIndexPage, DepartmentPage, HallPage,
                                    ServiceGuidePage, Theme)

        context = super().get_context(request, *args, **kwargs)
        themes = list(Theme.objects.all())
        context["catalog"] = CatalogIndexPage.objects.live().first()
        context["personal_themes"] = [t for t in themes if t.audience != choices.Audience.ENTERPRISE]
        context["enterprise_themes"] = [t for t in themes if t.audience != choices.Audience.INDIVIDUAL]
        context["departments"] = DepartmentPage.objects.live().public().order_by("path")
        context["bundles"] = BundlePage.objects.live().public()
        context["halls"] = HallPage.objects.live().public()
        context["recent_guides"] = attach_departments(
            ServiceGuidePage.objects.live().public().order_by("-last_published_at")[:8]
        )
        return context
