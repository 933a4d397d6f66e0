"""Hall helpers and department staff take 帮办代办 requests in the admin and see only their own;
the citizen follows each step; personal data is masked, audited and erased after retention."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import ModelLogEntry

from assistance.handling import RefusedMove, change_status, claim
from assistance.models import AssistanceRequest, Status
from assistance.retention import anonymise_closed
from catalog.models import HallPage, ServiceGuidePage

pytestmark = pytest.mark.django_db
QUEUE = "/admin/bangban/"


def ask(client, guide, hall, name="张阿姨", phone="13800138000", group="老年人"):
    response = client.post(f"/bangban/{guide.pk}/", {
        "service": "代办", "name": name, "phone": phone, "hall": hall.pk,
        "special_group": group, "note": "腿脚不便"})
    assert response.status_code == 200, response.content.decode()[:500]
    return AssistanceRequest.objects.latest("pk")


@pytest.fixture
def dongcheng():
    return HallPage.objects.get(slug="dongcheng")


def user(username):
    return get_user_model().objects.get(username=username)


def test_each_hall_and_department_sees_only_its_own_requests(client, demo, dongcheng, login):
    assistance = ask(client, demo.birth_registration, dongcheng)
    for username, sees in (("dc_helper", True), ("ga_editor", True), ("admin", True),
                           ("sz_helper", False), ("mz_editor", False)):
        staff = login(username)
        html = staff.get(QUEUE).content.decode()
        assert (assistance.reference in html) is sees, username
        assert staff.get(f"{QUEUE}{assistance.pk}/").status_code == (200 if sees else 404), username
    # A full phone number is never in a list.
    html = login("dc_helper").get(QUEUE).content.decode()
    assert "13800138000" not in html and "138****8000" in html


def test_elderly_and_disabled_people_come_first(client, demo, dongcheng, login):
    first = ask(client, demo.birth_registration, dongcheng, name="李先生", group="")
    second = ask(client, demo.birth_registration, dongcheng, name="王奶奶", group="老年人")
    html = login("dc_helper").get(QUEUE).content.decode()
    assert html.index(second.reference) < html.index(first.reference)


def test_a_helper_claims_asks_for_two_materials_and_the_citizen_sees_them(client, demo, dongcheng,
                                                                          login):
    assistance = ask(client, demo.birth_registration, dongcheng)
    staff = login("dc_helper")
    staff.post(f"{QUEUE}{assistance.pk}/", {"action": "claim"})
    staff.post(f"{QUEUE}{assistance.pk}/", {"action": "status", "status": "已受理",
                                            "note": "已受理，请按约定时间到 A01 窗口。"})
    materials = [block.value["name"] for block in demo.birth_registration.materials][:2]
    page = staff.get(f"{QUEUE}{assistance.pk}/").content.decode()
    assert all(name in page for name in materials)  # picked from the guide's own materials
    staff.post(f"{QUEUE}{assistance.pk}/", {"action": "status", "status": "材料待补",
                                            "note": "请补齐以下材料", "missing": materials})
    assistance.refresh_from_db()
    assert (assistance.status, assistance.assignee.username) == ("材料待补", "dc_helper")
    assert assistance.first_response_at is not None

    client.logout()
    html = client.post("/bangban/chaxun/", {"reference": assistance.reference,
                                            "last4": "8000"}).content.decode()
    assert "材料待补" in html and "请补齐以下材料" in html
    assert all(name in html for name in materials)


def test_moves_the_rules_do_not_allow_are_refused_in_chinese(client, demo, dongcheng, login):
    assistance = ask(client, demo.birth_registration, dongcheng)
    with pytest.raises(RefusedMove, match="不能改为"):
        change_status(assistance, Status.DONE, user("dc_helper"))
    change_status(assistance, Status.ACCEPTED, user("dc_helper"))
    with pytest.raises(RefusedMove, match="需要补充的材料"):
        change_status(assistance, Status.MISSING, user("dc_helper"), missing=["", " "])
    response = login("dc_helper").post(f"{QUEUE}{assistance.pk}/", {
        "action": "status", "status": "材料待补", "note": "x"}, follow=True)
    assert "需要补充的材料" in response.content.decode()
    assistance.refresh_from_db()
    assert assistance.status == Status.ACCEPTED


def test_opening_a_request_is_in_the_audit_log(client, demo, dongcheng, login):
    assistance = ask(client, demo.birth_registration, dongcheng)
    login("dc_helper").get(f"{QUEUE}{assistance.pk}/")
    entry = ModelLogEntry.objects.get(action="assistance.view_personal")
    assert (entry.user.username, entry.object_id) == ("dc_helper", str(assistance.pk))
    # The queue (masked) is not an opening.
    login("ga_editor").get(QUEUE)
    assert ModelLogEntry.objects.filter(action="assistance.view_personal").count() == 1


def test_personal_fields_go_after_retention_and_the_counts_stay(client, demo, dongcheng, login,
                                                                settings):
    settings.ASSISTANCE_RETENTION_DAYS = 180
    old, recent = (ask(client, demo.birth_registration, dongcheng, name=n) for n in ("甲", "乙"))
    helper = user("dc_helper")
    for assistance in (old, recent):
        claim(assistance, helper)
        change_status(assistance, Status.ACCEPTED, helper, note="张阿姨家住东城路 1 号")
        change_status(assistance, Status.DONE, helper)
    AssistanceRequest.objects.filter(pk=old.pk).update(
        closed_at=timezone.now() - timedelta(days=181))

    assert anonymise_closed() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.name, old.phone, old.note) == ("（已匿名化）", "", "")
    assert not old.events.exclude(note="").exists()
    assert recent.name == "乙" and recent.phone == "13800138000"
    report = login("dc_helper").get(f"{QUEUE}report/").content.decode()
    assert "东城区政务服务中心" in report and "<td>2</td>" in report
    lookup = client.post("/bangban/chaxun/", {"reference": old.reference, "last4": "8000"})
    assert lookup.status_code == 404


def test_csv_export_masks_phones_and_keeps_to_ones_own(client, demo, dongcheng, login):
    ask(client, demo.birth_registration, dongcheng)
    body = login("dc_helper").get(f"{QUEUE}export.csv").content.decode("utf-8-sig")
    assert "138****8000" in body and "13800138000" not in body and "出生登记" in body
    body = login("sz_helper").get(f"{QUEUE}export.csv").content.decode("utf-8-sig")
    assert "出生登记" not in body


def test_a_guide_that_offers_it_shows_the_block_with_its_team_and_button(client, demo):
    html = client.get(demo.birth_registration.url).content.decode()
    assert 'id="bangban"' in html and "申请帮办代办" in html
    assert "帮办代办服务队" in html and "A01（帮办代办窗口）" in html  # the 东城 hall's team
    assert f"/bangban/{demo.birth_registration.pk}/weituoshu/" in html
    attorney = client.get(f"/bangban/{demo.birth_registration.pk}/weituoshu/").content.decode()
    assert "授权委托书" in attorney and "出生登记" in attorney
    plain = ServiceGuidePage.objects.live().filter(assisted_service=False).first()
    assert 'id="bangban"' not in client.get(plain.url).content.decode()


def test_a_bundle_offers_it_for_each_of_its_items_that_does(client, demo):
    html = client.get(demo.newborn_bundle.url).content.decode()
    guides = demo.newborn_bundle.live_guides()
    offering = [g for g in guides if g.assisted_service]
    assert offering and len(offering) < len(guides)  # the demo bundle has both kinds
    block = html[html.index('id="bangban"'):]
    block = block[:block.index("</section>")]
    for guide in guides:
        assert (f"/bangban/{guide.pk}/" in block) is guide.assisted_service, guide.title
