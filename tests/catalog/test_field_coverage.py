"""A field added to the guide model must reach every channel: web page, API and export record.

Each plain content field gets a distinctive value; the published page, the API and the
export record must all carry it. A new field that a template, ``api_fields`` or
``catalog/records.py`` forgets fails here.
"""

import pytest
from django.db import models
from wagtail.fields import StreamField
from wagtail.models import Page

from catalog.models import ServiceGuidePage
from catalog.records import record_of

pytestmark = pytest.mark.django_db

# Not content a citizen reads: editor workflow fields and relations shown by other means.
NOT_CONTENT = {"change_note", "major_change", "successor", "flowchart_image", "result_sample",
               "last_reviewed", "item_code",
               # derived from the materials on save (covered as materials), for the filters
               "has_exempt_materials", "has_commitment_materials"}
PAGE_FIELDS = {f.name for f in Page._meta.get_fields()}


def content_fields():
    for field in ServiceGuidePage._meta.get_fields():
        if (field.name in PAGE_FIELDS or field.name in NOT_CONTENT or not field.concrete
                or isinstance(field, StreamField) or field.is_relation or field.auto_created):
            continue
        yield field


def distinctive(field, index):
    if field.name == "service_object_kinds":  # a closed vocabulary of several values
        return "自然人、行政机关"
    if field.choices:
        return field.choices[-1][0]
    if isinstance(field, models.BooleanField):
        return True
    if isinstance(field, (models.IntegerField, models.PositiveSmallIntegerField)):
        return 900 + index
    if isinstance(field, models.URLField):
        return f"https://zwfw.example.gov.cn/coverage/{field.name}"
    return f"覆盖检查{field.name}"


def displayed(field, value):
    """What a citizen sees for ``value`` (booleans and numbers are worded, not printed raw)."""
    if isinstance(value, bool):
        return None  # rendered as wording (是否收费 → 收费/不收费; 便民服务 tags), checked below
    return str(value)


@pytest.fixture
def covered_guide(demo):
    guide = ServiceGuidePage.objects.get(pk=demo.birth_registration.pk)
    values = {}
    for index, field in enumerate(content_fields()):
        values[field.name] = distinctive(field, index)
        setattr(guide, field.name, values[field.name])
    guide.save_revision().publish()
    return ServiceGuidePage.objects.get(pk=guide.pk), values


def test_every_content_field_is_on_the_page(client, covered_guide):
    guide, values = covered_guide
    html = client.get(guide.url).content.decode()
    missing = [name for name, value in values.items()
               if displayed(None, value) is not None and displayed(None, value) not in html]
    assert not missing, f"not shown on the guide page: {missing}"
    for wording in ("收费", "可预约", "快递收件/送达", "网上支付", "自助终端", "帮办代办"):
        assert wording in html


def test_every_content_field_is_in_the_api(client, covered_guide):
    guide, values = covered_guide
    item = client.get(f"/api/v2/pages/{guide.pk}/").json()
    missing = [name for name in values if name not in item]
    assert not missing, f"not in the API: {missing}"
    assert all(item[name] == value for name, value in values.items())


def test_every_content_field_is_in_the_export_record(covered_guide):
    guide, values = covered_guide
    record = record_of(guide)
    flat = dict(record)
    for group in ("consultation", "complaint"):
        flat.update({f"{group}_{key}": value for key, value in record[group].items()})
    flat["keywords"] = "、".join(record["aliases"])
    flat["service_object_kinds"] = "、".join(record["service_objects"])
    flat["for_individuals"] = "自然人" in record["service_objects"]
    flat["for_legal_entities"] = "行政机关" in record["service_objects"]
    missing = [name for name, value in values.items() if flat.get(name) != value]
    assert not missing, f"not in the export record: {missing}"
