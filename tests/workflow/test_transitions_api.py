"""Every transition through the API: the allowed role, a forbidden role (403), a wrong state
(409) and a bad payload (400 naming the field)."""

from datetime import date

import pytest

from cases.models import Case
from rules.states import Status
from tests.cases.helpers import make_case
from workflow.models import Event

pytestmark = pytest.mark.django_db


def fire(api, case, name, payload=None):
    return api.post(f"/api/v1/cases/{case.pk}/transitions/{name}/", payload or {}, format="json")


def status_of(case):
    return Case.objects.get(pk=case.pk).status


@pytest.fixture
def case(agency, clerk):
    return make_case(agency, clerk)


@pytest.fixture
def walk(api_as, case, handler, approver, clerk, dept_a, department_a):
    """Helpers that take the case to a state through the API itself."""

    class Walk:
        def assign(self):
            r = fire(
                api_as(handler),
                case,
                "assign",
                {
                    "assigned_on": "2023-07-17",
                    "tasks": [
                        {
                            "department": department_a.pk,
                            "instructions": "请检索立项批复",
                            "due_on": "2023-07-24",
                        }
                    ],
                },
            )
            assert r.status_code == 200, r.json()
            return r.json()["tasks"][0]["id"]

        def answer_task(self, task_id):
            r = api_as(dept_a).post(
                f"/api/v1/tasks/{task_id}/respond/",
                {
                    "holds_information": True,
                    "answer": "我局保存有该批复",
                    "responded_on": "2023-07-20",
                },
                format="json",
            )
            assert r.status_code == 200, r.json()

        def submit(self, decision="disclosed", **extra):
            payload = {"decision": decision, "text": "予以公开", "disclosed_items": ["立项批复"]}
            payload.update(extra)
            r = fire(api_as(handler), case, "submit_reply", payload)
            assert r.status_code == 200, r.json()

        def approve(self):
            r = fire(api_as(approver), case, "approve_reply", {"issued_on": "2023-08-01"})
            assert r.status_code == 200, r.json()

        def deliver(self):
            r = fire(
                api_as(clerk),
                case,
                "record_delivery",
                {
                    "method": "mail",
                    "delivered_on": "2023-08-02",
                    "tracking_number": "1100123456789",
                },
            )
            assert r.status_code == 200, r.json()

    return Walk()


def test_happy_path_register_assign_answer_submit_approve_deliver_archive(
    api_as, case, walk, clerk
):
    task_id = walk.assign()
    assert status_of(case) == Status.ASSISTING
    walk.answer_task(task_id)
    walk.submit()
    assert status_of(case) == Status.PENDING_APPROVAL
    walk.approve()
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.status == Status.REPLIED and fresh.replied_on == date(2023, 8, 1)
    walk.deliver()
    response = fire(api_as(clerk), case, "archive")
    assert response.status_code == 200
    assert response.json()["status"] == "archived"
    names = [e["name"] for e in response.json()["events"]]
    assert names == [
        "register",
        "assign",
        "respond_task",
        "submit_reply",
        "approve_reply",
        "record_delivery",
        "archive",
        "build_case_file",  # after the archive commit (eagerly, without a broker)
    ]


def test_transitions_listed_are_those_the_user_may_fire(api_as, case, handler, approver, clerk):
    assert set(api_as(handler).get(f"/api/v1/cases/{case.pk}/").json()["transitions"]) == {
        "request_correction",
        "assign",
        "consult",
        "request_fee",
        "reply_on_the_spot",
        "request_reasons",
        "submit_reply",
        "withdraw",
    }
    assert set(api_as(clerk).get(f"/api/v1/cases/{case.pk}/").json()["transitions"]) == {
        "request_correction",
        "withdraw",
    }
    assert api_as(approver).get(f"/api/v1/cases/{case.pk}/").json()["transitions"] == ["extend"]


