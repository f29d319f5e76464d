"""/cases/<id>/ (cases:detail): what each role sees, the deadline panel, the actions offered."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.cases.helpers import make_case
from workflow import services
from workflow.models import ConsultationKind

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def case(agency, clerk):
    return make_case(agency, clerk)


def page(client, user, case):
    client.force_login(user)
    response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def offered(html: str) -> set[str]:
    return set(re.findall(r'<details class="action[^"]*" id="action-([a-z_]+)"', html))


def test_it_shows_the_request_the_deadline_and_the_timeline(client, case, handler):
    html = page(client, handler, case)
    assert case.number in html and "张三" in html and "11010519491231002X" in html
    assert "道路改造工程" in html
    # Due 20 working days after 2023-07-14: 2023-08-11; the internal target a day earlier.
    assert "2023年8月11日" in html and "2023年8月10日" in html
    assert "逾期</span>" in html and "个工作日" in html
    assert "<details class=\"explain\">" in html and "法定期限：20个工作日" in html
    assert "登记</strong> <span class=\"muted\">clerk</span>" in html  # event and actor


def test_each_role_is_offered_its_own_actions(client, case, clerk, handler, approver, auditor):
    # Received in 2023: the 7 working days for a correction notice are long over.
    assert offered(page(client, handler, case)) == {
        "assign", "consult", "request_fee", "submit_reply", "reply_on_the_spot", "withdraw",
    }
    assert offered(page(client, clerk, case)) == {"withdraw"}
    assert offered(page(client, approver, case)) == {"extend"}
    html = page(client, auditor, case)
    assert offered(html) == set() and "<form method=\"post\" action=\"/cases/" not in html
    assert "更正登记信息" not in html


def test_consequences_are_spelled_out(client, agency, clerk, case, handler, approver):
    html = page(client, handler, make_case(agency, clerk, received_on=date.today()))
    assert "提交后自发出之日起暂停计时" in html
    assert "提交后答复期限停止计算，收到补正后重新起算20个工作日" in html
    assert "延期只能一次，最多20个工作日" in page(client, approver, case)


def test_liaison_and_outsider_get_404(client, case, dept_a, outsider):
    for user in (dept_a, outsider):
        client.force_login(user)
        assert client.get(f"/cases/{case.pk}/").status_code == 404


def test_a_stopped_clock_says_so(client, case, handler):
    services.request_correction(
        case=case, actor=handler, items="请写明文件名称", correction_due=date(2023, 8, 4),
        notice_on=date(2023, 7, 18),
    )
    html = page(client, handler, case)
    assert "答复期限停止计算" in html and "2023年8月4日" in html


def test_consultations_show_deemed_consent_and_an_answer_form(client, case, handler):
    services.consult(case=case, actor=handler, parties=[
        {"kind": ConsultationKind.AGENCY, "name": "县发展和改革局", "sent_on": date(2023, 7, 18),
         "served_on": date(2023, 7, 19), "jointly_made": True},
        {"kind": ConsultationKind.THIRD_PARTY, "name": "某建设公司", "sent_on": date(2023, 7, 18),
         "served_on": date(2023, 7, 20)},
    ])
    html = page(client, handler, case)
    # Both deadlines are long past: the joint maker's silence is consent, the company's is not.
    assert html.count("视为同意</span>") == 1
    assert "逾期未答复</span>" in html
    # Per party: an answer form and a form to correct the service date.
    assert html.count('action="/consultations/') == 4
    assert "提交后恢复计时" in html  # conclude_consultation is offered


def test_fee_notice_shows_its_computation(client, case, handler, approver):
    services.submit_reply(case=case, actor=handler, decision="unavailable.not_held", text="x")
    services.reject_reply(case=case, actor=approver, comment="补充")
    services.request_fee(
        case=case, actor=handler, method="per_page", quantity=120, notice_on=date(2023, 7, 20)
    )
    html = page(client, handler, case)
    assert "收费通知" in html and "按量计收，120页" in html and "1100 元" in html


def test_attachments_are_listed_and_downloadable_by_case_staff(client, agency, clerk, dept_a):
    upload = SimpleUploadedFile("申请书.pdf", PDF, content_type="application/pdf")
    case = make_case(agency, clerk, files_by_kind={"application": [upload]})
    html = page(client, clerk, case)
    attachment = case.attachments.get()
    url = f"/cases/{case.pk}/attachments/{attachment.pk}/"
    assert url in html and "申请书扫描件" in html
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    client.force_login(dept_a)
    assert client.get(url).status_code == 404
    assert client.get(f"/cases/{case.pk}/attachments/999999/").status_code == 404


def test_wrong_method(client, case, handler):
    client.force_login(handler)
    assert client.post(f"/cases/{case.pk}/").status_code == 405
