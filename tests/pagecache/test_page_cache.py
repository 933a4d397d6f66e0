"""The page cache: anonymous pages come from the cache, publishing refreshes what it changed,
and nothing private or per-visitor is ever shared."""

import pytest
from django.core.cache import cache

from catalog.models import ServiceGuidePage
from pagecache import middleware as pagecache

pytestmark = pytest.mark.django_db


@pytest.fixture
def caching(monkeypatch):
    """Tests run inside a rolled-back transaction, where the cache stands aside; let it work
    here, and leave nothing behind for other tests."""
    monkeypatch.setattr(pagecache, "_in_transaction", lambda: False)
    cache.clear()
    pagecache._recent.clear()
    yield
    cache.clear()
    pagecache._recent.clear()


def publish_title(guide, title, capture):
    guide.title = title
    with capture(execute=True):
        guide.save_revision().publish()


def test_second_visit_is_a_hit_and_identical(client, demo, caching):
    first = client.get(demo.birth_registration.url)
    second = client.get(demo.birth_registration.url)
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    strip = lambda html: html.split('name="csrfmiddlewaretoken"')[0]  # noqa: E731
    assert strip(first.content.decode()) == strip(second.content.decode())


def test_publishing_a_guide_refreshes_it_its_neighbours_and_every_listing_of_it(
        client, demo, caching, django_capture_on_commit_callbacks):
    from catalog.models import HallPage

    guide = demo.birth_registration
    its_hall = HallPage.objects.filter(guide_links__guide=guide).first()
    pages = [guide.url, "/", "/shixiang/", demo.gongan.url, its_hall.url,
             demo.newborn_bundle.url]
    sibling = next(g for g in demo.newborn_bundle.live_guides() if g.pk != guide.pk)
    other_department_unrelated = demo.marriage
    for url in pages + [sibling.url, other_department_unrelated.url]:
        client.get(url)
    publish_title(guide, "出生登记（新版）", django_capture_on_commit_callbacks)
    for url in pages:
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
    assert "出生登记（新版）" in client.get(guide.url).content.decode()
    assert client.get(sibling.url)["X-Page-Cache"] == "miss"  # lists it under 相关事项
    assert client.get(other_department_unrelated.url)["X-Page-Cache"] == "hit"


def test_publishing_a_guide_leaves_pages_that_cannot_show_it_cached(
        client, demo, caching, django_capture_on_commit_callbacks):
    """A publish under load used to refresh every page but the guides at once."""
    from catalog.models import HallPage, Theme

    guide = demo.birth_registration
    guide_themes = set(guide.themes.values_list("slug", flat=True))
    other_theme = Theme.objects.exclude(slug__in=guide_themes).first()
    other_hall = HallPage.objects.live().exclude(guide_links__guide=guide).first()
    refreshed = [guide.url, demo.gongan.url, "/shixiang/?department=gongan", "/",
                 "/search/?q=出生"]
    untouched = [demo.marriage.url, demo.minzheng.url, "/shixiang/?department=minzheng",
                 f"/shixiang/?theme={other_theme.slug}", other_hall.url,
                 "/gengxin/", "/gengxin/feed/"]  # not a major change, and not on them before
    for url in refreshed + untouched:
        assert client.get(url).status_code == 200, url
    publish_title(guide, "出生登记（新版）", django_capture_on_commit_callbacks)
    for url in refreshed:
        assert client.get(url)["X-Page-Cache"] == "miss", url
    for url in untouched:
        assert client.get(url)["X-Page-Cache"] == "hit", url
    assert "出生登记（新版）" in client.get("/shixiang/?department=gongan").content.decode()


def cached_listing(client, url, shows=(), hides=()):
    """Fill the cache with ``url`` and check which guides it links to (search highlights the
    words of titles) before the change under test."""
    html = client.get(url).content.decode()
    assert all(f'href="{guide.url}"' in html for guide in shows), url
    assert not any(f'href="{guide.url}"' in html for guide in hides), url
    return url


