"""Admin wiring for the catalog: snippets, department access on creation, document privacy."""

from django.http import Http404
from django.template.loader import render_to_string
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button
from wagtail.log_actions import log
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .access import media_is_public, provision_department, user_may_see_media
from . import admin_views, edit_guard
from .models import DepartmentPage, ErrorExample, ServiceGuidePage, Theme
from .staleness import stale_after_days, stale_guides, waiting_for_review


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = "主题"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "audience", "sort_order"]


register_snippet(ThemeViewSet)


class ErrorExampleViewSet(SnippetViewSet):
    model = ErrorExample
    icon = "warning"
    menu_label = "常见错误示例"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["title", "wrong"]
    search_fields = ["title", "wrong"]


register_snippet(ErrorExampleViewSet)


@hooks.register("before_serve_document")
def serve_only_documents_of_published_pages(document, request):
    """A document becomes public when a live page uses it, not when it is uploaded.

    Editors (anyone who may choose or edit it) still get it, for previews. Images follow the
    same rule in ``catalog.media``.
    """
    if media_is_public(document) or user_may_see_media(request.user, document):
        return None
    raise Http404("该文件尚未随办事指南发布。")


@hooks.register("after_create_page")
def give_new_department_its_editors(request, page):
    if isinstance(page.specific, DepartmentPage):
        provision_department(page.specific)


@hooks.register("register_admin_urls")
def catalog_admin_urls():
    urls = [
        path("compare/<int:page_id>/", admin_views.compare_with_live, name="compare"),
        path("stale/", admin_views.stale_report, name="stale"),
    ]
    return [path("catalog/", include((urls, "catalog_admin"), namespace="catalog_admin"))]


@hooks.register("register_reports_menu_item")
def stale_report_menu_item():
    return MenuItem("待复核的办事指南", reverse("catalog_admin:stale"), icon_name="time", order=50)


@hooks.register("register_page_header_buttons")
def compare_button(page, user, view_name, next_url=None):
    page = page.specific
    if isinstance(page, ServiceGuidePage) and page.has_unpublished_changes:
        yield Button("对比线上版本", reverse("catalog_admin:compare", args=[page.pk]),
                     icon_name="doc-empty-inverse", priority=5)


class DepartmentDashboardPanel(Component):
    """On the admin home: my department's guides waiting for review, and the stale ones."""

    name = "zhinan_department"
    order = 50

    def __init__(self, user):
        self.user = user

    def render_html(self, parent_context=None):
        stale = stale_guides(self.user)
        return render_to_string("catalog/admin/dashboard_panel.html", {
            "waiting": waiting_for_review(self.user), "stale": stale[:10],
            "stale_count": stale.count(), "days": stale_after_days(),
        })


@hooks.register("construct_homepage_panels")
def add_department_panel(request, panels):
    panels.insert(0, DepartmentDashboardPanel(request.user))


@hooks.register("register_log_actions")
def register_bypass_action(actions):
    actions.register_action("zhinan.workflow_bypass", "绕过审核直接发布",
                            "超级管理员绕过审核流程直接发布")


@hooks.register("after_publish_page")
def log_workflow_bypass(request, page):
    """Publishing straight from the editor skips the department's review: keep a record."""
    if page.get_workflow() is not None:
        log(instance=page, action="zhinan.workflow_bypass", user=request.user)


@hooks.register("before_edit_page")
def refuse_bad_edit(request, page):
    # Autosaves (JSON) are refused by Wagtail itself when out of date.
    if request.method == "POST" and request.accepts("text/html"):
        return edit_guard.refuse_incomplete(request, type(page)) or edit_guard.refuse_stale(request, page)


@hooks.register("before_create_page")
def refuse_bad_create(request, parent_page, page_class):
    if request.method == "POST":
        return edit_guard.refuse_incomplete(request, page_class)
