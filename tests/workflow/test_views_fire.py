"""POST /cases/<id>/actions/<name>/ (workflow:fire): every change of a case from its page,
validated by the API's serializer, done by the API's service."""

import re
from datetime import date

import pytest

from cases.models import Case
from rules.states import Status
from tests.cases.helpers import make_case
from tests.cases.test_views_new import intake_data
from workflow import services
from workflow.models import Event, Task

pytestmark = pytest.mark.django_db


def act(client, case, name, data=None):
    return client.post(f"/cases/{case.pk}/actions/{name}/", data or {})


def status_of(case) -> str:
    return Case.objects.get(pk=case.pk).status


@pytest.fixture
def case(agency, clerk):
    return make_case(agency, clerk)


def assign_rows(department_rows: dict[int, dict], assigned_on="2023-07-17") -> dict:
    """The assign form: one row per department (in the form's order), checked or not."""
    data = {"assigned_on": assigned_on}
    for row, fields in department_rows.items():
        for name, value in fields.items():
            data[f"tasks.{row}.{name}"] = value
    return data


def rows_by_department(client, case) -> dict[str, int]:
    """Row index of each department in the rendered assign form."""
    html = client.get(f"/cases/{case.pk}/").content.decode()
    return {
        name: int(row)
        for row, name in re.findall(r'id="id_assign_tasks\.(\d+)\.department"> <label[^>]*>'
                                    r"交办给([^<]+)</label>", html)
    }


def test_the_whole_lifecycle_through_the_web_forms(
    client, agency, clerk, handler, approver, dept_a, dept_b, department_a, department_b
):
    # The clerk registers through the intake form.
    client.force_login(clerk)
    response = client.post("/cases/new/", intake_data())
    case = Case.objects.get()
    assert response.status_code == 302

    # The handler assigns two departments.
    client.force_login(handler)
    rows = rows_by_department(client, case)
    data = assign_rows({
        rows[department_a.name]: {"department": "on", "instructions": "请检索立项批复",
                                  "due_on": "2023-07-24"},
        rows[department_b.name]: {"department": "on", "instructions": "请检索施工许可",
                                  "due_on": "2023-07-25"},
    })
    assert act(client, case, "assign", data).status_code == 302
    assert status_of(case) == Status.ASSISTING
    tasks = {t.department_id: t for t in Task.objects.filter(case=case)}
    assert tasks[department_b.pk].instructions == "请检索施工许可"

    # Each liaison answers on the task page.
    for liaison, department in ((dept_a, department_a), (dept_b, department_b)):
        client.force_login(liaison)
        response = client.post(f"/tasks/{tasks[department.pk].pk}/", {
            "holds_information": "true" if department == department_a else "false",
            "answer": "经检索", "responded_on": "2023-07-20",
        })
        assert response.status_code == 302, response.content.decode()

    # The handler submits a reply; the approver sends it back, then signs the second draft.
    client.force_login(handler)
    reply = {"decision": "disclosed", "text": "予以公开", "disclosed_items": "立项批复\n\n概算批复"}
    assert act(client, case, "submit_reply", reply).status_code == 302
    assert Case.objects.get(pk=case.pk).decision_details["disclosed_items"] == [
        "立项批复", "概算批复"
    ]
    client.force_login(approver)
    assert act(client, case, "reject_reply", {"comment": "请补充文号"}).status_code == 302
    assert status_of(case) == Status.DRAFTING
    client.force_login(handler)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "概算批复</textarea>" in page  # the rejected draft is the starting point
    assert act(client, case, "submit_reply", reply).status_code == 302
    client.force_login(approver)
    response = act(client, case, "approve_reply", {"issued_on": "2023-08-01"})
    assert response.status_code == 302
    assert "已完成：签发答复。" in client.get(response.url).content.decode()
    assert status_of(case) == Status.REPLIED

    # The clerk records the delivery and archives.
    client.force_login(clerk)
    assert act(client, case, "record_delivery", {
        "method": "mail", "delivered_on": "2023-08-02", "tracking_number": "1100123456789",
    }).status_code == 302
    assert act(client, case, "archive").status_code == 302
    assert status_of(case) == Status.ARCHIVED
    assert list(Event.objects.filter(case=case).order_by("seq").values_list("name", flat=True)) == [
        "register", "assign", "respond_task", "respond_task", "submit_reply", "reject_reply",
        "submit_reply", "approve_reply", "record_delivery", "archive",
        "build_case_file",  # after the archive commit
    ]
    # An archived case offers nothing more.
    assert "<details class=\"action" not in client.get(f"/cases/{case.pk}/").content.decode()


