"""Images new in a draft are not served until the guide is published; uploads only through
the access rule of catalog/access.py.

Every check is a real request under /media/ through the test client: an image original and a
rendition (the file a guide page's <img> points to), for the three ways a guide uses a picture:
its uploaded flowchart, an inline common-error example, and a shared ErrorExample snippet.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction, WorkflowState

from catalog.models import ErrorExample, ServiceGuidePage
from tests.forms import page_form_data

pytestmark = pytest.mark.django_db

Image = get_image_model()


def new_image(demo, name):
    return Image.objects.create(title=f"测试图片 {name}", collection=demo.gongan.collection,
                                file=get_test_image_file(filename=f"{name}.png"))


def file_urls(image):
    """The original and the renditions the guide templates ask for."""
    return [image.file.url, image.get_rendition("width-800").url,
            image.get_rendition("max-480x360").url]


def statuses(client, images):
    return {url: client.get(url).status_code for image in images for url in file_urls(image)}


def every(code, result):
    return set(result.values()) == {code}


@pytest.fixture(autouse=True)
def fresh_renditions():
    """Wagtail caches renditions by image id, which a rolled-back test hands out again."""
    Image.get_rendition_model().cache_backend.clear()


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def draft_images(demo):
    """The live birth-registration guide (公安) with a pending draft that adds three images."""
    guide = ServiceGuidePage.objects.get(pk=demo.birth_registration.pk)
    flowchart, inline, shared = (new_image(demo, name) for name in
                                 ("draft-flowchart", "draft-inline", "draft-shared"))
    example = ErrorExample.objects.create(title="草稿新增的错误示例", wrong="照片为生活照",
                                          right="近期证件照", right_image=shared)
    draft = guide.get_latest_revision_as_object()
    draft.flowchart_image = flowchart
    draft.common_errors = [(block.block_type, block.value) for block in draft.common_errors] + [
        ("example", {"wrong": "未带原件", "reason": "", "right": "携带原件",
                     "wrong_image": inline, "right_image": None}),
        ("shared", example),
    ]
    revision = draft.save_revision()
    assert ServiceGuidePage.objects.get(pk=guide.pk).has_unpublished_changes
    return guide, revision, [flowchart, inline, shared]


def test_images_new_in_a_draft_are_not_served_to_the_public(anonymous, draft_images):
    guide, revision, images = draft_images
    result = statuses(anonymous, images)
    assert every(404, result), result
    page = anonymous.get(guide.url).content.decode()
    assert not any(url in page for url in result), "the live page points to a draft image"


def test_an_image_chosen_in_the_editor_is_private_until_the_reviewer_approves(
        anonymous, login, demo):
    """The whole path through the admin: the editor's draft, submitted, then approved."""
    guide = ServiceGuidePage.objects.get(pk=demo.birth_registration.pk)
    image = new_image(demo, "editor-flowchart")
    edit_url = reverse("wagtailadmin_pages:edit", args=[guide.pk])
    editor = login("ga_editor")
    response = editor.post(edit_url, page_form_data(
        guide, flowchart_image=str(image.pk), **{"action-submit": "action-submit"}))
    assert response.status_code == 302
    assert ServiceGuidePage.objects.get(pk=guide.pk).has_unpublished_changes
    assert every(200, statuses(editor, [image]))
    assert every(404, statuses(anonymous, [image]))

    reviewer = login("ga_reviewer")
    task_state = WorkflowState.objects.active().get(object_id=str(guide.pk)).current_task_state
    reviewer.post(reverse("wagtailadmin_pages:workflow_action",
                          args=[guide.pk, "approve", task_state.pk]), {"comment": ""})
    assert ServiceGuidePage.objects.get(pk=guide.pk).flowchart_image_id == image.pk
    assert every(200, statuses(anonymous, [image]))


def test_department_editor_gets_them_for_previews_and_no_cache_keeps_them(login, draft_images):
    guide, revision, images = draft_images
    editor = login("ga_editor")
    assert every(200, statuses(editor, images))
    response = editor.get(images[0].file.url)
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Type"] == "image/png"


def test_another_departments_editor_does_not_get_them(login, draft_images):
    guide, revision, images = draft_images
    assert every(404, statuses(login("mz_editor"), images))


def test_publishing_makes_them_public_and_the_page_shows_them(anonymous, draft_images):
    guide, revision, images = draft_images
    revision.publish()
    result = statuses(anonymous, images)
    assert every(200, result), result
    response = anonymous.get(images[1].get_rendition("max-480x360").url)
    assert response["Cache-Control"].startswith("public, max-age=")
    assert "Cookie" not in response.get("Vary", "")  # one cached copy serves every visitor
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")

    page = anonymous.get(guide.url).content.decode()
    shown = set(re.findall(r'src="(/media/[^"]+)"', page))
    assert {images[0].get_rendition("width-800").url,
            images[1].get_rendition("max-480x360").url,
            images[2].get_rendition("max-480x360").url} <= shown
    assert all(anonymous.get(url).status_code == 200 for url in shown)


def test_a_scheduled_revision_keeps_its_new_image_private_until_it_goes_live(anonymous, demo):
    guide = ServiceGuidePage.objects.get(pk=demo.birth_registration.pk)
    image = new_image(demo, "scheduled-flowchart")
    draft = guide.get_latest_revision_as_object()
    draft.flowchart_image = image
    draft.go_live_at = timezone.now() + timedelta(days=7)
    draft.save_revision().publish()
    guide = ServiceGuidePage.objects.get(pk=guide.pk)
    assert guide.live and guide.flowchart_image_id is None  # scheduled, not yet live
    assert every(404, statuses(anonymous, [image]))


