"""A withdrawal issues no letter, so there is nothing to deliver: the case archives without a
delivery record (workflow/machine.py ``_delivery_recorded``)."""

from datetime import date

import pytest

from cases.models import Case
from letters.models import CaseFile
from rules.states import Status
from tests.cases.helpers import make_case
from workflow import services

pytestmark = pytest.mark.django_db


def test_a_withdrawn_case_archives_without_delivery(api_as, agency, clerk):
    case = make_case(agency, clerk)
    services.withdraw(
        case=case, actor=clerk, reason="申请人书面撤回", withdrawn_on=date(2023, 7, 20)
    )
    assert [letter.kind for letter in case.letters.all()] == ["receipt"]  # no letter for it
    response = api_as(clerk).post(f"/api/v1/cases/{case.pk}/transitions/archive/", {},
                                  format="json")
    assert response.status_code == 200, response.json()
    case = Case.objects.get(pk=case.pk)
    assert case.status == Status.ARCHIVED and case.delivered_on is None
    assert CaseFile.objects.filter(case=case).exists()


def test_a_replied_case_still_needs_its_delivery(api_as, agency, clerk, handler, approver):
    case = make_case(agency, clerk)
    services.submit_reply(case=case, actor=handler, decision="unavailable.not_held", text="无")
    services.approve_reply(case=case, actor=approver, issued_on=date(2023, 8, 1))
    response = api_as(clerk).post(f"/api/v1/cases/{case.pk}/transitions/archive/", {},
                                  format="json")
    assert response.status_code == 409
    assert "尚未登记送达" in response.json()["detail"]


def test_a_termination_still_needs_its_delivery(api_as, agency, clerk, handler):
    case = make_case(agency, clerk)
    services.request_correction(case=case, actor=handler, items="写明文号",
                                correction_due=date(2023, 7, 21), notice_on=date(2023, 7, 17))
    services.lapse_correction(case=case, actor=handler, lapsed_on=date(2023, 7, 24))
    response = api_as(clerk).post(f"/api/v1/cases/{case.pk}/transitions/archive/", {},
                                  format="json")
    assert response.status_code == 409


def test_a_withdrawn_case_has_nothing_to_deliver(api_as, agency, clerk):
    case = make_case(agency, clerk)
    services.withdraw(
        case=case, actor=clerk, reason="申请人书面撤回", withdrawn_on=date(2023, 7, 20)
    )
    response = api_as(clerk).post(
        f"/api/v1/cases/{case.pk}/transitions/record_delivery/",
        {"method": "in_person", "delivered_on": "2023-07-21"},
        format="json",
    )
    assert response.status_code == 409
    assert "无需登记送达" in response.json()["detail"]
    assert not case.letters.filter(kind="delivery_receipt").exists()
    assert "record_delivery" not in api_as(clerk).get(f"/api/v1/cases/{case.pk}/").json()[
        "transitions"
    ]
