"""Fees by the rules of 国办函〔2020〕109号: a notice only while the reply period runs, one
method per application, request_fee wherever the law allows it, per-piece counted from the
register, and the notice says how to pay (the agency's settings)."""

from datetime import date

import pytest

from rules.states import Status
from tests.cases.helpers import PERSON, make_case
from workflow import services
from workflow.models import FeeNotice

pytestmark = pytest.mark.django_db


def fire(api, case, name, payload=None):
    return api.post(f"/api/v1/cases/{case.pk}/transitions/{name}/", payload or {}, format="json")


def request_fee(api, case, **payload):
    body = {"method": "per_page", "quantity": 50, "notice_on": "2023-07-20", **payload}
    return fire(api, case, "request_fee", body)


@pytest.fixture
def case(agency, clerk):
    return make_case(agency, clerk)  # received Fri 2023-07-14, reply due Fri 2023-08-11


def test_no_notice_once_the_reply_period_is_over(api_as, case, handler):
    response = request_fee(api_as(handler), case, notice_on="2023-08-14")
    assert response.status_code == 409
    assert response.json()["detail"] == "答复期限（2023年8月11日）已过，不能再发出收费通知。"
    assert not FeeNotice.objects.exists()
    assert request_fee(api_as(handler), case, notice_on="2023-08-11").status_code == 200


def test_one_method_per_application(api_as, case, handler, clerk):
    assert request_fee(api_as(handler), case).status_code == 200
    fire(api_as(clerk), case, "receive_payment", {"paid_on": "2023-07-24"})
    other = request_fee(api_as(handler), case, method="per_piece", quantity=12,
                        override_reason="核实为同一申请人", notice_on="2023-07-25")
    assert other.status_code == 409
    assert other.json()["detail"] == (
        "本申请已按“按量计收”发出收费通知，同一申请只能采用一种计收方式。"
    )
    assert FeeNotice.objects.count() == 1
    # The same method again (more pages found) stays possible.
    again = request_fee(api_as(handler), case, quantity=40, notice_on="2023-07-25")
    assert again.status_code == 200, again.json()


@pytest.mark.parametrize("setup", ["registered", "assisting", "drafting_after_rejection"])
def test_request_fee_wherever_the_period_runs(api_as, case, handler, approver, department_a,
                                              setup):
    if setup == "assisting":
        services.assign(case=case, actor=handler, assigned_on=date(2023, 7, 17), tasks=[
            {"department": department_a.pk, "instructions": "请检索", "due_on": date(2023, 7, 24)}
        ])
    elif setup == "drafting_after_rejection":
        services.submit_reply(case=case, actor=handler, decision="disclosed", text="x",
                              details={"disclosed_items": ["立项批复"]})
        services.reject_reply(case=case, actor=approver, comment="应先收费")
    response = request_fee(api_as(handler), case)
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == Status.AWAITING_FEE


def test_no_fee_while_consulting(api_as, case, handler):
    services.consult(case=case, actor=handler, parties=[
        {"kind": "agency", "name": "某局", "sent_on": date(2023, 7, 17)}])
    assert request_fee(api_as(handler), case).status_code == 409


def other_month_case(agency, clerk, received_on, **applicant):
    return make_case(agency, clerk, received_on=received_on, applicant={**PERSON, **applicant})


def test_per_piece_counts_the_applicants_applications_this_month(api_as, agency, clerk,
                                                                 handler):
    earlier = [other_month_case(agency, clerk, date(2023, 7, d)) for d in range(3, 14)]  # 11
    other_month_case(agency, clerk, date(2023, 6, 30))  # last month: not counted
    other_month_case(agency, clerk, date(2023, 7, 5), id_type="passport", id_number="E1234567")
    case = make_case(agency, clerk)  # 2023-07-14: the 12th piece this month
    other_month_case(agency, clerk, date(2023, 7, 20))  # later: not before this one
    response = fire(api_as(handler), case, "request_fee",
                    {"method": "per_piece", "notice_on": "2023-07-20"})
    assert response.status_code == 200, response.json()
    notice = response.json()["fee_notices"][0]
    assert notice["quantity"] == 12 and notice["amount"] == 100
    assert [c["number"] for c in notice["counted_cases"]] == (
        [c.number for c in earlier] + [case.number]
    )
    assert notice["override_reason"] == ""
    event = response.json()["events"][-1]["payload"]
    assert event["counted_cases"][-1] == case.number and event["quantity"] == 12


