"""A synthetic catalog for benchmarks: many live guides varied from the hand-written demo records.

Benchmarks (search, printing, import) need a province-sized catalog (20,000+ guides); creating
that through ``add_child``/``publish`` one page at a time takes most of an hour. This module
writes the same rows Wagtail would (tree paths, url paths, the guide table, themes, halls) in
bulk, so 20,000 guides take well under a minute. Each guide is a demo record from
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
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Locale, Page

from catalog import choices
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
        next_paths = {slug: _next_child_path(d) for slug, d in departments.items()}
        for offset in range(0, count, BATCH_SIZE):
            batch = []
            for serial in range(start + offset, start + min(offset + BATCH_SIZE, count)):
                department_slug, record = rng.choice(records)
                varied = vary_record(record, rng, serial)
                department = departments[department_slug]
                guide = apply_record(ServiceGuidePage(), varied)
                guide.slug = f"{base_slugs[record['item_code']]}-{serial}"
                guide.path = next_paths[department_slug]
                next_paths[department_slug] = _increment_path(guide.path)
                guide.depth = department.depth + 1
                guide.url_path = f"{department.url_path}{guide.slug}/"
                batch.append((guide, department, varied))
            created.extend(_insert_batch(batch, themes, hall_ids, rng))
            if progress:
                progress(min(offset + BATCH_SIZE, count), count)
        for department in departments.values():
            department.numchild = Page.objects.filter(
                path__startswith=department.path, depth=department.depth + 1).count()
            Page.objects.filter(pk=department.pk).update(numchild=department.numchild)
    return created


def _next_child_path(parent):
    last = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1) \
        .order_by("-path").values_list("path", flat=True).first()
    if last is None:
        return Page._get_path(parent.path, parent.depth + 1, 1)
    return _increment_path(last)


def _increment_path(path):
    return Page._inc_path(Page(path=path))


def _insert_batch(batch, themes, hall_ids, rng):
    """Write one batch: base page rows, guide rows, theme links and hall links."""
    now = timezone.now()
    locale = Locale.get_default()
    content_type_id = ContentType.objects.get_for_model(ServiceGuidePage).pk
    bases = []
    for guide, _department, _record in batch:
        bases.append(Page(
            path=guide.path, depth=guide.depth, numchild=0, title=guide.title,
            draft_title=guide.title, slug=guide.slug, url_path=guide.url_path,
            content_type_id=content_type_id, live=True, has_unpublished_changes=False,
            first_published_at=now, last_published_at=now, locale=locale,
            translation_key=uuid.uuid4(),
        ))
    Page.objects.bulk_create(bases)
    if any(base.pk is None for base in bases):  # a backend that does not return ids
        ids = dict(Page.objects.filter(path__in=[b.path for b in bases]).values_list("path", "pk"))
        for base in bases:
            base.pk = base.id = ids[base.path]
    guides = []
    for base, (guide, _department, _record) in zip(bases, batch):
        for field in Page._meta.concrete_fields:
            setattr(guide, field.attname, getattr(base, field.attname))
        guide.page_ptr_id = base.pk
        guides.append(guide)
    local_fields = ServiceGuidePage._meta.local_concrete_fields
    ServiceGuidePage.objects._insert(guides, fields=local_fields, using=connection.alias)

    Through = ServiceGuidePage.themes.through
    Through.objects.bulk_create([
        Through(serviceguidepage_id=guide.pk, theme_id=themes[name].pk)
        for guide, (_g, _d, record) in zip(guides, batch)
        for name in record.get("themes", []) if name in themes
    ])
    links = []
    for guide in guides:
        for order, hall_id in enumerate(rng.sample(hall_ids, rng.randint(1, min(2, len(hall_ids))))):
            links.append(GuideHall(guide_id=guide.pk, hall_id=hall_id, sort_order=order,
                                   window=f"{rng.choice('ABC')}{rng.randint(1, 30):02d}"))
    GuideHall.objects.bulk_create(links)
    return [guide.pk for guide in guides]
