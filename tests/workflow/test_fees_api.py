"""Fees (Art. 42, 国办函〔2020〕109号) through the transitions API: request_fee computes the
amount, the clock pauses from notice to payment, receive_payment and lapse_fee."""

import pytest
from django.utils import timezone

from cases.models import Case
from rules.states import Status
from tests.cases.helpers import make_case
from workflow import services
from workflow.models import FeeNotice

pytestmark = pytest.mark.django_db


def fire(api, case, name, payload=None):
    return api.post(f"/api/v1/cases/{case.pk}/transitions/{name}/", payload or {}, format="json")


@pytest.fixture
def case(agency, clerk, handler, approver):
    """A case in drafting (submitted, then sent back by the approver)."""
    case = make_case(agency, clerk)  # received Fri 2023-07-14, due Fri 2023-08-11
    services.submit_reply(case=case, actor=handler, decision="unavailable.not_held", text="x")
    services.reject_reply(case=case, actor=approver, comment="需收取信息处理费后提供")
    assert Case.objects.get(pk=case.pk).status == Status.DRAFTING
    return case


REASON = "经核实，申请人以多个账号提交申请，本月实际件数多于登记簿所记"


def request_fee(api, case, method, quantity, notice_on="2023-07-20", **extra):
    if method == "per_piece" and quantity != 1:
        extra.setdefault("override_reason", REASON)  # the register counts only this case
    return fire(api, case, "request_fee",
                {"method": method, "quantity": quantity, "notice_on": notice_on, **extra})


@pytest.mark.parametrize(
    "quantity,amount",
    [
        (31, 10),  # 1 page at 10元
        (100, 700),  # 70 × 10
        (101, 720),  # 700 + 1 × 20
        (200, 2700),  # 700 + 100 × 20
        (201, 2740),  # 2700 + 1 × 40
    ],
)
def test_per_page_amounts_are_progressive(api_as, case, handler, quantity, amount):
    response = request_fee(api_as(handler), case, "per_page", quantity)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == Status.AWAITING_FEE
    notice = body["fee_notices"][0]
    assert notice["method"] == "per_page" and notice["quantity"] == quantity
    assert notice["amount"] == amount
    assert f"合计{amount}元" in notice["computation"]
    # Served on a day not yet known: no payment deadline yet (it runs from the receipt).
    assert notice["notice_on"] == "2023-07-20" and notice["served_on"] is None
    assert notice["pay_due"] is None and notice["paid_on"] is None


@pytest.mark.parametrize(
    "quantity,amount",
    [(11, 100), (30, 100), (31, 200), (40, 200), (41, 300)],
)
def test_per_piece_amounts_follow_the_band_of_this_piece(api_as, case, handler, quantity, amount):
    response = request_fee(api_as(handler), case, "per_piece", quantity)
    assert response.status_code == 200, response.json()
    assert response.json()["fee_notices"][0]["amount"] == amount


@pytest.mark.parametrize("method,quantity", [("per_page", 30), ("per_page", 1),
                                             ("per_piece", 10), ("per_piece", 1)])
def test_a_free_quantity_needs_no_notice(api_as, case, handler, method, quantity):
    response = request_fee(api_as(handler), case, method, quantity)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["quantity"]
    assert Case.objects.get(pk=case.pk).status == Status.DRAFTING
    assert not FeeNotice.objects.exists()


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"method": "per_word", "quantity": 50}, "method"),
        ({"method": "per_page", "quantity": 0}, "quantity"),
        ({"method": "per_page", "quantity": "many"}, "quantity"),
        ({"method": "per_page", "quantity": 50, "notice_on": "2023-07-13"}, "notice_on"),
        ({"method": "per_page", "quantity": 50, "notice_on": "2099-01-01"}, "notice_on"),
        ({"method": "per_page", "quantity": 50, "amount": 1}, "amount"),
    ],
)
def test_a_bad_fee_request_is_400(api_as, case, handler, payload, field):
    response = fire(api_as(handler), case, "request_fee", payload)
    assert response.status_code == 400 and field in response.json()["errors"], response.json()
    assert not FeeNotice.objects.exists()


@pytest.mark.parametrize("who", ["clerk", "approver", "auditor"])
def test_only_handlers_request_fees(api_as, request, case, who):
    response = request_fee(api_as(request.getfixturevalue(who)), case, "per_page", 50)
    assert response.status_code == 403


