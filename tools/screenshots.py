"""Screenshot public pages at phone (390 px) and desktop widths, for people to look at.

Usage: .venv/bin/python tools/screenshots.py [BASE_URL] [OUT_DIR] [PATH ...]
Drives Debian's Chromium through Playwright; writes OUT_DIR/<name>-<width>.png.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WIDTHS = {"phone": 390, "desktop": 1280}


def capture(base_url, out_dir, paths):
    out_dir.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                    args=CHROMIUM_ARGS)
        for label, width in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": 900})
            for path in paths:
                page.goto(base_url + path)
                name = path.strip("/").replace("/", "_") or "home"
                target = out_dir / f"{name}-{label}.png"
                page.screenshot(path=str(target), full_page=True)
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth")
                print(f"{target}  horizontal overflow: {overflow}px")
            page.close()
        browser.close()


if __name__ == "__main__":
    base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "build/screenshots")
    paths = sys.argv[3:] or ["/", "/shixiang/", "/shixiang/gongan/"]
    capture(base.rstrip("/"), out, paths)