def test_republishing_a_guide_renews_the_search_and_catalog_pages_listing_it_only(
        client, demo, caching, django_capture_on_commit_callbacks):
    """A republication used to render every search page again; now only those listing it."""
    guide = demo.birth_registration
    listing = [cached_listing(client, url, [guide]) for url in
               ("/search/?q=出生", "/shixiang/", "/shixiang/?object=individual")]
    not_listing = [cached_listing(client, "/search/?q=离婚", [demo.marriage], hides=[guide]),
                   cached_listing(client, "/shixiang/?page=2", hides=[guide])]
    publish_title(guide, "出生登记（新版）", django_capture_on_commit_callbacks)
    for url in listing:
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "登记（新版）" in response.content.decode(), url
    for url in not_listing:
        assert client.get(url)["X-Page-Cache"] == "hit", url


def test_a_renamed_then_withdrawn_guide_leaves_every_cached_listing_at_once(
        client, demo, caching, django_capture_on_commit_callbacks):
    from catalog.models import HallPage

    guide = demo.birth_registration
    its_hall = HallPage.objects.filter(guide_links__guide=guide).first()
    listings = ["/search/?q=出生", "/shixiang/", "/shixiang/?object=individual", "/",
                demo.gongan.url, "/shixiang/?department=gongan",
                f"/shixiang/?theme={guide.themes.first().slug}", its_hall.url,
                demo.newborn_bundle.url]
    for url in listings:
        client.get(url)
    unrelated_search = cached_listing(client, "/search/?q=离婚", [demo.marriage])
    publish_title(guide, "出生登记（新版）", django_capture_on_commit_callbacks)
    for url in listings:  # cached again, with the new title
        assert "登记（新版）" in client.get(url).content.decode(), url
    assert client.get(unrelated_search)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        guide.unpublish()
    for url in listings:
        assert "登记（新版）" not in client.get(url).content.decode(), url


def test_a_new_guide_shows_on_the_catalog_and_home_at_once(
        client, demo, caching, django_capture_on_commit_callbacks):
    """A first publication renews every listing; the guide's next one only those listing it."""
    catalog = ("/shixiang/", "/shixiang/?page=2")
    unrelated_search = cached_listing(client, "/search/?q=离婚", [demo.marriage])
    for url in (*catalog, "/"):
        assert "新设测试事项" not in client.get(url).content.decode()
    guide = ServiceGuidePage(title="新设测试事项", slug="xin-she-ce-shi",
                             item_code="NEW000000001", live=False)
    demo.gongan.add_child(instance=guide)
    with django_capture_on_commit_callbacks(execute=True):
        guide.save_revision().publish()
    assert "新设测试事项" in "".join(client.get(url).content.decode() for url in catalog)
    assert "新设测试事项" in client.get("/").content.decode()

    client.get(unrelated_search)
    publish_title(guide, "新设测试事项（改名）", django_capture_on_commit_callbacks)
    assert "新设测试事项（改名）" in "".join(client.get(url).content.decode() for url in catalog)
    assert client.get(unrelated_search)["X-Page-Cache"] == "hit"


def test_a_major_change_shows_on_the_change_list_at_once_and_a_minor_one_leaves_it(
        client, demo, caching, django_capture_on_commit_callbacks):
    guide = demo.marriage
    changes = ("/gengxin/", "/gengxin/feed/")
    for url in changes:
        assert "结婚登记可全市通办" not in client.get(url).content.decode()
    guide.major_change, guide.change_note = True, "结婚登记可全市通办"
    publish_title(guide, guide.title, django_capture_on_commit_callbacks)
    for url in changes:
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "结婚登记可全市通办" in response.content.decode(), url

    guide.refresh_from_db()  # the next change note starts empty, not major
    publish_title(demo.birth_registration, "出生登记（新版）", django_capture_on_commit_callbacks)
    for url in changes:  # a minor change to a guide they do not list
        assert client.get(url)["X-Page-Cache"] == "hit", url
    publish_title(guide, "内地居民结婚登记（新版）", django_capture_on_commit_callbacks)
    for url in changes:  # a minor change to a guide they list: its new title
        assert "内地居民结婚登记（新版）" in client.get(url).content.decode(), url


