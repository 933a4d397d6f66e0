"""Pure pieces of the public search: name ranking, facet counting, fallbacks, suggestions."""

from types import SimpleNamespace

from search.facets import Filters, count_options, visits_label
from search.ranking import closest_terms, name_match_key
from search.suggest import matched_alias


def key(query, words, title, aliases=()):
    return name_match_key(query, [tuple(w) if isinstance(w, tuple) else (w,) for w in words],
                          title, list(aliases))


def test_an_exact_alias_beats_a_title_containing_the_word():
    exact = key("营业执照", ["营业执照"], "企业设立登记（有限责任公司）", ["营业执照", "开公司"])
    contains = key("营业执照", ["营业执照"], "营业执照变更登记", ["公司变更"])
    assert exact < contains


def test_initials_of_an_alias_count_as_exact():
    assert key("yyzz", ["yyzz"], "企业设立登记", ["营业执照"])[0] is False


def test_an_exact_word_among_others_counts():
    with_alias = key("市场监督管理局 营业执照", ["市场监督管理局", "营业执照"], "企业设立登记", ["营业执照"])
    in_title = key("市场监督管理局 营业执照", ["市场监督管理局", "营业执照"], "营业执照变更登记", [])
    assert with_alias < in_title


def test_a_word_in_the_title_beats_a_word_in_an_alias():
    title = key("民政局 结婚", ["民政局", "结婚"], "内地居民结婚登记", ["扯证"])
    alias = key("民政局 结婚", ["民政局", "结婚"], "补领婚姻登记证", ["补办结婚证"])
    assert title < alias


def test_synonyms_count_as_the_word():
    assert key("准生证", [("准生证", "生育服务证")], "生育登记", ["生育服务证"])[2] == -1


def test_closest_terms_are_bigrams_and_pinyin_starts():
    assert closest_terms("营业执招") == ["营业", "业执", "执招"]
    assert closest_terms("yingyezz") == ["yin"]
    assert closest_terms("!!!") == []


def test_matched_alias_explains_a_suggestion():
    assert matched_alias("yyz", ["开公司", "营业执照"]) == "营业执照"
    assert matched_alias("开公", ["开公司", "营业执照"]) == "开公司"
    assert matched_alias("xyz", ["开公司"]) == ""


def _departments():
    return {"gongan": SimpleNamespace(title="示范市公安局", slug="gongan"),
            "minzheng": SimpleNamespace(title="示范市民政局", slug="minzheng")}


def _themes():
    return {"hunyin": SimpleNamespace(name="婚姻登记", slug="hunyin", pk=1)}


def test_facet_counts_add_up_rows():
    rows = [
        {"department": "gongan", "item_type": "行政确认", "online_depth": "全程网办", "visits": 0,
         "for_individuals": True, "for_legal_entities": False, "n": 3},
        {"department": "minzheng", "item_type": "行政确认", "online_depth": "不可网办", "visits": 1,
         "for_individuals": True, "for_legal_entities": True, "n": 2},
    ]
    facets = {f.name: f for f in count_options(rows, {"hunyin": 2}, _departments(), _themes(), Filters())}
    assert [(o.value, o.count) for o in facets["department"].options] == [("gongan", 3), ("minzheng", 2)]
    assert [(o.value, o.count) for o in facets["type"].options] == [("行政确认", 5)]
    assert [(o.value, o.count) for o in facets["object"].options] == [("individual", 5), ("entity", 2)]
    assert [(o.label, o.count) for o in facets["visits"].options] == [("0 次（不用跑）", 3), ("1 次", 2)]
    assert [(o.label, o.count) for o in facets["theme"].options] == [("婚姻登记", 2)]
    assert [o.value for o in facets["online"].options] == ["不可网办", "全程网办"]


def test_a_chosen_option_is_kept_even_without_results():
    filters = Filters(department=_departments()["minzheng"])
    facets = {f.name: f for f in count_options([], {}, _departments(), _themes(), filters)}
    assert [(o.value, o.count, o.selected) for o in facets["department"].options] == [("minzheng", 0, True)]
    assert facets["department"].selected.label == "示范市民政局"


def test_unknown_facet_values_are_ignored():
    filters = Filters.from_params({"department": "nowhere", "theme": "<b>", "object": "alien",
                                   "type": "行政许可", "online": "x", "visits": "-1",
                                   "assisted": "yes", "scope": "不通办", "materials": "all",
                                   "appointment": "1"},
                                  _departments(), _themes())
    assert filters.values() == {"department": "", "theme": "", "object": "", "type": "行政许可",
                                "online": "", "visits": "", "assisted": "", "scope": "",
                                "materials": "", "appointment": "1"}
    assert visits_label(2) == "2 次"