@pytest.mark.parametrize(
    "name,who,payload",
    [
        (
            "assign",
            "clerk",
            {"tasks": [{"department": 1, "instructions": "x", "due_on": "2023-07-20"}]},
        ),
        (
            "submit_reply",
            "approver",
            {"decision": "disclosed", "text": "x", "disclosed_items": ["a"]},
        ),
        ("consult", "clerk", {"parties": [{"kind": "third_party", "name": "某公司"}]}),
        ("extend", "handler", {"working_days": 5, "reason": "x"}),
        ("withdraw", "approver", {"reason": "x"}),
        (
            "request_correction",
            "approver",
            {"items": "x", "correction_due": "2023-07-30", "notice_on": "2023-07-17"},
        ),
        ("assign", "auditor", {"tasks": []}),
        ("assign", "dept_a", {"tasks": []}),
    ],
)
def test_forbidden_roles_get_403_or_404(api_as, case, request, name, who, payload):
    user = request.getfixturevalue(who)
    response = fire(api_as(user), case, name, payload)
    # Department liaisons cannot even see the case: 404, never a hint that it exists.
    assert response.status_code == (404 if who == "dept_a" else 403), response.json()
    assert status_of(case) == Status.REGISTERED


def test_outsider_gets_404(api_as, case, outsider):
    assert api_as(outsider).get(f"/api/v1/cases/{case.pk}/").status_code == 404
    assert fire(api_as(outsider), case, "withdraw", {"reason": "x"}).status_code == 404


@pytest.mark.parametrize(
    "name,who,payload",
    [
        ("approve_reply", "approver", {}),
        ("reject_reply", "approver", {"comment": "重写"}),
        ("conclude_consultation", "handler", {}),
        ("receive_payment", "clerk", {"paid_on": "2023-07-20"}),
        ("record_delivery", "clerk", {"method": "in_person", "delivered_on": "2023-07-20"}),
        ("archive", "clerk", {}),
        ("receive_correction", "clerk", {"received_on": "2023-07-20"}),
        ("request_fee", "handler", {"method": "per_page", "quantity": 50}),
    ],
)
def test_wrong_state_is_409(api_as, case, request, name, who, payload):
    response = fire(api_as(request.getfixturevalue(who)), case, name, payload)
    assert response.status_code == 409, response.json()
    assert "detail" in response.json()


@pytest.mark.parametrize(
    "name,payload,field",
    [
        ("assign", {"tasks": []}, "tasks"),
        (
            "assign",
            {"tasks": [{"department": 999999, "instructions": "x", "due_on": "2023-07-20"}]},
            "tasks.0.department",
        ),
        ("assign", {"assigned_on": "2023-02-30", "tasks": []}, "assigned_on"),
        ("submit_reply", {"decision": "disclosed", "text": "x"}, "disclosed_items"),
        (
            "submit_reply",
            {"decision": "partially_disclosed", "text": "x", "disclosed_items": ["a"]},
            "withheld",
        ),
        ("submit_reply", {"decision": "withheld.state_secret", "text": "x"}, "withheld"),
        ("submit_reply", {"decision": "unavailable.other_agency", "text": "x"}, "referral.agency"),
        ("submit_reply", {"decision": "not_processed.petition", "text": "x"}, "channel"),
        ("submit_reply", {"decision": "other.withdrawn", "text": "x"}, "decision"),
        (
            "submit_reply",
            {"decision": "disclosed", "text": "x", "disclosed_items": ["a"], "surprise": 1},
            "surprise",
        ),
        ("consult", {"parties": [{"kind": "friend", "name": "x"}]}, "parties.0.kind"),
        (
            "consult",
            {"parties": [{"kind": "agency", "name": "x", "sent_on": "2099-01-01"}]},
            "parties.0.sent_on",
        ),
        (
            "request_correction",
            {"items": "x", "correction_due": "2023-07-10", "notice_on": "2023-07-17"},
            "correction_due",
        ),
        (
            "request_correction",
            {"items": "x", "correction_due": "2023-07-30", "notice_on": "2023-07-01"},
            "notice_on",
        ),
        ("withdraw", {}, "reason"),
    ],
)
def test_bad_payload_is_400_naming_the_field(api_as, case, handler, name, payload, field):
    response = fire(api_as(handler), case, name, payload)
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"], response.json()
    assert status_of(case) == Status.REGISTERED
    assert Event.objects.filter(case=case).count() == 1


def test_malformed_json_on_a_transition_is_400(api_as, case, handler):
    response = api_as(handler).post(
        f"/api/v1/cases/{case.pk}/transitions/withdraw/", data="{", content_type="application/json"
    )
    assert response.status_code == 400


