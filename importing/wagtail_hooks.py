"""Admin wiring: the 批量导入 menu item and pages, and the import entry in a guide's history."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from . import admin_urls
from .importer import IMPORT_ACTION, OUTCOME_LABELS
from .admin_views import can_import


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("importing/", include((admin_urls, "importing"), namespace="importing"))]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import(request.user)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem("批量导入", reverse("importing:index"), icon_name="upload",
                          order=350, name="importing")


@hooks.register("register_log_actions")
def register_import_action(actions):
    @actions.register_action(IMPORT_ACTION)
    class ImportAction(LogFormatter):
        label = "批量导入"

        def format_message(self, log_entry):
            data = log_entry.data or {}
            source = f"《{data['file']}》" if data.get("file") else "工作簿"
            batch = f"（导入批次 #{data['batch']}）" if data.get("batch") else ""
            note = data.get("note") or ""
            outcome = OUTCOME_LABELS.get(data.get("outcome"), "")
            message = f"从{source}批量导入{batch}" + (f"：{note}" if note and note != "批量导入" else "")
            return f"{message}（{outcome}）" if outcome else message
