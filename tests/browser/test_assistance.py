"""帮办代办 end to end in Chromium: a citizen on a phone asks for 代办, a helper of that hall (only)
takes it and asks for two materials, the citizen sees them; after closing and the retention
period the personal fields are gone and the counts stay."""

import re

import pytest

from .conftest import admin_login, screenshot, screenshot_path

pytestmark = pytest.mark.browser


def _birth_registration(page, server_url):
    data = page.request.get(f"{server_url}/api/v2/pages/?type=catalog.ServiceGuidePage"
                            f"&title=出生登记").json()
    return data["items"][0]["meta"]["html_url"]


def test_a_citizen_asks_for_agency_and_a_helper_of_that_hall_takes_it(demo_server, browser):
    url = demo_server.url
    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    phone.goto(_birth_registration(phone, url))
    block = phone.locator("#bangban")
    block.scroll_into_view_if_needed()
    assert "帮办代办服务队" in block.inner_text()
    block.screenshot(path=screenshot_path("assist-guide-block-phone"))
    block.get_by_role("link", name="申请帮办代办").click()

    phone.locator("input[name=service][value=代办]").check()
    phone.fill("input[name=name]", "张阿姨")
    phone.fill("input[name=phone]", "139 0013 9000")
    phone.select_option("select[name=hall]", label="东城区政务服务中心")
    phone.fill("input[name=preferred_time]", "周三上午")
    phone.locator("input[name=special_group][value=老年人]").check()
    screenshot(phone, "assist-request-form-phone")
    submit(phone, "提交申请")
    reference = phone.locator(".reference").inner_text()
    assert re.fullmatch(r"BD-\d{8}-[2-9A-Z]{6}", reference)

    staff = browser.new_page(viewport={"width": 1280, "height": 900})
    admin_login(staff, url, "sz_helper")  # another hall's helper: not theirs
    staff.goto(url + "/admin/bangban/")
    assert reference not in staff.content()
    staff.context.clear_cookies()
    admin_login(staff, url, "mz_editor")  # another department's staff: not theirs
    staff.goto(url + "/admin/bangban/")
    assert reference not in staff.content()
    staff.context.clear_cookies()

    admin_login(staff, url, "dc_helper")
    staff.goto(url + "/admin/bangban/")
    row = staff.locator("tr", has_text=reference)
    assert "优先·老年人" in row.inner_text() and "139****9000" in row.inner_text()
    screenshot(staff, "assist-admin-queue")
    row.get_by_role("link", name=reference).click()
    submit(staff, "由我办理（认领）")
    staff.get_by_label("已受理").check()
    submit(staff, "保存并告知申请人")
    staff.get_by_label("材料待补").check()
    boxes = staff.locator("input[name=missing]")
    missing = [boxes.nth(i).get_attribute("value") for i in (0, 1)]
    boxes.nth(0).check()
    boxes.nth(1).check()
    staff.fill("textarea[name=note]", "请补齐以下两项材料后到 A01 窗口。")
    submit(staff, "保存并告知申请人")
    assert "已改为「材料待补」" in staff.content()
    screenshot(staff, "assist-admin-detail")

    phone.goto(url + "/bangban/chaxun/")
    phone.fill("input[name=reference]", reference.lower())
    phone.fill("input[name=last4]", "9000")
    submit(phone, "查询")
    assert phone.locator(".current-status").inner_text() == "材料待补"
    listed = phone.locator(".missing li").all_inner_texts()
    assert listed == missing
    screenshot(phone, "assist-status-phone")

    # Closed, then the retention period passes: the personal fields go, the counts stay.
    staff.get_by_label("办理中").check()
    submit(staff, "保存并告知申请人")
    staff.get_by_label("已办结").check()
    submit(staff, "保存并告知申请人")
    out = demo_server.manage_py("anonymise_assistance", "--days", "0")
    assert "已匿名化 1 条" in out
    staff.reload()
    assert "张阿姨" not in staff.content() and "按保存期限匿名化" in staff.content()
    staff.goto(url + "/admin/bangban/report/")
    row = staff.locator("tr", has_text="东城区政务服务中心")
    assert row.locator("td").nth(1).inner_text() == "1"
    phone.goto(url + "/bangban/chaxun/")
    phone.fill("input[name=reference]", reference)
    phone.fill("input[name=last4]", "9000")
    submit(phone, "查询")
    assert "没有找到" in phone.content()


def submit(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()
    page.wait_for_load_state()