def test_unknown_transition_is_404(api_as, case, handler):
    assert fire(api_as(handler), case, "teleport").status_code == 404


def test_correction_restarts_the_clock(api_as, case, handler, clerk):
    response = fire(
        api_as(handler),
        case,
        "request_correction",
        {
            "items": "请补充文件名称",
            "correction_due": "2023-08-04",
            "notice_on": "2023-07-18",
        },
    )
    assert response.status_code == 200
    assert response.json()["status"] == "awaiting_correction"
    assert response.json()["reply_due"] is None  # the clock is stopped
    # One-time: a second notice is refused.
    response = fire(
        api_as(clerk),
        case,
        "receive_correction",
        {"received_on": "2023-07-28", "description": "补正后的描述"},
    )
    body = response.json()
    assert body["status"] == "registered"
    assert body["received_on"] == "2023-07-28"
    assert body["first_received_on"] == "2023-07-14"
    # 20 working days after 2023-07-28 is 2023-08-25.
    assert body["reply_due"] == "2023-08-25"
    again = fire(
        api_as(handler),
        case,
        "request_correction",
        {
            "items": "x",
            "correction_due": "2023-08-10",
            "notice_on": "2023-07-31",
        },
    )
    assert again.status_code == 409


def test_correction_notice_after_seven_working_days_is_409(api_as, case, handler):
    # 7 working days after 2023-07-14 is 2023-07-25.
    late = fire(
        api_as(handler),
        case,
        "request_correction",
        {
            "items": "x",
            "correction_due": "2023-08-10",
            "notice_on": "2023-07-26",
        },
    )
    assert late.status_code == 409
    ok = fire(
        api_as(handler),
        case,
        "request_correction",
        {
            "items": "x",
            "correction_due": "2023-08-10",
            "notice_on": "2023-07-25",
        },
    )
    assert ok.status_code == 200


def test_lapse_correction_closes_with_its_code(api_as, case, handler):
    fire(
        api_as(handler),
        case,
        "request_correction",
        {
            "items": "x",
            "correction_due": "2023-08-04",
            "notice_on": "2023-07-18",
        },
    )
    response = fire(api_as(handler), case, "lapse_correction")
    assert response.status_code == 200
    assert response.json()["status"] == "closed"
    assert response.json()["decision"] == "other.no_correction"


def test_submit_needs_answered_tasks(api_as, case, walk, handler):
    task_id = walk.assign()
    blocked = fire(
        api_as(handler),
        case,
        "submit_reply",
        {"decision": "unavailable.not_held", "text": "经检索不存在"},
    )
    assert blocked.status_code == 409
    walk.answer_task(task_id)
    walk.submit("unavailable.not_held")


def test_approver_cannot_approve_own_draft(api_as, case, agency, approver):
    from agencies.models import Role
    from tests.factories import make_member

    both = make_member("chief", Role.HANDLER, agency)
    both.groups.add(*approver.groups.all())
    both = type(both).objects.get(pk=both.pk)
    assert (
        fire(
            api_as(both), case, "submit_reply", {"decision": "unavailable.not_held", "text": "x"}
        ).status_code
        == 200
    )
    assert fire(api_as(both), case, "approve_reply", {"issued_on": "2023-08-01"}).status_code == 403
    assert (
        fire(api_as(approver), case, "approve_reply", {"issued_on": "2023-08-01"}).status_code
        == 200
    )


def test_reject_needs_a_comment_then_goes_back_to_drafting(api_as, case, walk, approver):
    walk.submit("unavailable.not_held")
    no_comment = fire(api_as(approver), case, "reject_reply", {"comment": ""})
    assert no_comment.status_code == 400 and "comment" in no_comment.json()["errors"]
    response = fire(api_as(approver), case, "reject_reply", {"comment": "请补充检索过程"})
    assert response.json()["status"] == "drafting"
    assert response.json()["events"][-1]["note"] == "请补充检索过程"


