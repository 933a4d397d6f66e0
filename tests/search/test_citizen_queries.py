"""The search as citizens really write: Traditional and variant characters, names the dictionary
does not know, exact material names, long pasted messages, whole questions (issue 17)."""

import pytest
from django.utils.html import strip_tags

from search.results import MAX_QUERY_INPUT

pytestmark = pytest.mark.django_db


def titles(data, key="results"):
    return [hit["title"] for hit in data[key]]


@pytest.mark.parametrize("query, expected", [
    ("營業執照", "企业设立登记（有限责任公司）"),
    ("居民身份證換領", "居民身份证换领、补领"),  # the demo's 機動車駕駛證: a card renewed
    ("居住證申領", "居住证申领"),  # the demo's 護照: a document applied for
    ("戶口遷移", "户口迁移（投靠落户）"),  # 戶口遷出
    ("結婚登記", "内地居民结婚登记"),
    ("內地居民結婚登記預約", "内地居民结婚登记"),
    ("醫師執業註冊", "医师执业注册"),  # 律師執業許可
    ("ｙｙｚｚ", "企业设立登记（有限责任公司）"),  # full-width letters
])
def test_traditional_and_full_width_queries_find_the_guide_first(search_json, query, expected):
    assert titles(search_json(q=query))[:1] == [expected]


def test_the_variant_shenfenzheng_finds_identity_card_guides(search_json):
    data = search_json(q="身分证")
    assert data["mode"] == "exact"
    assert {"居民身份证换领、补领", "居民身份证申领（首次申领）"} <= set(titles(data)[:5])
    assert titles(search_json(q="补办身分证"))[:1] == ["居民身份证换领、补领"]


def test_traditional_query_highlights_the_guides_own_characters_and_echoes_the_citizens(client):
    html = client.get("/search/", {"q": "營業執照"}).content.decode()
    assert "<mark>营业执照</mark>" in html
    assert "“營業執照”的搜索结果" in strip_tags(html)


def test_suggestions_understand_traditional_characters(client):
    data = client.get("/search/suggest/", {"q": "營業"}).json()
    assert any("营业执照" in s["title"] or "营业执照" in s["alias"] for s in data["suggestions"])


def test_a_guide_written_in_traditional_is_found_by_simplified_query(search_json, demo):
    guide = demo.marriage
    guide.title = "內地居民結婚登記（繁體）"
    guide.save_revision().publish()
    hit = search_json(q="结婚登记")["results"][0]
    assert hit["title"] == "內地居民結婚登記（繁體）"
    assert "<mark>結婚登記</mark>" in hit["title_html"]


@pytest.fixture
def exhibition(demo):
    """A guide whose title holds a name no dictionary knows (a painter's name)."""
    from catalog.models import ServiceGuidePage

    guide = ServiceGuidePage(title="查询刘绍荟现代重彩与白描艺术展", slug="liu-shao-hui",
                             item_code="TEMP00000017", summary="展览开放时间查询。")
    demo.gongan.add_child(instance=guide)
    guide.save_revision().publish()
    return guide


@pytest.mark.parametrize("query", ["刘绍荟", "绍荟", "刘绍荟艺术展", "重彩与白描", "白描艺术", "查询刘绍"])
def test_a_name_the_dictionary_does_not_know_is_found_by_any_run_of_its_title(
        search_json, exhibition, query):
    assert titles(search_json(q=query))[:1] == [exhibition.title]


def material(name):
    return ("material", {"name": name, "necessity": "必要", "form": "纸质", "copies": 1,
                         "specification": "原件", "source": "申请人自备"})


@pytest.fixture
def guardian_guides(demo):
    """Two guides that list exactly the material 监护人身份证, beside two whose titles only share
    the words (the demo has only longer material names)."""
    from catalog.models import ServiceGuidePage

    guides = {"未成年人出入境证件申请": "监护人身份证", "未成年人银行账户开立指引": "监护人身份证",
              "监护人身份证明开具": "监护人身份证明申请表", "监护人身份证件遗失补办": "遗失声明"}
    for number, (title, name) in enumerate(guides.items()):
        guide = ServiceGuidePage(title=title, slug=f"guardian-{number}", item_code=f"TEMP0000010{number}",
                                 materials=[material("申请表"), material(name)])
        demo.gongan.add_child(instance=guide)
        guide.save_revision().publish()
    return [title for title, name in guides.items() if name == "监护人身份证"]


def test_guides_listing_exactly_the_material_come_first(search_json, guardian_guides):
    assert set(titles(search_json(q="监护人身份证"))[:2]) == set(guardian_guides)
    assert set(titles(search_json(q="監護人身分證"))[:2]) == set(guardian_guides)


def test_the_cluster_query_lifts_and_names_exact_material_matches():
    from search.engines.elastic import EXACT_MATERIAL, build_search

    body = build_search("i", [("监护人",), ("身份证",)], {}, {}, ["catalog.ServiceGuidePage"], 0, 10,
                        facets=False, whole_name="0监护人身份证0").to_dict()
    should = body["query"]["bool"]["should"]
    assert should == [{"term": {"zhinan_names": {"value": "0监护人身份证0", "boost": 20,
                                                 "_name": EXACT_MATERIAL}}}]


FUMES = ("您好，我家住在幸福小区三栋，楼下新开的一家餐馆每天从早上六点到深夜都在排放油烟，"
         "厨房的排风扇噪音也特别大，晚上根本睡不着觉，孩子还要上学，老人心脏也不好，"
         "我们找过物业和餐馆老板好几次都没有用，请问应该找哪个部门反映，能不能尽快派人来处理一下？")


