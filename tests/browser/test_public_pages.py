"""Citizens on a phone: every kind of public page fits the screen and is navigable."""

import pytest

from .conftest import admin_login, screenshot

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "catalog": "/shixiang/",
    "department": "/shixiang/gongan/",
    "guide-birth": "/shixiang/gongan/chu-sheng-deng-ji/",
    "guide-company": "/shixiang/shichang/qi-ye-she-li-deng-ji-you-xian-ze-ren-gong-si/",
    "guide-marriage": "/shixiang/minzheng/nei-di-ju-min-jie-hun-deng-ji/",
    "hall": "/dating/shimin-zhongxin/",
    "bundle": "/yijianshi/xinshenger-chusheng/",
}


@pytest.mark.parametrize("name,path", PAGES.items())
def test_page_fits_a_phone_and_has_landmarks(server_url, phone, desktop, name, path):
    for label, page in (("phone", phone), ("desktop", desktop)):
        response = page.goto(server_url + path)
        assert response.status == 200
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {label} width"
        assert page.locator("main").count() == 1
        assert page.locator("h1").count() == 1
        assert page.locator("header[role=banner]").count() == 1
        screenshot(page, f"{name}-{label}")


def test_find_a_guide_by_theme_and_department_without_javascript(server_url, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(server_url + "/")
    page.get_by_role("link", name="户籍办理").first.click()
    page.wait_for_url("**/shixiang/?theme=huji*")
    page.wait_for_load_state()
    assert page.get_by_role("link", name="出生登记", exact=True).count() == 1

    page.goto(server_url + "/shixiang/")
    page.select_option("#f-department", value="minzheng")  # labels carry counts: 示范市民政局（n）
    page.select_option("#f-object", value="individual")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**department=minzheng*")
    page.wait_for_load_state()
    assert page.get_by_role("link", name="内地居民结婚登记").count() == 1
    assert page.get_by_role("link", name="出生登记").count() == 0
    context.close()


def test_section_navigation_jumps_to_materials(server_url, phone):
    phone.goto(server_url + PAGES["guide-birth"])
    phone.locator(".section-nav").get_by_role("link", name="申请材料").click()
    assert phone.url.endswith("#materials")
    top = phone.evaluate("document.getElementById('materials').getBoundingClientRect().top")
    assert 0 <= top < 200


def _guide_id(page, server_url, title):
    data = page.request.get(
        f"{server_url}/api/v2/pages/?type=catalog.ServiceGuidePage&title={title}").json()
    return data["items"][0]["id"]


def test_department_editor_edits_own_guide_in_grouped_tabs_only(server_url, desktop):
    admin_login(desktop, server_url, "ga_editor")

    desktop.goto(f"{server_url}/admin/pages/{_guide_id(desktop, server_url, '出生登记')}/edit/")
    tabs = desktop.get_by_role("tab")
    names = [tabs.nth(i).inner_text().strip() for i in range(tabs.count())]
    for expected in ("基本信息", "依据与条件", "申请材料", "办理流程", "时限与收费", "地点与方式",
                     "结果与咨询", "常见问题"):
        assert expected in names
    desktop.get_by_role("tab", name="申请材料").click()
    first_material = desktop.locator("input[name='materials-0-value-name']")
    assert first_material.is_visible()
    assert first_material.input_value() == "《出生医学证明》"
    screenshot(desktop, "admin-guide-edit-materials")

    other = _guide_id(desktop, server_url, "内地居民结婚登记")
    desktop.goto(f"{server_url}/admin/pages/{other}/edit/")
    assert "/edit/" not in desktop.url or "内地居民结婚登记" not in desktop.content()
