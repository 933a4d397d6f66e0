"""Browser tests: Debian's Chromium, driven by Playwright, against a real server process.

The server runs in a subprocess on its own SQLite file with the demo loaded, so these tests see
exactly what `make run` serves and never touch the unit tests' database.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class DemoServer:
    """`make run` in miniature: migrate, load the demo, serve it on a free port. ``worker(queue)``
    starts the background worker of a task queue beside it, as `make run` does."""

    def __init__(self, workdir):
        self.env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev",
                    "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
                    "MEDIA_ROOT": str(workdir / "media")}
        self.manage = [sys.executable, str(ROOT / "manage.py")]
        self.processes = []
        port = _free_port()
        self.url = f"http://127.0.0.1:{port}"
        for command in (["migrate", "--noinput", "-v0"], ["load_demo", f"--site-url={self.url}"]):
            subprocess.run(self.manage + command, env=self.env, check=True, cwd=ROOT, capture_output=True)
        self.start(["runserver", "--noreload", f"127.0.0.1:{port}"])
        for _ in range(100):
            try:
                urllib.request.urlopen(self.url + "/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            self.stop()
            raise RuntimeError("the test server did not start")

    def start(self, command):
        process = subprocess.Popen(self.manage + command, env=self.env, cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.processes.append(process)
        return process

    def worker(self, queue):
        return self.start(["db_worker", "--backend", queue, "--queue-name", queue, "--interval", "0.2",
                           "--no-startup-delay", "--no-reload"])

    def manage_py(self, *command):
        """Run a management command on the server's database (as an operator would)."""
        return subprocess.run(self.manage + list(command), env=self.env, cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout

    def stop(self):
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    server = DemoServer(tmp_path_factory.mktemp("server"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def server_url(demo_server):
    return demo_server.url


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module: Playwright's sync API runs an event loop while it is open,
    and Django refuses database access (and a second Playwright) while one runs."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    yield page
    page.close()


@pytest.fixture
def desktop(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    yield page
    page.close()


def admin_login(page, server_url, username):
    """Sign in to the admin as a demo user (every demo account's password is zhinan-demo)."""
    page.goto(server_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "zhinan-demo")
    page.locator("form button[type=submit]").click()
    page.wait_for_url(server_url + "/admin/")


def screenshot_path(name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return str(SCREENSHOTS / f"{name}.png")


def screenshot(page, name):
    page.screenshot(path=screenshot_path(name), full_page=True)
