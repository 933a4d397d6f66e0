from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    """The whole-page cache for anonymous visitors (middleware.py) and its purge on publishing
    (signals.py). It has no models: its state is the cache itself."""

    name = "pagecache"
    verbose_name = "页面缓存"

    def ready(self):
        from .signals import connect_signals

        connect_signals()
