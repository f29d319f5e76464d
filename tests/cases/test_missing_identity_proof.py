"""Art. 29: an application lacking identity proof is registered all the same; the one-time
correction notice lists the missing proof, and the correction supplies it."""

from datetime import date

import pytest
from django.utils import timezone

from cases.models import Case
from tests.cases.helpers import PERSON, registration_payload
from tests.cases.test_views_new import intake_data

pytestmark = pytest.mark.django_db

_real_localdate = timezone.localdate


@pytest.fixture(autouse=True)
def today(monkeypatch):
    def localdate(value=None, timezone=None):
        return date(2023, 7, 18) if value is None else _real_localdate(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def fire(api, case_id, name, payload):
    return api.post(f"/api/v1/cases/{case_id}/transitions/{name}/", payload, format="json")


@pytest.fixture
def registered(api_as, clerk):
    payload = registration_payload(applicant={**PERSON, "id_number": ""})
    response = api_as(clerk).post("/api/v1/cases/", payload, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_it_is_registered_without_an_id_number(registered):
    assert registered["applicant"]["id_number"] == ""
    assert registered["possible_duplicates"] == []


def test_the_correction_notice_lists_the_missing_proof(api_as, handler, registered):
    response = fire(
        api_as(handler), registered["id"], "request_correction",
        {"items": "请明确文号", "correction_due": "2023-07-28", "notice_on": "2023-07-18"},
    )
    assert response.status_code == 200, response.json()
    items = Case.objects.get(pk=registered["id"]).correction_items
    assert items.startswith("申请人身份证明：请提供居民身份证及其号码") and "请明确文号" in items
    assert response.json()["events"][-1]["payload"]["items"] == items


def test_the_correction_must_supply_the_proof(api_as, handler, clerk, registered):
    fire(
        api_as(handler), registered["id"], "request_correction",
        {"items": "请补正", "correction_due": "2023-07-28", "notice_on": "2023-07-18"},
    )
    missing = fire(api_as(clerk), registered["id"], "receive_correction",
                   {"received_on": "2023-07-18"})
    assert missing.status_code == 400 and "id_number" in missing.json()["errors"]
    bad = fire(api_as(clerk), registered["id"], "receive_correction",
               {"received_on": "2023-07-18", "id_number": "110105194912310021"})
    assert bad.status_code == 400 and "id_number" in bad.json()["errors"]
    ok = fire(api_as(clerk), registered["id"], "receive_correction",
              {"received_on": "2023-07-18", "id_number": PERSON["id_number"].lower()})
    assert ok.status_code == 200, ok.json()
    assert ok.json()["applicant"]["id_number"] == PERSON["id_number"]
    assert ok.json()["status"] == "registered"


def test_through_the_web_forms(client, clerk, handler):
    client.force_login(clerk)
    data = intake_data()
    data["applicant-id_number"] = ""
    response = client.post("/cases/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get()
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "未提供身份证明，待补正" in page
    client.force_login(handler)
    response = client.post(
        f"/cases/{case.pk}/actions/request_correction/",
        {"items": "请明确文号", "correction_due": "2023-07-28", "notice_on": "2023-07-18"},
    )
    assert response.status_code == 302
    assert "身份证明" in Case.objects.get(pk=case.pk).correction_items
    client.force_login(clerk)
    response = client.post(
        f"/cases/{case.pk}/actions/receive_correction/", {"received_on": "2023-07-18"}
    )
    assert response.status_code == 400 and 'name="id_number"' in response.content.decode()
    response = client.post(
        f"/cases/{case.pk}/actions/receive_correction/",
        {"received_on": "2023-07-18", "id_type": "resident_id", "id_number": PERSON["id_number"]},
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).applicant.id_number == PERSON["id_number"]