def test_a_pasted_message_about_fumes_gets_the_honest_no_match_page(client):
    from search.models import ZeroResultQuery

    response = client.get("/search/", {"q": FUMES})
    html = response.content.decode()
    assert response.status_code == 200
    assert "没有找到匹配的办事指南" in html and 'href="tel:12345"' in html
    assert "按主题浏览" in html
    assert ZeroResultQuery.objects.filter(query_string=FUMES[:100]).exists()


def test_a_question_about_vehicle_mortgages_is_not_answered_by_a_labour_guide(search_json):
    # No guide of the demo is about vehicles: a guide sharing only 解除 or 登记 is no answer.
    data = search_json(q="如何办理机动车抵押/解除抵押登记手续？")
    assert data["mode"] == "none" and data["results"] == []


def test_a_600_character_message_returns_200_and_longer_input_is_cut_with_a_notice(client):
    long_message = (FUMES * 4)[:600]
    assert client.get("/search/", {"q": long_message}).status_code == 200
    data = client.get("/search/api/", {"q": long_message}).json()
    assert data["truncated"] is False and data["mode"] == "none"
    response = client.get("/search/", {"q": "营业执照" + "户" * 1500})
    assert response.status_code == 200
    assert "只按前 1000 字搜索" in response.content.decode()


def _readme_gunicorn_flags():
    """The request-line flag of the README's production command, the one place it is set."""
    import re
    from pathlib import Path

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    command = re.search(r"`(gunicorn config\.wsgi:application[^`]*)`", readme).group(1)
    return re.findall(r"--limit-request-line \S+", command)[0].split()


def test_a_1000_character_message_with_filters_passes_the_readme_gunicorn_command():
    """The box takes 1,000 characters (8-9 KB in the URL, more with filters): under the
    README's production command that URL reaches the site instead of a bare 414."""
    import shutil
    import socket
    import subprocess
    import sys
    import time
    import urllib.parse
    import urllib.request
    from pathlib import Path

    gunicorn = Path(sys.executable).with_name("gunicorn")
    if not gunicorn.exists() and not shutil.which("gunicorn"):
        pytest.skip("gunicorn is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # A tiny WSGI app answering 200 stands for the site: what is tested is gunicorn's limit.
    app = Path(__file__).with_name("_gunicorn_probe.py")
    process = subprocess.Popen([str(gunicorn), "--bind", f"127.0.0.1:{port}",
                                *_readme_gunicorn_flags(), "--chdir", str(app.parent),
                                f"{app.stem}:app"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    message = (FUMES * 8)[:MAX_QUERY_INPUT]
    try:
        url = f"http://127.0.0.1:{port}/search/?" + urllib.parse.urlencode(
            {"q": message, "service_object": "个人", "online": "yes", "page": "2"})
        assert len(url) > 8190  # gunicorn's largest settable limit
        for _ in range(100):
            try:
                assert urllib.request.urlopen(url, timeout=5).status == 200
                break
            except urllib.error.HTTPError:
                raise
            except urllib.error.URLError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not answer")
    finally:
        process.terminate()
        process.wait(10)


def test_every_search_box_takes_a_whole_pasted_message(client, demo):
    """The header, home and search page boxes all accept what the search reads (1,000
    characters): a box that cut a paste at 200 lost the question's end without a word."""
    import re

    for url in ("/", demo.birth_registration.url, "/search/?q=户口"):
        html = client.get(url).content.decode()
        lengths = re.findall(r'<input[^>]*name="q"[^>]*maxlength="(\d+)"', html)
        assert lengths and set(lengths) == {str(MAX_QUERY_INPUT)}, (url, lengths)


@pytest.mark.parametrize("typed, title", [
    ("juzhuzen", "居住证申领"),          # zheng typed zen (zh → z, -ng → -n)
    ("gongzufan", "公共租赁住房资格申请"),  # 公租房 without its last g
    ("yingyezhizhao", "企业设立登记（有限责任公司）"),  # exact pinyin as before
])
def test_pinyin_typed_with_confused_sounds_finds_the_guide_first(search_json, typed, title):
    data = search_json(q=typed)
    assert data["results"] and data["results"][0]["title"] == title, data["results"][:3]


def test_a_name_sharing_one_word_of_the_questions_thing_does_not_answer_it(search_json):
    """港澳通行证 is one thing: a guide named …通行证核发 holds 通行证 but not 港澳, so it is no
    answer; nor is 机动车维修 an answer about 机动车抵押. Their own names still find them."""
    from .sichuan_queries import add_named_guides

    add_named_guides([("交通运输局", "剧毒化学品道路运输通行证核发"),
                      ("交通运输局", "机动车维修经营备案")])
    for question in ("我想办理港澳通行证续签", "如何办理机动车抵押/解除抵押登记手续？"):
        data = search_json(q=question)
        assert data["mode"] == "none" and data["results"] == [], (question, titles(data)[:3])
    assert titles(search_json(q="剧毒化学品通行证"))[:1] == ["剧毒化学品道路运输通行证核发"]
    assert titles(search_json(q="机动车维修备案"))[:1] == ["机动车维修经营备案"]


def test_a_question_naming_a_guide_is_answered_although_its_other_words_are_nowhere(search_json):
    """外地人 and 这里 are in no guide: the key word 居住证 is the name of one, so it answers."""
    data = search_json(q="外地人在这里办居住证")
    assert data["results"][0]["title"] == "居住证申领"