def test_get_is_not_allowed(client, case, handler):
    client.force_login(handler)
    # A refresh or a login's `next` goes back to the case page, never a bare 405.
    response = client.get(f"/cases/{case.pk}/actions/withdraw/")
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/"


def test_outsider_and_liaison_get_404(client, case, outsider, dept_a):
    for user in (outsider, dept_a):
        client.force_login(user)
        assert act(client, case, "withdraw", {"reason": "x"}).status_code == 404
    assert status_of(case) == Status.REGISTERED


@pytest.mark.parametrize("who,name", [
    ("auditor", "withdraw"), ("approver", "assign"), ("clerk", "submit_reply"),
    ("handler", "extend"),
])
def test_a_role_without_the_right_gets_403(client, request, case, who, name):
    client.force_login(request.getfixturevalue(who))
    assert act(client, case, name, {"reason": "x"}).status_code == 403
    assert status_of(case) == Status.REGISTERED


def test_unknown_action_is_404(client, case, handler):
    client.force_login(handler)
    assert act(client, case, "teleport").status_code == 404


def test_a_bad_form_keeps_the_typed_values_and_names_the_field(client, case, approver):
    client.force_login(approver)
    response = act(client, case, "extend", {
        "working_days": "25", "reason": "需调取档案", "decided_on": "2023-08-01",
    })
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_extend_working_days_error"' in html
    assert "延长期限应为1至20个工作日" in html
    assert re.search(r'aria-describedby="[^"]*id_extend_working_days_error', html)
    assert 'value="25"' in html and "需调取档案</textarea>" in html
    assert '<details class="action" id="action-extend" open>' in html
    assert Case.objects.get(pk=case.pk).extension_working_days == 0


def test_service_errors_land_on_their_field(client, case, handler):
    client.force_login(handler)
    response = act(client, case, "request_correction", {
        "items": "请写明文件名称", "correction_due": "2023-07-10", "notice_on": "2023-07-17",
    })
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_request_correction_correction_due_error"' in html
    assert "请写明文件名称</textarea>" in html


def test_assign_errors_point_at_the_department_row(client, case, handler, department_a,
                                                   department_b):
    client.force_login(handler)
    rows = rows_by_department(client, case)
    row_b = rows[department_b.name]
    response = act(client, case, "assign", assign_rows({
        row_b: {"department": "on", "instructions": "请检索", "due_on": "2023-07-01"},
    }))
    assert response.status_code == 400
    assert f'id="id_assign_tasks.{row_b}.due_on_error"' in response.content.decode()
    empty = act(client, case, "assign", assign_rows({}))
    assert empty.status_code == 400
    html = empty.content.decode()
    form = html[html.index('id="action-assign" open>'):html.index("</details>", html.index(
        'id="action-assign"'))]
    assert "请至少勾选一个部门" in form  # said on the form itself
    assert not Task.objects.exists()


def test_consult_ignores_empty_rows(client, case, handler):
    client.force_login(handler)
    response = act(client, case, "consult", {
        "parties.0.kind": "third_party", "parties.0.name": "", "parties.0.address": "",
        "parties.0.sent_on": "2023-07-18",
        "parties.1.kind": "agency", "parties.1.name": "县发展和改革局",
        "parties.1.sent_on": "2023-07-18",
    })
    assert response.status_code == 302
    case.refresh_from_db()
    assert [c.name for c in case.consultations.all()] == ["县发展和改革局"]


