"""The leak matrix: a live guide with a pending draft, seen through every public channel.

The draft changes the title, a material, a fee and a step, and uploads a flowchart image.
Every channel must answer, show the live values it carries (``LIVE_SHOWN``) and none of the
draft's, and the image's files (original and rendition) must not be served under /media/.
"""

import subprocess

import pytest
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from catalog.models import ServiceGuidePage

pytestmark = pytest.mark.django_db

DRAFT = {"title": "草稿标题泄露检查", "material": "草稿材料泄露检查", "fee": "草稿收费泄露检查",
         "step": "草稿环节泄露检查", "note": "草稿更新说明泄露检查",
         "image": "draft-leak-check"}  # the stem of the draft image's file names
LIVE_NOTE = "现行更新说明对照"  # the note of the live version's major change


@pytest.fixture
def guide_with_draft(demo):
    guide = ServiceGuidePage.objects.get(pk=demo.birth_registration.pk)
    # The live version comes from a published major change, so the change feed has it to show.
    guide.time_limit_note, guide.change_note, guide.major_change = "现行时限说明", LIVE_NOTE, True
    guide.save_revision().publish()
    guide = ServiceGuidePage.objects.get(pk=guide.pk)
    live = {"title": guide.title, "material": guide.materials[0].value["name"],
            "step": guide.steps[0].value["name"], "note": LIVE_NOTE, "url": guide.url}
    draft = guide.get_latest_revision_as_object()
    draft.title = DRAFT["title"]
    materials = [dict(b.value) for b in draft.materials]
    materials[0]["name"] = DRAFT["material"]
    draft.materials = [("material", m) for m in materials]
    steps = [dict(b.value) for b in draft.steps]
    steps[0]["name"] = DRAFT["step"]
    draft.steps = [("step", s) for s in steps]
    draft.charges_fee = True
    draft.fees = [("fee", {"name": DRAFT["fee"], "standard": "99 元", "basis": "",
                           "reducible": False, "reduction_basis": ""})]
    draft.change_note, draft.major_change = DRAFT["note"], True
    draft.flowchart_image = get_image_model().objects.create(
        title="草稿流程图泄露检查", collection=guide.department.collection,
        file=get_test_image_file(filename=f"{DRAFT['image']}.png"))
    draft.save_revision()
    assert ServiceGuidePage.objects.get(pk=guide.pk).has_unpublished_changes
    return guide, live


def assert_no_draft(text, channel):
    for label, value in DRAFT.items():
        assert value not in text, f"draft {label} leaked through {channel}"


def pdf_text(content):
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def get(client, *urls):
    """The pages at ``urls``, as one text; a channel that does not answer fails the test."""
    texts = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        texts.append(response.content.decode())
    return "\n".join(texts)


def get_pdf(client, url):
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return pdf_text(response.content)


CHANNELS = {
    "page": lambda client, guide: get(client, guide.url),
    "department page": lambda client, guide: get(client, "/shixiang/gongan/"),
    "catalog": lambda client, guide: get(client, "/shixiang/?department=gongan"),
    "api list": lambda client, guide: get(
        client, "/api/v2/pages/?type=catalog.ServiceGuidePage&fields=*&limit=100"),
    "api detail": lambda client, guide: get(client, f"/api/v2/pages/{guide.pk}/"),
    "sitemap": lambda client, guide: get(client, "/sitemap.xml"),
    "change feed": lambda client, guide: get(client, "/gengxin/", "/gengxin/feed/"),
    "bundle": lambda client, guide: get(client, "/yijianshi/xinshenger-chusheng/"),
    "hall": lambda client, guide: get(client, "/dating/dongcheng/"),
    "flowchart": lambda client, guide: get(client, guide.url + "flowchart/"),
    "search page": lambda client, guide: get(client, "/search/?q=出生登记", "/search/?q=泄露检查"),
    "search api": lambda client, guide: get(client, "/search/api/?q=出生登记",
                                            "/search/api/?q=泄露检查"),
    "search suggestions": lambda client, guide: get(client, "/search/suggest/?q=出生"),
    "print view": lambda client, guide: get(client, guide.url + "print/"),
    "pdf notice": lambda client, guide: get_pdf(client, guide.url + "pdf/"),
    "handbook": lambda client, guide: handbook_text(guide),
}
# The live values each channel carries (a listing shows titles and links, not materials …).
FULL = ("title", "material", "step", "url")
LISTING = ("title", "url")
LIVE_SHOWN = {
    "page": (*FULL, "note"), "department page": LISTING, "catalog": LISTING,
    "api list": FULL, "api detail": FULL, "sitemap": ("url",),
    "change feed": ("title", "note", "url"), "bundle": FULL, "hall": ("title", "step", "url"),
    "flowchart": ("material", "step"), "search page": FULL, "search api": FULL,
    "search suggestions": LISTING, "print view": FULL, "pdf notice": FULL, "handbook": FULL,
}


def handbook_text(guide):
    from datetime import date

    from printing.handbooks import HandbookSpec, build_handbook
    from printing.scopes import department_scope

    spec = HandbookSpec(scope=department_scope(guide.department), title="泄露检查手册",
                        issuing_unit="示范市公安局", edition_date=date.today())
    return pdf_text(build_handbook(spec).pdf)


@pytest.mark.parametrize("channel", CHANNELS)
def test_channel_shows_the_live_values_and_none_of_the_draft(client, guide_with_draft, channel):
    guide, live = guide_with_draft
    text = CHANNELS[channel](client, guide)
    assert_no_draft(text, channel)
    missing = [key for key in LIVE_SHOWN[channel] if live[key] not in text]
    assert not missing, f"live {', '.join(missing)} missing from {channel}"


def test_draft_image_files_are_not_served(client, login, guide_with_draft):
    guide, live = guide_with_draft
    image = guide.get_latest_revision_as_object().flowchart_image
    get_image_model().get_rendition_model().cache_backend.clear()  # ids recur after rollbacks
    urls = [image.file.url, image.get_rendition("width-800").url]  # as the preview renders it
    assert [client.get(url).status_code for url in urls] == [404, 404]
    editor = login("ga_editor")  # the control: the files are there for the department's editor
    assert [editor.get(url).status_code for url in urls] == [200, 200]
