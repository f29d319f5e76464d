"""Reconsideration and litigation records: the service, POST/GET /api/v1/cases/{id}/reviews/,
POST /api/v1/reviews/{id}/decide/ and the page /reports/cases/<id>/reviews/."""

from datetime import date

import pytest

from reports.models import ReviewRecord
from reports.services import record_review
from tests.cases.helpers import make_case
from workflow import services
from workflow.models import Event

pytestmark = pytest.mark.django_db

RECONSIDERATION = {
    "kind": "reconsideration",
    "filed_on": "2024-04-01",
    "body": "郯城县人民政府",
    "result": "upheld",
    "decided_on": "2024-05-10",
    "note": "复议决定书郯政复决字〔2024〕3号",
}


@pytest.fixture
def replied(agency, clerk, handler, approver, today):
    case = make_case(agency, clerk, received_on=date(2024, 3, 4))
    services.submit_reply(
        case=case,
        actor=handler,
        decision="withheld.state_secret",
        text="不予公开",
        details={"withheld": "属于国家秘密"},
    )
    return services.approve_reply(case=case, actor=approver, issued_on=date(2024, 3, 20))


def url(case):
    return f"/api/v1/cases/{case.pk}/reviews/"


def test_a_handler_records_a_reconsideration_and_the_trail_says_so(api_as, handler, replied):
    response = api_as(handler).post(url(replied), RECONSIDERATION, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["case_number"] == replied.number
    assert (body["kind"], body["result"], body["decided_on"]) == (
        "reconsideration",
        "upheld",
        "2024-05-10",
    )
    assert body["recorded_by"] == "handler"
    event = Event.objects.filter(case=replied).order_by("-seq").first()
    assert event.name == "record_review"
    assert event.payload["review"] == body["id"] and event.payload["result"] == "upheld"
    assert event.source == event.target == "replied"


def test_the_list_is_paginated_and_oldest_first(api_as, auditor, handler, replied):
    record_review(
        case=replied,
        actor=handler,
        kind="litigation_direct",
        filed_on=date(2024, 6, 1),
        body="郯城县人民法院",
        result="pending",
    )
    record_review(
        case=replied,
        actor=handler,
        kind="reconsideration",
        filed_on=date(2024, 4, 1),
        body="郯城县人民政府",
        result="pending",
    )
    body = api_as(auditor).get(url(replied)).json()
    assert body["count"] == 2
    assert [r["filed_on"] for r in body["results"]] == ["2024-04-01", "2024-06-01"]


def test_an_approver_may_record_too(api_as, approver, replied):
    response = api_as(approver).post(url(replied), RECONSIDERATION, format="json")
    assert response.status_code == 201


@pytest.mark.parametrize("role", ["clerk", "auditor"])
def test_read_only_roles_may_not_record(api_as, request, role, replied):
    response = api_as(request.getfixturevalue(role)).post(
        url(replied), RECONSIDERATION, format="json"
    )
    assert response.status_code == 403
    assert not ReviewRecord.objects.exists()


def test_an_outsider_sees_nothing(api_as, outsider, replied):
    assert api_as(outsider).get(url(replied)).status_code == 404
    assert api_as(outsider).post(url(replied), RECONSIDERATION, format="json").status_code == 404


def test_an_open_case_takes_a_review_of_inaction(api_as, handler, agency, clerk, today):
    # 不履行法定职责: the applicant challenges the agency's silence while the case is open.
    case = make_case(agency, clerk, received_on=date(2024, 3, 4))
    response = api_as(handler).post(url(case), RECONSIDERATION, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["rereply_case"] is None  # an open case goes on: nothing reopens


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"result": "pending"}, "decided_on"),  # pending with a decision date
        ({"decided_on": None}, "decided_on"),  # decided without one
        ({"decided_on": "2024-03-30"}, "decided_on"),  # decided before it was filed
        ({"filed_on": "2024-03-01"}, "filed_on"),  # before the application arrived
        ({"filed_on": "2025-04-01", "decided_on": None, "result": "pending"}, "filed_on"),
        ({"body": "  "}, "body"),
        ({"kind": "appeal"}, "kind"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_bad_records_are_a_400_naming_the_field(api_as, handler, replied, change, field):
    payload = {**RECONSIDERATION, **change}
    response = api_as(handler).post(url(replied), payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not ReviewRecord.objects.exists()


def test_a_pending_record_is_decided_once(api_as, handler, replied):
    created = (
        api_as(handler)
        .post(
            url(replied),
            {**RECONSIDERATION, "result": "pending", "decided_on": None},
            format="json",
        )
        .json()
    )
    decide = f"/api/v1/reviews/{created['id']}/decide/"
    pending = api_as(handler).post(
        decide, {"result": "pending", "decided_on": "2024-07-02"}, format="json"
    )
    assert pending.status_code == 400
    response = api_as(handler).post(
        decide, {"result": "corrected", "decided_on": "2024-07-01"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["result"] == "corrected"
    assert Event.objects.filter(case=replied, name="decide_review").count() == 1
    again = api_as(handler).post(
        decide, {"result": "upheld", "decided_on": "2024-07-02"}, format="json"
    )
    assert again.status_code == 409


def test_an_archived_case_still_takes_review_records(api_as, handler, clerk, replied):
    services.record_delivery(
        case=replied,
        actor=clerk,
        method="mail",
        delivered_on=date(2024, 3, 21),
        tracking_number="1100123456789",
    )
    services.archive(case=replied, actor=clerk)
    response = api_as(handler).post(url(replied), RECONSIDERATION, format="json")
    assert response.status_code == 201, response.json()
    names = list(Event.objects.filter(case=replied).order_by("seq").values_list("name", flat=True))
    assert names[-3:] == ["archive", "build_case_file", "record_review"]
    replied.refresh_from_db()
    assert replied.status == "archived"


# -- the page ----------------------------------------------------------------------------------


def page(case):
    return f"/reports/cases/{case.pk}/reviews/"


def test_the_page_shows_records_and_a_form_for_handlers(client, handler, replied):
    record_review(
        case=replied,
        actor=handler,
        kind="litigation_direct",
        filed_on=date(2024, 6, 1),
        body="郯城县人民法院",
        result="pending",
    )
    client.force_login(handler)
    response = client.get(page(replied))
    html = response.content.decode()
    assert response.status_code == 200
    assert "郯城县人民法院" in html and "尚未审结" in html
    assert 'name="filed_on"' in html  # the form
    assert "登记结果" in html  # deciding the pending one


def test_posting_the_form_records_through_the_service(client, handler, replied):
    client.force_login(handler)
    response = client.post(
        page(replied),
        {
            "kind": "reconsideration",
            "filed_on": "2024-04-01",
            "body": "郯城县人民政府",
            "result": "other",
            "decided_on": "2024-05-01",
            "note": "",
        },
    )
    assert response.status_code == 302
    record = ReviewRecord.objects.get()
    assert (record.result, record.recorded_by) == ("other", handler)
    assert Event.objects.filter(case=replied, name="record_review").exists()


def test_form_errors_come_back_next_to_the_field(client, handler, replied):
    client.force_login(handler)
    response = client.post(
        page(replied),
        {
            "kind": "reconsideration",
            "filed_on": "2024-04-01",
            "body": "郯城县人民政府",
            "result": "upheld",
            "decided_on": "",
        },
    )
    assert response.status_code == 200
    assert "请填写审结日期" in response.content.decode()
    assert not ReviewRecord.objects.exists()


def test_an_auditor_reads_the_page_without_a_form_and_may_not_post(client, auditor, replied):
    client.force_login(auditor)
    assert 'name="filed_on"' not in client.get(page(replied)).content.decode()
    assert client.post(page(replied), {}).status_code == 403


def test_the_page_of_another_agency_is_404(client, outsider, replied):
    client.force_login(outsider)
    assert client.get(page(replied)).status_code == 404


def test_the_page_decides_a_pending_record(client, handler, replied):
    review = record_review(
        case=replied,
        actor=handler,
        kind="reconsideration",
        filed_on=date(2024, 4, 1),
        body="郯城县人民政府",
        result="pending",
    )
    client.force_login(handler)
    response = client.post(
        f"/reports/reviews/{review.pk}/decide/", {"result": "upheld", "decided_on": "2024-06-01"}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.result, review.decided_on) == ("upheld", date(2024, 6, 1))
    assert client.get(f"/reports/reviews/{review.pk}/decide/").status_code == 405
