"""The print view and the print links: same sections as the web page, laid out for paper."""

import re

import pytest

from catalog.sections import GUIDE_SECTIONS
from printing.documents import public_url

pytestmark = pytest.mark.django_db


def test_print_view_shows_the_web_pages_sections_with_qr_and_date(client, demo):
    guide = demo.birth_registration
    web = client.get(guide.url).content.decode()
    html = client.get(guide.url + "print/").content.decode()
    web_sections = re.findall(r'<section id="(\w+)" class="guide-section"', web)
    print_sections = re.findall(r'class="guide-section section-(\w+)"', html)
    assert print_sections == web_sections == [s.id for s in guide.sections]
    for block in guide.materials:
        assert block.value["name"] in html
    assert '<svg viewBox' in html and 'class="qr"' in html
    assert "以网站最新版本为准（打印于" in html and public_url(guide) in html
    assert "css/paper.css" in html and "css/print_view.css" in html
    assert 'class="site-header"' not in html, "no site navigation on paper"
    assert guide.url + "pdf/" in html


def test_guide_page_offers_the_print_view_and_the_notice(client, demo):
    guide = demo.marriage
    html = client.get(guide.url).content.decode()
    assert f'href="{guide.url}print/"' in html and f'href="{guide.url}pdf/"' in html
    assert "下载一次告知单" in html


def test_every_guide_section_template_is_printed(client, demo):
    """A section added to catalog/sections.py reaches paper without touching printing."""
    guide = demo.birth_registration
    html = client.get(guide.url + "print/").content.decode()
    for section in guide.sections:
        assert f'id="{section.id}"' in html
    assert {s.id for s in guide.sections} <= {s.id for s in GUIDE_SECTIONS}
