"""Production: PostgreSQL, Redis and secrets from the environment; hardened HTTP.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, SITE_URL (the public address printed in QR codes
and links). Recommended: REDIS_URL (without it each web
worker has its own page cache and rate limit, and a publish purges only the worker that handled
it). Optional: ELASTICSEARCH_URL, SECURE_SSL_REDIRECT, SECURE_HSTS_SECONDS.

Serve behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto, after
`manage.py collectstatic --noinput`:

    gunicorn config.wsgi:application --bind 127.0.0.1:8001 --workers 4 --worker-class gthread \\
        --threads 4 --keep-alive 5 --max-requests 5000 --max-requests-jitter 500 --timeout 30

(workers ≈ 2 × cores; static files are served by whitenoise from the same process, compressed
and fingerprinted, with far-future cache headers.)
"""

from .base import *  # noqa: F401,F403
from .base import SITE_URL, env_bool, os
from django.core.exceptions import ImproperlyConfigured

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
if not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "SITE_URL 未设置或不是网址（如 https://zwfw.example.gov.cn）：二维码、打印的链接和开放数据中的网址都取自它。")

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}
WHITENOISE_MAX_AGE = 3600  # unfingerprinted files; fingerprinted ones are cached for a year

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
# Everything else (CSP, frame-ancestors, referrer policy, upload limits) is in base.py under
# "# Public site", so development and tests run with the same headers.
# X-Frame-Options is SAMEORIGIN (base.py), not DENY: Wagtail's live preview and the guides' PDF
# previews frame this site's own pages. Other sites still cannot frame it (SAMEORIGIN, and CSP
# frame-ancestors 'self' on public pages), which is what check W019 is about.
SILENCED_SYSTEM_CHECKS = ["security.W019"]