def test_a_guide_dropped_from_a_theme_leaves_that_themes_cached_listing(
        client, demo, caching, django_capture_on_commit_callbacks):
    guide = demo.birth_registration
    theme = guide.themes.first()
    url = f"/shixiang/?theme={theme.slug}"
    assert guide.title in client.get(url).content.decode()
    guide.themes.remove(theme)
    publish_title(guide, guide.title, django_capture_on_commit_callbacks)
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert guide.title not in response.content.decode()


def test_publishing_a_hall_refreshes_its_guides_and_leaves_the_others_cached(
        client, demo, caching, django_capture_on_commit_callbacks):
    """A hall's address is on the pages of the guides handled there, not on every guide's."""
    hall = demo.city_hall
    at_hall = ServiceGuidePage.objects.live().filter(hall_links__hall=hall).first()
    elsewhere = ServiceGuidePage.objects.live().exclude(hall_links__hall=hall).first()
    for url in (at_hall.url, elsewhere.url, hall.url):
        client.get(url)
    hall.address = "示范市新区政务大道 1 号"
    with django_capture_on_commit_callbacks(execute=True):
        hall.save_revision().publish()
    assert client.get(hall.url)["X-Page-Cache"] == "miss"
    response = client.get(at_hall.url)
    assert response["X-Page-Cache"] == "miss"
    assert "示范市新区政务大道 1 号" in response.content.decode()
    assert client.get(elsewhere.url)["X-Page-Cache"] == "hit"


def test_renaming_a_department_refreshes_its_guides_and_leaves_the_others_cached(
        client, demo, caching, django_capture_on_commit_callbacks):
    department = demo.minzheng
    for url in (demo.marriage.url, demo.birth_registration.url, department.url, "/shixiang/"):
        client.get(url)
    department.title = "示范市民政局（新名）"
    with django_capture_on_commit_callbacks(execute=True):
        department.save_revision().publish()
    response = client.get(demo.marriage.url)
    assert response["X-Page-Cache"] == "miss"
    assert "示范市民政局（新名）" in response.content.decode()
    assert client.get(department.url)["X-Page-Cache"] == "miss"
    assert "示范市民政局（新名）" in client.get("/shixiang/").content.decode()  # filter options
    assert client.get(demo.birth_registration.url)["X-Page-Cache"] == "hit"  # 公安局's


def test_a_bundle_publish_refreshes_the_guides_it_lists_and_dropped_only(
        client, demo, caching, django_capture_on_commit_callbacks):
    bundle = demo.newborn_bundle
    items = list(bundle.items.all())
    dropped, kept = items[0].guide, items[1].guide
    unrelated = ServiceGuidePage.objects.live().exclude(bundle_items__bundle=bundle).first()
    for url in (dropped.url, kept.url, unrelated.url, bundle.url):
        assert bundle.title in client.get(url).content.decode() or url == unrelated.url
    bundle.items.remove(items[0])
    with django_capture_on_commit_callbacks(execute=True):
        bundle.save_revision().publish()
    response = client.get(dropped.url)
    assert response["X-Page-Cache"] == "miss"
    assert bundle.title not in response.content.decode()
    assert client.get(kept.url)["X-Page-Cache"] == "miss"
    assert client.get(bundle.url)["X-Page-Cache"] == "miss"
    assert client.get(unrelated.url)["X-Page-Cache"] == "hit"


