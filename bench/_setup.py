"""Shared bench set-up: Django on a throwaway database (SQLite file by default).

Set BENCH_DATABASE_URL to use another database (e.g. a throwaway PostgreSQL database), and
BENCH_DIR to keep the SQLite file and media in a folder of your choosing (a bench that can keep
its data, such as search_scale.py --keep, measures again later without rebuilding).
"""

import os
import tempfile
import time

_tmp = os.environ.get("BENCH_DIR") or tempfile.mkdtemp(prefix="zhinan-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{_tmp}/bench.sqlite3")
os.environ.setdefault("MEDIA_ROOT", f"{_tmp}/media")


def django_with_demo():
    """Set up Django, migrate the throwaway database and load the demo catalog."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))


def drop_cluster_indexes():
    """Delete this bench's indexes on the search cluster (``OPENSEARCH_URL`` set), checking on the
    way that the backend was the cluster's: a row measured on a silent database fall-back would
    be mislabelled."""
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    assert "opensearch" in type(backend).__module__, type(backend)
    for index in backend.es.indices.get(index=backend.index_prefix + "*"):
        backend.es.indices.delete(index=index)


def timed(function, repeat=1):
    """Best-of and mean wall time of ``function()`` in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), sum(times) / len(times)
