"""Admin wiring for the catalog: snippets, department access on creation, document privacy."""

from django.http import Http404
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .access import document_is_public, user_may_see_document
from .access import provision_department
from .models import DepartmentPage, ErrorExample, Theme


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

    Editors (anyone who may choose or edit it) still get it, for previews.
    """
    if user_may_see_document(request.user, document) or document_is_public(document):
        return None
    raise Http404("该文件尚未随办事指南发布。")


@hooks.register("after_create_page")
def give_new_department_its_editors(request, page):
    if isinstance(page.specific, DepartmentPage):
        provision_department(page.specific)
