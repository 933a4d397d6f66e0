"""A per-process table of the searchable pages, for counting facets without SQL round trips.

A broad query (身份证, 社保) matches most of a 20,000-guide catalog; counting six facets with
GROUP BY over such a match set costs more than the whole latency budget. Instead each worker keeps,
per index entry, the page it stands for and the page's facet values, and counts in Python over
the matched entries. The table is rebuilt when the index changes (every publish, unpublish, move
or delete writes the index and changes ``IndexState``), so it never describes a page differently from its index entry.
"""

import threading
from collections import Counter
from dataclasses import dataclass

from wagtail.models import Page

from catalog import service_objects
from catalog.browsing import FACT_COLUMNS, FACTS, SERVICE_OBJECTS
from catalog.models import DepartmentPage, ServiceGuidePage

_lock = threading.Lock()
_cache = {"version": None, "table": None}


@dataclass(frozen=True)
class Row:
    page_id: int
    content_type_id: int
    live: bool
    department: str = ""  # department slug (guides only)
    themes: tuple = ()  # theme slugs
    item_type: str = ""
    online: str = ""
    visits: str = ""
    objects: tuple = ()  # keys of SERVICE_OBJECTS
    facts: tuple = ()  # (Fact.param, option value) of the options of catalog.browsing.FACTS it has


class CatalogTable:
    def __init__(self, rows):
        self.rows = rows  # {index entry id: Row}
        # Guides share few distinct facet combinations: count those, then expand.
        self.combination = {entry_id: (row.department, row.themes, row.objects, row.item_type,
                                       row.online, row.visits, row.facts)
                            for entry_id, row in rows.items() if row.item_type and row.live}
        self.live_entries = frozenset(entry_id for entry_id, row in rows.items() if row.live)

    def guides_facets(self, entry_ids):
        """{facet: {value: count}} over the guides among ``entry_ids``."""
        found = Counter(map(self.combination.get, entry_ids))
        found.pop(None, None)
        counts = {name: {} for name in ("department", "theme", "object", "type", "online", "visits",
                                        *(fact.param for fact in FACTS))}
        for (department, themes, objects, item_type, online, visits, facts), n in found.items():
            for name, values in (("department", (department,)), ("theme", themes),
                                 ("object", objects), ("type", (item_type,)),
                                 ("online", (online,)), ("visits", (visits,))):
                bucket = counts[name]
                for value in values:
                    bucket[value] = bucket.get(value, 0) + n
            for name, value in facts:
                counts[name][value] = counts[name].get(value, 0) + n
        return counts

    def keep(self, entry_ids, filters=None, excluded_pages=frozenset(), guides_only=False):
        """The entries (in order) of live pages that pass the chosen facets, not excluded."""
        chosen = filters.values() if filters is not None and filters.active else None
        if not chosen and not guides_only and not excluded_pages:  # the common case, fast
            live = self.live_entries
            return [entry_id for entry_id in entry_ids if entry_id in live]
        kept = []
        for entry_id in entry_ids:
            row = self.rows.get(entry_id)
            if row is None or not row.live or row.page_id in excluded_pages:
                continue
            if (chosen or guides_only) and not row.item_type:
                continue
            if chosen and not _matches(row, chosen):
                continue
            kept.append(entry_id)
        return kept


def _matches(row, chosen):
    return all((
        not chosen["department"] or row.department == chosen["department"],
        not chosen["theme"] or chosen["theme"] in row.themes,
        not chosen["object"] or chosen["object"] in row.objects,
        not chosen["type"] or row.item_type == chosen["type"],
        not chosen["online"] or row.online == chosen["online"],
        not chosen["visits"] or row.visits == chosen["visits"],
        all((param, chosen[param]) in row.facts for param in FACT_PARAMS if chosen[param]),
    ))


FACT_PARAMS = tuple(fact.param for fact in FACTS)


def _facts(values):
    """(param, option) pairs a guide has, from its ``FACT_COLUMNS`` values (in that order)."""
    row = dict(zip(FACT_COLUMNS, values))
    return tuple((fact.param, value) for fact in FACTS for value in fact.matched(row))


def _version():
    from .models import IndexState

    return IndexState.current()


def _build(entries, content_type_ids):
    guides = {
        pk: (path, item_type, online, visits, individuals, entities, kinds, _facts(fact_values))
        for pk, path, item_type, online, visits, individuals, entities, kinds, *fact_values in
        ServiceGuidePage.objects.order_by().values_list("pk", "path", "item_type", "online_depth", "visits",
                                             "for_individuals", "for_legal_entities",
                                             "service_object_kinds", *FACT_COLUMNS)
    }
    departments = dict(DepartmentPage.objects.order_by().values_list("path", "slug"))
    themes = {}
    through = ServiceGuidePage.themes.through
    for guide_id, slug in through.objects.values_list("serviceguidepage_id", "theme__slug"):
        themes.setdefault(guide_id, []).append(slug)
    live = set(Page.objects.filter(live=True, content_type_id__in=content_type_ids).order_by()
               .values_list("pk", flat=True))
    steplen = Page.steplen
    rows = {}
    for entry_id, object_id, content_type_id in entries.filter(
            content_type_id__in=content_type_ids).values_list("id", "object_id", "content_type_id"):
        page_id = int(object_id)
        guide = guides.get(page_id)
        if guide is None:
            rows[entry_id] = Row(page_id, content_type_id, page_id in live)
            continue
        path, item_type, online, visits, individuals, entities, kinds, facts = guide
        objects = tuple(key for key, (_, flag) in SERVICE_OBJECTS.items()
                        if {"for_individuals": individuals, "for_legal_entities": entities}[flag])
        objects += tuple(service_objects.split(kinds))  # the categories, by name (browsing)
        rows[entry_id] = Row(page_id, content_type_id, page_id in live,
                             departments.get(path[:-steplen], ""), tuple(themes.get(page_id, ())),
                             item_type, online, str(visits), objects, facts)
    return CatalogTable(rows)


def index_version():
    """Changes whenever the database index is written (see ``IndexState``)."""
    return _version()


def catalog_table(content_type_ids):
    """The current table for entries of ``content_type_ids`` (rebuilt when the index changed)."""
    from modelsearch.conf import get_app_config

    entries = get_app_config().get_model("IndexEntry").objects.all()
    version = (_version(), tuple(sorted(content_type_ids)))
    if _cache["version"] != version:
        with _lock:
            if _cache["version"] != version:
                _cache["table"] = _build(entries, content_type_ids)
                _cache["version"] = version
    return _cache["table"]
