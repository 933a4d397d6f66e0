"""Snippets: escaped, marked, cut around the first match."""

from search.highlight import best_snippet, highlight


def test_terms_are_marked():
    assert str(highlight("办理营业执照需要的材料", ["营业执照"])) == "办理<mark>营业执照</mark>需要的材料"


def test_html_in_the_text_is_escaped():
    html = str(highlight('<script>alert(1)</script>营业执照', ["营业执照"]))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "<mark>营业执照</mark>" in html


def test_a_term_that_looks_like_markup_is_escaped_inside_the_mark():
    html = str(highlight("a<b>c", ["<b>"]))
    assert html == "a<mark>&lt;b&gt;</mark>c"


def test_long_text_is_cut_around_the_match():
    text = "前" * 200 + "居住证" + "后" * 200
    html = str(highlight(text, ["居住证"], length=40))
    assert html.startswith("…") and html.endswith("…") and "<mark>居住证</mark>" in html


def test_best_snippet_prefers_a_text_with_a_match():
    html = str(best_snippet(["没有关系的简介", "申请材料：结婚证、身份证"], ["结婚证"]))
    assert "<mark>结婚证</mark>" in html
