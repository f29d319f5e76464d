"""Reviews that change outcomes: a decision of 撤销, 责令重新答复 or 确认违法 on a concluded case
opens a linked re-reply case (own number, linked both ways, the original unchanged), due the
period the decision sets from the agency's receipt of the decision (default 20 working days);
the annual report counts it as the 2021 format says ("today" is 3 March 2025)."""

from datetime import date

import pytest

from cases.models import Case
from reports.annual import compute_annual_report
from reports.models import ReviewRecord
from reports.services import decide_review, record_review
from tests.cases.helpers import make_case
from workflow import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def replied(agency, clerk, handler, approver, today):
    case = make_case(agency, clerk, received_on=date(2024, 3, 4))
    services.submit_reply(
        case=case, actor=handler, decision="withheld.state_secret", text="不予公开",
        details={"withheld": "属于国家秘密"},
    )
    return services.approve_reply(case=case, actor=approver, issued_on=date(2024, 3, 20))


def url(case):
    return f"/api/v1/cases/{case.pk}/reviews/"


REVOKED = {
    "kind": "reconsideration",
    "filed_on": "2024-04-01",
    "body": "郯城县人民政府",
    "result": "revoked",
    "decided_on": "2024-05-10",
    "decision_received_on": "2024-05-13",
}


def test_a_revoked_reply_opens_a_linked_re_reply_case(api_as, handler, replied):
    response = api_as(handler).post(url(replied), REVOKED, format="json")
    assert response.status_code == 201, response.json()
    link = response.json()["rereply_case"]
    rereply = Case.objects.get(pk=link["id"])
    assert rereply.number != replied.number and link["number"] == rereply.number
    assert rereply.reopens_id == replied.pk and rereply.status == "registered"
    assert rereply.received_on == date(2024, 5, 13)
    # 20 working days after Monday 13 May 2024; 10 June is the Dragon Boat Festival.
    assert rereply.reply_due == date(2024, 6, 11)
    assert rereply.applicant_id != replied.applicant_id
    assert rereply.applicant.id_number == replied.applicant.id_number
    # Linked both ways, in the API.
    original = api_as(handler).get(f"/api/v1/cases/{replied.pk}/").json()
    assert original["rereplies"] == [{"id": rereply.pk, "number": rereply.number}]
    assert original["status"] == "replied" and original["decision"] == "withheld.state_secret"
    again = api_as(handler).get(f"/api/v1/cases/{rereply.pk}/").json()
    assert again["reopens"] == {"id": replied.pk, "number": replied.number}
    assert again["deadline"]["base_working_days"] == 20
    assert again["events"][0]["name"] == "open_rereply"


def test_the_decision_may_set_another_period(api_as, handler, replied):
    response = api_as(handler).post(
        url(replied), {**REVOKED, "result": "ordered_reply", "rereply_working_days": 15},
        format="json",
    )
    rereply = Case.objects.get(pk=response.json()["rereply_case"]["id"])
    assert rereply.base_working_days == 15 and rereply.reply_due == date(2024, 6, 3)


def test_the_receipt_of_the_decision_defaults_to_its_date(api_as, handler, replied):
    data = {k: v for k, v in REVOKED.items() if k != "decision_received_on"}
    response = api_as(handler).post(url(replied), {**data, "result": "confirmed_illegal"},
                                    format="json")
    rereply = Case.objects.get(pk=response.json()["rereply_case"]["id"])
    assert rereply.received_on == date(2024, 5, 10)


def test_bad_reopening_terms_are_named(api_as, handler, replied):
    response = api_as(handler).post(
        url(replied),
        {**REVOKED, "decision_received_on": "2024-05-01", "rereply_working_days": 0},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "decision_received_on" in errors and "rereply_working_days" in errors
    assert not Case.objects.filter(reopens=replied).exists()


def test_upheld_opens_nothing(api_as, handler, replied):
    response = api_as(handler).post(url(replied), {**REVOKED, "result": "upheld"}, format="json")
    assert response.json()["rereply_case"] is None
    assert Case.objects.count() == 1


def test_deciding_a_pending_review_reopens_an_archived_case_leaving_it_sealed(
    handler, approver, clerk, replied
):
    services.record_delivery(
        case=replied, actor=clerk, method="in_person", delivered_on=date(2024, 3, 21)
    )
    services.archive(case=replied, actor=clerk)
    pending = record_review(
        case=replied, actor=handler, kind="litigation_direct", filed_on=date(2024, 4, 2),
        body="郯城县人民法院", result="pending",
    )
    decided = decide_review(
        review=pending, actor=approver, result="revoked", decided_on=date(2024, 9, 2),
        decision_received_on=date(2024, 9, 4),
    )
    assert decided.rereply_case.reopens_id == replied.pk
    assert Case.objects.get(pk=replied.pk).status == "archived"


def test_the_re_reply_case_has_its_own_letters_and_counts_in_its_year(
    agency, handler, approver, replied, today
):
    record = record_review(
        case=replied, actor=handler, kind="reconsideration", filed_on=date(2024, 4, 1),
        body="郯城县人民政府", result="revoked", decided_on=date(2024, 12, 20),
        decision_received_on=date(2024, 12, 23),
    )
    rereply = record.rereply_case
    services.submit_reply(
        case=rereply, actor=handler, decision="disclosed", text="重新答复，予以公开",
        details={"disclosed_items": ["立项批复"]},
    )
    services.approve_reply(case=rereply, actor=approver, issued_on=date(2025, 1, 10))
    assert list(rereply.letters.values_list("kind", flat=True)) == ["reply"]
    # 2024: the original's result stands (不予公开), the re-reply is new and carried forward.
    report_2024 = compute_annual_report(year=2024, agency=agency)
    rows = {r["label"]: r["values"] for r in report_2024.rows()}
    assert rows["一、本年新收政府信息公开申请数量"][-1] == 2
    assert rows["1.属于国家秘密"][-1] == 1
    assert rows["四、结转下年度继续办理"][-1] == 1
    assert report_2024.consistent
    assert report_2024.reviews[:5] == [0, 1, 0, 0, 1]
    # 2025: carried over, then disclosed.
    report_2025 = compute_annual_report(year=2025, agency=agency)
    rows = {r["label"]: r["values"] for r in report_2025.rows()}
    assert rows["二、上年结转政府信息公开申请数量"][-1] == 1
    assert rows["(一)予以公开"][-1] == 1
    assert report_2025.consistent


def test_the_case_reviews_page_records_a_reopening_and_links_it(client, handler, replied):
    client.force_login(handler)
    response = client.post(
        f"/reports/cases/{replied.pk}/reviews/",
        {**REVOKED, "note": "", "rereply_working_days": ""},
    )
    assert response.status_code == 302
    rereply = ReviewRecord.objects.get().rereply_case
    html = client.get(f"/reports/cases/{replied.pk}/reviews/").content.decode()
    assert rereply.number in html
    page = client.get(f"/cases/{rereply.pk}/").content.decode()
    assert "重新答复，原案件" in page and replied.number in page
    original = client.get(f"/cases/{replied.pk}/").content.decode()
    assert "已重新答复立案" in original and rereply.number in original


def test_the_case_reviews_page_takes_a_review_of_an_open_case(client, handler, agency, clerk,
                                                              today):
    case = make_case(agency, clerk, received_on=date(2024, 3, 4))
    client.force_login(handler)
    response = client.post(
        f"/reports/cases/{case.pk}/reviews/",
        {"kind": "reconsideration", "filed_on": "2024-05-01", "body": "郯城县人民政府",
         "result": "pending"},
    )
    assert response.status_code == 302
    assert case.reviews.count() == 1
