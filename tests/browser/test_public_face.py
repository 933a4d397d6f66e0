"""The public face in Chromium: find a guide three ways, filter, tick the checklist, give
feedback and see it in the admin, switch to large text, and pass axe-core's WCAG checks."""

import json
import re
from pathlib import Path

import pytest

from .conftest import CHROMIUM_ARGS, ROOT, admin_login, screenshot  # noqa: F401

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
GUIDE = "/shixiang/gongan/chu-sheng-deng-ji/"
AXE_PAGES = {
    "home": "/",
    "catalog": "/shixiang/?department=gongan",
    "guide": GUIDE,
    "hall": "/dating/shimin-zhongxin/",
    "bundle": "/yijianshi/xinshenger-chusheng/",
    "search": "/search/?q=%E4%B8%8A%E6%88%B7%E5%8F%A3",
}


def test_find_a_guide_from_home_by_search(server_url, phone):
    phone.goto(server_url + "/")
    phone.fill("#home-q", "上户口")
    phone.locator("#home-q").press("Enter")
    phone.wait_for_url(re.compile(r"/search/\?q="))
    phone.locator("main a.guide-link", has_text="出生登记").first.click()
    assert phone.locator("h1").inner_text() == "出生登记"


def test_find_a_guide_from_home_by_theme_and_by_department(server_url, desktop):
    desktop.goto(server_url + "/")
    desktop.locator("section[aria-labelledby=themes-personal]").get_by_role(
        "link", name="婚姻登记").click()
    assert "theme=hunyin" in desktop.url
    desktop.get_by_role("link", name="内地居民结婚登记").click()
    assert desktop.locator("h1").inner_text() == "内地居民结婚登记"

    desktop.goto(server_url + "/")
    desktop.get_by_role("link", name="示范市公安局").click()
    desktop.get_by_role("link", name="出生登记").click()
    assert desktop.url.endswith(GUIDE)


def test_filter_the_catalog_by_online_depth_and_visits(server_url, phone):
    phone.goto(server_url + "/shixiang/")
    total = int(re.search(r"共 (\d+) 项", phone.locator(".result-count").inner_text()).group(1))
    phone.select_option("#f-online", value="全程网办")  # labels carry counts: 全程网办（n）
    phone.select_option("#f-visits", value="0")
    phone.get_by_role("button", name="筛选").click()
    assert "visits=0" in phone.url and "online=" in phone.url
    shown = int(re.search(r"共 (\d+) 项", phone.locator(".result-count").inner_text()).group(1))
    assert 0 < shown < total
    assert phone.locator(".guide-list li").count() == shown
    for meta in phone.locator(".guide-list .guide-meta").all_inner_texts():
        assert "到现场 0 次" in meta and "全程网办" in meta
    screenshot(phone, "face-catalog-filtered-phone")


def test_catalog_filter_counts_are_what_choosing_shows_on_a_phone(server_url, phone, desktop):
    desktop.goto(server_url + "/shixiang/?assisted=1&scope=全市通办&visits=1")
    screenshot(desktop, "catalog-filters-desktop")
    phone.goto(server_url + "/shixiang/")
    assert phone.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0
    option = phone.locator("#f-assisted option[value='1']").inner_text()
    counted = int(re.fullmatch(r"提供（(\d+)）", option).group(1))
    visits = phone.locator("#f-visits option").all_inner_texts()
    assert any(text.startswith("2 次（") for text in visits)
    phone.select_option("#f-assisted", value="1")
    phone.get_by_role("button", name="筛选").click()
    phone.wait_for_url(re.compile(r"assisted=1"))
    shown = int(re.search(r"共 (\d+) 项", phone.locator(".result-count").inner_text()).group(1))
    assert shown == counted > 0
    screenshot(phone, "catalog-filters-phone")


