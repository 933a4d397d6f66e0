"""A guide as a plain record (the dict format of ``fixtures/demo/SCHEMA.md``), both ways.

``apply_record`` sets a page from a record and ``record_of`` reads the same record back from a
page, so the demo loader, the synthetic catalog and bulk import/export share one mapping of
record keys onto fields and blocks. Only the keys a record carries are applied: a spreadsheet
without a 收费 sheet leaves a guide's fees alone. Repeatable parts are matched to the page's
current items by name, which keeps each block's id and whatever a record cannot carry (a blank
form document, an example picture, a reference to a shared example).
"""

import copy
import datetime
import uuid

from django.core.exceptions import ValidationError

from . import blocks, choices, service_objects

PLAIN_FIELDS = (
    "title", "item_code", "item_type", "service_category", "summary", "accepting_unit",
    "entrusted_department", "joint_agencies", "exercise_level", "conditions", "quantity_limit",
    "prohibited_requirements", "legal_time_limit", "legal_time_limit_unit",
    "promised_time_limit", "promised_time_limit_unit", "time_limit_note", "handling_type",
    "charges_fee", "handling_hours", "location_note", "visits", "online_depth", "online_url",
    "mobile_url", "appointment", "express_delivery", "online_payment", "self_service_terminal",
    "general_scope", "assisted_service", "result_name", "result_type", "result_validity",
    "reconsideration", "litigation", "item_version",
)
CONTACT_GROUPS = ("consultation", "complaint")
CONTACT_KEYS = ("phone", "online", "address")
STREAMS = {
    # record key: (page field, block name)
    "legal_bases": ("legal_bases", "basis"),
    "materials": ("materials", "material"),
    "steps": ("steps", "step"),
    "special_procedures": ("special_procedures", "procedure"),
    "fees": ("fees", "fee"),
    "faq": ("faq", "qa"),
}
# The block of one item of each list; a record carries its ``blocks.record_keys`` (documents,
# images and snippet references are attached in the editor and kept as they are).
ITEM_BLOCKS = {
    "legal_bases": blocks.LegalBasisBlock, "materials": blocks.MaterialBlock,
    "steps": blocks.StepBlock, "special_procedures": blocks.SpecialProcedureBlock,
    "fees": blocks.FeeBlock, "faq": blocks.FaqBlock,
}
ITEM_KEYS = {key: blocks.record_keys(block()) for key, block in ITEM_BLOCKS.items()}
# Lists inside a block: (their own keys, the key that identifies an entry).
NESTED_LISTS = {
    "error_examples": (blocks.record_keys(blocks.ErrorExampleBlock()), "wrong"),
    "branches": (blocks.record_keys(blocks.BranchBlock()), "condition"),
}
# The key naming an item of a list, by which versions of it are matched ("name" unless listed;
# a guide's halls are its hall links, not blocks).
NAME_KEYS = {"faq": "question", "halls": "hall"}


def name_key(key):
    return NAME_KEYS.get(key, "name")


# The page fields a record is made of (besides the themes and halls relations).
RECORD_FIELDS = (
    *PLAIN_FIELDS, "service_object_kinds", "for_individuals", "for_legal_entities", "keywords", "last_reviewed",
    *(f"{group}_{key}" for group in CONTACT_GROUPS for key in CONTACT_KEYS),
    *(field for field, _block in STREAMS.values()),
)
MATERIAL_DEFAULTS = {
    "necessity": choices.Necessity.REQUIRED, "form": choices.MaterialForm.PAPER, "copies": 1,
    "specification": "", "source": choices.MaterialSource.APPLICANT, "source_note": "",
    "filling_instructions": "", "sample_text": "", "acceptance_standard": "", "exempt": False,
    "commitment_allowed": False, "error_examples": [],
}
STEP_DEFAULTS = {"key": "", "handler": "", "time_limit": "", "standard": "", "result": "",
                 "channel": choices.StepChannel.BOTH, "branches": []}
ITEM_DEFAULTS = {"materials": MATERIAL_DEFAULTS, "steps": STEP_DEFAULTS}


def as_stream(items, block_name, defaults=None):
    return [(block_name, {**(defaults or {}), **item}) for item in items or []]


def apply_record(page, record):
    """Set the page's own fields and streams from the keys ``record`` has.

    Relations (department, themes, halls) are left to the caller. Raises ValidationError
    naming the record when a closed-vocabulary value is not allowed.
    """
    for name in PLAIN_FIELDS:
        if name in record:
            setattr(page, name, record[name])
    if "service_objects" in record:
        kinds, unknown = service_objects.resolve(record["service_objects"] or [])
        if unknown:
            raise ValidationError(f"{record.get('item_code', '?')}：{service_objects.unknown_message(unknown)}")
        page.service_object_kinds = service_objects.join(kinds)
        page.for_individuals, page.for_legal_entities = service_objects.groups(kinds)
    if "aliases" in record:
        page.keywords = "、".join(record["aliases"])
    for group in CONTACT_GROUPS:
        for key, value in (record.get(group) or {}).items():
            setattr(page, f"{group}_{key}", value)
    for key, (field, block_name) in STREAMS.items():
        if key in record:
            current = getattr(page, field)
            setattr(page, field, merge_stream(
                current.raw_data if current else [], record[key] or [], block_name,
                ITEM_DEFAULTS.get(key), name_key(key),
            ))
    if "materials" in record:  # the bulk writers insert rows without ``save``, which derives them
        page.sync_material_flags()
    if "last_reviewed" in record:
        page.last_reviewed = _date(record["last_reviewed"])
    _check_vocabulary(page, record)
    return page


