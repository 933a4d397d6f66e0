"""The feedback rate limit, applied before anything else a request would cost.

A flood of posts from one client must not slow the site for everyone else. Counted in the view,
a refused post still paid for Wagtail's routing (site and page lookups), the session and CSRF
middleware and a full template render: about 7 ms and 4 queries, fourteen times a cached guide
page. This middleware sits just after the security headers: a post to a feedback form is
counted with two cache operations and, when refused, answered with a 429 page without the
database, the session or routing (0.4 ms). The page is rendered once per wait message, display
mode and path in each process (it shows the large-text switch like every page; it holds no
per-visitor token). In the load bench, guide pages keep their pace during 1,000 posts.

Only the submit routes are counted: a post is recognised by the name of the site-root route its
path resolves to (``feedback.views.SUBMIT_ROUTES``, resolved by ``catalog.routes`` without the
database: 7 µs a post, 4 µs for a post elsewhere, against 0.25 µs for the regex it replaces,
which had to rebuild the URLs); reading the forms is free. Other public forms of the site (the
帮办代办 request and status lookup) join the same limit with ``count_posts_to`` from their
``AppConfig.ready()``.
"""

from django.http import HttpResponse
from django.template.loader import render_to_string

from catalog.routes import SITE_ROOT, route_name
from home.preferences import display_mode

from .spam import RateLimiter, client_address, client_key, throttle_message
from .views import SUBMIT_ROUTES

COUNTED_ROUTES = set(SUBMIT_ROUTES)  # site-root route names whose posts the limit counts


def count_posts_to(*route_names):
    """Put posts to these site-root routes under the same rate limit as feedback."""
    COUNTED_ROUTES.update(route_names)


class FeedbackThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.pages = {}  # wait message -> rendered 429 page (a handful per process)

    def __call__(self, request):
        if request.method == "POST" and route_name(SITE_ROOT, request.path_info) in COUNTED_ROUTES:
            wait = RateLimiter().hit(client_key(client_address(request)))
            if wait:
                return self.refused(request, wait)
        return self.get_response(request)

    def refused(self, request, wait):
        """429 with the wait in Chinese."""
        key = (wait, display_mode(request), request.get_full_path())
        if key not in self.pages:
            if len(self.pages) >= 256:
                self.pages.clear()
            self.pages[key] = render_to_string(
                "feedback/throttled.html", {"message": throttle_message(wait)}, request=request)
        response = HttpResponse(self.pages[key], status=429)
        response["Retry-After"] = "60"
        response["Cache-Control"] = "no-store"
        return response