def test_extension_once_1_to_20_days_before_due(api_as, case, approver):
    too_many = fire(
        api_as(approver),
        case,
        "extend",
        {"working_days": 21, "reason": "x", "decided_on": "2023-08-01"},
    )
    assert too_many.status_code == 400 and "working_days" in too_many.json()["errors"]
    late = fire(
        api_as(approver),
        case,
        "extend",
        {"working_days": 10, "reason": "x", "decided_on": "2023-08-14"},
    )
    assert late.status_code == 409  # due 2023-08-11
    # Dated on the last day but entered long after it: a late entry (补录) needs its reason.
    unexplained = fire(
        api_as(approver),
        case,
        "extend",
        {"working_days": 20, "reason": "需调取档案", "decided_on": "2023-08-11"},
    )
    assert unexplained.status_code == 400
    assert "late_entry_reason" in unexplained.json()["errors"]
    ok = fire(
        api_as(approver),
        case,
        "extend",
        {
            "working_days": 20,
            "reason": "需调取档案",
            "decided_on": "2023-08-11",
            "late_entry_reason": "纸质审批单当日签批，系统补录",
        },
    )
    assert ok.status_code == 200
    body = ok.json()
    assert body["deadline"]["extension_working_days"] == 20
    assert body["reply_due"] == "2023-09-08"
    again = fire(
        api_as(approver),
        case,
        "extend",
        {"working_days": 1, "reason": "x", "decided_on": "2023-08-15"},
    )
    assert again.status_code == 409


def test_no_extension_while_awaiting_correction(api_as, case, handler, approver):
    # The period is stopped until the corrected application arrives: no due date to extend.
    r = fire(
        api_as(handler),
        case,
        "request_correction",
        {"items": "请明确文号", "correction_due": "2023-07-28", "notice_on": "2023-07-18"},
    )
    assert r.status_code == 200, r.json()
    response = fire(
        api_as(approver),
        case,
        "extend",
        {"working_days": 5, "reason": "需调取档案", "decided_on": "2023-07-20"},
    )
    assert response.status_code == 409
    assert status_of(case) == Status.AWAITING_CORRECTION

def test_withdraw_closes_with_other_withdrawn(api_as, case, clerk):
    response = fire(
        api_as(clerk), case, "withdraw", {"reason": "申请人书面撤回", "withdrawn_on": "2023-07-20"}
    )
    assert response.json()["status"] == "closed"
    assert response.json()["decision"] == "other.withdrawn"


def test_archive_needs_delivery(api_as, case, walk, clerk):
    walk.submit("unavailable.not_held")
    walk.approve()
    assert fire(api_as(clerk), case, "archive").status_code == 409
    no_number = fire(
        api_as(clerk), case, "record_delivery", {"method": "mail", "delivered_on": "2023-08-02"}
    )
    assert no_number.status_code == 400 and "tracking_number" in no_number.json()["errors"]
    early = fire(
        api_as(clerk),
        case,
        "record_delivery",
        {"method": "in_person", "delivered_on": "2023-07-31"},
    )
    assert early.status_code == 400 and "delivered_on" in early.json()["errors"]
    walk.deliver()
    assert fire(api_as(clerk), case, "archive").status_code == 200
    assert fire(api_as(clerk), case, "withdraw", {"reason": "x"}).status_code == 409


def test_audit_chain_links_every_event(api_as, case, walk):
    from workflow.audit import verify_chain

    walk.submit("unavailable.not_held")
    walk.approve()
    events = list(Event.objects.filter(case=case).order_by("seq"))
    assert len(events) == 3
    assert verify_chain(events) == []
    assert events[1].prev_hash == events[0].hash


def test_lapse_can_be_dated_after_the_fact_but_not_before_the_deadline(api_as, case, handler):
    fire(api_as(handler), case, "request_correction", {
        "items": "x", "correction_due": "2023-08-04", "notice_on": "2023-07-18",
    })
    early = fire(api_as(handler), case, "lapse_correction", {"lapsed_on": "2023-08-04"})
    assert early.status_code == 400 and "lapsed_on" in early.json()["errors"]
    response = fire(api_as(handler), case, "lapse_correction", {"lapsed_on": "2023-08-07"})
    assert response.status_code == 200
    assert response.json()["closed_on"] == "2023-08-07"
    letter = Case.objects.get(pk=case.pk).letters.get(kind="termination_notice")
    assert str(letter.issued_on) == "2023-08-07"
