"""What Chromium prints: the browser's print of a guide page is the content, not the navigation.

Debian's Chromium prints the page to PDF itself (``--print-to-pdf``, print media, print.css), and
the PDF is read back. Chromium runs as a plain subprocess against a server of its own (the
``server_url`` fixture of tests/browser: a runserver on a fresh SQLite file with the demo), so these
tests neither share nor fight over the Playwright session of ``tests/browser``.
"""

import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.browser.conftest import (CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS,  # noqa: F401
                                    demo_server, server_url)

from .pdftools import all_text, squash

pytestmark = pytest.mark.browser
GUIDE = "/shixiang/gongan/chu-sheng-deng-ji/"


def _chromium(*args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    subprocess.run([CHROMIUM, "--headless", *CHROMIUM_ARGS, *args], check=True,
                   capture_output=True, timeout=120)


def _print_to_pdf(url):
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "page.pdf"
        _chromium("--no-pdf-header-footer", f"--print-to-pdf={target}", url)
        return target.read_bytes()


@pytest.fixture
def guide_url(server_url):  # noqa: F811
    return server_url + GUIDE


def test_printing_a_guide_page_prints_content_not_navigation(guide_url):
    text = squash(all_text(_print_to_pdf(guide_url)))
    assert "出生登记" in text and "申请材料" in text and "《出生医学证明》" in text
    for screen_only in ("跳到正文", "下载一次告知单", "打印版", "搜索"):
        assert screen_only not in text, screen_only
    assert "以网站最新版本为准" in text, "the paper-only stamp"


def test_print_view_prints_like_the_notice(guide_url):
    text = squash(all_text(_print_to_pdf(guide_url + "print/")))
    assert "出生登记" in text and "扫码查看最新版本" in text and "事项编码" in text
    assert "返回网页版" not in text and "打印本页" not in text


def test_print_view_screenshots_on_phone_and_desktop(guide_url):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((390, 844), (1280, 900)):
        target = SCREENSHOTS / f"print-view-{width}.png"
        _chromium(f"--window-size={width},{height}", f"--screenshot={target}",
                  "--hide-scrollbars", guide_url + "print/")
        assert target.stat().st_size > 10_000


def _demo_guide(title):
    import json

    guides = json.loads((Path(__file__).resolve().parents[2] / "fixtures/demo/guides/gongan.json").read_text())
    guides = guides if isinstance(guides, list) else guides["guides"]
    return next(g for g in guides if g["title"] == title)


@pytest.mark.parametrize("suffix", ["", "print/"])
def test_what_is_folded_on_screen_prints_open(guide_url, suffix):
    """FAQ answers and sample texts sit in closed <details> on screen; paper shows them."""
    guide = _demo_guide("出生登记")
    text = squash(all_text(_print_to_pdf(guide_url + suffix)))
    for qa in guide["faq"]:
        assert squash(qa["question"]) in text
        assert squash(qa["answer"])[:24] in text, qa["question"]
