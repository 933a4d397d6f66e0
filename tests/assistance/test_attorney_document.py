"""The 委托书 of a guide: the document its editors attach, else the generated default; a draft's
attachment stays private until it is published."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents import get_document_model

from catalog.models import ServiceGuidePage

pytestmark = pytest.mark.django_db

Document = get_document_model()


def attorney_document(demo, name):
    return Document.objects.create(title=f"{name}委托书", collection=demo.gongan.collection,
                                   file=ContentFile(b"%PDF-1.4 weituoshu", name=f"{name}.pdf"))


def block(client, guide):
    html = client.get(guide.url).content.decode()
    return html.split('id="bangban"')[1].split("</section>")[0]


def test_an_attached_document_replaces_the_default(client, demo):
    guide = ServiceGuidePage.objects.get(pk=demo.birth_registration.pk)
    document = attorney_document(demo, "出生登记")
    guide.attorney_document = document
    guide.save_revision().publish()
    html = block(client, guide)
    assert document.url in html and "PDF，下载" in html
    assert "/weituoshu/" not in html
    assert Client().get(document.url).status_code == 200
    default = client.get(f"/bangban/{guide.pk}/weituoshu/")  # an old link leads to it
    assert default.status_code == 302 and default["Location"] == document.url


def test_a_drafts_attachment_is_neither_linked_nor_served(client, demo, login):
    guide = ServiceGuidePage.objects.get(pk=demo.birth_registration.pk)
    document = attorney_document(demo, "草稿")
    draft = guide.get_latest_revision_as_object()
    draft.attorney_document = document
    draft.save_revision()
    html = block(client, guide)
    assert f"/bangban/{guide.pk}/weituoshu/" in html and document.url not in html
    assert Client().get(document.url).status_code == 404
    assert "授权委托书" in client.get(f"/bangban/{guide.pk}/weituoshu/").content.decode()
    assert login("ga_editor").get(document.url).status_code == 200  # for the editor's preview
