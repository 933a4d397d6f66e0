"""A guide as a plain record (the dict format of ``fixtures/demo/SCHEMA.md``) applied to a page.

The demo loader uses it today; bulk import can map spreadsheet rows onto the same record so that
there is one place that knows how record keys become fields and blocks.
"""

import datetime

from django.core.exceptions import ValidationError

from . import choices

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
STREAMS = {
    # record key: (page field, block name)
    "legal_bases": ("legal_bases", "basis"),
    "materials": ("materials", "material"),
    "steps": ("steps", "step"),
    "special_procedures": ("special_procedures", "procedure"),
    "fees": ("fees", "fee"),
    "faq": ("faq", "qa"),
}
MATERIAL_DEFAULTS = {
    "necessity": choices.Necessity.REQUIRED, "form": choices.MaterialForm.PAPER, "copies": 1,
    "specification": "", "source": choices.MaterialSource.APPLICANT, "source_note": "",
    "filling_instructions": "", "sample_text": "", "acceptance_standard": "", "exempt": False,
    "commitment_allowed": False, "error_examples": [],
}
STEP_DEFAULTS = {"key": "", "handler": "", "time_limit": "", "standard": "", "result": "",
                 "channel": choices.StepChannel.BOTH, "branches": []}


def as_stream(items, block_name, defaults=None):
    return [(block_name, {**(defaults or {}), **item}) for item in items or []]


def apply_record(page, record):
    """Set the page's own fields and streams from ``record``; relations are left to the caller.

    Raises ValidationError naming the record when a closed-vocabulary value is not allowed.
    """
    for name in PLAIN_FIELDS:
        if name in record:
            setattr(page, name, record[name])
    page.for_individuals = "自然人" in record.get("service_objects", ["自然人"])
    page.for_legal_entities = "法人" in record.get("service_objects", [])
    page.keywords = "、".join(record.get("aliases", []))
    for group in CONTACT_GROUPS:
        for key, value in (record.get(group) or {}).items():
            setattr(page, f"{group}_{key}", value)
    defaults = {"materials": MATERIAL_DEFAULTS, "steps": STEP_DEFAULTS}
    for key, (field, block_name) in STREAMS.items():
        setattr(page, field, as_stream(record.get(key), block_name, defaults.get(key)))
    if record.get("last_reviewed"):
        page.last_reviewed = datetime.date.fromisoformat(record["last_reviewed"])
    _check_vocabulary(page, record)
    return page


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
