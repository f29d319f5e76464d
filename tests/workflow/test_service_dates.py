"""Service dates (api.md, Wave 2): a consulted party has 15 working days from its receipt of
the 征求意见书, an applicant 20 working days from the day after receiving the 收费通知书.
Recorded at sending or later (POST .../served/), through the API and the case page.

The case is received Fri 2023-07-14 (reply due Fri 2023-08-11); no holiday until October.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cases.models import Case
from rules.states import Status
from tests.cases.helpers import make_case
from workflow import services
from workflow.models import Consultation, Event, FeeNotice

pytestmark = pytest.mark.django_db

AGENCY_PARTY = {"kind": "agency", "name": "临沂市自然资源和规划局", "sent_on": "2023-07-17",
                "jointly_made": True}
THIRD_PARTY = {"kind": "third_party", "name": "郯城某置业有限公司", "sent_on": "2023-07-17"}


def fire(api, case, name, payload=None):
    return api.post(f"/api/v1/cases/{case.pk}/transitions/{name}/", payload or {}, format="json")


def served(api, what, pk, served_on):
    return api.post(f"/api/v1/{what}/{pk}/served/", {"served_on": served_on}, format="json")


def detail(api, case) -> dict:
    return api.get(f"/api/v1/cases/{case.pk}/").json()


@pytest.fixture
def case(agency, clerk):
    return make_case(agency, clerk)


# -- consultations -------------------------------------------------------------------------


def test_an_unserved_consultation_has_no_answer_due_and_is_never_late(api_as, case, handler):
    client = api_as(handler)
    response = fire(client, case, "consult", {"parties": [AGENCY_PARTY]})
    assert response.status_code == 200, response.json()
    shown = response.json()["consultations"][0]
    assert shown["served_on"] is None and shown["answer_due"] is None
    # Years later the agency is still not deemed to consent: its period has not started.
    assert shown["deemed_consent"] is False
    conclude = fire(client, case, "conclude_consultation")
    assert conclude.status_code == 409
    assert "送达日期未登记" in conclude.json()["detail"]
    # The clock pause still starts when the letter was sent, and runs on until today.
    assert detail(client, case)["deadline"]["paused_working_days"] > 15


def test_the_answer_due_runs_from_service_not_sending(api_as, case, handler, clerk):
    fire(api_as(handler), case, "consult", {"parties": [AGENCY_PARTY]})
    consultation = Consultation.objects.get(case=case)
    # The return receipt says the agency signed on Fri 2023-07-21: 15 working days end
    # Fri 2023-08-11 (counted from sending, 07-17, it would have been Mon 2023-08-07).
    response = served(api_as(clerk), "consultations", consultation.pk, "2023-07-21")
    assert response.status_code == 200, response.json()
    assert response.json()["served_on"] == "2023-07-21"
    assert response.json()["answer_due"] == "2023-08-11"
    body = detail(api_as(handler), case)
    assert body["consultations"][0]["deemed_consent"] is True  # long past 2023-08-11
    # Paused (07-17, 08-11]: 4 + 5 + 5 + 5 = 19 working days; 20 + 19 after 07-14 is 09-07.
    assert body["deadline"]["paused_working_days"] == 19
    assert body["reply_due"] == "2023-09-07"
    event = body["events"][-1]
    assert event["name"] == "record_consultation_service"
    assert event["payload"]["served_on"] == "2023-07-21"
    assert event["payload"]["answer_due"] == "2023-08-11"
    response = fire(api_as(handler), case, "conclude_consultation")
    assert response.status_code == 200, response.json()
    assert response.json()["events"][-1]["payload"]["consultations"][0]["opinion"] == (
        "deemed_consent"
    )


def test_served_on_at_sending_sets_the_due_date_at_once(api_as, case, handler):
    response = fire(api_as(handler), case, "consult",
                    {"parties": [{**THIRD_PARTY, "served_on": "2023-07-18"}]})
    assert response.status_code == 200, response.json()
    shown = response.json()["consultations"][0]
    # 15 working days after Tue 2023-07-18: Tue 2023-08-08.
    assert shown["served_on"] == "2023-07-18" and shown["answer_due"] == "2023-08-08"
    assert response.json()["events"][-1]["payload"]["parties"][0]["answer_due"] == "2023-08-08"


@pytest.mark.parametrize("served_on", ["2023-07-16", "2099-01-01", "soon"])
def test_a_service_date_before_sending_or_in_the_future_is_400(
    api_as, case, handler, served_on
):
    response = fire(api_as(handler), case, "consult",
                    {"parties": [{**THIRD_PARTY, "served_on": served_on}]})
    assert response.status_code == 400
    assert "parties.0.served_on" in response.json()["errors"], response.json()
    assert not Consultation.objects.exists()


def test_a_wrong_service_date_is_corrected_with_a_trace(api_as, case, handler, clerk):
    fire(api_as(handler), case, "consult", {"parties": [THIRD_PARTY]})
    consultation = Consultation.objects.get(case=case)
    assert served(api_as(clerk), "consultations", consultation.pk, "2023-07-19").status_code == 200
    response = served(api_as(clerk), "consultations", consultation.pk, "2023-07-20")
    assert response.status_code == 200 and response.json()["answer_due"] == "2023-08-10"
    event = Event.objects.filter(case=case).latest("seq")
    assert event.payload["old"] == {"served_on": "2023-07-19", "answer_due": "2023-08-09"}


def test_no_service_date_once_answered_or_concluded(api_as, case, handler, clerk):
    fire(api_as(handler), case, "consult", {"parties": [AGENCY_PARTY]})
    consultation = Consultation.objects.get(case=case)
    services.answer_consultation(consultation=consultation, actor=handler,
                                 answered_on=date(2023, 7, 25), opinion="consent")
    response = served(api_as(clerk), "consultations", consultation.pk, "2023-07-20")
    assert response.status_code == 409 and "已经答复" in response.json()["detail"]


@pytest.mark.parametrize("who,code", [("approver", 403), ("auditor", 403), ("dept_a", 404),
                                      ("outsider", 404)])
def test_only_clerks_and_handlers_record_service(api_as, request, case, handler, who, code):
    fire(api_as(handler), case, "consult", {"parties": [THIRD_PARTY]})
    consultation = Consultation.objects.get(case=case)
    response = served(api_as(request.getfixturevalue(who)), "consultations", consultation.pk,
                      "2023-07-20")
    assert response.status_code == code
    assert Consultation.objects.get(pk=consultation.pk).served_on is None


def test_a_service_payload_is_strict(api_as, case, handler):
    fire(api_as(handler), case, "consult", {"parties": [THIRD_PARTY]})
    pk = Consultation.objects.get(case=case).pk
    client = api_as(handler)
    assert "served_on" in client.post(f"/api/v1/consultations/{pk}/served/", {},
                                      format="json").json()["errors"]
    extra = client.post(f"/api/v1/consultations/{pk}/served/",
                        {"served_on": "2023-07-20", "answer_due": "2023-09-01"}, format="json")
    assert extra.status_code == 400 and "answer_due" in extra.json()["errors"]


def test_the_case_page_says_unserved_and_records_service(client, case, handler, clerk):
    services.consult(case=case, actor=handler, parties=[
        {"kind": "third_party", "name": "某建设公司", "sent_on": date(2023, 7, 17)}])
    consultation = Consultation.objects.get(case=case)
    client.force_login(clerk)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "送达日期未登记" in html
    assert f'action="/consultations/{consultation.pk}/served/"' in html
    bad = client.post(f"/consultations/{consultation.pk}/served/", {"served_on": "2023-07-10"})
    assert bad.status_code == 400
    assert "日期不能早于" in bad.content.decode()
    response = client.post(f"/consultations/{consultation.pk}/served/",
                           {"served_on": "2023-07-19"})
    assert response.status_code == 302
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "2023年8月9日" in html  # 15 working days after Wed 2023-07-19
    assert "登记征求意见书送达日期" in html  # the timeline entry


def test_the_service_form_refuses_get_and_outsiders(client, case, handler, outsider, auditor):
    services.consult(case=case, actor=handler, parties=[
        {"kind": "third_party", "name": "某建设公司", "sent_on": date(2023, 7, 17)}])
    pk = Consultation.objects.get(case=case).pk
    client.force_login(handler)
    assert client.get(f"/consultations/{pk}/served/").status_code == 405
    client.force_login(outsider)
    assert client.post(f"/consultations/{pk}/served/", {"served_on": "2023-07-19"}).status_code \
        == 404
    client.force_login(auditor)
    assert client.post(f"/consultations/{pk}/served/", {"served_on": "2023-07-19"}).status_code \
        == 403
    assert Consultation.objects.get(pk=pk).served_on is None


# -- fee notices ---------------------------------------------------------------------------


def request_fee(api, case, **payload):
    body = {"method": "per_page", "quantity": 50, "notice_on": "2023-07-20", **payload}
    return fire(api, case, "request_fee", body)


def test_pay_due_runs_from_the_day_after_service(api_as, case, handler, clerk):
    response = request_fee(api_as(handler), case)
    assert response.status_code == 200, response.json()
    notice = response.json()["fee_notices"][0]
    assert notice["served_on"] is None and notice["pay_due"] is None
    lapse = fire(api_as(handler), case, "lapse_fee")
    assert lapse.status_code == 409 and "送达日期未登记" in lapse.json()["detail"]
    # Mailed on Thu 07-20, signed for on Mon 07-24: pay by Mon 2023-08-21 (from notice_on it
    # would have been Thu 2023-08-17).
    response = served(api_as(clerk), "fee-notices", notice["id"], "2023-07-24")
    assert response.status_code == 200, response.json()
    assert response.json()["pay_due"] == "2023-08-21"
    event = detail(api_as(clerk), case)["events"][-1]
    assert event["name"] == "record_fee_service"
    assert event["payload"]["pay_due"] == "2023-08-21"


def test_a_lapse_is_never_dated_on_or_before_pay_due(api_as, case, handler):
    request_fee(api_as(handler), case, served_on="2023-07-24")  # pay by 2023-08-21
    on_the_day = fire(api_as(handler), case, "lapse_fee", {"lapsed_on": "2023-08-21"})
    assert on_the_day.status_code == 400 and "lapsed_on" in on_the_day.json()["errors"]
    response = fire(api_as(handler), case, "lapse_fee", {"lapsed_on": "2023-08-22"})
    assert response.status_code == 200, response.json()
    assert response.json()["decision"] == "other.no_payment"


def test_a_fee_service_date_before_the_notice_is_400(api_as, case, handler, clerk):
    response = request_fee(api_as(handler), case, served_on="2023-07-19")
    assert response.status_code == 400 and "served_on" in response.json()["errors"]
    assert not FeeNotice.objects.exists()
    request_fee(api_as(handler), case)
    notice = FeeNotice.objects.get()
    assert served(api_as(clerk), "fee-notices", notice.pk, "2023-07-19").status_code == 400


def test_no_fee_service_date_after_payment(api_as, case, handler, clerk):
    request_fee(api_as(handler), case)
    notice = FeeNotice.objects.get()
    fire(api_as(clerk), case, "receive_payment", {"paid_on": "2023-07-25"})
    response = served(api_as(clerk), "fee-notices", notice.pk, "2023-07-24")
    assert response.status_code == 409
    assert FeeNotice.objects.get().served_on is None


@pytest.mark.parametrize("who,code", [("approver", 403), ("auditor", 403), ("outsider", 404)])
def test_only_clerks_and_handlers_record_fee_service(api_as, request, case, handler, who, code):
    request_fee(api_as(handler), case)
    notice = FeeNotice.objects.get()
    response = served(api_as(request.getfixturevalue(who)), "fee-notices", notice.pk,
                      "2023-07-24")
    assert response.status_code == code


def test_the_case_page_records_a_fee_service_date(client, case, handler, clerk):
    services.request_fee(case=case, actor=handler, method="per_page", quantity=50,
                         notice_on=date(2023, 7, 20))
    notice = FeeNotice.objects.get()
    client.force_login(clerk)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-unserved="fee"' in html
    assert f'action="/fee-notices/{notice.pk}/served/"' in html
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert client.post(f"/fee-notices/{notice.pk}/served/",
                       {"served_on": tomorrow}).status_code == 400
    response = client.post(f"/fee-notices/{notice.pk}/served/", {"served_on": "2023-07-24"})
    assert response.status_code == 302
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "2023年8月21日" in html and 'data-unserved="fee"' not in html
    assert Case.objects.get(pk=case.pk).status == Status.AWAITING_FEE
