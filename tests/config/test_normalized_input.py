"""Text is stored normalised (api.md, Wave 2): CRLF from browsers becomes \\n, control and
invisible characters go, whether it arrives through the API or a form; the letters then print
it as numbered paragraphs, never as missing-glyph boxes."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from cases.models import Case
from tests.cases.helpers import make_case, registration_payload
from tests.cases.test_views_new import intake_data

pytestmark = pytest.mark.django_db

TYPED = "1、立项批复文件\r\n2、工程概算\x0c\u200b\r\n"
STORED = "1、立项批复文件\n2、工程概算"


def pdf_text(letter) -> str:
    reader = PdfReader(io.BytesIO(letter.pdf.read()))
    return "".join(page.extract_text() for page in reader.pages).replace("\n", "")


def test_the_api_stores_newlines_only(api_as, clerk):
    # Invisible characters in names and identifiers are refused instead (test_invisible_input).
    payload = registration_payload(description=TYPED)
    response = api_as(clerk).post("/api/v1/cases/", payload, format="json")
    assert response.status_code == 201, response.json()
    case = Case.objects.get()
    assert case.description == STORED
    text = pdf_text(case.letters.get(kind="receipt"))
    assert "申请获取以下政府信息：1.立项批复文件；2.工程概算。" in text


def test_the_intake_form_stores_newlines_only(client, clerk):
    client.force_login(clerk)
    response = client.post("/cases/new/", intake_data(description=TYPED))
    assert response.status_code == 302
    assert Case.objects.get().description == STORED


def test_a_transition_payload_is_normalised(api_as, agency, clerk, handler):
    case = make_case(agency, clerk)
    response = api_as(handler).post(
        f"/api/v1/cases/{case.pk}/transitions/request_correction/",
        {"items": "写明文件名称；\r\n写明文号\r\n", "correction_due": "2023-07-28",
         "notice_on": "2023-07-18"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    case.refresh_from_db()
    assert case.correction_items == "写明文件名称；\n写明文号"
    text = pdf_text(case.letters.get(kind="correction_notice"))
    assert "请对以下内容作出补正：1.写明文件名称；2.写明文号。" in text


def test_an_approvers_web_extension_is_normalised(client, agency, clerk, approver):
    approver.last_name, approver.first_name = "张", "审批"
    approver.save()
    case = make_case(agency, clerk)
    client.force_login(approver)
    response = client.post(
        f"/cases/{case.pk}/actions/extend/",
        {"working_days": "10", "reason": "需要调取档案\r\n需要征求意见\r\n",
         "decided_on": date(2023, 7, 20).isoformat()},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.extension_reason == "需要调取档案\n需要征求意见"
    text = pdf_text(case.letters.get(kind="extension_notice"))
    assert "因以下原因，本机关不能在规定期限内作出答复：1.需要调取档案；2.需要征求意见。" in text
    assert "负责人张审批同意" in text and "approver" not in text