def test_submit_reply_errors_name_the_missing_part(client, case, handler):
    client.force_login(handler)
    response = act(client, case, "submit_reply", {
        "decision": "unavailable.other_agency", "text": "非本机关负责公开",
        "referral_contact": "0539-1234567",
    })
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_submit_reply_referral_agency_error"' in html
    assert 'value="0539-1234567"' in html


def test_a_second_submit_gets_a_clear_409(client, case, handler, approver):
    client.force_login(handler)
    act(client, case, "submit_reply", {"decision": "unavailable.not_held", "text": "不存在"})
    client.force_login(approver)
    assert act(client, case, "approve_reply", {"issued_on": "2023-08-01"}).status_code == 302
    again = act(client, case, "approve_reply", {"issued_on": "2023-08-01"})
    assert again.status_code == 409
    html = again.content.decode()
    assert 'role="alert"' in html and "不能执行此操作" in html and "已答复" in html


def test_a_guard_409_keeps_the_form_and_its_values(client, case, handler, clerk):
    services.request_fee(case=case, actor=handler, method="per_page", quantity=50,
                         notice_on=date(2023, 7, 20))
    services.receive_payment(case=case, actor=clerk, paid_on=date(2023, 7, 24))
    client.force_login(handler)
    response = act(client, case, "request_fee", {
        "method": "per_piece", "quantity": "12", "notice_on": "2023-07-25",
        "override_reason": "申请人另以传真提交",
    })
    assert response.status_code == 409
    html = response.content.decode()
    assert html.count("同一申请只能采用一种计收方式。</li>") == 1
    assert "申请人另以传真提交</textarea>" in html
    assert status_of(case) == Status.DRAFTING


def test_a_409_for_a_form_no_longer_offered_is_shown_once(client, case, handler):
    client.force_login(handler)
    # 7 working days after 2023-07-14 is 2023-07-25: a notice on the 26th is too late, and
    # the window has long closed, so the form is not offered any more.
    response = act(client, case, "request_correction", {
        "items": "请补充文件名称", "correction_due": "2023-08-10", "notice_on": "2023-07-26",
    })
    assert response.status_code == 409
    html = response.content.decode()
    assert html.count("已超过期限") == 1 and 'id="action-request_correction"' not in html
    assert status_of(case) == Status.REGISTERED


def test_csrf_is_enforced(case, handler):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(handler)
    assert act(client, case, "withdraw", {"reason": "x"}).status_code == 403
    assert status_of(case) == Status.REGISTERED


def test_every_transition_has_a_form():
    from workflow.actions import transition_actions
    from workflow.forms import ActionForm
    from workflow.machine import TRANSITION_NAMES

    assert [a.name for a in transition_actions()] == list(TRANSITION_NAMES)
    assert all(issubclass(a.form, ActionForm) for a in transition_actions())


def test_correction_and_fee_round_trips_through_the_forms(client, case, clerk, handler, approver):
    client.force_login(handler)
    assert act(client, case, "request_correction", {
        "items": "请写明文件名称", "correction_due": "2023-08-04", "notice_on": "2023-07-18",
    }).status_code == 302
    assert "答复期限停止计算" in client.get(f"/cases/{case.pk}/").content.decode()
    client.force_login(clerk)
    assert act(client, case, "receive_correction", {
        "received_on": "2023-07-28", "description": "",
    }).status_code == 302
    fresh = Case.objects.get(pk=case.pk)
    assert str(fresh.received_on) == "2023-07-28" and "道路改造" in fresh.description
    client.force_login(handler)
    act(client, case, "submit_reply", {"decision": "unavailable.not_held", "text": "不存在"})
    client.force_login(approver)
    act(client, case, "reject_reply", {"comment": "先收费"})
    client.force_login(handler)
    assert act(client, case, "request_fee", {
        "method": "per_page", "quantity": "120", "notice_on": "2023-08-01",
    }).status_code == 302
    client.force_login(clerk)
    assert act(client, case, "receive_payment", {"paid_on": "2023-08-03"}).status_code == 302
    assert status_of(case) == Status.DRAFTING
