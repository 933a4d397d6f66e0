"""What citizens and search engines get from the public pages: filters, neighbours, metadata,
security headers, the large-text mode."""

import json
import re

import pytest

from catalog.models import ServiceGuidePage

pytestmark = pytest.mark.django_db


def test_catalog_filters_by_online_depth_and_visits_in_the_url(client, demo):
    expected = ServiceGuidePage.objects.live().filter(online_depth="全程网办", visits=0)
    assert expected.exists()
    html = client.get("/shixiang/", {"online": "全程网办", "visits": "0"}).content.decode()
    assert f"共 {expected.count()} 项" in html
    for guide in ServiceGuidePage.objects.live().exclude(pk__in=expected):
        assert f">{guide.title}</a>" not in html
    assert '<option value="0" selected>' in html and '<option value="全程网办" selected>' in html


def test_unknown_online_and_visits_values_are_ignored(client, demo):
    total = ServiceGuidePage.objects.live().count()
    html = client.get("/shixiang/", {"online": "<x>", "visits": "12"}).content.decode()
    assert f"共 {total} 项" in html


def test_guide_shows_its_bundles_and_related_guides(client, demo):
    html = client.get(demo.birth_registration.url).content.decode()
    related = html.split('id="related-title"')[1].split("</section>")[0]
    assert demo.newborn_bundle.title in related
    for guide in demo.newborn_bundle.live_guides():
        if guide.pk != demo.birth_registration.pk:
            assert guide.title in related


def test_guide_has_canonical_description_and_structured_data(client, demo):
    guide = demo.birth_registration
    html = client.get(guide.url).content.decode()
    assert f'<link rel="canonical" href="{guide.full_url}">' in html
    description = re.search(r'<meta name="description" content="([^"]+)"', html).group(1)
    assert guide.title in description and "需带材料" in description
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html,
                                re.S).group(1))
    service = data["@graph"][0]
    assert service["@type"] == "GovernmentService" and service["name"] == guide.title
    assert service["provider"]["name"] == demo.gongan.title
    if guide.faq:
        assert data["@graph"][1]["@type"] == "FAQPage"


def test_structured_data_cannot_break_out_of_its_script(client, demo):
    guide = demo.birth_registration
    guide.summary = "</script><script>alert(1)</script>"
    guide.save_revision().publish()
    html = client.get(guide.url).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "\\u003C/script\\u003E" in block
    assert "<script>alert(1)" not in html


def test_public_pages_send_security_headers_and_admin_keeps_its_own(client, login):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'self'" in csp
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "Content-Security-Policy" not in login("admin").get("/admin/")


def test_large_text_mode_is_a_link_that_sets_a_cookie_and_returns(client, demo):
    html = client.get(demo.marriage.url).content.decode()
    assert 'href="/xianshi/?mode=large&amp;next=' in html
    response = client.get("/xianshi/", {"mode": "large", "next": demo.marriage.url})
    assert response.status_code == 302 and response["Location"] == demo.marriage.url
    assert response.cookies["zhinan_display"].value == "large"
    html = client.get(demo.marriage.url).content.decode()
    assert '<html lang="zh-Hans" class="large-text">' in html and "标准字号" in html
    response = client.get("/xianshi/", {"mode": "standard", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert 'class="large-text"' not in client.get("/").content.decode()


def test_home_shows_todays_hall_hours(client, demo, monkeypatch):
    import datetime

    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2026, 11, 23))  # a Monday
    html = client.get("/").content.decode()
    halls = html.split('id="halls-title"')[1]
    assert "今天开放" in halls and "9:00–12:00" in halls
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2026, 11, 22))  # a Sunday
    halls = client.get("/").content.decode().split('id="halls-title"')[1]
    assert "今天不开放" in halls


def test_documents_over_the_size_limit_are_refused_in_chinese(login, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents.models import Document

    settings.ZHINAN_DOCUMENT_MAX_UPLOAD_SIZE = 1024
    admin = login("admin")
    big = SimpleUploadedFile("biao.pdf", b"%PDF-1.4\n" + b"0" * 4096, content_type="application/pdf")
    response = admin.post("/admin/documents/add/", {"title": "过大的表格", "file": big,
                                                     "collection": "1"})
    assert "文件过大" in response.content.decode()
    assert not Document.objects.filter(title="过大的表格").exists()
    small = SimpleUploadedFile("biao.pdf", b"%PDF-1.4\n", content_type="application/pdf")
    admin.post("/admin/documents/add/", {"title": "小表格", "file": small, "collection": "1"})
    assert Document.objects.filter(title="小表格").exists()


def test_the_site_has_an_icon_where_browsers_look_for_it(client, demo):
    html = client.get("/").content.decode()
    assert 'rel="icon"' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    icon = client.get(response["Location"])
    assert icon.status_code == 200 and b"<svg" in b"".join(icon.streaming_content)
