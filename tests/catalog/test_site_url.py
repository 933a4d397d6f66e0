"""Every absolute link names the address the site is served at, never a default one."""

import json

import pytest
from django.test import override_settings

from catalog.site_url import point_default_site_at, public_root_url

pytestmark = pytest.mark.django_db

ADDRESS = "https://zwfw.shifan.gov.cn"


def test_canonical_open_data_and_print_use_the_sites_address(client, demo):
    point_default_site_at(ADDRESS)
    guide = demo.birth_registration
    expected = ADDRESS + guide.url
    html = client.get(guide.url).content.decode()
    assert f'<link rel="canonical" href="{expected}">' in html
    assert f'<meta property="og:url" content="{expected}">' in html
    api = client.get("/api/v2/pages/", {"type": "catalog.ServiceGuidePage", "limit": 100})
    urls = [item["meta"]["html_url"] for item in json.loads(api.content)["items"]]
    assert expected in urls
    printed = client.get(guide.url + "print/").content.decode()
    assert expected in printed and "127.0.0.1:8000" not in printed


def test_the_configured_address_wins_over_the_site_record(client, demo):
    point_default_site_at("http://127.0.0.1:8000")
    with override_settings(SITE_URL="https://zwfw.example.gov.cn"):
        assert public_root_url() == "https://zwfw.example.gov.cn"
        printed = client.get(demo.birth_registration.url + "print/").content.decode()
        assert "https://zwfw.example.gov.cn" + demo.birth_registration.url in printed


def test_pointing_the_site_keeps_non_default_ports():
    from wagtail.models import Site

    assert point_default_site_at("http://127.0.0.1:8123") == "http://127.0.0.1:8123"
    assert Site.objects.get(is_default_site=True).root_url == "http://127.0.0.1:8123"
    with pytest.raises(ValueError):
        point_default_site_at("http://")
