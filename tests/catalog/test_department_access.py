"""Department editors see and edit only their own department's guides."""

import pytest
from django.urls import reverse

from catalog.models import ServiceGuidePage
from tests.forms import page_form_data

pytestmark = pytest.mark.django_db


def test_editor_can_open_own_department_guide(login, demo):
    client = login("ga_editor")
    response = client.get(reverse("wagtailadmin_pages:edit", args=[demo.birth_registration.pk]))
    assert response.status_code == 200


def test_editor_cannot_open_another_departments_guide(login, demo):
    client = login("ga_editor")
    response = client.get(reverse("wagtailadmin_pages:edit", args=[demo.marriage.pk]))
    assert response.status_code in (302, 403)
    assert demo.marriage.title not in response.content.decode()


def test_editor_cannot_publish_even_own_department(login, demo):
    """Editors submit; the department's reviewer approves (see test_workflow.py)."""
    client = login("ga_editor")
    guide = demo.birth_registration
    data = page_form_data(guide, title="编辑试图直接发布", **{"action-publish": "action-publish"})
    client.post(reverse("wagtailadmin_pages:edit", args=[guide.pk]), data)
    guide.refresh_from_db()
    assert guide.title != "编辑试图直接发布"


def test_reviewer_cannot_publish_another_department(login, demo):
    client = login("ga_reviewer")
    guide = demo.marriage
    data = page_form_data(guide, title="越权发布", **{"action-publish": "action-publish"})
    response = client.post(reverse("wagtailadmin_pages:edit", args=[guide.pk]), data)
    assert response.status_code in (302, 403)
    guide.refresh_from_db()
    assert guide.title != "越权发布"
    assert ServiceGuidePage.objects.get(pk=guide.pk).live


def test_explorer_shows_only_own_department(login, demo):
    client = login("mz_editor")
    response = client.get(reverse("wagtailadmin_explore", args=[demo.minzheng.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert demo.marriage.title in html
    response = client.get(reverse("wagtailadmin_explore", args=[demo.gongan.pk]))
    assert response.status_code in (302, 403) or demo.birth_registration.title not in response.content.decode()


def test_editor_uploads_into_own_collection_and_cannot_touch_others(login, demo):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents.models import Document

    other = Document.objects.create(title="民政局的空白表格", collection=demo.minzheng.collection,
                                    file=SimpleUploadedFile("form.txt", b"x"))
    client = login("ga_editor")
    response = client.post(reverse("wagtaildocs:add"), {
        "title": "公安局的示范文本", "file": SimpleUploadedFile("sample.pdf", b"%PDF-1.4 demo"),
    })
    assert response.status_code == 302
    assert Document.objects.get(title="公安局的示范文本").collection == demo.gongan.collection

    response = client.get(reverse("wagtaildocs:edit", args=[other.pk]))
    assert response.status_code in (302, 403)
    listing = client.get(reverse("wagtaildocs:index")).content.decode()
    assert "民政局的空白表格" not in listing


def test_departments_provisioned_together_get_collections_in_name_order(demo):
    """A province's import provisions ~1,500 departments at once: each gets its groups,
    workflow and a collection where the admin's alphabetical list expects it, in a few queries
    for all of them and two for each (its approval task, a multi-table row); one by one it was
    ~35 each and a move of every later collection."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Collection

    from catalog.access import provision_departments
    from catalog.models import CatalogIndexPage, DepartmentPage

    def provisioned(names):
        catalog = CatalogIndexPage.objects.first()
        departments = [catalog.add_child(instance=DepartmentPage(title=name,
                                                                 slug=f"d{i}-{len(names)}"))
                       for i, name in enumerate(names)]
        with CaptureQueriesContext(connection) as queries:
            provision_departments(departments)
        return departments, len(queries)

    departments, few = provisioned(["一号部门", "阿尔法部门", "Zeta 局"])
    _more, many = provisioned([f"批量部门{n}" for n in range(12)])
    assert (many - few) / 9 < 3, (few, many)
    root = Collection.get_first_root_node()
    names = list(root.get_children().order_by("path").values_list("name", flat=True))
    assert names == sorted(names)
    assert all(problem == [] for problem in Collection.find_problems())
    for department in departments:
        department.refresh_from_db()
        assert department.collection.name == department.title
        assert department.editors_group.name == f"{department.title}·编辑"
        assert department.get_workflow().name == f"{department.title}发布审核"