def record_of(page, hall_slugs=None):
    """The record ``apply_record`` would need to produce ``page`` (relations included).

    ``hall_slugs`` maps hall ids to slugs, sparing a query per hall link when many guides are
    read at once; a link to a hall it does not name (deleted since) is left out. The
    department is not part of a guide's record: it is the parent page.
    """
    record = {name: getattr(page, name) for name in PLAIN_FIELDS}
    record["service_objects"] = page.service_object_kind_list
    record["themes"] = [theme.name for theme in page.themes.all()]
    record["aliases"] = page.keyword_list
    record["halls"] = [
        {"hall": link.hall.slug if hall_slugs is None else hall_slugs[link.hall_id],
         "window": link.window, "note": link.note}
        for link in page.hall_links.all()
        if hall_slugs is None or link.hall_id in hall_slugs
    ]
    for group in CONTACT_GROUPS:
        record[group] = {key: getattr(page, f"{group}_{key}") for key in CONTACT_KEYS}
    for key, (field, block_name) in STREAMS.items():
        record[key] = [
            _plain(raw.get("value") or {}, ITEM_KEYS[key], ITEM_DEFAULTS.get(key, {}))
            for raw in getattr(page, field).raw_data
            if raw.get("type") == block_name
        ]
    record["last_reviewed"] = page.last_reviewed.isoformat() if page.last_reviewed else ""
    return record


def merge_stream(current, items, block_name, defaults=None, match="name"):
    """Raw stream data for ``items``, reusing the current block each item matches by ``match``.

    A matched block keeps its id and the children the item does not mention; a new one starts
    from ``defaults``. Current blocks no item matches are dropped.
    """
    pool = {}
    for raw in current:
        if raw.get("type") == block_name:
            pool.setdefault((raw.get("value") or {}).get(match), []).append(raw)
    blocks = []
    for item in items:
        old = pool[item.get(match)].pop(0) if pool.get(item.get(match)) else None
        old_value = (old or {}).get("value") or {}
        value = {**_fresh(defaults), **old_value, **item}
        for key, (_keys, nested_match) in NESTED_LISTS.items():
            if key in item:
                value[key] = _merge_list(old_value.get(key), item[key], nested_match)
        blocks.append({"type": block_name, "value": value,
                       "id": (old or {}).get("id") or str(uuid.uuid4())})
    return blocks


def _fresh(defaults):
    """A copy of ``defaults`` for one new block: its scalars shared, its lists and dicts (empty
    ones, in practice) copied. A deep copy of the whole per block was a sixth of checking a
    province's workbook."""
    return {key: copy.deepcopy(value) if isinstance(value, (list, dict)) else value
            for key, value in (defaults or {}).items()}


def _merge_list(current, items, match):
    """ListBlock raw data (``{"type": "item", "value", "id"}``) for ``items``, like merge_stream."""
    pool = {}
    for entry in _list_entries(current):
        pool.setdefault(entry["value"].get(match), []).append(entry)
    merged = []
    for item in items or []:
        old = pool[item.get(match)].pop(0) if pool.get(item.get(match)) else None
        merged.append({"type": "item", "value": {**(old or {}).get("value", {}), **item},
                       "id": (old or {}).get("id") or str(uuid.uuid4())})
    return merged


def _list_entries(raw_list):
    """ListBlock raw data in either of Wagtail's formats, as ``{"value", "id"}`` entries."""
    entries = []
    for entry in raw_list or []:
        if isinstance(entry, dict) and entry.get("type") == "item" and "value" in entry:
            entries.append({"value": entry["value"] or {}, "id": entry.get("id")})
        elif isinstance(entry, dict):
            entries.append({"value": entry, "id": None})
    return entries


def _plain(value, keys, defaults):
    plain = {}
    for key in keys:
        if key in NESTED_LISTS:
            nested_keys = NESTED_LISTS[key][0]
            plain[key] = [{k: entry["value"].get(k) or "" for k in nested_keys}
                          for entry in _list_entries(value.get(key))]
        else:
            plain[key] = value.get(key, defaults.get(key, ""))
    return plain


def _date(value):
    if not value:
        return None
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def _check_vocabulary(page, record):
    checks = (
        ("item_type", choices.ItemType), ("online_depth", choices.OnlineDepth),
        ("general_scope", choices.GeneralScope), ("handling_type", choices.HandlingType),
    )
    for field, choice_class in checks:
        value = getattr(page, field)
        if value and value not in choice_class.values:
            raise ValidationError(
                f"{record.get('item_code', '?')}「{field}」的值「{value}」不在允许范围内："
                f"{'、'.join(choice_class.values)}"
            )
