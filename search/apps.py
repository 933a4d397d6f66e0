from django.apps import AppConfig


class SearchConfig(AppConfig):
    """How people find a guide: Chinese analysis, the search backends, the public search pages."""

    name = "search"
    label = "zhinan_search"
    verbose_name = "搜索"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401
