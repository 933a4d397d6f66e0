"""The cache the page cache and the feedback limits live in is the one the environment names.

`make test` runs the suite once with local memory (SQLite run) and once with REDIS_URL set
(PostgreSQL run, a Redis started by tools/services.sh): each run checks its own configuration,
so a REDIS_URL that is silently ignored, or a Redis that does not answer, fails here.
"""

import os

from django.conf import settings
from django.core.cache import cache


def test_the_cache_is_the_one_the_environment_names():
    cache.set("shared-cache-probe", "营业执照", timeout=30)
    try:
        backend = settings.CACHES["default"]["BACKEND"]
        if os.environ.get("REDIS_URL"):
            import redis

            assert backend == "django_redis.cache.RedisCache"
            # Read back with a plain Redis client: the value really is on the server.
            client = redis.Redis.from_url(os.environ["REDIS_URL"])
            assert client.keys("*shared-cache-probe*"), "the value did not reach Redis"
        else:
            assert backend == "django.core.cache.backends.locmem.LocMemCache"
        assert cache.get("shared-cache-probe") == "营业执照"
    finally:
        cache.delete("shared-cache-probe")
