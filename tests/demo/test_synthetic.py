"""The synthetic catalog benchmarks run on: live guides a citizen can open, in a sound tree."""

import pytest
from django.core.management import call_command
from wagtail.models import Page

from catalog.models import DepartmentPage, ServiceGuidePage
from demo.synthetic import generate

pytestmark = pytest.mark.django_db


def test_generated_guides_are_live_pages_with_their_themes_and_halls(client):
    ids = generate(60, seed=3)

    guides = ServiceGuidePage.objects.filter(pk__in=ids)
    assert guides.count() == 60
    assert all(guide.live and not guide.has_unpublished_changes for guide in guides)
    guide = guides.filter(themes__isnull=False).first()
    assert guide is not None and guide.hall_list
    response = client.get(guide.url)
    assert response.status_code == 200
    assert guide.title in response.content.decode()


def test_generated_guides_keep_the_page_tree_sound():
    generate(40, seed=5)

    problems = Page.find_problems()  # (bad alphabet, bad path, orphans, bad depth, bad numchild)
    assert all(not found for found in problems), problems
    for department in DepartmentPage.objects.all():
        assert department.numchild == department.get_children().count()


def test_generate_catalog_command_adds_the_guides_it_reports(capsys):
    before = ServiceGuidePage.objects.live().count()
    call_command("generate_catalog", "--count", "12", "--seed", "7")

    assert ServiceGuidePage.objects.live().count() == before + 12
    assert "已生成 12 项办事指南" in capsys.readouterr().out
