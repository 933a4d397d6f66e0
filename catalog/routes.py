"""Page routes that feature apps add to a page type, so a page model imports no feature app.

A guide's print view and notice PDF belong to the printing app, the ``/fankui/…`` forms served
under the site root to the feedback app; the pages serving them are catalog's and home's. Each
such page type names the set of routes it serves (``routes_from``) and mixes in
``RegisteredRoutesMixin``; an app adds its views to that set from its ``AppConfig.ready()``, as
``catalog.media.register_folder`` does for media folders. The dependency then points downward
only: printing and feedback import catalog, never the reverse.

A registered view is called as ``view(request, page, *args, **kwargs)`` and is named, so
templates reach it with ``{% routablepageurl page name %}`` and code with ``route_path``; the
feedback throttle recognises a submit post by its route name (``resolve``), before any routing.
"""

from django.urls import Resolver404, URLResolver
from django.urls import path as path_pattern
from django.urls.resolvers import RegexPattern

GUIDE = "guide"          # a service guide page (printing: print/, pdf/)
SITE_ROOT = "site-root"  # the home page, served at "/" (feedback: fankui/<guide id>/…)
ROUTES = {GUIDE: [], SITE_ROOT: []}
_resolvers = {}  # target -> URLResolver over ROUTES[target], rebuilt when a route is added


def register_route(target, route, view, name):
    """Serve ``view`` at ``route`` (a ``django.urls.path`` pattern) below pages of ``target``.

    Call it from ``AppConfig.ready()``: a page type builds its resolver on its first request.
    """

    def page_view(page, request, *args, **kwargs):
        return view(request, page, *args, **kwargs)

    page_view.__name__ = name
    # Wagtail binds the route's callback to the page it resolved (``func.__get__(page)``), so the
    # page arrives first, like ``self`` in a route method.
    ROUTES[target].append(path_pattern(route, page_view, name=name))
    _resolvers.pop(target, None)


def resolver(target):
    """A resolver over ``target``'s registered routes: pure, no database or request needed."""
    if target not in _resolvers:
        _resolvers[target] = URLResolver(RegexPattern(r"^/"), ROUTES[target])
    return _resolvers[target]


def route_name(target, path):
    """The name of the registered route ``path`` (below the page, from "/") matches, or None."""
    try:
        return resolver(target).resolve(path).url_name
    except Resolver404:
        return None


def route_path(target, name, **kwargs):
    """The path of a registered route below the page, from "/" (e.g. "/fankui/12/jiucuo/")."""
    return "/" + resolver(target).reverse(name, **kwargs)  # a resolver's reverse omits its own "^/"


class RegisteredRoutesMixin:
    """Add the routes registered for ``routes_from`` after the page type's own routes."""

    routes_from = None

    @classmethod
    def get_subpage_urls(cls):
        return tuple(super().get_subpage_urls()) + tuple(ROUTES[cls.routes_from])
