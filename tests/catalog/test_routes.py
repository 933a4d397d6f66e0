"""Routes feature apps register on catalog's pages: served, reversible, recognised by name."""

from catalog.models import ServiceGuidePage
from catalog.routes import SITE_ROOT, route_name
from feedback.views import ROUTES, SUBMIT_ROUTES


def test_printing_routes_are_the_guides_print_and_pdf_addresses():
    assert ServiceGuidePage.get_resolver().reverse("print_view") == "print/"
    assert ServiceGuidePage.get_resolver().reverse("pdf_view") == "pdf/"


def test_the_throttle_knows_a_submit_post_by_its_route_name():
    assert route_name(SITE_ROOT, "/fankui/12/jiucuo/") in SUBMIT_ROUTES
    assert route_name(SITE_ROOT, "/fankui/12/pingjia/") in SUBMIT_ROUTES
    assert route_name(SITE_ROOT, "/fankui/12/") == ROUTES["form"]  # reading the forms is free
    assert route_name(SITE_ROOT, "/fankui/12/jiucuo/more/") is None
    assert route_name(SITE_ROOT, "/shixiang/fankui/12/jiucuo/") is None
