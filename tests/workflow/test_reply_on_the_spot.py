"""当场答复 (Art. 33(1)): an application handed in at the counter, answered on the spot: the
reply and its delivery in person in one step, the case replied the same day."""

from datetime import date

import pytest
from django.utils import timezone

from cases.models import Case
from tests.cases.helpers import make_case
from workflow.actions import ACTIONS

pytestmark = pytest.mark.django_db

_real_localdate = timezone.localdate


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """The counter day: 14 July 2023, the day the application was handed in."""

    def localdate(value=None, timezone=None):
        return date(2023, 7, 14) if value is None else _real_localdate(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


@pytest.fixture
def case(agency, clerk):
    return make_case(agency, clerk, channel="in_person")


URL = "/api/v1/cases/{}/transitions/reply_on_the_spot/"
PAYLOAD = {
    "decision": "already_public",
    "text": "该信息已在本机关门户网站主动公开，当场告知获取方式。",
    "public_route": {"where": "县政府门户网站“政府信息公开”栏目", "published_on": "2023-03-01"},
}


def test_it_is_declared_once_as_a_transition():
    assert ACTIONS["reply_on_the_spot"].is_transition


def test_the_handler_replies_and_delivers_in_one_step(api_as, case, handler):
    response = api_as(handler).post(URL.format(case.pk), PAYLOAD, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "replied"
    assert body["replied_on"] == body["delivered_on"] == "2023-07-14"
    assert body["service_method"] == "in_person" and body["replied_late"] is False
    assert {letter["kind"] for letter in body["letters"]} == {
        "receipt", "reply", "delivery_receipt"
    }
    assert [e["name"] for e in body["events"]][-1] == "reply_on_the_spot"
    assert "archive" in body["transitions"] or body["transitions"] == []  # clerk archives
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.approved_by == handler and fresh.concluded_on == date(2023, 7, 14)


def test_the_clerk_archives_it_right_away(api_as, case, handler, clerk):
    api_as(handler).post(URL.format(case.pk), PAYLOAD, format="json")
    response = api_as(clerk).post(f"/api/v1/cases/{case.pk}/transitions/archive/", {},
                                  format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "archived"


def test_a_mailed_application_cannot_be_answered_on_the_spot(api_as, agency, clerk, handler):
    mailed = make_case(agency, clerk, channel="mail")
    response = api_as(handler).post(URL.format(mailed.pk), PAYLOAD, format="json")
    assert response.status_code == 409
    assert "当面提交" in response.json()["detail"]


def test_the_decision_needs_its_elements(api_as, case, handler):
    response = api_as(handler).post(URL.format(case.pk), {"decision": "disclosed", "text": "x"},
                                    format="json")
    assert response.status_code == 400 and "disclosed_items" in response.json()["errors"]


def test_a_clerk_or_an_auditor_may_not(api_as, case, clerk, auditor):
    for user in (clerk, auditor):
        assert api_as(user).post(URL.format(case.pk), PAYLOAD, format="json").status_code == 403


def test_through_the_case_page(client, case, handler):
    client.force_login(handler)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "当场答复" in page
    response = client.post(
        f"/cases/{case.pk}/actions/reply_on_the_spot/",
        {"decision": "not_processed.petition", "text": "属于信访事项", "channel": ""},
    )
    assert response.status_code == 400 and "channel" in response.content.decode()
    response = client.post(
        f"/cases/{case.pk}/actions/reply_on_the_spot/",
        {"decision": "not_processed.petition", "text": "属于信访事项", "channel": "县信访局"},
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == "replied"


def test_get_is_not_allowed(client, case, handler):
    client.force_login(handler)
    # A refresh or a login's `next` goes back to the case page, never a bare 405.
    response = client.get(f"/cases/{case.pk}/actions/reply_on_the_spot/")
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/"