def test_a_different_piece_count_needs_a_reason(api_as, case, handler):
    response = fire(api_as(handler), case, "request_fee",
                    {"method": "per_piece", "quantity": 31, "notice_on": "2023-07-20"})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "override_reason": ["登记簿中申请人本月共1件申请；按31件计收须说明理由。"]
    }
    response = fire(api_as(handler), case, "request_fee",
                    {"method": "per_piece", "quantity": 31, "notice_on": "2023-07-20",
                     "override_reason": "申请人另以传真提交20件，尚未登记"})
    assert response.status_code == 200, response.json()
    notice = response.json()["fee_notices"][0]
    assert notice["quantity"] == 31 and notice["amount"] == 200
    assert notice["override_reason"] == "申请人另以传真提交20件，尚未登记"


def test_the_register_count_alone_may_be_free(api_as, case, handler):
    response = fire(api_as(handler), case, "request_fee",
                    {"method": "per_piece", "notice_on": "2023-07-20"})
    assert response.status_code == 400 and "quantity" in response.json()["errors"]


def test_per_page_needs_pages_and_no_override(api_as, case, handler):
    response = fire(api_as(handler), case, "request_fee",
                    {"method": "per_page", "notice_on": "2023-07-20"})
    assert response.status_code == 400 and "quantity" in response.json()["errors"]
    response = request_fee(api_as(handler), case, override_reason="x")
    assert response.status_code == 400 and "override_reason" in response.json()["errors"]


def test_the_notice_says_how_to_pay(api_as, agency, case, handler):
    agency.fee_payment_channel = "山东省非税收入统一缴款平台"
    agency.fee_payment_account = "郯城县财政局非税收入专户"
    agency.fee_payment_qr_text = "https://pay.example.cn/tc"
    agency.save()
    response = request_fee(api_as(handler), case)
    notice = response.json()["fee_notices"][0]
    assert notice["payment"] == {
        "channel": "山东省非税收入统一缴款平台",
        "account": "郯城县财政局非税收入专户",
        "qr_text": "https://pay.example.cn/tc",
    }
    letter = case.letters.get(kind="fee_notice")
    assert letter.snapshot["fee"]["payment"]["channel"] == "山东省非税收入统一缴款平台"


def test_the_fee_form_shows_the_counted_cases_and_needs_a_reason(client, case, handler):
    client.force_login(handler)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"登记簿统计的申请人本月第1件（{case.number}）" in html
    response = client.post(f"/cases/{case.pk}/actions/request_fee/", {
        "method": "per_piece", "quantity": "31", "notice_on": "2023-07-20"})
    assert response.status_code == 400
    assert "按31件计收须说明理由" in response.content.decode()
    response = client.post(f"/cases/{case.pk}/actions/request_fee/", {
        "method": "per_piece", "quantity": "31", "notice_on": "2023-07-20",
        "override_reason": "另有未登记的传真申请", "served_on": "2023-07-21"})
    assert response.status_code == 302
    notice = FeeNotice.objects.get()
    assert notice.served_on == date(2023, 7, 21) and notice.pay_due == date(2023, 8, 18)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "另有未登记的传真申请" in html and "2023年8月18日" in html


def test_the_fee_form_refuses_a_second_method_once(client, case, handler, clerk):
    services.request_fee(case=case, actor=handler, method="per_page", quantity=50,
                         notice_on=date(2023, 7, 20))
    services.receive_payment(case=case, actor=clerk, paid_on=date(2023, 7, 24))
    client.force_login(handler)
    response = client.post(f"/cases/{case.pk}/actions/request_fee/", {
        "method": "per_piece", "quantity": "12", "notice_on": "2023-07-25",
        "override_reason": "核实"})
    assert response.status_code == 409
    assert response.content.decode().count("本申请已按“按量计收”发出收费通知") == 1
