"""A synthetic catalog for benchmarks: many live guides varied from the hand-written demo records.

Benchmarks (search, printing, import) need a province-sized catalog (20,000+ guides); creating
that through ``add_child``/``publish`` one page at a time takes most of an hour. The pages are
written in bulk by ``catalog.bulk_pages.add_live_children`` (the writer the import uses for new
drafts), so 20,000 guides take well under a minute. Each guide is a demo record from
``fixtures/demo/guides/*.json`` passed through ``catalog.records.apply_record`` after small,
seeded variations (district, materials order and subset, time limits, visits, online depth…), so
the text reads like real guides and every facet has a spread of values.

The pages are live and public but have no revisions and are not in the search index: callers
that need either (the search benchmark) rebuild the index themselves; editing a page in the
admin works as for any page without revisions.
"""

import copy
import json
import random

from django.db import transaction

from catalog import choices
from catalog.bulk_pages import add_live_children
from catalog.models import DepartmentPage, GuideHall, HallPage, ServiceGuidePage, Theme
from catalog.records import apply_record
from catalog.slugs import pinyin_slug

from .loader import DEMO_DIR, is_loaded, load_demo

BATCH_SIZE = 500
DISTRICTS = ("东城区", "西城区", "南湖区", "北山区", "高新区", "经开区", "临江县", "青石县",
             "白沙镇", "柳溪乡", "新华街道", "港口街道")
VISITS = (0, 0, 1, 1, 1, 2)


def demo_records(directory=DEMO_DIR):
    """``(department slug, record)`` for every demo guide, in file order."""
    records = []
    for path in sorted((directory / "guides").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        records.extend((data["department"]["slug"], record) for record in data["guides"])
    return records


def vary_record(record, rng, serial):
    """A new record derived from ``record``: same service, another district, varied details."""
    varied = copy.deepcopy(record)
    district = rng.choice(DISTRICTS)
    varied["title"] = f"{record['title']}（{district}）"
    varied["item_code"] = f"{record['item_code'][:18]}S{serial:08d}"
    varied["summary"] = f"{district}：{record.get('summary', '')}"
    varied["accepting_unit"] = f"{district}{record.get('accepting_unit', '')}"
    materials = varied.get("materials") or []
    if len(materials) > 2:
        keep = rng.randint(len(materials) - 2, len(materials))
        varied["materials"] = materials[:1] + rng.sample(materials[1:], keep - 1)
    for key in ("legal_time_limit", "promised_time_limit"):
        if varied.get(key):
            varied[key] = max(1, varied[key] + rng.randint(-3, 3))
    if varied.get("promised_time_limit") and varied.get("legal_time_limit"):
        varied["promised_time_limit"] = min(varied["promised_time_limit"], varied["legal_time_limit"])
    varied["visits"] = rng.choice(VISITS)
    varied["online_depth"] = rng.choice(choices.OnlineDepth.values)
    varied["general_scope"] = rng.choice(choices.GeneralScope.values)
    if rng.random() < 0.3:
        varied["service_objects"] = ["自然人", "法人"]
    return varied


def generate(count, seed=1, progress=None):
    """Create ``count`` live guides spread over the demo departments; returns the new pages' ids.

    Loads the demo catalog first when the database has none. ``progress(done, total)`` is
    called after each batch. Deterministic for a given ``seed`` and starting database.
    """
    if not is_loaded():
        load_demo()
    rng = random.Random(seed)
    records = demo_records()
    departments = {d.slug: d for d in DepartmentPage.objects.all()}
    themes = {t.name: t for t in Theme.objects.all()}
    hall_ids = list(HallPage.objects.live().values_list("pk", flat=True))
    start = ServiceGuidePage.objects.filter(item_code__regex=r"S[0-9]{8}$").count() + 1
    base_slugs = {record["item_code"]: pinyin_slug(record["title"]) for _, record in records}
    created = []
    with transaction.atomic():
        for offset in range(0, count, BATCH_SIZE):
            batch = {}  # department slug → its new guides, in order
            for serial in range(start + offset, start + min(offset + BATCH_SIZE, count)):
                department_slug, record = rng.choice(records)
                guide = apply_record(ServiceGuidePage(), vary_record(record, rng, serial))
                guide.slug = f"{base_slugs[record['item_code']]}-{serial}"
                guide.themes = [themes[name] for name in record.get("themes", []) if name in themes]
                guide.hall_links = [
                    GuideHall(hall_id=hall_id, sort_order=order,
                              window=f"{rng.choice('ABC')}{rng.randint(1, 30):02d}")
                    for order, hall_id in enumerate(
                        rng.sample(hall_ids, rng.randint(1, min(2, len(hall_ids)))))
                ]
                batch.setdefault(department_slug, []).append(guide)
            for department_slug, guides in batch.items():
                add_live_children(departments[department_slug], guides)
                created.extend(guide.pk for guide in guides)
            if progress:
                progress(min(offset + BATCH_SIZE, count), count)
    return created
