"""Department staff see and handle their department's feedback only; ratings export as CSV."""

import csv
import io

import pytest

from feedback.models import Feedback, Kind, Score, Status
from feedback.reports import HEADER, summarize

pytestmark = pytest.mark.django_db


def make(guide, kind=Kind.ERROR_REPORT, **fields):
    return Feedback.objects.create(kind=kind, guide=guide, department=guide.department, **fields)


def test_summary_counts_levels_good_rate_and_department_totals():
    rows = summarize([
        ("公安局", "A1", "出生登记", 5, 3), ("公安局", "A1", "出生登记", 1, 1),
        ("公安局", "A2", "居住证", 4, 2), ("民政局", "B1", "结婚登记", 2, 2),
    ])
    by_title = {row[2]: row for row in rows}
    birth = by_title["出生登记"]
    assert birth[3:9] == [4, 3, 0, 0, 0, 1] and birth[9:] == ["75.0%", "4.00"]
    totals = [row for row in rows if row[2] == "部门合计"]
    assert [(row[0], row[3]) for row in totals] == [("公安局", 6), ("民政局", 2)]
    assert by_title["结婚登记"][9] == "0.0%"
    assert len(HEADER) == len(birth)


def test_editor_lists_only_their_departments_feedback(login, demo):
    mine = make(demo.birth_registration, text="材料份数有误")
    theirs = make(demo.marriage, text="婚姻登记地址已搬迁")
    html = login("ga_editor").get("/admin/feedback/").content.decode()
    assert mine.text in html and theirs.text not in html
    html = login("mz_editor").get("/admin/feedback/").content.decode()
    assert theirs.text in html and mine.text not in html
    html = login("admin").get("/admin/feedback/").content.decode()
    assert mine.text in html and theirs.text in html


def test_listing_filters_by_kind_and_status(login, demo):
    make(demo.birth_registration, text="地址写错")
    make(demo.birth_registration, kind=Kind.RATING, score=Score.SATISFIED, text="很清楚",
         status=Status.HANDLED)
    admin = login("ga_editor")
    html = admin.get("/admin/feedback/", {"kind": Kind.RATING}).content.decode()
    assert "很清楚" in html and "地址写错" not in html
    html = admin.get("/admin/feedback/", {"status": Status.NEW}).content.decode()
    assert "地址写错" in html and "很清楚" not in html


def test_editor_cannot_open_another_departments_feedback(login, demo):
    theirs = make(demo.marriage, text="别的部门")
    response = login("ga_editor").get(f"/admin/feedback/edit/{theirs.pk}/")
    assert response.status_code in (403, 404)


def test_handling_records_who_and_when_and_keeps_the_submission(login, demo):
    feedback = make(demo.birth_registration, text="电话号码已变更", contact="wx: abc")
    editor = login("ga_editor")
    response = editor.post(f"/admin/feedback/edit/{feedback.pk}/",
                           {"status": Status.REPLIED, "reply": "已更正咨询电话并电话回复。"})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == Status.REPLIED and feedback.reply.startswith("已更正")
    assert feedback.handled_by.username == "ga_editor" and feedback.handled_at
    assert feedback.text == "电话号码已变更" and feedback.contact == "wx: abc"


def test_people_without_department_rights_cannot_see_feedback(client, demo, django_user_model):
    make(demo.birth_registration, text="x")
    outsider = django_user_model.objects.create_user("outsider", password="x")
    from django.contrib.auth.models import Permission

    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    assert client.get("/admin/feedback/").status_code in (302, 403)
    assert client.get("/admin/feedback-stats/ratings.csv").status_code in (302, 403)


def test_ratings_csv_per_guide_and_department_is_scoped_to_the_user(login, demo):
    for score in (5, 5, 4, 1):
        make(demo.birth_registration, kind=Kind.RATING, score=score)
    make(demo.marriage, kind=Kind.RATING, score=3)
    make(demo.birth_registration, text="纠错不计入评价")
    response = login("ga_editor").get("/admin/feedback-stats/ratings.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    birth = next(row for row in rows if row[2] == demo.birth_registration.title)
    assert birth[0] == demo.gongan.title and birth[1] == demo.birth_registration.item_code
    assert birth[3:9] == ["4", "2", "1", "0", "0", "1"] and birth[9] == "75.0%"
    assert not any(demo.marriage.title in row for row in rows)
    assert rows[-1][2] == "部门合计" and rows[-1][3] == "4"

    everything = login("admin").get("/admin/feedback-stats/ratings.csv",
                                     {"department": demo.minzheng.pk})
    rows = list(csv.reader(io.StringIO(everything.content.decode("utf-8-sig"))))
    assert [row[2] for row in rows[1:]] == [demo.marriage.title, "部门合计"]


def test_detail_shows_only_what_the_citizen_gave(login, demo):
    report = make(demo.birth_registration, text="窗口电话已停用")
    html = login("ga_editor").get(f"/admin/feedback/edit/{report.pk}/").content.decode()
    submitted = html.split("群众提交的内容")[1].split(">处理<")[0]
    assert "窗口电话已停用" in submitted
    assert "评价" not in submitted and "None" not in submitted  # a report carries no score

    rating = make(demo.birth_registration, kind=Kind.RATING, score=Score.SATISFIED)
    html = login("ga_editor").get(f"/admin/feedback/edit/{rating.pk}/").content.decode()
    submitted = html.split("群众提交的内容")[1].split(">处理<")[0]
    assert Score.SATISFIED.label in submitted and "None" not in submitted
