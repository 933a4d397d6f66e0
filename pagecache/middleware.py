"""Whole-page cache for anonymous visitors, purged by publishing.

A news-day crowd reads the same few guides: serving them from the cache (Redis in production,
local memory by default) costs two cache reads instead of routing, queries and rendering.

How an entry stays correct: every cached response carries *tags*, and the cache keeps a
generation token per tag. An entry is served only while its tags' tokens are the ones it was
stored with; publishing replaces tokens (``purge``), so nothing is ever listed or deleted.

* A guide page (and its print, chart and sample routes) is tagged ``guide:<id>`` and
  ``shared``; every other response (home, catalog, departments, halls, bundles, change feed,
  search, sitemap) is tagged ``site`` and with what it lists (``pagecache/tags.py``).
* Publishing or unpublishing a guide renews its own tag, the tags of the guides that show it
  (related guides, bundle siblings) and of the listings that show it (its department, themes,
  halls and bundles, home, the search and catalog pages that list it, the change feed when it
  changed majorly; every listing when it appears or leaves); any other page renews ``site`` and
  ``shared``, so halls' hours or a department's name reach every guide page.
* Purges run after the publishing transaction commits, so a request cannot re-cache the old
  content in between.

What a view counts per visit survives caching: guide views are counted on hits too, and a view
can ask for any other count to be repeated on each hit (``repeat_when_cached``).

What is never cached: anything but GET/HEAD, visitors with a session (editors see drafts and
previews), admin, API, documents and media, responses that set cookies, used a real CSRF token
or the session, or were rendered inside an open transaction (they could be rolled back; such
requests do not read the cache either). Forms in cached pages use ``{% cacheable_csrf_token %}``:
a placeholder this middleware fills in with each visitor's token.

What publishing purges is decided in ``pagecache/signals.py``, connected when the app is ready.
"""

import hashlib
import random
import secrets
import time
from importlib import import_module

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

from home.preferences import display_mode

from .tags import guide_page_tags, listing_tags, page_tags

CSRF_PLACEHOLDER = "__zhinan_csrf_token_placeholder__"
_PLACEHOLDER_BYTES = CSRF_PLACEHOLDER.encode()
CACHEABLE_TYPES = ("text/html", "application/xml", "application/atom+xml", "application/rss+xml",
                   "image/svg+xml")
KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition", "Link")


def _cache():
    return caches[settings.ZHINAN_PAGE_CACHE_ALIAS]


