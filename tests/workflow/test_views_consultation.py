"""POST /consultations/<id>/answer/ (workflow:answer_consultation): the handler records a
consulted party's answer from the case page."""

from datetime import date

import pytest

from tests.cases.helpers import make_case
from workflow import services
from workflow.models import Consultation, ConsultationKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(agency, clerk, handler):
    case = make_case(agency, clerk)
    services.consult(case=case, actor=handler, parties=[
        {"kind": ConsultationKind.THIRD_PARTY, "name": "某建设公司", "sent_on": date(2023, 7, 18)},
    ])
    return Consultation.objects.get()


def answer(client, consultation, **data):
    body = {"answered_on": "2023-07-25", "opinion": "objection", "text": "涉及商业秘密"}
    body.update(data)
    return client.post(f"/consultations/{consultation.pk}/answer/", body)


def test_it_records_the_answer(client, consultation, handler):
    client.force_login(handler)
    response = answer(client, consultation)
    assert response.status_code == 302 and response.url == f"/cases/{consultation.case_id}/"
    consultation.refresh_from_db()
    assert consultation.opinion == "objection" and str(consultation.answered_on) == "2023-07-25"
    assert "已登记某建设公司的答复" in client.get(response.url).content.decode()


def test_a_bad_answer_stays_on_the_case_page_with_its_values(client, consultation, handler):
    client.force_login(handler)
    response = answer(client, consultation, opinion="", answered_on="2023-07-01")
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_consultation{consultation.pk}_opinion_error"' in html
    assert "涉及商业秘密" in html and "<details open>" in html


def test_an_answer_before_sending_is_named_on_its_field(client, consultation, handler):
    client.force_login(handler)
    response = answer(client, consultation, answered_on="2023-07-17")
    assert response.status_code == 400
    assert f'id="id_consultation{consultation.pk}_answered_on_error"' in response.content.decode()


def test_answering_twice_is_a_409_with_a_message(client, consultation, handler):
    client.force_login(handler)
    answer(client, consultation)
    again = answer(client, consultation)
    assert again.status_code == 409 and "已经登记过答复" in again.content.decode()


def test_get_is_not_allowed(client, consultation, handler):
    client.force_login(handler)
    assert client.get(f"/consultations/{consultation.pk}/answer/").status_code == 405


@pytest.mark.parametrize("who,status", [
    ("clerk", 403), ("approver", 403), ("auditor", 403), ("dept_a", 404), ("outsider", 404),
])
def test_others_are_refused(client, request, consultation, who, status):
    client.force_login(request.getfixturevalue(who))
    assert answer(client, consultation).status_code == status
    consultation.refresh_from_db()
    assert not consultation.answered


def test_partial_consent_through_the_form(client, agency, clerk, handler):
    case = make_case(agency, clerk)
    services.consult(case=case, actor=handler, parties=[
        {"kind": "third_party", "name": "某建设公司", "sent_on": date(2023, 7, 17),
         "served_on": date(2023, 7, 18)}])
    consultation = Consultation.objects.get(case=case)
    client.force_login(handler)
    url = f"/consultations/{consultation.pk}/answer/"
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "同意部分公开" in html and "同意公开的部分" in html
    bad = client.post(url, {"answered_on": "2023-07-28", "opinion": "partial_consent"})
    assert bad.status_code == 400 and "请写明同意公开的部分" in bad.content.decode()
    response = client.post(url, {"answered_on": "2023-07-28", "opinion": "partial_consent",
                                 "consented_parts": "概算总额"})
    assert response.status_code == 302
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "同意部分公开" in html and "概算总额" in html
