"""Hall staff create a handbook in the admin; it is built in the background, offered on the hall
or department page, and goes out of date (and is rebuilt, or flagged) when an included guide is
published. Most tests use the smallest department (3 guides) to keep builds short."""

import pytest
from django.test import override_settings
from django.urls import reverse

from catalog.models import ServiceGuidePage
from printing.models import Handbook

from .pdftools import all_text, squash

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/handbooks/new/"


def _form(**overrides):
    data = {
        "title": "住房公积金办事指南", "issuing_unit": "示范市政务服务管理办公室",
        "edition_date": "2026-03-01", "scope": "department", "paper_size": "A4",
        "offered_publicly": "on", "hall": "", "department": "", "theme": "", "bundle": "",
        "picked_guides-TOTAL_FORMS": "0", "picked_guides-INITIAL_FORMS": "0",
        "picked_guides-MIN_NUM_FORMS": "0", "picked_guides-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def _create(client, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD_URL, _form(**overrides))
    assert response.status_code == 302, response.content.decode()[:3000]
    return Handbook.objects.latest("pk")


@pytest.fixture
def department_handbook(login, demo, django_capture_on_commit_callbacks):
    """The smallest department's handbook, created in the admin as hall staff would."""
    client = login("admin")
    from catalog.models import DepartmentPage

    department = DepartmentPage.objects.get(slug="gongjijin")
    handbook = _create(client, django_capture_on_commit_callbacks, department=str(department.pk))
    return client, handbook, department


def test_saving_a_handbook_builds_its_pdf_with_the_revisions_it_printed(department_handbook):
    client, handbook, department = department_handbook
    assert handbook.status == Handbook.Status.READY, handbook.error
    assert handbook.progress == 100 and handbook.page_count > 3 and handbook.file_size > 0
    printed = {guide.pk: guide.live_revision_id for guide in department.live_guides()}
    assert handbook.built_revisions == {str(pk): rev for pk, rev in printed.items()}
    with handbook.file.open("rb") as handle:
        text = squash(all_text(handle.read()))
    for guide in department.live_guides():
        assert squash(guide.title) in text

    listing = client.get("/admin/handbooks/").content.decode()
    assert "住房公积金办事指南" in listing and "已生成" in listing
    assert handbook.file.url in listing
    status = client.get(reverse("printing_handbook:status", args=[handbook.pk])).json()
    assert status["status"] == "ready" and status["progress"] == 100 and not status["busy"]


def test_the_department_page_offers_the_handbook_for_download(client, department_handbook):
    _, handbook, department = department_handbook
    html = client.get(department.url).content.decode()
    assert handbook.file.url in html and "2026年3月1日版" in html
    assert f"{handbook.page_count} 页" in html

    Handbook.objects.filter(pk=handbook.pk).update(offered_publicly=False)
    assert handbook.file.url not in client.get(department.url).content.decode()


def test_hall_and_bundle_pages_offer_their_ready_handbooks(client, demo):
    from django.core.files.base import ContentFile

    hall_book = Handbook(title="大厅手册", issuing_unit="示范市", scope="hall", hall=demo.city_hall,
                         status=Handbook.Status.READY, page_count=12)
    hall_book.file.save("hall.pdf", ContentFile(b"%PDF-1.7"), save=True)
    pending = Handbook.objects.create(title="还没生成的手册", issuing_unit="示范市", scope="bundle",
                                      bundle=demo.newborn_bundle, status=Handbook.Status.QUEUED)
    assert hall_book.file.url in client.get(demo.city_hall.url).content.decode()
    bundle_html = client.get(demo.newborn_bundle.url).content.decode()
    assert pending.title not in bundle_html and "办事指南手册" not in bundle_html


def test_publishing_an_included_guide_rebuilds_the_handbook(department_handbook, django_capture_on_commit_callbacks):
    _, handbook, department = department_handbook
    guide = department.live_guides().first()
    old_file = handbook.file.name
    guide.title = guide.title + "（新版）"
    with django_capture_on_commit_callbacks(execute=True):
        guide.save_revision().publish()
    handbook.refresh_from_db()
    assert handbook.status == Handbook.Status.READY and not handbook.is_outdated
    assert handbook.built_revisions[str(guide.pk)] == ServiceGuidePage.objects.get(pk=guide.pk).live_revision_id
    with handbook.file.open("rb") as handle:
        assert "（新版）" in squash(all_text(handle.read()))
    assert handbook.file.name == old_file or not handbook.file.storage.exists(old_file)


@override_settings(PRINTING_HANDBOOK_ON_PUBLISH="flag")
def test_with_the_flag_policy_a_published_change_only_marks_it_out_of_date(
        client, department_handbook, django_capture_on_commit_callbacks):
    _, handbook, department = department_handbook
    guide = department.live_guides().first()
    built_at = handbook.built_at
    with django_capture_on_commit_callbacks(execute=True):
        guide.save_revision().publish()
    handbook.refresh_from_db()
    assert handbook.is_outdated and guide.title in handbook.outdated_note
    assert handbook.built_at == built_at, "not rebuilt"
    assert "部分事项已有更新" in client.get(department.url).content.decode()


def test_a_draft_changes_nothing(department_handbook, django_capture_on_commit_callbacks):
    _, handbook, department = department_handbook
    guide = department.live_guides().first()
    guide.title = "草稿"
    with django_capture_on_commit_callbacks(execute=True):
        guide.save_revision()
    handbook.refresh_from_db()
    assert not handbook.is_outdated


def test_unrelated_publishes_leave_the_handbook_alone(department_handbook, demo, django_capture_on_commit_callbacks):
    _, handbook, department = department_handbook
    printed = {int(pk) for pk in handbook.built_revisions}
    other = ServiceGuidePage.objects.live().exclude(pk__in=printed).first()
    with django_capture_on_commit_callbacks(execute=True):
        other.save_revision().publish()
    handbook.refresh_from_db()
    assert not handbook.is_outdated and handbook.status == Handbook.Status.READY


def test_the_form_asks_for_the_target_of_the_chosen_scope(login, demo):
    client = login("admin")
    response = client.post(ADD_URL, _form(scope="department"))
    assert response.status_code == 200
    assert "收录范围为“部门”时，请选择部门。" in response.content.decode()
    response = client.post(ADD_URL, _form(scope="selection"))
    assert "请至少选择一项办事指南" in response.content.decode()
    assert not Handbook.objects.exists()


def test_a_hand_picked_handbook_keeps_the_editors_order(login, demo, django_capture_on_commit_callbacks):
    client = login("admin")
    picked = [demo.marriage, demo.birth_registration]
    forms = {}
    for n, guide in enumerate(picked):
        forms.update({f"picked_guides-{n}-guide": str(guide.pk), f"picked_guides-{n}-ORDER": str(n + 1),
                      f"picked_guides-{n}-id": "", f"picked_guides-{n}-DELETE": ""})
    handbook = _create(client, django_capture_on_commit_callbacks, scope="selection",
                       title="婚育办事须知", **{"picked_guides-TOTAL_FORMS": "2", **forms})
    assert handbook.status == Handbook.Status.READY, handbook.error
    with handbook.file.open("rb") as handle:
        text = squash(all_text(handle.read()))
    assert text.index(squash(demo.marriage.title)) < text.index(squash("出生登记"))


def test_rebuild_button_queues_a_new_build(department_handbook, django_capture_on_commit_callbacks):
    client, handbook, _ = department_handbook
    built_at = handbook.built_at
    url = reverse("printing_handbook:build", args=[handbook.pk])
    assert client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    handbook.refresh_from_db()
    assert handbook.built_at > built_at


def test_editors_without_permission_cannot_see_handbooks(login, department_handbook):
    _, handbook, _ = department_handbook
    client = login("ga_editor")
    assert client.get("/admin/handbooks/").status_code in (302, 403)
    assert client.post(reverse("printing_handbook:build", args=[handbook.pk])).status_code in (302, 403)


def test_with_the_database_backend_a_worker_builds_the_queued_handbook(
        demo, settings, monkeypatch, django_capture_on_commit_callbacks):
    """Production's path: the admin only queues; `db_worker --backend printing` builds."""
    from django.core.management import call_command

    # The worker closes connections it thinks are stale, which a test's open transaction is.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections",
                        lambda: None)

    settings.TASKS = {**settings.TASKS, "printing": {
        "BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["printing"]}}
    from printing.jobs import queue_build

    handbook = Handbook.objects.create(title="一件事手册", issuing_unit="示范市", scope="bundle",
                                       bundle=demo.newborn_bundle, paper_size="A5")
    with django_capture_on_commit_callbacks(execute=True):
        queue_build(handbook.pk)
    handbook.refresh_from_db()
    assert handbook.status == Handbook.Status.QUEUED and not handbook.file

    call_command("db_worker", "--backend", "printing", "--queue-name", "printing", "--batch",
                 "--no-startup-delay", "--no-reload", verbosity=0)
    handbook.refresh_from_db()
    assert handbook.status == Handbook.Status.READY, handbook.error
    assert handbook.page_count and handbook.file


def test_only_handbooks_offered_publicly_can_be_downloaded_by_anyone(client, demo, login):
    from django.core.files.base import ContentFile

    handbook = Handbook(title="大厅内部手册", issuing_unit="示范市", scope="hall", hall=demo.city_hall,
                        status=Handbook.Status.READY, page_count=12, offered_publicly=False)
    handbook.file.save("neibu.pdf", ContentFile(b"%PDF-1.7 internal"), save=True)
    url = handbook.file.url
    try:
        assert client.get(url).status_code == 404  # its name is guessable from the title
        staff = login("admin").get(url)
        assert staff.status_code == 200 and staff["Cache-Control"] == "private, no-store"
        client.logout()

        Handbook.objects.filter(pk=handbook.pk).update(offered_publicly=True)
        public = client.get(url)
        assert public.status_code == 200 and public["Cache-Control"] == "public, no-cache"

        Handbook.objects.filter(pk=handbook.pk).update(status=Handbook.Status.BUILDING)
        assert client.get(url).status_code == 404  # an edition being rebuilt is not offered
    finally:
        handbook.file.delete(save=False)
