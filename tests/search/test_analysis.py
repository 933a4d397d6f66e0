"""The analyzer on its own: segmentation, dictionary words, pinyin, filler words, synonyms."""

import pytest

from search.analysis import Analyzer, bigrams, dictionary_phrases, normalize, pinyin_forms

DEMO_WORDS = ["营业执照", "个体户营业执照", "新生儿上户口", "上户口", "准生证", "身份证丢了",
              "《出生医学证明》", "居民身份证换领、补领"]


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer(words=DEMO_WORDS, synonyms={"准生证": ["生育服务证"], "上户口": ["户口登记"]})


def test_full_width_input_is_normalised():
    assert normalize("ＹＹＺＺ（１２３）") == "yyzz(123)"


def test_dictionary_phrases_split_names_on_punctuation():
    assert dictionary_phrases("《出生医学证明》（原件）") == ["出生医学证明", "原件"]
    assert dictionary_phrases("居民身份证换领、补领") == ["居民身份证换领", "补领"]


def test_catalog_words_stay_whole(analyzer):
    assert "准生证" in analyzer.words("办准生证要什么")
    assert "身份证丢了" in analyzer.words("身份证丢了怎么办")


def test_a_word_inside_a_longer_word_is_indexed(analyzer):
    tokens = analyzer.index_tokens("办理个体户营业执照需要经营者身份证明")
    assert {"个体户营业执照", "营业执照", "执照", "个体户"} <= set(tokens)


def test_names_get_pinyin_initials_and_bigrams(analyzer):
    tokens = analyzer.name_tokens("营业执照")
    assert {"yingyezhizhao", "yyzz", "yingye", "zhizhao", "业执"} <= set(tokens)
    assert pinyin_forms("社保卡") == ("shebaoka", "sbk")
    assert bigrams("公租房") == ["公租", "租房"]


def test_question_filler_is_dropped(analyzer):
    query = analyzer.analyze_query("新生儿怎么上户口")
    assert [group.word for group in query.groups] == ["新生儿", "上户口"]
    assert "怎么" in query.dropped


def test_lone_characters_beside_words_are_dropped(analyzer):
    query = analyzer.analyze_query("开饭店要办什么许可证")
    assert "开" not in [group.word for group in query.groups]


def test_a_query_of_filler_only_still_searches(analyzer):
    assert [group.word for group in analyzer.analyze_query("办理").groups] == ["办理"]


def test_synonyms_are_alternatives(analyzer):
    (group,) = analyzer.analyze_query("准生证").groups
    assert group.alternatives == ("准生证", "生育服务证")


def test_synonyms_can_change_at_run_time(analyzer):
    analyzer.set_synonyms({"扯证": ["结婚登记"]})
    try:
        (group,) = analyzer.analyze_query("扯证").groups
        assert "结婚登记" in group.alternatives
    finally:
        analyzer.set_synonyms({"准生证": ["生育服务证"], "上户口": ["户口登记"]})


@pytest.mark.parametrize("hostile", ["' OR 1=1 --", '"', "*", "NEAR(a b)", "😀🚀", "（）【】！",
                                     "", "   ", "户" * 2000, "\x00\x1f"])
def test_hostile_input_gives_plain_words_only(analyzer, hostile):
    query = analyzer.analyze_query(hostile)
    for term in query.terms:
        assert term.isalnum(), term
    assert len(query.groups) <= 12
