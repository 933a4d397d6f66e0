"""The production settings pass Django's deployment checklist with their environment set."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_production_settings_pass_check_deploy():
    env = {**os.environ, "SECRET_KEY": secrets.token_urlsafe(50),
           "ALLOWED_HOSTS": "zhinan.example.gov.cn",
           "DATABASE_URL": "postgres://zhinan@db.internal:5432/zhinan",
           "REDIS_URL": "redis://cache.internal:6379/0", "SITE_URL": "https://zwfw.example.gov.cn"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING",
         "--settings=config.settings.production"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_its_public_address():
    env = {**os.environ, "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "zhinan.example.gov.cn",
           "DATABASE_URL": "postgres://zhinan@db.internal:5432/zhinan"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("SITE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--settings=config.settings.production"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "SITE_URL" in result.stderr
