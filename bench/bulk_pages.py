"""New guides in bulk (``catalog.bulk_pages``) against the one-by-one way, on SQLite.

Three ways to add N new draft guides (each with its themes, hall links, one revision and its
log entries) under one department, each timed inside a transaction that is then rolled back:

* ``bulk``: ``add_children``, the writer the import uses (page and guide rows by
  ``QuerySet._insert``, a batch per query);
* ``bulk, public API``: the same, but with public API only: the page rows by
  ``Page.objects.bulk_create`` and each guide's own row by ``save_base(raw=True)``, one INSERT
  per guide (Django's ``bulk_create`` refuses multi-table models such as every page type);
* ``one by one``: ``parent.add_child(instance=page)`` and ``page.save_revision(log_action=True)``
  per guide, as an editor's or the demo loader's work does (with its signals: search and
  reference index).

Run: .venv/bin/python bench/bulk_pages.py [--count 500] [--repeat 3]
     BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME (an empty throwaway database)
"""

import argparse
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


class Rollback(Exception):
    pass


def new_guides(count):
    import random

    from catalog.models import GuideHall, HallPage, ServiceGuidePage, Theme
    from catalog.records import apply_record
    from demo.synthetic import demo_records, vary_record

    rng = random.Random(1)
    records = demo_records()
    themes = {t.name: t for t in Theme.objects.all()}
    hall_ids = list(HallPage.objects.values_list("pk", flat=True))
    guides = []
    for serial in range(count):
        _department, record = rng.choice(records)
        guide = apply_record(ServiceGuidePage(), vary_record(record, rng, 90000 + serial))
        guide.slug = f"bench-{serial}"
        guide.themes = [themes[name] for name in record.get("themes", []) if name in themes]
        guide.hall_links = [GuideHall(hall_id=rng.choice(hall_ids), sort_order=0, window="A01")]
        guides.append(guide)
    return guides


def timed_and_rolled_back(write):
    """(seconds, queries) of ``write()``, whose writes are then rolled back."""
    from django.db import connection, transaction

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    start = time.perf_counter()
    try:
        with connection.execute_wrapper(count), transaction.atomic():
            write()
            elapsed = time.perf_counter() - start
            raise Rollback
    except Rollback:
        return elapsed, len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import _setup

    _setup.django_with_demo()
    from wagtail.models import Page

    from catalog import bulk_pages
    from catalog.models import DepartmentPage

    department = DepartmentPage.objects.get(slug="gongan")

    def bulk():
        bulk_pages.add_children(department, new_guides(args.count))

    def insert_pages_row_by_row(model, pages):
        Page.objects.bulk_create(pages, batch_size=bulk_pages.BATCH_SIZE)
        for page in pages:
            page.page_ptr_id = page.id
            page.save_base(raw=True, force_insert=True)

    def bulk_row_by_row():
        with mock.patch.object(bulk_pages, "_insert_pages", insert_pages_row_by_row):
            bulk()

    def one_by_one():
        for guide in new_guides(args.count):
            department.add_child(instance=guide)
            guide.save_revision(log_action=True)

    from django.db import connection

    print(f"{args.count} new draft guides under one department ({connection.vendor}), wall time, "
          f"best and mean of {args.repeat} (the ways take turns, so a warm cache favours none):")
    ways = {"bulk (add_children)": bulk,
            "bulk, public API (one INSERT per guide)": bulk_row_by_row,
            "one by one (add_child + save_revision)": one_by_one}
    times, queries = {name: [] for name in ways}, {}
    for _ in range(args.repeat):
        for name, write in ways.items():
            department.refresh_from_db()
            seconds, queries[name] = timed_and_rolled_back(write)
            times[name].append(seconds)
    for name, seconds in times.items():
        print(f"  {name:42} {min(seconds):7.2f} s  {sum(seconds) / len(seconds):7.2f} s"
              f"  {queries[name]:6} queries")

if __name__ == "__main__":
    main()
