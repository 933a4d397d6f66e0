"""The large-text, high-contrast display mode (适老化), remembered in a cookie.

A cookie rather than browser storage so the server renders the chosen mode in the first byte:
no flash of small text, and it works with JavaScript off (the toggle is a plain link). The page
cache keys on it, so each mode is cached separately.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

COOKIE = "zhinan_display"
LARGE = "large"
ONE_YEAR = 365 * 24 * 3600


def display_mode(request):
    """``"large"`` when the visitor chose large text, else ``""``."""
    return LARGE if request.COOKIES.get(COOKIE) == LARGE else ""


def safe_next(request, default="/"):
    target = request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return default


def toggle_display(request):
    """``?mode=large`` or ``?mode=standard``, then back to ``next``."""
    response = HttpResponseRedirect(safe_next(request))
    if request.GET.get("mode") == LARGE:
        response.set_cookie(COOKIE, LARGE, max_age=ONE_YEAR, samesite="Lax",
                            secure=settings.SESSION_COOKIE_SECURE)
    else:
        response.delete_cookie(COOKIE, samesite="Lax")
    response["Cache-Control"] = "no-store"
    return response
