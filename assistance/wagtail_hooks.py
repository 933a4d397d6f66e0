"""帮办代办 in the admin menu, its URLs, the helper teams as a snippet, and the audit action."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_urls
from .access import may_use_queue
from .admin_views import VIEW_PERSONAL
from .models import HelperTeam


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("bangban/", include((admin_urls, "assistance_admin"), namespace="assistance_admin"))]


class QueueMenuItem(MenuItem):
    def is_shown(self, request):
        return may_use_queue(request.user)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return QueueMenuItem("帮办代办", reverse("assistance_admin:queue"), icon_name="group",
                         order=330)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(VIEW_PERSONAL, "查看申请人信息", "查看了帮办代办申请人的个人信息")


class HelperTeamViewSet(SnippetViewSet):
    model = HelperTeam
    icon = "group"
    menu_label = "帮办代办服务队"
    list_display = ["name", "hall", "window", "phone"]


register_snippet(HelperTeamViewSet)