def test_unpublished_guide_disappears_from_cached_listings(client, demo, caching,
                                                         django_capture_on_commit_callbacks):
    assert demo.birth_registration.title in client.get("/shixiang/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        demo.birth_registration.unpublish()
    assert demo.birth_registration.title not in client.get("/shixiang/").content.decode()
    assert client.get(demo.birth_registration.url).status_code in (404, 410)


def test_filters_and_display_mode_are_cached_separately(client, demo, caching):
    client.get("/shixiang/?department=gongan")
    assert client.get("/shixiang/?department=minzheng")["X-Page-Cache"] == "miss"
    client.get("/")
    client.cookies["zhinan_display"] = "large"
    large = client.get("/")
    assert large["X-Page-Cache"] == "miss" and 'class="large-text"' in large.content.decode()


def test_editors_and_private_pages_bypass_the_cache(client, demo, caching, login):
    client.get(demo.birth_registration.url)
    editor = login("ga_editor")
    assert "X-Page-Cache" not in editor.get(demo.birth_registration.url)
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=demo.marriage, restriction_type="password",
                                       password="secret")
    from django.test import Client

    anonymous = Client()
    responses = [anonymous.get(demo.marriage.url) for _ in range(2)]
    assert all(r.get("X-Page-Cache") != "hit" for r in responses)
    assert "申请材料" not in responses[1].content.decode()  # the password form, not the guide


def test_each_visitor_gets_their_own_csrf_token_from_a_cached_page(demo, caching):
    from django.test import Client

    tokens = []
    for _ in range(2):
        html = Client().get(demo.birth_registration.url).content.decode()
        tokens.append(html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0])
    assert pagecache.CSRF_PLACEHOLDER not in "".join(tokens)
    assert tokens[0] != tokens[1]


def test_a_search_with_no_results_is_cached_and_still_counted_each_time(client, caching):
    from search.models import ZeroResultQuery

    visits = [client.get("/search/", {"q": "火星护照"}) for _ in range(3)]
    assert [v["X-Page-Cache"] for v in visits] == ["miss", "hit", "hit"]
    assert ZeroResultQuery.objects.get(query_string="火星护照").count == 3
    client.get("/search/", {"q": "出生登记"})
    assert client.get("/search/", {"q": "出生登记"})["X-Page-Cache"] == "hit"
    assert not ZeroResultQuery.objects.filter(query_string="出生登记").exists()


def test_pages_cached_together_do_not_all_expire_together(client, demo, caching, monkeypatch,
                                                          settings):
    settings.ZHINAN_PAGE_CACHE_SECONDS = 600
    lifetimes = []
    real_set = cache.set

    def recording_set(key, value, timeout=None, **kwargs):
        if isinstance(value, dict) and "content" in value:  # a cached page
            lifetimes.append(timeout)
        return real_set(key, value, timeout, **kwargs)

    monkeypatch.setattr(cache, "set", recording_set)
    guides = list(ServiceGuidePage.objects.live()[:12])
    for guide in guides:
        assert client.get(guide.url)["X-Page-Cache"] == "miss"
    assert len(lifetimes) == len(guides)
    # Never longer than configured (a hall's hours today may lag no more), spread below it.
    assert all(450 <= seconds <= 600 for seconds in lifetimes)
    assert max(lifetimes) - min(lifetimes) >= 30


def test_editing_a_helper_team_refreshes_the_guides_of_its_hall_only(
        client, demo, caching, django_capture_on_commit_callbacks):
    from assistance.models import HelperTeam
    from catalog.models import HallPage

    team = HelperTeam.objects.filter(hall__guide_links__guide=demo.birth_registration).first()
    at_hall = demo.birth_registration
    elsewhere = ServiceGuidePage.objects.live().filter(assisted_service=True).exclude(
        hall_links__hall=team.hall).first()
    other_hall = HallPage.objects.filter(guide_links__guide=elsewhere).first()
    for url in (at_hall.url, elsewhere.url, "/shixiang/"):
        client.get(url)
    team.name = "帮办代办志愿服务队"
    with django_capture_on_commit_callbacks(execute=True):
        team.save()
    assert client.get(at_hall.url)["X-Page-Cache"] == "miss"
    assert "帮办代办志愿服务队" in client.get(at_hall.url).content.decode()
    assert client.get(elsewhere.url)["X-Page-Cache"] == "hit"
    assert client.get("/shixiang/")["X-Page-Cache"] == "hit"

    team.hall = other_hall  # moved: named on the other hall's guides, gone from its old ones
    with django_capture_on_commit_callbacks(execute=True):
        team.save()
    assert client.get(at_hall.url)["X-Page-Cache"] == "miss"
    assert "帮办代办志愿服务队" in client.get(elsewhere.url).content.decode()
