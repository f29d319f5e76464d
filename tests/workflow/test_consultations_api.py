"""Consultations (Art. 32-34): the consult transition, answers through
POST /api/v1/consultations/{id}/answer/, the paused clock and conclude_consultation.

Dates are in 2023 with the real calendar (no holiday between July and September):
  third party sent Mon 2023-07-17, answer due 15 working days later: Mon 2023-08-07;
  agency      sent Mon 2023-07-24, answer due:                       Mon 2023-08-14.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cases.models import Case
from rules.states import Status
from tests.cases.helpers import make_case
from workflow.audit import verify_chain
from workflow.models import Consultation, Event

pytestmark = pytest.mark.django_db

PARTIES = [
    {"kind": "third_party", "name": "郯城某置业有限公司", "address": "郯城县人民路8号",
     "sent_on": "2023-07-17", "served_on": "2023-07-17"},
    {"kind": "agency", "name": "临沂市自然资源和规划局", "sent_on": "2023-07-24",
     "served_on": "2023-07-24", "jointly_made": True},
]


def fire(api, case, name, payload=None):
    return api.post(f"/api/v1/cases/{case.pk}/transitions/{name}/", payload or {}, format="json")


def answer(api, consultation_id, **payload):
    body = {"answered_on": "2023-08-04", "opinion": "consent", "text": ""}
    body.update(payload)
    return api.post(f"/api/v1/consultations/{consultation_id}/answer/", body, format="json")


def detail(api, case) -> dict:
    return api.get(f"/api/v1/cases/{case.pk}/").json()


@pytest.fixture
def case(agency, clerk):
    return make_case(agency, clerk)  # received Fri 2023-07-14, due Fri 2023-08-11


@pytest.fixture
def consulted(api_as, case, handler):
    response = fire(api_as(handler), case, "consult", {"parties": PARTIES})
    assert response.status_code == 200, response.json()
    return {c["kind"]: c for c in response.json()["consultations"]}


def test_consult_pauses_the_clock_once_for_overlapping_parties(api_as, case, handler, consulted):
    third, agency = consulted["third_party"], consulted["agency"]
    assert third["answer_due"] == "2023-08-07" and agency["answer_due"] == "2023-08-14"
    assert third["name"] == "郯城某置业有限公司" and third["address"] == "郯城县人民路8号"
    assert third["answered_on"] is None and third["opinion"] == ""
    client = api_as(handler)
    assert detail(client, case)["status"] == Status.CONSULTING

    # The third party objects on Fri 2023-08-04; the agency has not answered.
    response = answer(
        client, third["id"], answered_on="2023-08-04", opinion="objection", text="涉及商业秘密"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["opinion"] == "objection"
    body = detail(client, case)
    assert body["status"] == Status.CONSULTING  # one answer does not end the consultation
    # The silent agency's deadline has passed, so its pause ends there: union
    # (07-17, 08-14] = 07-18..21 (4) + 07-24..28 (5) + 07-31..08-04 (5) + 08-07..11 (5)
    # + 08-14 (1) = 20 working days.
    assert body["deadline"]["paused_working_days"] == 20

    # The agency consents on Fri 2023-08-11.
    response = answer(client, agency["id"], answered_on="2023-08-11", opinion="consent")
    assert response.status_code == 200, response.json()
    body = detail(client, case)
    # (07-17, 08-04] has 14 working days and (07-24, 08-11] 14 more, but they overlap:
    # the union (07-17, 08-11] counts 4 + 5 + 5 + 5 = 19 working days, once.
    assert body["deadline"]["paused_working_days"] == 19
    # 20 + 19 = 39 working days after 2023-07-14: 08-11 is the 20th, 09-07 the 39th.
    assert body["deadline"]["due"] == "2023-09-07"
    assert body["reply_due"] == "2023-09-07"
    assert Case.objects.get(pk=case.pk).reply_due == date(2023, 9, 7)

    response = fire(client, case, "conclude_consultation")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == Status.DRAFTING
    assert body["reply_due"] == "2023-09-07"
    assert body["events"][-1]["payload"]["consultations"] == [
        {"name": "郯城某置业有限公司", "opinion": "objection"},
        {"name": "临沂市自然资源和规划局", "opinion": "consent"},
    ]
    assert verify_chain(list(Event.objects.filter(case=case).order_by("seq"))) == []


def test_a_third_party_objection_is_recorded(api_as, case, handler, consulted):
    third = consulted["third_party"]
    answer(api_as(handler), third["id"], answered_on="2023-08-01", opinion="objection",
           text="涉及本公司商业秘密，不同意公开")
    stored = Consultation.objects.get(pk=third["id"])
    assert stored.opinion == "objection" and stored.answered_on == date(2023, 8, 1)
    assert stored.text == "涉及本公司商业秘密，不同意公开"
    event = Event.objects.filter(case=case).latest("seq")
    assert event.name == "answer_consultation" and event.actor.username == "handler"
    assert event.payload["opinion"] == "objection"
    assert event.payload["answered_on"] == "2023-08-01"
    assert event.note == "涉及本公司商业秘密，不同意公开"
    shown = {c["kind"]: c for c in detail(api_as(handler), case)["consultations"]}
    assert shown["third_party"]["opinion"] == "objection"
    assert shown["third_party"]["deemed_consent"] is False


def test_agency_silence_past_its_deadline_is_deemed_consent(api_as, case, handler):
    client = api_as(handler)
    fire(client, case, "consult", {"parties": [PARTIES[1]]})
    shown = detail(client, case)["consultations"][0]
    assert shown["answered_on"] is None and shown["deemed_consent"] is True
    # Silent until its deadline 2023-08-14: (07-24, 08-14] = 15 working days paused.
    assert detail(client, case)["deadline"]["paused_working_days"] == 15
    response = fire(client, case, "conclude_consultation")
    assert response.status_code == 200, response.json()
    assert response.json()["events"][-1]["payload"]["consultations"] == [
        {"name": "临沂市自然资源和规划局", "opinion": "deemed_consent"}
    ]


def test_silence_of_an_agency_that_did_not_make_the_information_is_no_consent(
    api_as, case, handler
):
    client = api_as(handler)
    party = {**PARTIES[1], "jointly_made": False}
    fire(client, case, "consult", {"parties": [party]})
    shown = detail(client, case)["consultations"][0]
    assert shown["jointly_made"] is False and shown["deemed_consent"] is False
    response = fire(client, case, "conclude_consultation")
    assert response.status_code == 200, response.json()
    assert response.json()["events"][-1]["payload"]["consultations"][0]["opinion"] == "no_answer"
    letter = case.letters.get(kind="consultation_agency")
    assert letter.snapshot["party"]["jointly_made"] is False


def test_only_an_agency_can_have_made_the_information_jointly(api_as, case, handler):
    party = {**PARTIES[0], "jointly_made": True}
    response = fire(api_as(handler), case, "consult", {"parties": [party]})
    assert response.status_code == 400
    assert "parties.0.jointly_made" in response.json()["errors"]
    assert not case.consultations.exists()


def test_third_party_silence_is_no_consent_but_lets_the_agency_decide(api_as, case, handler):
    client = api_as(handler)
    fire(client, case, "consult", {"parties": [PARTIES[0]]})
    shown = detail(client, case)["consultations"][0]
    assert shown["deemed_consent"] is False
    response = fire(client, case, "conclude_consultation")
    assert response.status_code == 200, response.json()
    assert response.json()["events"][-1]["payload"]["consultations"][0]["opinion"] == "no_answer"


def test_conclude_before_every_party_settled_is_409(api_as, case, handler):
    today = timezone.localdate().isoformat()
    client = api_as(handler)
    fire(client, case, "consult", {"parties": [
        {"kind": "third_party", "name": "某公司", "sent_on": "2023-07-17",
         "served_on": "2023-07-17"},
        {"kind": "agency", "name": "某局", "sent_on": today, "served_on": today},  # not yet due
    ]})
    response = fire(client, case, "conclude_consultation")
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "仍有征求意见既未答复也未过答复期限（送达日期未登记的，答复期限尚未起算）。"
    )
    outstanding = next(c for c in detail(client, case)["consultations"] if c["name"] == "某局")
    assert outstanding["deemed_consent"] is False
    answer(client, outstanding["id"], answered_on=today, opinion="consent")
    assert fire(client, case, "conclude_consultation").status_code == 200


def test_an_answer_before_it_was_sent_is_400(api_as, case, handler, consulted):
    response = answer(api_as(handler), consulted["agency"]["id"], answered_on="2023-07-21")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["answered_on"]
    assert Consultation.objects.get(pk=consulted["agency"]["id"]).answered_on is None


def test_an_answer_in_the_future_is_400(api_as, case, handler, consulted):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = answer(api_as(handler), consulted["agency"]["id"], answered_on=tomorrow)
    assert response.status_code == 400 and "answered_on" in response.json()["errors"]


@pytest.mark.parametrize(
    "payload,field",
    [({"opinion": "maybe"}, "opinion"), ({"answered_on": "2023-02-30"}, "answered_on"),
     ({"extra": 1}, "extra")],
)
def test_a_bad_answer_is_400(api_as, case, handler, consulted, payload, field):
    response = answer(api_as(handler), consulted["agency"]["id"], **payload)
    assert response.status_code == 400 and field in response.json()["errors"], response.json()


def test_a_second_answer_is_409(api_as, case, handler, consulted):
    client = api_as(handler)
    assert answer(client, consulted["agency"]["id"]).status_code == 200
    assert answer(client, consulted["agency"]["id"], opinion="objection").status_code == 409


def test_no_answer_after_the_consultation_is_concluded(api_as, case, handler, consulted):
    client = api_as(handler)
    answer(client, consulted["agency"]["id"], answered_on="2023-08-11")
    assert fire(client, case, "conclude_consultation").status_code == 200
    assert answer(client, consulted["third_party"]["id"]).status_code == 409


@pytest.mark.parametrize("who,code", [("approver", 403), ("auditor", 403), ("dept_a", 404),
                                      ("outsider", 404)])
def test_only_handlers_record_answers(api_as, request, consulted, who, code):
    response = answer(api_as(request.getfixturevalue(who)), consulted["agency"]["id"])
    assert response.status_code == code
    assert Consultation.objects.get(pk=consulted["agency"]["id"]).answered_on is None


def test_an_unknown_consultation_is_404(api_as, handler):
    assert answer(api_as(handler), 999999).status_code == 404


def test_consult_again_from_drafting(api_as, case, handler, consulted):
    client = api_as(handler)
    answer(client, consulted["agency"]["id"], answered_on="2023-08-11")
    fire(client, case, "conclude_consultation")
    response = fire(client, case, "consult", {"parties": [
        {"kind": "third_party", "name": "另一公司", "sent_on": "2023-08-15",
         "served_on": "2023-08-16"},
    ]})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == Status.CONSULTING
    assert len(response.json()["consultations"]) == 3


def test_consult_needs_a_party_and_a_sent_date_not_before_receipt(api_as, case, handler):
    client = api_as(handler)
    assert "parties" in fire(client, case, "consult", {"parties": []}).json()["errors"]
    early = fire(client, case, "consult", {"parties": [
        {"kind": "agency", "name": "某局", "sent_on": "2023-07-13"},
    ]})
    assert early.status_code == 400 and "parties.0.sent_on" in early.json()["errors"]
    assert Case.objects.get(pk=case.pk).status == Status.REGISTERED


def test_partial_consent_states_the_parts(api_as, case, handler, consulted):
    client = api_as(handler)
    third = consulted["third_party"]
    missing = answer(client, third["id"], answered_on="2023-08-01", opinion="partial_consent")
    assert missing.status_code == 400
    assert missing.json()["errors"] == {
        "consented_parts": ["同意部分公开的，请写明同意公开的部分。"]
    }
    response = answer(client, third["id"], answered_on="2023-08-01", opinion="partial_consent",
                      consented_parts="工程概算总额；不含各分项报价", text="分项报价属商业秘密")
    assert response.status_code == 200, response.json()
    assert response.json()["opinion"] == "partial_consent"
    assert response.json()["consented_parts"] == "工程概算总额；不含各分项报价"
    event = Event.objects.filter(case=case).latest("seq")
    assert event.payload["consented_parts"] == "工程概算总额；不含各分项报价"


def test_parts_only_with_partial_consent(api_as, case, handler, consulted):
    response = answer(api_as(handler), consulted["agency"]["id"], opinion="consent",
                      consented_parts="全部")
    assert response.status_code == 400 and "consented_parts" in response.json()["errors"]
