"""What publishing makes stale in the page cache, and the signals that trigger it.

Connected once by ``PageCacheConfig.ready`` (not on import), so the purges exist whether or not
anything imported the middleware first.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from catalog.bulk_pages import pages_published
from catalog.models import ServiceGuidePage

from .middleware import purge_on_commit
from .tags import (SHARED, SITE, bundle_guide_ids, guide_change_tags, guide_footprint,
                   guide_listed_at, hall_guides_tags, page_change_tags)

MANY_PAGES = 5  # published together, they renew everything (_pages_changed)
BEFORE = "_pagecache_footprint"  # where a guide being saved keeps the listings it was on
LISTED_AT = "_pagecache_listed_at"  # and the address it was live at (None: not live)


def tags_for_change(page):
    """What to purge when ``page`` is published or unpublished: for a guide, the pages that
    show it (before and after the change, ``pagecache/tags.py``); for a hall, department or
    bundle, every page but the guides and the guides that show it; for any other page, all."""
    page = page.specific if hasattr(page, "specific") else page
    if isinstance(page, ServiceGuidePage):
        return guide_change_tags(page, getattr(page, BEFORE, ()), getattr(page, LISTED_AT, None))
    return page_change_tags(page, getattr(page, BEFORE, ()))


def _remember_footprint(sender, instance, update_fields=None, **kwargs):
    """Before a guide's row is written in full (a publication), note where it is listed now:
    a theme or hall it loses must drop it from that listing too; and whether it is live at this
    address, so a republication renews only the listings that show it."""
    if instance.pk and update_fields is None:
        setattr(instance, BEFORE, guide_footprint(instance))
        setattr(instance, LISTED_AT, guide_listed_at(instance))


def _remember_bundle_guides(sender, instance, update_fields=None, **kwargs):
    """Before a bundle's row is written in full, note the guides it lists now: a guide taken
    out of it must stop naming it."""
    if instance.pk and update_fields is None:
        setattr(instance, BEFORE, bundle_guide_ids(instance.pk))


def _page_changed(sender, instance, in_bulk=False, **kwargs):
    if not in_bulk:  # pages published together are purged together (_pages_changed)
        purge_on_commit(tags_for_change(instance))


def _pages_changed(sender, pages, created=True, **kwargs):
    """Pages published together (an import): a few new ones are purged as each would be; many,
    or existing ones (whose former listings were not read before their rows were written),
    renew the whole site at once, as a move does, instead of reading each one's listings (six
    queries a guide, for thousands of guides whose listings are most of the site anyway)."""
    if len(pages) > MANY_PAGES or not created:
        purge_on_commit({SITE, SHARED})
    else:
        purge_on_commit(set().union(*(tags_for_change(page) for page in pages)))


def _everything_changed(sender, **kwargs):
    purge_on_commit({SITE, SHARED})


def _page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        purge_on_commit({SITE, SHARED})


TEAM_HALL_BEFORE = "_pagecache_hall_before"  # the hall a 帮办代办 team being saved belonged to


def _remember_team_hall(sender, instance, **kwargs):
    if instance.pk:
        setattr(instance, TEAM_HALL_BEFORE, type(instance).objects.filter(pk=instance.pk)
                .values_list("hall", flat=True).first())


def _team_changed(sender, instance, **kwargs):
    """A hall's 帮办代办 team (a snippet) is named on the guides handled at its hall, and at its
    former hall when it moved: renew those guides' pages only."""
    halls = {instance.hall_id, getattr(instance, TEAM_HALL_BEFORE, None)} - {None}
    purge_on_commit(hall_guides_tags(halls))


def connect_signals():
    pre_save.connect(_remember_footprint, sender=ServiceGuidePage,
                     dispatch_uid="zhinan_pagecache_footprint")
    pre_save.connect(_remember_bundle_guides, sender="catalog.BundlePage",
                     dispatch_uid="zhinan_pagecache_bundle_guides")
    page_published.connect(_page_changed, dispatch_uid="zhinan_pagecache_published")
    pages_published.connect(_pages_changed, dispatch_uid="zhinan_pagecache_published_together")
    page_unpublished.connect(_page_changed, dispatch_uid="zhinan_pagecache_unpublished")
    post_page_move.connect(_everything_changed, dispatch_uid="zhinan_pagecache_moved")
    post_delete.connect(_page_deleted, dispatch_uid="zhinan_pagecache_deleted")
    # Themes are a snippet shown on many pages (filters, home tiles, guide facts).
    post_save.connect(_everything_changed, sender="catalog.Theme", dispatch_uid="zhinan_pagecache_theme")
    post_delete.connect(_everything_changed, sender="catalog.Theme",
                        dispatch_uid="zhinan_pagecache_theme_deleted")
    pre_save.connect(_remember_team_hall, sender="assistance.HelperTeam",
                     dispatch_uid="zhinan_pagecache_team_hall")
    post_save.connect(_team_changed, sender="assistance.HelperTeam",
                      dispatch_uid="zhinan_pagecache_team")
    post_delete.connect(_team_changed, sender="assistance.HelperTeam",
                        dispatch_uid="zhinan_pagecache_team_deleted")