def test_the_clock_pauses_from_notice_to_payment(api_as, case, handler, clerk):
    request_fee(api_as(handler), case, "per_page", 50)
    early = fire(api_as(clerk), case, "receive_payment", {"paid_on": "2023-07-19"})
    assert early.status_code == 400 and "paid_on" in early.json()["errors"]
    response = fire(api_as(clerk), case, "receive_payment", {"paid_on": "2023-08-03"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == Status.DRAFTING
    assert body["fee_notices"][0]["paid_on"] == "2023-08-03"
    # (07-20, 08-03] = 07-21 (1) + 07-24..28 (5) + 07-31..08-03 (4) = 10 working days;
    # 20 + 10 = 30 working days after 2023-07-14: 08-11 is the 20th, 08-25 the 30th.
    assert body["deadline"]["paused_working_days"] == 10
    assert body["deadline"]["due"] == "2023-08-25"
    assert body["reply_due"] == "2023-08-25"
    assert body["events"][-1]["name"] == "receive_payment"
    assert body["events"][-1]["payload"] == {"paid_on": "2023-08-03", "amount": 200}


@pytest.fixture
def recent(agency, clerk):
    """A case received today, so that a notice dated today is within its reply period."""
    return make_case(agency, clerk, received_on=timezone.localdate())


def test_an_unpaid_notice_pauses_up_to_today(api_as, recent, handler):
    today = timezone.localdate()
    due = recent.reply_due
    response = request_fee(api_as(handler), recent, "per_page", 50, notice_on=today.isoformat())
    assert response.status_code == 200, response.json()
    # Nothing of the pause has elapsed yet: the due date is unchanged.
    assert response.json()["deadline"]["paused_working_days"] == 0
    assert response.json()["reply_due"] == due.isoformat()


def test_lapse_fee_before_the_payment_deadline_is_409(api_as, recent, handler):
    case = recent
    today = timezone.localdate().isoformat()
    request_fee(api_as(handler), case, "per_page", 50, notice_on=today, served_on=today)
    response = fire(api_as(handler), case, "lapse_fee")
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "缴费期限尚未届满（收费通知送达日期未登记的，缴费期限尚未起算），不能按逾期未缴费终止。"
    )
    assert Case.objects.get(pk=case.pk).status == Status.AWAITING_FEE


def test_lapse_fee_after_the_payment_deadline_closes_the_case(api_as, case, handler, clerk):
    # Served the same day: payment due 20 working days after Thu 2023-07-20, Thu 2023-08-17.
    request_fee(api_as(handler), case, "per_page", 50, served_on="2023-07-20")
    assert fire(api_as(clerk), case, "lapse_fee").status_code == 403  # handlers only
    response = fire(api_as(handler), case, "lapse_fee")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == Status.CLOSED
    assert body["decision"] == "other.no_payment"
    assert body["events"][-1]["name"] == "lapse_fee"
    late = fire(api_as(clerk), case, "receive_payment", {"paid_on": "2023-08-03"})
    assert late.status_code == 409


def test_a_fee_may_be_requested_before_drafting(api_as, agency, clerk, handler):
    fresh = make_case(agency, clerk)
    response = request_fee(api_as(handler), fresh, "per_page", 50)
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == Status.AWAITING_FEE


def test_no_fee_while_the_draft_awaits_approval(api_as, agency, clerk, handler):
    pending = make_case(agency, clerk)
    services.submit_reply(case=pending, actor=handler, decision="unavailable.not_held", text="x")
    response = request_fee(api_as(handler), pending, "per_page", 50)
    assert response.status_code == 409
    assert response.json()["detail"] == "案件当前状态为“待审批”，不能执行此操作。"


def test_drafting_reached_through_a_consultation(api_as, agency, clerk, handler):
    case = make_case(agency, clerk)
    fire(api_as(handler), case, "consult",
         {"parties": [{"kind": "agency", "name": "某局", "sent_on": "2023-07-17",
                       "served_on": "2023-07-18"}]})
    assert fire(api_as(handler), case, "conclude_consultation").status_code == 200
    response = request_fee(api_as(handler), case, "per_page", 31, notice_on="2023-08-10")
    assert response.status_code == 200, response.json()
    assert response.json()["fee_notices"][0]["amount"] == 10
    assert response.json()["fee_notices"][0]["computation"] == (
        "按量收费：共31页；1—30页免费；31—100页1页×10元=10元；合计10元。"
    )
