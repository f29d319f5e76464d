"""委托代理: an applicant's agent (name, ID, contact, 授权委托书); letters go to the applicant,
care of the agent; the register and the annual report still count the applicant."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Case
from letters.issuing import case_snapshot
from reports.annual import compute_annual_report
from tests.cases.helpers import ORGANIZATION, PERSON, registration_payload
from tests.cases.test_views_new import intake_data

pytestmark = pytest.mark.django_db

AGENT = {
    "agent_name": "李律师",
    "agent_id_number": "11010519491231002x",
    "agent_phone": "13900139000",
    "agent_address": "山东省临沂市兰山区某律师事务所",
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_api_registers_an_agent_for_the_applicant(api_as, clerk):
    payload = registration_payload(applicant={**ORGANIZATION, **AGENT})
    response = api_as(clerk).post("/api/v1/cases/", payload, format="json")
    assert response.status_code == 201, response.json()
    applicant = response.json()["applicant"]
    assert applicant["name"] == ORGANIZATION["name"]
    assert applicant["agent_name"] == "李律师"
    assert applicant["agent_id_number"] == "11010519491231002X"  # normalised like the applicant's
    case = Case.objects.get(pk=response.json()["id"])
    receipt = case.letters.get(kind="receipt")
    assert receipt.addressee == f"{ORGANIZATION['name']}（委托代理人：李律师）"
    ctx, _seal = case_snapshot(case, issued_on=date(2023, 7, 14))
    assert ctx["applicant"]["agent"] == {"name": "李律师", "address": AGENT["agent_address"]}


def test_an_agent_needs_an_id_and_a_phone(api_as, clerk):
    payload = registration_payload(
        applicant={**PERSON, "agent_name": "李四", "agent_id_number": "110105194912310021"}
    )
    response = api_as(clerk).post("/api/v1/cases/", payload, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "applicant.agent_id_number" in errors and "applicant.agent_phone" in errors


def test_without_an_agent_nothing_changes(api_as, clerk):
    response = api_as(clerk).post("/api/v1/cases/", registration_payload(), format="json")
    case = Case.objects.get(pk=response.json()["id"])
    assert case.letters.get(kind="receipt").addressee == PERSON["name"]
    ctx, _seal = case_snapshot(case, issued_on=date(2023, 7, 14))
    assert "agent" not in ctx["applicant"]


def test_the_report_counts_the_applicant_not_the_agent(api_as, clerk, agency):
    payload = registration_payload(applicant={**ORGANIZATION, **AGENT})
    api_as(clerk).post("/api/v1/cases/", payload, format="json")
    rows = {r["label"]: r["values"] for r in compute_annual_report(year=2023, agency=agency).rows()}
    new = rows["一、本年新收政府信息公开申请数量"]
    assert new[0] == 0 and new[-1] == 1  # not 自然人: the organisation's column


def test_the_intake_form_takes_the_agent_and_the_power_of_attorney(client, clerk):
    client.force_login(clerk)
    data = intake_data()
    data.update({f"applicant-{k}": v for k, v in AGENT.items()})
    data["authorization"] = SimpleUploadedFile("授权委托书.pdf", PDF, "application/pdf")
    response = client.post("/cases/new/", data)
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.attachments.get().kind == "authorization"
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "委托代理人" in page and "李律师" in page and "尚未上传授权委托书" not in page


def test_the_case_page_warns_without_the_power_of_attorney(client, clerk):
    client.force_login(clerk)
    data = intake_data()
    data.update({f"applicant-{k}": v for k, v in AGENT.items()})
    data["applicant-agent_phone"] = ""
    response = client.post("/cases/new/", data)
    assert response.status_code == 400 and "请填写委托代理人的联系电话" in response.content.decode()
    data["applicant-agent_phone"] = AGENT["agent_phone"]
    client.post("/cases/new/", data)
    page = client.get(f"/cases/{Case.objects.get().pk}/").content.decode()
    assert "尚未上传授权委托书" in page
