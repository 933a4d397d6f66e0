"""Open data: the API serves live guides with all their fields, and nothing unpublished."""

import pytest

from catalog.models import ServiceGuidePage

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v2/pages/?type=catalog.ServiceGuidePage&limit=100&fields=*"


def test_api_lists_every_live_guide_with_its_fields(client, demo):
    data = client.get(LIST_URL).json()
    assert data["meta"]["total_count"] == ServiceGuidePage.objects.live().count()
    item = next(i for i in data["items"] if i["item_code"] == demo.birth_registration.item_code)
    for field in ("materials", "steps", "legal_bases", "faq", "hall_list", "promised_time_limit",
                  "online_depth", "visits", "department_name", "theme_names", "keyword_list"):
        assert field in item, field
    assert item["department_name"] == demo.gongan.title
    assert item["materials"][0]["value"]["name"] == demo.birth_registration.materials[0].value["name"]


def test_api_hides_unpublished_guides_and_draft_changes(client, demo):
    demo.marriage.unpublish()
    guide = demo.birth_registration
    guide.title = "未发布的草稿标题"
    guide.save_revision()

    body = client.get(LIST_URL).content.decode()
    assert demo.marriage.item_code not in body
    assert "未发布的草稿标题" not in body
    assert client.get(f"/api/v2/pages/{demo.marriage.pk}/").status_code == 404
