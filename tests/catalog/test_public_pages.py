"""Browsing: home, catalog filters, department, hall and bundle pages show live content."""

import pytest

from catalog.models import ServiceGuidePage

pytestmark = pytest.mark.django_db


def test_home_offers_search_themes_departments_bundles_and_halls(client, demo):
    html = client.get("/").content.decode()
    assert 'role="search"' in html
    for text in ("户籍办理", "企业开办", demo.gongan.title, demo.newborn_bundle.title,
                 demo.city_hall.title):
        assert text in html


def test_catalog_lists_all_live_guides_and_filters_combine(client, demo):
    total = ServiceGuidePage.objects.live().count()
    html = client.get("/shixiang/").content.decode()
    assert f"共 {total} 项" in html

    html = client.get("/shixiang/?department=gongan&object=entity").content.decode()
    expected = ServiceGuidePage.objects.live().child_of(demo.gongan).filter(for_legal_entities=True)
    assert f"共 {expected.count()} 项" in html
    for guide in expected:
        assert guide.title in html
    assert demo.marriage.title not in html


def test_catalog_theme_and_type_filters(client, demo):
    guides = ServiceGuidePage.objects.live().public()
    wanted = list(guides.filter(themes__slug="huji", item_type="行政确认"))
    other_type = list(guides.filter(themes__slug="huji").exclude(item_type="行政确认"))
    other_theme = list(guides.filter(item_type="行政确认").exclude(themes__slug="huji"))
    assert demo.birth_registration in wanted and other_type and other_theme  # the demo has all three
    html = client.get("/shixiang/?theme=huji&type=行政确认").content.decode()
    assert all(f'href="{guide.url}"' in html for guide in wanted)
    # Each filter leaves out what only the other would let through.
    assert not [guide.title for guide in other_type + other_theme if f'href="{guide.url}"' in html]


def test_unknown_filter_values_are_ignored_not_errors(client, demo):
    response = client.get("/shixiang/?department=nope&type=<script>&page=999")
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_unpublished_guide_leaves_catalog_department_and_hall(client, demo):
    guide = demo.birth_registration
    guide.unpublish()
    for url in ("/shixiang/", demo.gongan.url, demo.city_hall.url):
        assert guide.title not in client.get(url).content.decode(), url


def test_hall_page_shows_address_hours_windows_and_guides(client, demo):
    hall = demo.city_hall
    html = client.get(hall.url).content.decode()
    assert hall.address in html
    assert hall.windows[0].value["name"] in html
    handled = ServiceGuidePage.objects.live().filter(hall_links__hall=hall).distinct()
    assert handled.count() >= 5
    for guide in handled:
        assert guide.title in html


def test_department_page_lists_its_guides(client, demo):
    html = client.get(demo.gongan.url).content.decode()
    for guide in ServiceGuidePage.objects.live().child_of(demo.gongan):
        assert guide.title in html
    assert demo.marriage.title not in html


def test_a_guide_page_reads_each_fact_once(client, demo):
    """A guide page rendered cold asked the database for its department six times, its halls
    three times and its change history four times (34 queries on PostgreSQL)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(demo.marriage.url)  # site root paths and the like, cached once per process
    with CaptureQueriesContext(connection) as queries:
        assert client.get(demo.birth_registration.url).status_code == 200
    sql = [query["sql"] for query in queries.captured_queries]
    assert sum('FROM "catalog_changerecord"' in q for q in sql) == 1
    assert sum('FROM "catalog_guidehall"' in q for q in sql) == 1
    # Its themes (facts and related guides) and the site's view restrictions for both related
    # lists (bundles, guides): each read once, not per use.
    assert sum('FROM "catalog_theme"' in q for q in sql) == 1
    assert sum('FROM "wagtailcore_pageviewrestriction"' in q for q in sql) <= 3
    # Reading a page changes nothing: no document saved to fill in its size, no reindex.
    assert not [q for q in sql if q.startswith(("UPDATE", "DELETE"))]
    assert len(sql) <= QUERIES_PER_GUIDE_PAGE, len(sql)


# On SQLite in tests, with the test client's routing and no site cache (24 on PostgreSQL under
# gunicorn, 34 before), plus one for the halls' 帮办代办 teams on a guide that offers it, and the
# renditions a first view makes: 44 measured. It was 70-73 while every demo document was saved
# (and reindexed) on the first page that showed its size.
QUERIES_PER_GUIDE_PAGE = 50