def test_an_image_of_the_live_version_stays_public_while_a_draft_removes_it(anonymous,
                                                                            draft_images):
    guide, revision, images = draft_images
    revision.publish()
    draft = ServiceGuidePage.objects.get(pk=guide.pk).get_latest_revision_as_object()
    draft.flowchart_image = None
    draft.common_errors = []
    draft.save_revision()
    assert every(200, statuses(anonymous, images))


def test_restricting_the_guide_hides_its_images_again(anonymous, draft_images):
    guide, revision, images = draft_images
    revision.publish()
    PageViewRestriction.objects.create(page=guide, restriction_type=PageViewRestriction.LOGIN)
    assert every(404, statuses(anonymous, images))


def test_unpublishing_the_guide_hides_its_images_again(anonymous, draft_images):
    guide, revision, images = draft_images
    revision.publish()
    ServiceGuidePage.objects.get(pk=guide.pk).unpublish()
    assert every(404, statuses(anonymous, images))


def test_images_of_a_never_published_guide_stay_private_when_a_live_guide_links_to_it(
        anonymous, demo):
    """A page that never went live keeps its draft in the page row: it is no middle link."""
    image = new_image(demo, "never-published-flowchart")
    successor = ServiceGuidePage(title="尚未发布的接续事项", slug="not-yet-successor",
                                 item_code="DRAFT000002", live=False, flowchart_image=image)
    demo.gongan.add_child(instance=successor)
    successor.save_revision()
    guide = ServiceGuidePage.objects.get(pk=demo.birth_registration.pk)
    guide.successor = successor
    guide.save_revision().publish()
    assert every(404, statuses(anonymous, [image]))


def test_demo_pictures_of_live_guides_are_public(anonymous, demo):
    """The demo's shared error examples: a snippet cited by live guides carries its pictures."""
    example = ErrorExample.objects.exclude(wrong_image=None).first()
    assert every(200, statuses(anonymous, [example.wrong_image, example.right_image]))


def test_a_public_image_costs_three_queries(anonymous, draft_images, django_assert_max_num_queries):
    guide, revision, images = draft_images
    revision.publish()
    url = images[2].get_rendition("max-480x360").url  # the two-step case: page → snippet → image
    anonymous.get(url)
    with django_assert_max_num_queries(3):
        assert anonymous.get(url).status_code == 200


def test_conditional_get_answers_not_modified_only_to_who_may_see_the_file(anonymous, draft_images):
    guide, revision, images = draft_images
    url = images[0].file.url
    later = "Wed, 01 Jan 2099 00:00:00 GMT"
    assert anonymous.get(url, HTTP_IF_MODIFIED_SINCE=later).status_code == 404
    revision.publish()
    assert anonymous.get(url, HTTP_IF_MODIFIED_SINCE=later).status_code == 304
    assert anonymous.head(url).status_code == 200
    assert anonymous.post(url).status_code == 405


@pytest.fixture
def outside_file():
    """A file next to MEDIA_ROOT (outside it), and one inside it that is served."""
    root = Path(settings.MEDIA_ROOT)
    secret = root.parent / f"{root.name}-secret.txt"
    secret.write_text("机密")
    default_storage.save("misc/notice.txt", ContentFile("公告".encode()))
    yield secret.name
    secret.unlink()
    default_storage.delete("misc/notice.txt")


@pytest.mark.parametrize("path", [
    "../{secret}", "misc/../../{secret}", "%2e%2e/{secret}", "misc/%2e%2e/%2e%2e/{secret}",
    "..%2f{secret}", "misc/..%5c..%5c{secret}", "/{secret}", "misc//notice.txt",
    "misc/./notice.txt", "original_images/../misc/notice.txt",
    "misc/notice.txt%00.png",
])
def test_path_traversal_is_not_found(anonymous, outside_file, path):
    assert anonymous.get("/media/misc/notice.txt").status_code == 200  # the control
    assert anonymous.get("/media/" + path.format(secret=outside_file)).status_code == 404


def test_document_files_are_only_served_by_the_document_view(anonymous, demo):
    document = next(block.value["blank_form"] for block in demo.birth_registration.materials
                    if block.value["blank_form"])  # a blank form of a live guide: public
    assert anonymous.get(document.url).status_code == 200
    assert anonymous.get(document.file.url).status_code == 404  # /media/documents/…
    for detour in ("misc/../", "handbooks/./../", "images/%2e%2e/"):
        assert anonymous.get(document.file.url.replace("documents/", detour + "documents/")
                             ).status_code == 404


def test_files_no_model_owns_are_served_as_they_are(anonymous):
    name = default_storage.save("misc/test-leaflet.pdf", ContentFile(b"%PDF-1.4 leaflet"))
    try:
        response = anonymous.get(default_storage.url(name))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "public, no-cache"
    finally:
        default_storage.delete(name)


def test_a_file_in_the_handbook_folder_without_its_handbook_is_not_served(anonymous):
    name = default_storage.save("handbooks/test-handbook.pdf", ContentFile(b"%PDF-1.4 handbook"))
    try:
        assert anonymous.get(default_storage.url(name)).status_code == 404
    finally:
        default_storage.delete(name)


def test_an_image_file_without_its_image_is_not_served(anonymous):
    name = default_storage.save("original_images/orphan.png", get_test_image_file())
    try:
        assert anonymous.get(default_storage.url(name)).status_code == 404
    finally:
        default_storage.delete(name)
