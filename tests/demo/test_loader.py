"""The demo catalog is big and real enough to try every feature on."""

import pytest
from django.contrib.auth import get_user_model

from catalog.models import BundlePage, DepartmentPage, HallPage, ServiceGuidePage

pytestmark = pytest.mark.django_db


def test_demo_catalog_size():
    assert ServiceGuidePage.objects.live().count() >= 40
    assert DepartmentPage.objects.live().count() >= 6
    assert HallPage.objects.live().count() >= 3
    assert BundlePage.objects.live().count() >= 2


def test_every_demo_guide_is_complete_enough_to_act_on():
    for guide in ServiceGuidePage.objects.all():
        assert len(guide.materials) >= 1, guide.title
        assert len(guide.steps) >= 2, guide.title
        assert len(guide.legal_bases) >= 1, guide.title
        assert guide.hall_list, guide.title


def test_demo_users_exist_with_their_roles(demo):
    users = {u.username: u for u in get_user_model().objects.all()}
    assert users["admin"].is_superuser
    assert demo.gongan.editors_group in users["ga_editor"].groups.all()
    assert demo.gongan.reviewers_group in users["ga_reviewer"].groups.all()
    assert demo.minzheng.editors_group in users["mz_editor"].groups.all()


def test_load_demo_command_is_idempotent(capsys):
    from django.core.management import call_command

    before = ServiceGuidePage.objects.count()
    call_command("load_demo")
    assert ServiceGuidePage.objects.count() == before
    assert "跳过" in capsys.readouterr().out


def test_bundles_and_guides_list_their_items_and_halls_in_the_fixtures_order():
    import json
    from pathlib import Path

    from django.conf import settings

    site = json.loads((Path(settings.BASE_DIR) / "fixtures/demo/site.json").read_text("utf-8"))
    for data in site["bundles"]:
        bundle = BundlePage.objects.get(slug=data["slug"])
        assert [guide.item_code for guide in bundle.live_guides()] == data["items"]
        assert [item.sort_order for item in bundle.items.all()] == list(range(len(data["items"])))
    # A guide's first hall is the one its summary box names: the order must be stored.
    for guide in ServiceGuidePage.objects.all():
        orders = [link.sort_order for link in guide.hall_links.all()]
        assert orders == list(range(len(orders))), guide.title


def test_the_expired_id_example_sits_only_under_id_cards(demo):
    from catalog.models import ErrorExample, ServiceGuidePage

    example = ErrorExample.objects.get(title="居民身份证已过有效期")
    under = {material.value["name"] for guide in ServiceGuidePage.objects.live()
             for material in guide.materials if example in material.value["shared_error_examples"]}
    assert "父母居民身份证" in under and "居民身份证" in under
    assert not any("相片" in name or "登记表" in name for name in under), under
