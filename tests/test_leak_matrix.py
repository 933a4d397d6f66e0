"""The leak matrix: a live guide with a pending draft, seen through every public channel.

The draft changes the title, a material, a fee and a step, and uploads a flowchart image.
Every channel must show the live values and none of the draft's, and the image's files
(original and rendition) must not be served under /media/.
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


@pytest.fixture
def guide_with_draft(demo):
    guide = ServiceGuidePage.objects.get(pk=demo.birth_registration.pk)
    live = {"title": guide.title, "material": guide.materials[0].value["name"],
            "step": guide.steps[0].value["name"]}
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


CHANNELS = {
    "page": lambda client, guide: client.get(guide.url).content.decode(),
    "department page": lambda client, guide: client.get("/shixiang/gongan/").content.decode(),
    "catalog": lambda client, guide: client.get("/shixiang/?department=gongan").content.decode(),
    "api list": lambda client, guide: client.get(
        "/api/v2/pages/?type=catalog.ServiceGuidePage&fields=*&limit=100").content.decode(),
    "api detail": lambda client, guide: client.get(f"/api/v2/pages/{guide.pk}/").content.decode(),
    "sitemap": lambda client, guide: client.get("/sitemap.xml").content.decode(),
    "change feed": lambda client, guide: client.get("/gengxin/").content.decode()
    + client.get("/gengxin/feed/").content.decode(),
    "bundle": lambda client, guide: client.get("/yijianshi/xinshenger-chusheng/").content.decode(),
    "hall": lambda client, guide: client.get("/dating/dongcheng/").content.decode(),
    "flowchart": lambda client, guide: client.get(guide.url + "flowchart/").content.decode(),
    "search page": lambda client, guide: client.get("/search/?q=出生登记").content.decode()
    + client.get("/search/?q=泄露检查").content.decode(),
    "search api": lambda client, guide: client.get("/search/api/?q=出生登记").content.decode()
    + client.get("/search/api/?q=泄露检查").content.decode(),
    "search suggestions": lambda client, guide: client.get("/search/suggest/?q=出生").content.decode(),
    "print view": lambda client, guide: client.get(guide.url + "print/").content.decode(),
    "pdf notice": lambda client, guide: pdf_text(client.get(guide.url + "pdf/").content),
    "handbook": lambda client, guide: handbook_text(guide),
}


def handbook_text(guide):
    from datetime import date

    from printing.handbooks import HandbookSpec, build_handbook
    from printing.scopes import department_scope

    spec = HandbookSpec(scope=department_scope(guide.department), title="泄露检查手册",
                        issuing_unit="示范市公安局", edition_date=date.today())
    return pdf_text(build_handbook(spec).pdf)


@pytest.mark.parametrize("channel", CHANNELS)
def test_draft_values_do_not_reach_channel(client, guide_with_draft, channel):
    guide, live = guide_with_draft
    text = CHANNELS[channel](client, guide)
    assert_no_draft(text, channel)


def test_draft_image_files_are_not_served(client, login, guide_with_draft):
    guide, live = guide_with_draft
    image = guide.get_latest_revision_as_object().flowchart_image
    get_image_model().get_rendition_model().cache_backend.clear()  # ids recur after rollbacks
    urls = [image.file.url, image.get_rendition("width-800").url]  # as the preview renders it
    assert [client.get(url).status_code for url in urls] == [404, 404]
    editor = login("ga_editor")  # the control: the files are there for the department's editor
    assert [editor.get(url).status_code for url in urls] == [200, 200]


@pytest.mark.parametrize("channel", ["page", "api detail"])
def test_live_values_still_shown(client, guide_with_draft, channel):
    guide, live = guide_with_draft
    text = CHANNELS[channel](client, guide)
    for value in live.values():
        assert value in text
