"""The admin import as an editor lives it: upload, look at the preview, confirm, close the tab at
once. The import is a task on its own queue, so the closed tab changes nothing: the worker
finishes it and the citizen sees the new text.

This module has its own server (with the importing worker beside it, as `make run` starts it),
so the import it makes does not change the demo the other browser tests read."""

import pytest

from tests.importing.helpers import xlsx

from .conftest import DemoServer, admin_login, screenshot

pytestmark = pytest.mark.browser
BIRTH = "11999900MB0000001X07001"  # 出生登记 in the demo catalog
NEW_TITLE = "出生登记（导入后的新名称）"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = DemoServer(tmp_path_factory.mktemp("import-server"))
    yield server
    server.stop()


def _public_title(page, url):
    data = page.request.get(f"{url}/api/v2/pages/?type=catalog.ServiceGuidePage"
                            f"&fields=item_code&limit=200").json()
    [guide] = [item for item in data["items"] if item["item_code"] == BIRTH]
    return guide["title"], guide["meta"]["html_url"]


def test_closing_the_page_mid_confirmation_does_not_stop_the_import(server, browser, tmp_path):
    workbook = tmp_path / "出生登记.xlsx"
    workbook.write_bytes(xlsx({"事项": [["事项编码", "事项名称"], [BIRTH, NEW_TITLE]]}))
    editor = browser.new_page(viewport={"width": 1280, "height": 900})
    admin_login(editor, server.url, "admin")
    title, html_url = _public_title(editor, server.url)
    assert title == "出生登记"

    worker = server.worker("importing")
    editor.goto(server.url + "/admin/importing/")
    editor.set_input_files("input[name=file]", str(workbook))
    editor.get_by_role("button", name="上传并核对").click()
    editor.get_by_role("button", name="确认导入").wait_for(timeout=30_000)
    assert "出生登记" in editor.content() and "1 项修改" in editor.inner_text("main").replace("\n", " ")
    screenshot(editor, "import-preview")

    # No worker while the confirmation is sent: the import is certainly still to do when the
    # editor closes the tab.
    worker.terminate()
    worker.wait(timeout=10)
    editor.check("input[name=mode][value=publish]")
    editor.get_by_role("button", name="确认导入").click()
    editor.get_by_text("关闭本页不影响导入").wait_for()
    screenshot(editor, "import-running")
    editor.close()

    server.worker("importing")
    watcher = browser.new_page()
    for _ in range(150):
        title, _url = _public_title(watcher, server.url)
        if title == NEW_TITLE:
            break
        watcher.wait_for_timeout(200)
    assert title == NEW_TITLE
    watcher.goto(html_url)
    assert NEW_TITLE in watcher.locator("h1").inner_text()
    watcher.close()
