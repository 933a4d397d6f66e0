"""What Chromium prints: the browser's print of any public page shows content, not navigation."""

import pytest

from tests.browser.conftest import browser, desktop, phone, screenshot, server_url  # noqa: F401

pytestmark = pytest.mark.browser

GUIDE = "/shixiang/gongan/chu-sheng-deng-ji/"


def _display(page, selector):
    return page.eval_on_selector(selector, "el => getComputedStyle(el).display")


def test_printing_a_guide_page_hides_navigation_and_print_links(desktop, server_url):  # noqa: F811
    desktop.goto(server_url + GUIDE)
    desktop.emulate_media(media="print")
    for selector in (".site-header", ".site-footer", ".section-nav", ".print-links"):
        assert _display(desktop, selector) == "none", selector
    assert _display(desktop, "#materials") != "none"
    assert desktop.eval_on_selector("#faq details", "el => el.open || getComputedStyle(el.querySelector('p')).display !== 'none'")


def test_print_view_on_phone_and_desktop(phone, desktop, server_url):  # noqa: F811
    for page, name in ((phone, "print-view-390"), (desktop, "print-view-1280")):
        page.goto(server_url + GUIDE + "print/")
        assert page.locator("h1.print-title").inner_text() == "出生登记"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], f"{name}: horizontal scroll ({width}px)"
        screenshot(page, name)
    desktop.emulate_media(media="print")
    assert _display(desktop, ".print-toolbar") == "none"
