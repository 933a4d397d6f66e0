"""The admin speaks Chinese on its first screen, including the strings Wagtail's own zh_Hans
catalog lacks (see locale/zh_Hans)."""

import pytest

pytestmark = pytest.mark.django_db


def test_dashboard_has_no_english_left(login):
    html = login("ga_editor").get("/admin/").content.decode()
    assert "搜索全部页面…" in html and "个页面" in html and "编辑指南" in html
    for english in ("Search all pages", " Pages ", " Documents ", "editor guide"):
        assert english not in html