def test_tick_the_checklist_it_is_remembered_and_prints_alone(server_url, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(server_url + GUIDE)
    page.locator("#checklist > summary").click()
    boxes = page.locator("#checklist input[type=checkbox]")
    count = boxes.count()
    assert count >= 2
    boxes.nth(0).check()
    boxes.nth(1).check()
    assert page.locator(".checklist-progress").inner_text().startswith(f"已备好 2 / {count} 项")
    screenshot(page, "face-checklist-phone")
    page.reload()
    assert page.locator("#checklist").get_attribute("open") is not None  # reopened for you
    assert boxes.nth(0).is_checked() and boxes.nth(1).is_checked()
    assert not boxes.nth(count - 1).is_checked() or count == 2

    page.evaluate("document.documentElement.classList.add('print-checklist')")
    page.emulate_media(media="print")
    assert page.locator("#checklist .checklist-item").first.is_visible()
    assert page.locator("h1").evaluate("e => getComputedStyle(e).visibility") == "hidden"
    assert page.locator(".checklist-title").is_visible()
    context.close()


def test_checklist_and_large_text_work_without_javascript(server_url, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(server_url + GUIDE)
    page.locator("#checklist > summary").click()
    page.locator("#checklist input[type=checkbox]").first.check()
    assert page.locator("#checklist input[type=checkbox]").first.is_checked()
    page.get_by_role("link", name="大字模式").click()
    assert page.url.endswith(GUIDE)
    assert "large-text" in (page.locator("html").get_attribute("class") or "")
    page.get_by_role("link", name="标准字号").click()
    assert "large-text" not in (page.locator("html").get_attribute("class") or "")
    context.close()


def test_toggle_large_text_mode_and_it_is_remembered(server_url, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(server_url + GUIDE)
    size = lambda: page.evaluate(  # noqa: E731
        "parseFloat(getComputedStyle(document.querySelector('main p, main dd')).fontSize)")
    normal = size()
    page.get_by_role("link", name="大字模式").click()
    assert "large-text" in page.locator("html").get_attribute("class")
    assert size() >= normal * 1.2
    page.goto(server_url + "/")
    assert "large-text" in (page.locator("html").get_attribute("class") or "")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    screenshot(page, "face-home-large-phone")
    page.goto(server_url + GUIDE)
    screenshot(page, "face-guide-large-phone")
    page.get_by_role("link", name="标准字号").click()
    assert "large-text" not in (page.locator("html").get_attribute("class") or "")
    context.close()


def test_submit_an_error_report_and_a_rating_then_see_them_in_the_admin(server_url, browser):
    citizen = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    citizen.goto(server_url + GUIDE)
    rating = citizen.locator("form[action$='/pingjia/']")
    rating.get_by_label("基本满意").check()
    rating.get_by_label(re.compile("意见建议")).fill("希望写明<b>周末</b>能否办理")
    screenshot(citizen, "face-feedback-phone")
    rating.get_by_role("button", name="提交评价").click()
    assert "感谢您的评价" in citizen.locator("h1").inner_text()

    citizen.goto(server_url + GUIDE)
    report = citizen.locator("form[action$='/jiucuo/']")
    report.get_by_label("涉及内容（选填）").select_option(label="申请材料")
    report.get_by_label(re.compile("哪里有误")).fill("浏览器测试：户口簿复印件份数应为 1 份")
    report.get_by_role("button", name="提交纠错").click()
    assert "感谢您的纠错" in citizen.locator("h1").inner_text()
    citizen.context.close()

    staff = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    admin_login(staff, server_url, "ga_editor")
    staff.goto(server_url + "/admin/feedback/")
    listing = staff.locator("main").inner_text()
    assert "浏览器测试：户口簿复印件份数应为 1 份" in listing
    assert "希望写明<b>周末</b>能否办理" in listing  # shown as typed, not as markup
    assert "基本满意" in listing
    screenshot(staff, "face-admin-feedback")
    staff.context.close()

    other = browser.new_context().new_page()
    admin_login(other, server_url, "mz_editor")
    other.goto(server_url + "/admin/feedback/")
    assert "浏览器测试：户口簿复印件" not in other.locator("main").inner_text()
    other.context.close()


def _axe(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
    }""")
    return result


@pytest.mark.parametrize("large", [False, True], ids=["standard", "large-text"])
@pytest.mark.parametrize("name,path", AXE_PAGES.items())
def test_axe_finds_no_wcag_violations(server_url, browser, name, path, large):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` installs axe-core from the npm registry")
    for width in (390, 1280):
        # axe is injected as a script; the site's CSP would (rightly) refuse it.
        context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
        if large:
            host = server_url.split("//")[1].split(":")[0]
            context.add_cookies([{"name": "zhinan_display", "value": "large", "domain": host,
                                  "path": "/"}])
        page = context.new_page()
        assert page.goto(server_url + path).status == 200
        violations = _axe(page)
        if not large:
            screenshot(page, f"face-{name}-{'phone' if width == 390 else 'desktop'}")
        context.close()
        assert violations == [], f"{path} at {width}px:\n" + json.dumps(
            violations, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("path, field", [("/", "#home-q"), ("/shixiang/", "#site-q")])
def test_search_placeholders_fit_their_box_on_a_phone(server_url, phone, path, field):
    """The example in the placeholder is the hint people read: cut off, it says nothing.
    Typed in as a value, the placeholder's text must not scroll the box (Chromium keeps room
    for the search field's clear button, so the text's own width is not enough to tell)."""
    phone.goto(server_url + path)
    scroll, width = phone.locator(field).evaluate(
        "input => { input.value = input.placeholder; return [input.scrollWidth, input.clientWidth]; }")
    assert scroll <= width, f"{field}: placeholder needs {scroll}px, the box has {width}px at 390px"


COMPANY_GUIDE = "/shixiang/shichang/qi-ye-she-li-deng-ji-you-xian-ze-ren-gong-si/"


def test_flowchart_text_is_readable_on_a_phone(server_url, phone):
    """At 390 px the chart's smallest text stays readable (it scrolls sideways instead of
    shrinking), and the lines inside a box do not run into each other."""
    phone.goto(server_url + COMPANY_GUIDE)
    smallest, overlaps = phone.locator(".flowchart svg").first.evaluate("""svg => {
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        const sizes = [...svg.querySelectorAll("text")].map(t => parseFloat(t.getAttribute("font-size")) * scale);
        // Lines inside one box: baselines at least 1.2 em apart (CJK glyphs fill ~0.9 em).
        let overlaps = 0;
        svg.querySelectorAll("g.node").forEach(node => {
            const lines = [...node.querySelectorAll("text")].map(t =>
                [parseFloat(t.getAttribute("y")), parseFloat(t.getAttribute("font-size"))]).sort((a, b) => a[0] - b[0]);
            for (let i = 1; i < lines.length; i++) if (lines[i][0] - lines[i - 1][0] < 1.2 * lines[i][1]) overlaps++;
        });
        return [Math.min(...sizes), overlaps];
    }""")
    assert smallest >= 11.5, f"smallest chart text is {smallest:.1f}px on a phone"
    assert overlaps == 0
    screenshot(phone, "flowchart-phone")
    hint = phone.locator(".flowchart-scroll-hint").first
    wide = phone.locator(".flowchart-scroll").first.evaluate("b => b.scrollWidth > b.clientWidth + 1")
    assert hint.is_visible() == wide


def test_full_size_flowchart_opens_at_its_natural_size(server_url, phone):
    phone.goto(server_url + COMPANY_GUIDE + "flowchart/")
    width = phone.evaluate("document.documentElement.getBoundingClientRect().width")
    assert width > 390  # not squeezed into the phone's width
