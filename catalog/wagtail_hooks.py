"""Admin wiring for the catalog: themes as a snippet, department access on creation."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .access import provision_department
from .models import DepartmentPage, Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = "主题"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "audience", "sort_order"]


register_snippet(ThemeViewSet)


@hooks.register("after_create_page")
def give_new_department_its_editors(request, page):
    if isinstance(page.specific, DepartmentPage):
        provision_department(page.specific)
