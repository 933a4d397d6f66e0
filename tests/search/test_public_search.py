"""The public search as citizens and editors use it: /search/, /search/api/, /search/suggest/."""

import datetime

import pytest
from django.core.management import call_command
from django.utils.html import strip_tags
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from catalog.models import ServiceGuidePage
from search.models import Synonym, ZeroResultQuery
from tests.forms import page_form_data

pytestmark = pytest.mark.django_db

HOSTILE = ["' OR 1=1 --", '"', '"营业执照', "*", "营业*", "NEAR(营业 执照)", "a AND OR NOT b",
           "户" * 2000, "😀🚀👨‍👩‍👧", "（营业执照）！？【】", "", "   ", "%00", "\\", "<script>alert(1)</script>",
           "{title}: 营业", "^营业", "营业 -执照", "NOT", "yyzz*"]


def titles(data, key="results"):
    return [hit["title"] for hit in data[key]]


def test_an_alias_finds_the_official_guide(search_json):
    data = search_json(q="准生证")
    assert titles(data)[0] == "生育登记"
    hit = data["results"][0]
    assert hit["item_code"] == "11999900MB0000008E20002"
    assert hit["department"] == "示范市卫生健康委员会"
    assert hit["url"].startswith("/shixiang/weijian/")


def test_a_two_character_word_matches_inside_longer_words(search_json):
    assert "社会保障卡申领" in titles(search_json(q="社保"))[:3]
    assert "户口迁移（投靠落户）" in titles(search_json(q="户口"))[:3]


def test_pinyin_and_initials_find_titles_and_aliases(search_json):
    assert titles(search_json(q="yyzz"))[0] == "企业设立登记（有限责任公司）"
    assert titles(search_json(q="gongzufang"))[0] == "公共租赁住房资格申请"


def test_a_whole_question_finds_the_guide(search_json):
    assert titles(search_json(q="新生儿怎么上户口"))[0] == "出生登记"


