"""Admin for search: editors' synonyms and the log of searches that found nothing.

Pinned results are Wagtail's own search promotions (设置 → 推广搜索结果 / Promoted search results).
"""

from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Synonym, ZeroResultQuery


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "resubmit"
    menu_label = "同义词"
    list_display = ["term", "targets", "note", "updated_at"]
    search_fields = ["term", "targets"]
    search_backend_name = None  # plain database lookups: a short list, always current
    panels = [FieldPanel("term"), FieldPanel("targets"), FieldPanel("note")]


class ZeroResultQueryViewSet(SnippetViewSet):
    model = ZeroResultQuery
    icon = "warning"
    menu_label = "无结果搜索词"
    list_display = ["query_string", "count", "partial", "last_seen", "first_seen"]
    list_filter = ["partial"]
    search_fields = ["query_string"]
    search_backend_name = None
    ordering = ["-count", "-last_seen"]
    copy_view_enabled = False
    panels = [FieldPanel("query_string", read_only=True), FieldPanel("count", read_only=True),
              FieldPanel("partial", read_only=True), FieldPanel("last_seen", read_only=True)]


class SearchAdminGroup(SnippetViewSetGroup):
    items = (SynonymViewSet, ZeroResultQueryViewSet)
    menu_icon = "search"
    menu_label = "搜索管理"
    menu_order = 320


register_snippet(SearchAdminGroup)
