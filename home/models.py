"""The home page: search first, then the ways citizens enter the catalog.

It is the site root, so it also serves the few public endpoints that are not pages (as routes,
without URL configuration of their own): the display mode switch ``/xianshi/`` and the routes
apps register for the site root with ``catalog.routes`` (the feedback forms under ``/fankui/``).
"""

from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from catalog import choices, routes

from .hours import hours_on

RECENT_COUNT = 8
POPULAR_COUNT = 8


class HomePage(routes.RegisteredRoutesMixin, RoutablePageMixin, Page):
    intro = models.CharField("欢迎语", max_length=200, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["catalog.CatalogIndexPage", "catalog.HallIndexPage",
                     "catalog.BundleIndexPage"]
    max_count = 1

    routes_from = routes.SITE_ROOT

    class Meta:
        verbose_name = "首页"

    @path("xianshi/")
    def display_mode(self, request):
        from .preferences import toggle_display

        return toggle_display(request)

    def get_context(self, request, *args, **kwargs):
        from catalog.browsing import attach_departments
        from catalog.models import (BundlePage, CatalogIndexPage, DepartmentPage, HallPage,
                                    ServiceGuidePage, Theme)
        from feedback.popularity import most_viewed

        context = super().get_context(request, *args, **kwargs)
        themes = list(Theme.objects.all())
        context["catalog"] = CatalogIndexPage.objects.live().first()
        context["theme_groups"] = [  # (heading id, heading, themes, 服务对象 filter value)
            ("themes-personal", "个人办事",
             [t for t in themes if t.audience != choices.Audience.ENTERPRISE], "individual"),
            ("themes-enterprise", "法人办事",
             [t for t in themes if t.audience != choices.Audience.INDIVIDUAL], "entity"),
        ]
        context["departments"] = DepartmentPage.objects.live().public().order_by("path")
        context["bundles"] = BundlePage.objects.live().public()
        context["halls"] = halls_today(HallPage.objects.live().public())
        context["popular_guides"] = attach_departments(most_viewed(POPULAR_COUNT))
        context["recent_guides"] = attach_departments(
            ServiceGuidePage.objects.live().public().order_by("-last_published_at")[:RECENT_COUNT]
        )
        return context


def halls_today(halls):
    """Halls with ``today_hours``: today's hours, "" when closed today, None when unreadable."""
    weekday = timezone.localdate().weekday()
    halls = list(halls)
    for hall in halls:
        hall.today_hours = hours_on(hall.opening_hours, weekday)
    return halls
