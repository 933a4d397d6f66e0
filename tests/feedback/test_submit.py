"""Citizens rate a guide and report errors; floods, bots, huge and hostile input do no harm."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from feedback.models import Feedback, Kind, Status

pytestmark = pytest.mark.django_db


def rating_url(guide):
    return f"/fankui/{guide.pk}/pingjia/"


def report_url(guide):
    return f"/fankui/{guide.pk}/jiucuo/"


def test_guide_page_offers_both_forms_with_five_levels(client, demo):
    html = client.get(demo.birth_registration.url).content.decode()
    assert f'action="{rating_url(demo.birth_registration)}"' in html
    assert f'action="{report_url(demo.birth_registration)}"' in html
    for level in ("非常满意", "满意", "基本满意", "不满意", "非常不满意"):
        assert f"> {level}</label>" in html
    assert "无需填写个人信息" in html


def test_rating_is_stored_for_the_guides_department_and_thanked(client, demo):
    guide = demo.birth_registration
    response = client.post(rating_url(guide), {"score": "2", "comment": "材料写得不清楚"})
    assert response.status_code == 302 and response["Location"].endswith("/xiexie/?type=rating")
    feedback = Feedback.objects.get()
    assert (feedback.kind, feedback.score, feedback.text) == (Kind.RATING, 2, "材料写得不清楚")
    assert feedback.department == demo.gongan and feedback.status == Status.NEW
    thanks = client.get(response["Location"]).content.decode()
    assert "感谢您的评价" in thanks and guide.title in thanks


def test_error_report_needs_text_and_keeps_only_known_sections(client, demo):
    guide = demo.birth_registration
    response = client.post(report_url(guide), {"section": "materials", "text": "  ",
                                               "contact": "13800000000"})
    assert response.status_code == 400
    assert "请填写「哪里有误」" in response.content.decode() or "请写明哪里有误" in response.content.decode()
    assert 'value="13800000000"' in response.content.decode()  # nothing the citizen typed is lost
    client.post(report_url(guide), {"section": "nonsense", "text": "电话打不通"})
    client.post(report_url(guide), {"section": "materials", "text": "复印件份数写错了"})
    assert sorted(Feedback.objects.values_list("section", flat=True)) == ["", "materials"]


def test_rating_without_a_level_is_refused_with_a_clear_message(client, demo):
    response = client.post(rating_url(demo.birth_registration), {"comment": "一般"})
    assert response.status_code == 400
    assert "请选择一个评价等级" in response.content.decode()
    assert not Feedback.objects.exists()


def test_honeypot_looks_like_success_but_stores_nothing(client, demo):
    response = client.post(report_url(demo.birth_registration),
                           {"text": "cheap pills", "website": "http://spam.example"})
    assert response.status_code == 302
    assert not Feedback.objects.exists()


def test_oversized_fields_are_refused_with_the_limit_and_the_text_kept(client, demo):
    text = "错" * 1500
    response = client.post(report_url(demo.birth_registration), {"text": text})
    assert response.status_code == 400
    html = response.content.decode()
    assert "最多 1000 字（您填写了 1500 字）" in html
    assert text in html
    assert not Feedback.objects.exists()


def test_oversized_body_is_refused_unread(client, demo):
    response = client.post(report_url(demo.birth_registration), {"text": "x" * 40_000})
    assert response.status_code == 413
    assert "内容过长" in response.content.decode()


def test_script_laden_input_is_stored_inert_and_shown_escaped(client, demo, login):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>\x00'
    client.post(report_url(demo.birth_registration), {"text": hostile, "contact": "<b>me</b>"})
    feedback = Feedback.objects.get()
    assert feedback.text == '<script>alert("x")</script><img src=x onerror=alert(1)>'
    admin = login("admin")
    for url in ("/admin/feedback/", f"/admin/feedback/edit/{feedback.pk}/"):
        html = admin.get(url).content.decode()
        assert "<script>alert(" not in html and "<img src=x" not in html, url
        assert "&lt;script&gt;alert(" in html, url


def test_a_thousand_rapid_posts_from_one_client_are_throttled_cheaply(demo):
    flood = Client(REMOTE_ADDR="198.51.100.9")
    url = rating_url(demo.birth_registration)
    statuses = [flood.post(url, {"score": "1", "comment": f"刷屏 {i}"}).status_code
                for i in range(1000)]
    assert statuses.count(302) == 10 and statuses.count(429) == 990
    assert Feedback.objects.count() == 10
    with CaptureQueriesContext(connection) as queries:
        refused = flood.post(url, {"score": "1"})
    assert refused.status_code == 429
    # Refused before routing: not even the site or the home page is looked up.
    assert len(queries) == 0, [q["sql"] for q in queries]
    assert refused["Retry-After"] and refused["Cache-Control"] == "no-store"
    assert "提交太频繁了" in refused.content.decode() and "后再试" in refused.content.decode()
    other = Client(REMOTE_ADDR="198.51.100.10")
    assert other.post(url, {"score": "5"}).status_code == 302


def test_unpublished_guide_takes_no_feedback(client, demo):
    guide = demo.marriage
    guide.unpublish()
    assert client.post(rating_url(guide), {"score": "5"}).status_code == 404
    assert client.get(f"/fankui/{guide.pk}/").status_code == 404


def test_forms_in_the_guide_page_carry_a_working_csrf_token(demo):
    browser = Client(enforce_csrf_checks=True)
    html = browser.get(demo.birth_registration.url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert "placeholder" not in token
    response = browser.post(rating_url(demo.birth_registration),
                            {"score": "5", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Client(enforce_csrf_checks=True).post(
        rating_url(demo.birth_registration), {"score": "5"}).status_code == 403
