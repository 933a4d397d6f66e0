"""A citizen asks for 帮办代办 without an account and follows it by reference + phone digits."""

import re

import pytest

from assistance.core import REFERENCE, mask_phone
from assistance.models import AssistanceRequest, Status, StatusEvent

pytestmark = pytest.mark.django_db


def url(guide):
    return f"/bangban/{guide.pk}/"


def ask(client, guide, **extra):
    data = {"service": "代办", "name": "张阿姨", "phone": "138 0013 8000",
            "special_group": "老年人", "note": "腿脚不便", **extra}
    return client.post(url(guide), data)


def test_request_gets_an_unguessable_reference_and_keeps_department(client, demo):
    guide = demo.birth_registration
    response = ask(client, guide)
    assert response.status_code == 200
    assistance = AssistanceRequest.objects.get()
    assert REFERENCE.match(assistance.reference)
    assert assistance.reference in response.content.decode()
    assert (assistance.phone, assistance.department, assistance.is_priority) == (
        "13800138000", demo.gongan, True)
    ask(client, guide)
    assert len(set(AssistanceRequest.objects.values_list("reference", flat=True))) == 2


def test_invalid_request_is_explained_in_chinese_and_stores_nothing(client, demo):
    response = ask(client, demo.birth_registration, phone="12345", service="")
    html = response.content.decode()
    assert response.status_code == 400
    assert "请填写 11 位手机号码" in html and "请选择需要的服务" in html
    assert 'value="张阿姨"' in html
    assert not AssistanceRequest.objects.exists()


def test_status_page_needs_the_right_last_four_digits_and_shows_the_timeline(client, demo):
    ask(client, demo.birth_registration)
    assistance = AssistanceRequest.objects.get()
    StatusEvent.objects.create(request=assistance, status=Status.MISSING, note="请补齐材料",
                               missing=["居民身份证", "出生医学证明"])
    wrong = client.post("/bangban/chaxun/", {"reference": assistance.reference, "last4": "0000"})
    assert wrong.status_code == 404 and "张阿姨" not in wrong.content.decode()
    right = client.post("/bangban/chaxun/", {"reference": assistance.reference.lower(),
                                             "last4": "8000"})
    html = right.content.decode()
    assert right.status_code == 200 and right["Cache-Control"] == "no-store"
    assert html.index("已提交") < html.index("材料待补")
    assert "出生医学证明" in html and "请补齐材料" in html


def test_requests_and_lookups_share_the_feedback_rate_limit(client, demo, settings):
    settings.ZHINAN_FEEDBACK_RATE_LIMITS = [(3, 60)]
    codes = [client.post("/bangban/chaxun/", {"reference": "BD-20261207-AAAAAA",
                                              "last4": "1234"}).status_code for _ in range(3)]
    assert codes == [404, 404, 404]
    assert ask(client, demo.birth_registration).status_code == 429
    assert client.get("/bangban/chaxun/").status_code == 200  # reading is never counted


def test_phone_is_masked_for_lists():
    assert mask_phone("13800138000") == "138****8000"
    assert not re.search(r"\d{5}", mask_phone("13800138000"))