def lifetime():
    """Seconds an entry is kept: at most ``ZHINAN_PAGE_CACHE_SECONDS`` (how long content that
    changes with the time, such as a hall's hours today, may lag), at random down to three
    quarters of it. Pages cached together (a news-day crowd, a warm-up) then expire over a
    while instead of in one second, when they would all be rendered again at once."""
    seconds = settings.ZHINAN_PAGE_CACHE_SECONDS
    return random.randint(seconds * 3 // 4, seconds)


def _gen_key(tag):
    return f"zhinan:gen:{tag}"


# Tokens read in the last second, per process: a hit then costs one cache read, not two, and a
# purge made by another process is seen within a second (this process's own at once).
_recent = {}
RECENT_SECONDS = 1.0


def current_generations(tags, create=False):
    """{tag: token}; with ``create``, tags never purged (or evicted) get a token now."""
    now = time.monotonic()
    remembered = {tag: _recent.get(tag) for tag in tags}
    if not create and all(entry and now - entry[1] < RECENT_SECONDS for entry in remembered.values()):
        return {tag: entry[0] for tag, entry in remembered.items()}
    cache = _cache()
    found = cache.get_many([_gen_key(tag) for tag in tags])
    generations = {tag: found.get(_gen_key(tag)) for tag in tags}
    _recent.update({tag: (token, now) for tag, token in generations.items() if token is not None})
    missing = [tag for tag, token in generations.items() if token is None]
    if missing and create:
        for tag in missing:
            cache.add(_gen_key(tag), secrets.token_hex(8), timeout=None)
        found = cache.get_many([_gen_key(tag) for tag in missing])
        generations.update({tag: found.get(_gen_key(tag)) for tag in missing})
        _recent.update({tag: (generations[tag], now) for tag in missing if generations[tag]})
    return generations


def purge(tags):
    """Make every entry tagged with any of ``tags`` stale (now: call after commit)."""
    _cache().set_many({_gen_key(tag): secrets.token_hex(8) for tag in set(tags)}, timeout=None)
    for tag in tags:
        _recent.pop(tag, None)


def purge_on_commit(tags):
    tags = set(tags)
    transaction.on_commit(lambda: purge(tags))


def cache_key(request):
    """Host, full path (with the filters' query) and display mode; today's date, so pages that
    show "today" (halls' opening hours) roll over at midnight."""
    raw = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()
    return f"zhinan:page:{timezone.localdate():%Y%m%d}:{display_mode(request) or 'std'}:{digest}"


def _in_transaction():
    """Inside a transaction the database may show rows that will be rolled back (or hide rows
    others committed), so such a request neither reads nor fills the shared cache."""
    return connection.in_atomic_block


def is_public_visit(request):
    """A citizen's GET, not an editor's (editors have a session) nor a form post."""
    return request.method == "GET" and settings.SESSION_COOKIE_NAME not in request.COOKIES


def request_is_cacheable(request):
    if request.method not in ("GET", "HEAD") or not settings.ZHINAN_PAGE_CACHE_SECONDS:
        return False
    if _in_transaction():
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return not request.path.startswith(tuple(settings.ZHINAN_PAGE_CACHE_SKIP))


def response_is_cacheable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(request, "zhinan_no_cache", False) or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.accessed:
        return False
    if not response.get("Content-Type", "").startswith(CACHEABLE_TYPES):
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-cache", "no-store")):
        return False
    if "*" in response.get("Vary", ""):
        return False
    return not _in_transaction()


def _served_guide(request):
    page = getattr(request, "zhinan_page", None)
    return page if page is not None and page.specific_class.__name__ == "ServiceGuidePage" else None


def response_tags(request):
    guide = _served_guide(request)
    if guide:
        return guide_page_tags(guide.pk)
    return page_tags(getattr(request, "zhinan_page", None), request.GET,
                     getattr(request, "page_cache_listed", ()))


def lists_guides(request, guide_ids, changes=False):
    """Note that this response lists the guides ``guide_ids`` (with ``changes``: their major
    changes), so renaming or withdrawing one of them renews it (``pagecache/tags.py``)."""
    request.page_cache_listed = (set(getattr(request, "page_cache_listed", ()))
                                 | listing_tags(guide_ids, changes))


def viewed_guide(request):
    """The id of the guide whose main page this request showed (not its print or PDF route)."""
    guide = _served_guide(request)
    match = getattr(request, "routable_resolver_match", None)
    if guide is None or (match is not None and match.url_name != "web_view"):
        return None
    return guide.pk


def repeat_when_cached(request, func, *args):
    """Have ``func(*args)`` run again each time the cache serves this response.

    For what a view counts per visit besides rendering (a zero-result search is logged each
    time it is asked): the answer can then be cached without losing the count. ``func`` is a
    module-level function or a classmethod, stored by name; ``args`` must be picklable.
    """
    request.page_cache_repeats = [*getattr(request, "page_cache_repeats", []),
                                  (func.__module__, func.__qualname__, args)]


def _repeat(repeats):
    for module, qualname, args in repeats:
        target = import_module(module)
        for name in qualname.split("."):
            target = getattr(target, name)
        target(*args)


def fill_csrf_token(request, response):
    """Put this visitor's CSRF token where a cached page has the placeholder."""
    if not response.streaming and _PLACEHOLDER_BYTES in response.content:
        response.content = response.content.replace(_PLACEHOLDER_BYTES, get_token(request).encode())
    return response


class PageCacheMiddleware:
    """Serve anonymous GETs from the page cache; store what may be shared. See module doc."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from feedback.popularity import count_view

        cacheable = request_is_cacheable(request)
        key = cache_key(request) if cacheable else None
        if cacheable:
            entry = _cache().get(key)
            if entry is not None and current_generations(entry["tags"]) == entry["tags"]:
                if entry.get("guide"):
                    count_view(entry["guide"])
                _repeat(entry.get("repeats", ()))
                return fill_csrf_token(request, self._rebuild(entry, request))

        response = self.get_response(request)

        guide_id = viewed_guide(request)
        if guide_id and response.status_code == 200 and is_public_visit(request):
            count_view(guide_id)
        if cacheable and request.method == "GET" and response_is_cacheable(request, response):
            entry = {
                "tags": current_generations(response_tags(request), create=True),
                "content": response.content,
                "status": response.status_code,
                "headers": [(h, response[h]) for h in KEPT_HEADERS if h in response],
                "guide": guide_id,
                "repeats": getattr(request, "page_cache_repeats", []),
            }
            _cache().set(key, entry, timeout=lifetime())
            response["X-Page-Cache"] = "miss"
        return fill_csrf_token(request, response)

    @staticmethod
    def _rebuild(entry, request):
        response = HttpResponse(b"" if request.method == "HEAD" else entry["content"],
                                status=entry["status"])
        for header, value in entry["headers"]:
            response[header] = value
        response["X-Page-Cache"] = "hit"
        return response
