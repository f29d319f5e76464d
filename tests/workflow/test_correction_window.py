"""The correction window (Art. 30): 要求补正 is offered only within 7 working days of receipt,
refused after with one message, and the clerk's queue warns on its last day."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cases.selectors import correction_last_day
from rules.deadline import correction_deadline, correction_last_day_receipts
from tests.cases.helpers import make_case
from workflow import clock, services

pytestmark = pytest.mark.django_db

ITEMS = {"items": "请写明所需文件的名称或文号", "correction_due": "2023-08-04"}


def offered(html: str) -> bool:
    return 'id="action-request_correction"' in html


def test_offered_within_the_window(client, agency, clerk):
    case = make_case(agency, clerk, received_on=timezone.localdate())
    client.force_login(clerk)
    assert offered(client.get(f"/cases/{case.pk}/").content.decode())


def test_hidden_after_the_window_and_refused_once(client, agency, clerk):
    case = make_case(agency, clerk)  # received 2023-07-14: the last day was 2023-07-25
    client.force_login(clerk)
    assert not offered(client.get(f"/cases/{case.pk}/").content.decode())
    today = timezone.localdate().isoformat()
    response = client.post(f"/cases/{case.pk}/actions/request_correction/",
                           {**ITEMS, "correction_due": "2099-01-01", "notice_on": today})
    assert response.status_code == 409
    html = response.content.decode()
    message = "补正告知应在收到申请后7个工作日内（2023年7月25日前）发出，已超过期限。"
    assert html.count(message) == 1  # once, in the banner: the form is no longer offered
    assert not offered(html)


def test_the_api_refuses_a_late_notice_with_one_message(api_as, agency, clerk):
    case = make_case(agency, clerk)
    response = api_as(clerk).post(
        f"/api/v1/cases/{case.pk}/transitions/request_correction/",
        {**ITEMS, "notice_on": "2023-07-26"}, format="json")
    assert response.status_code == 409
    assert response.json() == {
        "detail": "补正告知应在收到申请后7个工作日内（2023年7月25日前）发出，已超过期限。"
    }


def test_a_notice_sent_in_time_may_still_be_recorded_by_its_date(api_as, agency, clerk):
    case = make_case(agency, clerk)
    response = api_as(clerk).post(
        f"/api/v1/cases/{case.pk}/transitions/request_correction/",
        {**ITEMS, "notice_on": "2023-07-25"}, format="json")
    assert response.status_code == 200, response.json()


def test_the_clerk_is_warned_on_the_last_day(client, agency, clerk, handler):
    calendar = clock.get_calendar()
    today = timezone.localdate()
    receipts = correction_last_day_receipts(today, calendar)
    if receipts is None:
        pytest.skip("no correction deadline falls on a day off")
    last_day = make_case(agency, clerk, received_on=receipts[0])
    assert correction_deadline(last_day.received_on, calendar) == today
    make_case(agency, clerk, received_on=today)  # days left
    make_case(agency, clerk, received_on=date(2023, 7, 14))  # long over
    assert [c.pk for c in correction_last_day(clerk)] == [last_day.pk]
    client.force_login(clerk)
    html = client.get("/").content.decode()
    assert "今天是补正告知的最后一天" in html and last_day.number in html


def test_no_warning_once_a_correction_was_asked(agency, clerk):
    today = timezone.localdate()
    receipts = correction_last_day_receipts(today, clock.get_calendar())
    if receipts is None:
        pytest.skip("no correction deadline falls on a day off")
    case = make_case(agency, clerk, received_on=receipts[-1])
    assert [c.pk for c in correction_last_day(clerk)] == [case.pk]
    services.request_correction(case=case, actor=clerk, items="请补正",
                                correction_due=today + timedelta(days=15), notice_on=today)
    assert list(correction_last_day(clerk)) == []