def test_the_html_page_lists_highlighted_results(client):
    response = client.get("/search/", {"q": "营业执照"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>营业执照</mark>" in html
    assert "企业设立登记（有限责任公司）" in strip_tags(html)
    assert 'aria-label="筛选搜索结果"' in html


def test_guides_halls_and_bundles_are_found(search_json):
    assert titles(search_json(q="新生儿出生一件事"))[0] == "新生儿出生一件事"
    kinds = {hit["type"] for hit in search_json(q="政务服务中心")["results"]}
    assert "hall" in kinds


# --- only live, public content -----------------------------------------------------------------

def test_a_department_editors_draft_does_not_change_public_results(demo, login, search_json):
    guide = demo.birth_registration
    client = login("ga_editor")
    data = page_form_data(guide, title="出生登记（草稿标题）", keywords=guide.keywords + "、草稿才有的词")
    response = client.post(f"/admin/pages/{guide.pk}/edit/", data)
    assert response.status_code == 302
    guide.refresh_from_db()
    assert guide.has_unpublished_changes

    client.logout()
    assert search_json(q="草稿才有的词")["count"] == 0
    assert titles(search_json(q="上户口"))[0] == "出生登记"

    guide.get_latest_revision().publish()
    assert titles(search_json(q="草稿才有的词"))[0] == "出生登记（草稿标题）"


def test_a_never_published_guide_is_not_found(demo, search_json):
    draft = ServiceGuidePage(title="从未发布的测试事项", slug="cong-wei-fa-bu", item_code="DRAFT00000001",
                             keywords="未发布专用词", live=False)
    demo.gongan.add_child(instance=draft)
    draft.save_revision()
    for query in ("未发布专用词", "从未发布的测试事项", "DRAFT00000001"):
        assert "从未发布的测试事项" not in titles(search_json(q=query))


def test_unpublishing_removes_a_guide_from_results_and_facets_at_once(demo, search_json):
    before = search_json(q="结婚证")
    marriage_count = next(o["count"] for o in before["facets"]["department"]["options"]
                          if o["value"] == "minzheng")
    demo.marriage.unpublish()
    after = search_json(q="结婚证")
    assert "内地居民结婚登记" not in titles(after)
    assert after["count"] == before["count"] - 1
    assert next(o["count"] for o in after["facets"]["department"]["options"]
                if o["value"] == "minzheng") == marriage_count - 1
    assert search_json(q="扯证")["count"] == 0


def test_a_guide_published_then_unpublished_at_once_is_gone(demo, search_json):
    guide = ServiceGuidePage(title="临时测试事项", slug="lin-shi-ce-shi", item_code="TEMP00000001",
                             keywords="一闪而过的词")
    demo.gongan.add_child(instance=guide)
    guide.save_revision().publish()
    assert titles(search_json(q="一闪而过的词")) == ["临时测试事项"]
    guide.unpublish()
    assert "临时测试事项" not in titles(search_json(q="一闪而过的词"))


def test_an_expired_guide_is_not_found(demo, search_json):
    guide = demo.marriage
    guide.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    guide.save()
    call_command("publish_scheduled")
    assert search_json(q="扯证")["count"] == 0
    assert search_json(type="行政确认", department="minzheng")["count"] == \
        ServiceGuidePage.objects.live().child_of(demo.minzheng).filter(item_type="行政确认").count()


def test_a_private_guide_is_not_found(demo, search_json):
    PageViewRestriction.objects.create(page=demo.marriage, restriction_type="password",
                                       password="secret")
    assert search_json(q="扯证")["count"] == 0


def test_a_deleted_guide_is_not_found(demo, search_json):
    demo.marriage.delete()
    assert search_json(q="扯证")["count"] == 0


# --- hostile input ---------------------------------------------------------------------------

@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_return_a_normal_page(client, query):
    for url in ("/search/", "/search/api/", "/search/suggest/"):
        response = client.get(url, {"q": query, "page": "x", "department": "<b>", "visits": "-1"})
        assert response.status_code == 200, (url, query)


def test_the_query_is_escaped_on_the_page(client):
    html = client.get("/search/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_highlights_escape_html_in_guide_text(demo, search_json):
    guide = demo.marriage
    guide.summary = '<img src=x onerror=alert(1)>扯证须知<b>粗体</b>'
    guide.save_revision().publish()
    snippet = next(hit["snippet"] for hit in search_json(q="扯证须知")["results"]
                   if hit["title"] == guide.title)
    assert "<img" not in snippet and "<b>" not in snippet
    assert "&lt;img src=x onerror=alert(1)&gt;" in snippet
    assert "<mark>扯证须知</mark>" in snippet


# --- facets and pages ---------------------------------------------------------------------------

def test_facets_narrow_a_query(search_json):
    everything = search_json(q="登记")
    gongan = search_json(q="登记", department="gongan")
    assert 0 < gongan["count"] < everything["count"]
    assert {hit["department"] for hit in gongan["results"]} == {"示范市公安局"}
    options = {o["value"]: o for o in everything["facets"]["department"]["options"]}
    assert options["gongan"]["count"] == gongan["count"]
    assert {"department", "theme", "object", "type", "online", "visits", "assisted", "scope",
            "materials", "appointment"} == set(everything["facets"])


def test_facets_work_without_a_query(search_json):
    data = search_json(theme="hunyin")
    assert data["mode"] == "browse"
    assert set(titles(data)) == {"内地居民结婚登记", "内地居民离婚登记", "补领婚姻登记证"}
    selected = [o for o in data["facets"]["theme"]["options"] if o["selected"]]
    assert [o["value"] for o in selected] == ["hunyin"]


def test_facets_combine(search_json):
    data = search_json(q="证", object="entity", online="全程网办")
    for hit in data["results"]:
        guide = ServiceGuidePage.objects.get(item_code=hit["item_code"])
        assert guide.for_legal_entities and guide.online_depth == "全程网办"


def test_visits_facet(search_json):
    data = search_json(visits="0")
    assert data["count"] == ServiceGuidePage.objects.live().filter(visits=0).count() > 0


def test_pages_of_results(search_json, settings):
    settings.ZHINAN_SEARCH_PAGE_SIZE = 5
    first, second = search_json(q="登记"), search_json(q="登记", page=2)
    assert first["pages"] > 1
    assert len(first["results"]) == 5
    assert not set(titles(first)) & set(titles(second))
    beyond = search_json(q="登记", page=999)
    assert beyond["results"] == []


def test_facet_links_keep_the_query(client):
    html = client.get("/search/", {"q": "登记"}).content.decode()
    assert "?q=%E7%99%BB%E8%AE%B0&amp;department=gongan" in html


# --- when nothing is found -----------------------------------------------------------------------

def test_zero_results_are_logged_and_offer_closest_items_and_themes(client):
    for _ in range(2):
        response = client.get("/search/", {"q": "火星户口迁移证"})
    html = response.content.decode()
    assert response.status_code == 200
    logged = ZeroResultQuery.objects.get(query_string="火星户口迁移证")
    assert logged.count == 2
    assert logged.partial  # any word (户口, 迁移) finds something
    assert "以下是包含部分词语的结果" in html
    assert "户口迁移（投靠落户）" in strip_tags(html)


def test_nothing_at_all_shows_closest_names_and_popular_themes(client):
    response = client.get("/search/", {"q": "xqzv"})
    html = response.content.decode()
    assert "没有找到匹配的办事指南（搜索“xqzv”）" in html
    assert "按主题浏览" in html and "婚姻登记" in html
    assert ZeroResultQuery.objects.filter(query_string="xqzv", partial=False).exists()


def test_zero_result_log_is_listed_in_the_admin_with_counts(login, client):
    ZeroResultQuery.record("火星护照")
    ZeroResultQuery.record("火星护照")
    html = login("admin").get("/admin/snippets/zhinan_search/zeroresultquery/").content.decode()
    assert "火星护照" in html
    assert ">2<" in html.replace(" ", "").replace("\n", "")


def test_a_found_query_is_not_logged(client):
    client.get("/search/", {"q": "准生证"})
    assert not ZeroResultQuery.objects.filter(query_string="准生证").exists()


# --- editors' tools ---------------------------------------------------------------------------

def test_pinned_results_come_first(demo, search_json):
    query = Query.get("办证")
    SearchPromotion.objects.create(query=query, page=demo.city_hall, sort_order=0,
                                   description="到政务服务中心办理")
    data = search_json(q="办证")
    assert data["promoted"][0]["title"] == "示范市政务服务中心"
    assert data["promoted"][0]["promoted"] is True
    assert "示范市政务服务中心" not in titles(data)


def test_a_pinned_page_that_is_unpublished_is_not_shown(demo, search_json):
    SearchPromotion.objects.create(query=Query.get("办证"), page=demo.marriage, sort_order=0)
    demo.marriage.unpublish()
    assert search_json(q="办证")["promoted"] == []


def test_an_editors_synonym_works_on_the_next_search(search_json):
    assert search_json(q="娃娃证")["mode"] != "exact"
    Synonym.objects.create(term="娃娃证", targets="出生医学证明")
    assert titles(search_json(q="娃娃证"))[0] == "出生医学证明办理"


def test_synonyms_are_managed_in_the_admin(login):
    client = login("admin")
    response = client.post("/admin/snippets/zhinan_search/synonym/add/",
                           {"term": "结婚本", "targets": "结婚证、结婚登记", "note": ""})
    assert response.status_code == 302
    assert Synonym.objects.get(term="结婚本").target_list == ["结婚证", "结婚登记"]
    duplicate = client.post("/admin/snippets/zhinan_search/synonym/add/",
                            {"term": "结婚本", "targets": "结婚证"})
    assert "这个说法已经有同义词条目" in duplicate.content.decode()


def test_the_admin_page_search_understands_chinese(login):
    html = login("admin").get("/admin/pages/search/", {"q": "准生证"}).content.decode()
    assert "生育登记" in html


# --- suggestions ------------------------------------------------------------------------------

def test_suggestions_match_titles_aliases_and_initials(client):
    data = client.get("/search/suggest/", {"q": "yyz"}).json()
    by_title = {s["title"]: s for s in data["suggestions"]}
    assert by_title["企业设立登记（有限责任公司）"]["alias"] == "营业执照"
    data = client.get("/search/suggest/", {"q": "上户"}).json()
    assert "出生登记" in [s["title"] for s in data["suggestions"]]


def test_suggestions_are_live_pages_only(demo, client):
    demo.marriage.unpublish()
    data = client.get("/search/suggest/", {"q": "内地居民"}).json()
    assert "内地居民结婚登记" not in [s["title"] for s in data["suggestions"]]


# --- index upkeep -----------------------------------------------------------------------------

def test_moving_a_guide_changes_its_department_in_results(demo, search_json):
    demo.marriage.move(demo.gongan, pos="last-child")
    hit = search_json(q="扯证")["results"][0]
    assert hit["department"] == "示范市公安局"


def test_rebuild_search_command(capsys):
    call_command("rebuild_search")
    assert "搜索索引已重建" in capsys.readouterr().out

