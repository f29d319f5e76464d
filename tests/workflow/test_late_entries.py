"""After-the-fact entries (补录) and late replies (逾期答复), through the API, the web forms, the
case file's audit trail, the auditor's search, the dashboard and the annual report.

"Today" is fixed at Monday 21 August 2023; the case was received on 14 July 2023 and is due
on 11 August 2023 (20 working days). The real limit of 3 working days applies here (the rest
of the suite records its long-past dates with the limit lifted, config/test_settings.py).
"""

import io
from datetime import date, datetime

import pytest
from django.test import override_settings
from django.utils import timezone
from pypdf import PdfReader

from cases.models import Case
from letters.bundle.pages import case_file_fonts, trail_pages
from reports.annual import compute_annual_report
from reports.dashboard import operations_dashboard
from tests.cases.helpers import make_case
from workflow import services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("limit_of_three")]

TODAY = date(2023, 8, 21)
_real_localdate = timezone.localdate


@pytest.fixture
def limit_of_three():
    with override_settings(LATE_ENTRY_WORKING_DAYS=3):
        yield


@pytest.fixture(autouse=True)
def today(monkeypatch):
    def localdate(value=None, timezone=None):
        return TODAY if value is None else _real_localdate(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


@pytest.fixture
def case(agency, clerk):
    return make_case(agency, clerk)


def fire(api, case, name, payload):
    return api.post(f"/api/v1/cases/{case.pk}/transitions/{name}/", payload, format="json")


def assign_payload(department, assigned_on: str, **extra) -> dict:
    return {
        "assigned_on": assigned_on,
        "tasks": [{"department": department.pk, "instructions": "检索", "due_on": "2023-08-25"}],
        **extra,
    }


def replied(case, handler, approver, **approve):
    services.submit_reply(
        case=case, actor=handler, decision="unavailable.not_held", text="经检索不掌握。"
    )
    return services.approve_reply(case=case, actor=approver, **approve)


# -- the API -----------------------------------------------------------------------------------


def test_an_act_dated_more_than_three_working_days_back_needs_a_reason(
    api_as, case, handler, department_a
):
    # Wednesday 16 August: Thu, Fri, Mon = 3 working days before today, not a late entry.
    on_time = fire(api_as(handler), case, "assign", assign_payload(department_a, "2023-08-16"))
    assert on_time.status_code == 200, on_time.json()
    assert "late_entry" not in on_time.json()["events"][-1]["payload"]


def test_a_late_entry_without_its_reason_is_a_400_naming_the_field(
    api_as, case, handler, department_a
):
    # Tuesday 15 August: 4 working days back.
    response = fire(api_as(handler), case, "assign", assign_payload(department_a, "2023-08-15"))
    assert response.status_code == 400
    assert "补录" in response.json()["errors"]["late_entry_reason"][0]
    assert Case.objects.get(pk=case.pk).status == "registered"


def test_a_late_entry_with_its_reason_is_recorded_and_marked(
    api_as, case, handler, department_a
):
    response = fire(
        api_as(handler),
        case,
        "assign",
        assign_payload(department_a, "2023-07-17", late_entry_reason="纸质交办单补录"),
    )
    assert response.status_code == 200, response.json()
    payload = response.json()["events"][-1]["payload"]
    assert payload["late_entry"] is True
    assert payload["late_entry_reason"] == "纸质交办单补录"
    assert payload["act_on"] == "2023-07-17"


def test_the_case_list_filters_late_entries(api_as, case, agency, clerk, handler, department_a):
    other = make_case(agency, clerk)
    fire(
        api_as(handler),
        case,
        "assign",
        assign_payload(department_a, "2023-07-17", late_entry_reason="补录"),
    )
    listed = api_as(handler).get("/api/v1/cases/", {"late_entry": "true"}).json()["results"]
    assert [c["id"] for c in listed] == [case.pk]
    every = api_as(handler).get("/api/v1/cases/", {"late_entry": "false"}).json()["results"]
    assert {c["id"] for c in every} == {case.pk, other.pk}


def test_an_extension_after_the_due_date_is_refused(api_as, case, approver):
    response = fire(
        api_as(approver),
        case,
        "extend",
        {"working_days": 5, "reason": "调档", "decided_on": "2023-08-14",
         "late_entry_reason": "补录"},
    )
    assert response.status_code == 409


def test_an_extension_dated_in_time_entered_after_the_due_date_is_a_late_entry(
    api_as, case, approver
):
    # 10 August is only 7 working days back, but the deadline (11 August) has passed since.
    data = {"working_days": 5, "reason": "调档", "decided_on": "2023-08-10"}
    with override_settings(LATE_ENTRY_WORKING_DAYS=30):
        refused = fire(api_as(approver), case, "extend", data)
        assert refused.status_code == 400
        assert "2023年8月11日" in refused.json()["errors"]["late_entry_reason"][0]
        ok = fire(api_as(approver), case, "extend", {**data, "late_entry_reason": "纸质审批单"})
    assert ok.status_code == 200, ok.json()
    assert ok.json()["events"][-1]["payload"]["late_entry"] is True


def test_a_reply_after_the_due_date_needs_late_reason(api_as, case, handler, approver):
    services.submit_reply(
        case=case, actor=handler, decision="unavailable.not_held", text="经检索不掌握。"
    )
    refused = fire(api_as(approver), case, "approve_reply", {"issued_on": "2023-08-21"})
    assert refused.status_code == 400
    assert "逾期" in refused.json()["errors"]["late_reason"][0]
    ok = fire(
        api_as(approver),
        case,
        "approve_reply",
        {"issued_on": "2023-08-21", "late_reason": "协办部门逾期答复"},
    )
    assert ok.status_code == 200, ok.json()
    body = ok.json()
    assert body["replied_late"] is True and body["late_reason"] == "协办部门逾期答复"
    assert body["events"][-1]["payload"]["replied_late"] is True
    listed = api_as(approver).get("/api/v1/cases/").json()["results"]
    assert listed[0]["replied_late"] is True
    only_late = api_as(approver).get("/api/v1/cases/", {"replied_late": "true"}).json()
    assert only_late["count"] == 1


def test_a_reply_in_time_is_not_late(api_as, case, handler, approver):
    replied(case, handler, approver, issued_on=date(2023, 8, 11), late_entry_reason="补录")
    body = api_as(approver).get(f"/api/v1/cases/{case.pk}/").json()
    assert body["replied_late"] is False and body["late_reason"] == ""


# -- the web forms -----------------------------------------------------------------------------


def test_the_web_form_shows_the_missing_reason_next_to_its_field(client, case, approver):
    client.force_login(approver)
    data = {"working_days": "5", "reason": "调档", "decided_on": "2023-08-10"}
    response = client.post(f"/cases/{case.pk}/actions/extend/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'name="late_entry_reason"' in html and "属于补录" in html
    response = client.post(
        f"/cases/{case.pk}/actions/extend/", {**data, "late_entry_reason": "纸质审批单补录"}
    )
    assert response.status_code == 302
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "补录</span>" in page and "纸质审批单补录" in page


def test_the_web_approval_asks_for_the_late_reason_and_the_case_shows_it(
    client, case, handler, approver
):
    services.submit_reply(
        case=case, actor=handler, decision="unavailable.not_held", text="经检索不掌握。"
    )
    client.force_login(approver)
    response = client.post(f"/cases/{case.pk}/actions/approve_reply/", {"issued_on": "2023-08-21"})
    assert response.status_code == 400
    assert 'name="late_reason"' in response.content.decode()
    response = client.post(
        f"/cases/{case.pk}/actions/approve_reply/",
        {"issued_on": "2023-08-21", "late_reason": "协办部门逾期答复"},
    )
    assert response.status_code == 302
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "逾期答复" in page and "协办部门逾期答复" in page
    listing = client.get("/cases/").content.decode()
    assert "逾期答复" in listing


def test_a_department_answer_entered_late_needs_its_reason(
    client, case, handler, dept_a, department_a
):
    services.assign(
        case=case,
        actor=handler,
        assigned_on=date(2023, 8, 1),
        late_entry_reason="补录",
        tasks=[{"department": department_a.pk, "instructions": "检索", "due_on": date(2023, 8, 8)}],
    )
    task = case.tasks.get()
    client.force_login(dept_a)
    data = {"holds_information": "false", "answer": "未掌握", "responded_on": "2023-08-07"}
    response = client.post(f"/tasks/{task.pk}/", data)
    assert response.status_code == 400 and "属于补录" in response.content.decode()
    response = client.post(f"/tasks/{task.pk}/", {**data, "late_entry_reason": "纸质回函"})
    assert response.status_code == 302


# -- oversight ---------------------------------------------------------------------------------


def test_the_auditor_search_filters_late_entries(client, case, agency, clerk, auditor, approver):
    make_case(agency, clerk, received_on=date(2023, 8, 18))
    services.withdraw(
        case=case, actor=clerk, reason="撤回", withdrawn_on=date(2023, 8, 1),
        late_entry_reason="申请人书面撤回，纸质登记",
    )
    client.force_login(auditor)
    html = client.get("/audit/", {"late_entry": "on"}).content.decode()
    assert case.number in html and "共 1 件" in html


def test_the_case_file_trail_marks_late_entries(case, clerk):
    services.withdraw(
        case=case, actor=clerk, reason="撤回", withdrawn_on=date(2023, 8, 1),
        late_entry_reason="纸质撤回申请补录",
    )
    pdf = trail_pages(list(case.events.all()), case_file_fonts())
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")
    assert "申请人撤回（补录）" in text and "补录原因：纸质撤回申请补录" in text


def test_the_dashboard_counts_late_entries_per_month_and_late_replies(
    monkeypatch, agency, case, clerk, handler, approver
):
    entered = timezone.make_aware(datetime(2023, 8, 21, 10, 0))
    monkeypatch.setattr("django.utils.timezone.now", lambda: entered)
    replied(case, handler, approver, issued_on=date(2023, 8, 15), late_reason="协办逾期",
            late_entry_reason="纸质签发稿补录")
    board = operations_dashboard(agency=agency)
    assert board.late_replies == 1
    assert board.late_entries_by_month[7] == {"month": 8, "count": 1}
    assert sum(m["count"] for m in board.late_entries_by_month) == 1


def test_the_annual_report_counts_late_replies(api_as, auditor, case, handler, approver):
    replied(case, handler, approver, issued_on=date(2023, 8, 15), late_reason="协办逾期",
            late_entry_reason="纸质签发稿补录")
    assert compute_annual_report(year=2023, agency=case.agency).late_replies == 1
    body = api_as(auditor).get("/api/v1/reports/annual/", {"year": 2023}).json()
    assert body["late_replies"] == 1
