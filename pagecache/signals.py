"""What publishing makes stale in the page cache, and the signals that trigger it.

Connected once by ``PageCacheConfig.ready`` (not on import), so the purges exist whether or not
anything imported the middleware first.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from catalog.browsing import guides_showing
from catalog.models import ServiceGuidePage

from .middleware import SHARED, SITE, purge_on_commit


def tags_for_change(page):
    """What to purge when ``page`` is published, unpublished, moved or deleted."""
    page = page.specific if hasattr(page, "specific") else page
    if isinstance(page, ServiceGuidePage):
        return {SITE, f"guide:{page.pk}"} | {f"guide:{pk}" for pk in guides_showing(page)}
    return {SITE, SHARED}


def _page_changed(sender, instance, **kwargs):
    purge_on_commit(tags_for_change(instance))


def _everything_changed(sender, **kwargs):
    purge_on_commit({SITE, SHARED})


def _page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        purge_on_commit({SITE, SHARED})


def connect_signals():
    page_published.connect(_page_changed, dispatch_uid="zhinan_pagecache_published")
    page_unpublished.connect(_page_changed, dispatch_uid="zhinan_pagecache_unpublished")
    post_page_move.connect(_everything_changed, dispatch_uid="zhinan_pagecache_moved")
    post_delete.connect(_page_deleted, dispatch_uid="zhinan_pagecache_deleted")
    # Themes are a snippet shown on many pages (filters, home tiles, guide facts).
    post_save.connect(_everything_changed, sender="catalog.Theme", dispatch_uid="zhinan_pagecache_theme")
    post_delete.connect(_everything_changed, sender="catalog.Theme",
                        dispatch_uid="zhinan_pagecache_theme_deleted")

