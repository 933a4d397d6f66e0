"""Settings shared by every environment.

Anything that differs between a laptop, CI and production (secrets, database, cache, search
cluster) is read from the environment here or overridden in the sibling modules.
"""

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def database_from_url(url):
    """Turn ``sqlite:///path`` or ``postgres://user@host:port/name`` into a DATABASES entry.

    A dozen lines here spare a dependency; only the two engines the project supports are accepted.
    """
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        name = unquote(parts.path[1:] if parts.path.startswith("//") else parts.path.lstrip("/") or "")
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": name or BASE_DIR / "db.sqlite3"}
    if parts.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
        }
    raise ValueError(f"DATABASE_URL: unsupported scheme {parts.scheme!r} (use sqlite or postgres)")


INSTALLED_APPS = [
    "home",
    "catalog",
    "search",
    "feedback",
    "importing",
    "printing",
    "pagecache",
    "demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WAGTAIL_SITE_NAME = "指南 · 示范市政务服务事项清单"
# The public address (scheme and host, no path) for QR codes, printed links and the API; unset,
# the default Wagtail Site's host and port (catalog/site_url.py). Production requires it.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL or "http://127.0.0.1:8000"  # links in admin notification mails
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ofd", "txt", "jpg", "jpeg", "png"]
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_FINISH_WORKFLOW_ACTION = "catalog.workflow_actions.publish_approved"
ZHINAN_STALE_AFTER_DAYS = int(os.environ.get("ZHINAN_STALE_AFTER_DAYS", 180))
WAGTAILSEARCH_BACKENDS = {
    # Wagtail's database backend (SQLite FTS5 / PostgreSQL) with Chinese analysis; see `# Search`.
    "default": {"BACKEND": "search.backends.database"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}

SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]
DEBUG = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

WAGTAILAPI_LIMIT_MAX = 500
WAGTAILAPI_BASE_URL = SITE_URL or None  # None: the Site of the request answering

# Search
# OPENSEARCH_URL (OpenSearch 2) or ELASTICSEARCH_URL (Elasticsearch 8) moves the index to a search
# cluster with the project's Chinese analysis; the database backend is kept up to date beside it
# as "database" and answers while the cluster is down (search/engines/). Unset: the database only.
OPENSEARCH_URL = os.environ.get("OPENSEARCH_URL", "")
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
if OPENSEARCH_URL or ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends." + ("opensearch" if OPENSEARCH_URL else "elasticsearch"),
            "URLS": [OPENSEARCH_URL or ELASTICSEARCH_URL],
            "INDEX_PREFIX": os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "zhinan_"),
            "TIMEOUT": int(os.environ.get("ELASTICSEARCH_TIMEOUT", 10)),
        },
        "database": WAGTAILSEARCH_BACKENDS["default"],
    }
ZHINAN_SEARCH_PAGE_SIZE = 20

# Printing
# Handbooks (and notices prebuilt on publish) are built in the background with django-tasks,
# which Wagtail 8 ships, on a backend of their own ("printing"): django-tasks-db's database
# backend, so a job survives a restart and any web worker can queue it; run the worker with
# `manage.py db_worker --backend printing --queue-name printing`. Tests use the immediate
# backend (test.py). Wagtail's own tasks keep the default (immediate) backend.
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]  # noqa: F405
TASKS = {
    **globals().get("TASKS", {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}),
    "printing": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["printing"]},
}
PRINTING_TASK_BACKEND = "printing"
# Importing: the admin's preview and import of a workbook run on a backend and queue of their own
# (`manage.py db_worker --backend importing --queue-name importing`); the page polls the batch.
# A batch whose worker runs on another host is taken for dead after this long without progress
# (on the same host, a dead worker is seen at once): longer than the longest write.
TASKS["importing"] = {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["importing"]}
IMPORTING_TASK_BACKEND = "importing"
IMPORTING_STALE_SECONDS = int(os.environ.get("IMPORTING_STALE_SECONDS", 1800))
# What publishing a guide does to the handbooks that print it: "rebuild" (queue a new edition)
# or "flag" (mark them out of date and let the hall staff rebuild).
PRINTING_HANDBOOK_ON_PUBLISH = os.environ.get("PRINTING_HANDBOOK_ON_PUBLISH", "rebuild")
PRINTING_PREBUILD_NOTICES = True

# Public site
# Whole-page cache for anonymous visitors (pagecache/), purged when pages are published:
# local memory by default; REDIS_URL shares it (and the feedback rate limit) between workers.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL,
         "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "zhinan"),
         "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2}}
        if REDIS_URL else
        {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "zhinan",
         "OPTIONS": {"MAX_ENTRIES": 5000}}
    ),
}
ZHINAN_PAGE_CACHE_ALIAS = "default"
ZHINAN_PAGE_CACHE_SECONDS = int(os.environ.get("ZHINAN_PAGE_CACHE_SECONDS", 600))
ZHINAN_PAGE_CACHE_SKIP = ["/admin/", "/django-admin/", "/api/", "/documents/", "/static/",
                          "/media/", "/search/suggest/", "/search/api/", "/fankui/", "/xianshi/"]
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  "home.security.SecurityHeadersMiddleware")
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.clickjacking.XFrameOptionsMiddleware") + 1,
                  "pagecache.middleware.PageCacheMiddleware")
# Feedback posts are counted (and a flood refused) before sessions, CSRF and routing.
MIDDLEWARE.insert(MIDDLEWARE.index("home.security.SecurityHeadersMiddleware") + 1,
                  "feedback.throttle.FeedbackThrottleMiddleware")
ZHINAN_VIEW_FLUSH_SECONDS = int(os.environ.get("ZHINAN_VIEW_FLUSH_SECONDS", 30))

# Feedback (纠错 / 好差评): posts per client and window, (limit, seconds); the header holding the
# client address when behind a reverse proxy (e.g. "HTTP_X_REAL_IP"), else REMOTE_ADDR.
ZHINAN_FEEDBACK_RATE_LIMITS = [(10, 600), (100, 86400)]
ZHINAN_CLIENT_IP_HEADER = os.environ.get("ZHINAN_CLIENT_IP_HEADER", "")

# Security headers: a strict policy for public pages (style attributes stay allowed for the
# generated flowcharts); the Wagtail admin relies on inline scripts and is exempt.
ZHINAN_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)
ZHINAN_CSP_EXEMPT_PATHS = ["/admin/", "/django-admin/"]
X_FRAME_OPTIONS = "SAMEORIGIN"  # Wagtail's preview panel and PDF previews frame this site
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Uploads: types by extension (WAGTAILDOCS_EXTENSIONS, WAGTAILIMAGES_EXTENSIONS above), sizes here.
ZHINAN_DOCUMENT_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "home.security.LimitedDocumentForm"
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
