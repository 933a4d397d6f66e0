"""Test settings: fast hashing, isolated media, the database from DATABASE_URL (SQLite by default)."""

import tempfile

from .base import *  # noqa: F401,F403
from .base import os

SECRET_KEY = "test-only-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = os.environ.get("MEDIA_ROOT") or tempfile.mkdtemp(prefix="zhinan-test-media-")
WAGTAILADMIN_BASE_URL = "http://testserver"
ZHINAN_FLOWCHART_DIR = tempfile.mkdtemp(prefix="zhinan-test-flowcharts-")  # catalog/flowchart.py

# Serve static files straight from the app folders; no collectstatic needed.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Printing: handbook builds run inline, and publishing does not lay out notices ahead of time.
TASKS["printing"] = {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend",  # noqa: F405
                     "QUEUES": ["printing"]}
PRINTING_PREBUILD_NOTICES = False

# Search on a cluster (OPENSEARCH_URL / ELASTICSEARCH_URL set): indexes of their own, each write
# visible to the next search, and a failed cluster retried at once (tests stop it and start it).
if "URLS" in WAGTAILSEARCH_BACKENDS["default"]:  # noqa: F405
    WAGTAILSEARCH_BACKENDS["default"].update(  # noqa: F405
        INDEX_PREFIX=os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "zhinan_test_"),
        REFRESH_AFTER_WRITE=True)
    ZHINAN_SEARCH_RETRY_SECONDS = 0

# Importing: a batch's preview and import run inline, inside the request that queues them.
TASKS["importing"] = {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend",  # noqa: F405
                      "QUEUES": ["importing"]}
