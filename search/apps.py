from django.apps import AppConfig


class SearchConfig(AppConfig):
    """How people find a guide. For now Wagtail's own search; Chinese analysis lands here next."""

    name = "search"
    label = "zhinan_search"
    verbose_name = "搜索"
    default_auto_field = "django.db.models.BigAutoField"
