"""cases.services.correct_registration: an audited edit of the register, until the reply."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import Case
from cases.services import correct_registration
from tests.cases.helpers import make_case
from workflow import services
from workflow.audit import verify_chain
from workflow.errors import Conflict
from workflow.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(agency, clerk):
    return make_case(agency, clerk)


def events_of(case) -> list[Event]:
    return list(Event.objects.filter(case=case).order_by("seq"))


def test_it_records_old_and_new_values(case, clerk):
    correct_registration(
        case=case,
        actor=clerk,
        changes={"received_on": date(2023, 7, 13), "description": "立项批复及可研报告"},
        applicant_changes={"name": "张叁", "phone": "13900139000"},
        note="登记时抄错",
    )
    fresh = Case.objects.select_related("applicant").get(pk=case.pk)
    assert fresh.received_on == date(2023, 7, 13)
    assert fresh.first_received_on == date(2023, 7, 13)  # no correction (补正) happened
    assert fresh.description == "立项批复及可研报告"
    assert fresh.applicant.name == "张叁" and fresh.applicant.phone == "13900139000"
    # 20 working days after Thursday 2023-07-13: Thursday 2023-08-10.
    assert fresh.reply_due == date(2023, 8, 10)
    event = events_of(case)[-1]
    assert event.name == "correct_registration" and event.actor == clerk
    assert event.source == event.target == "registered"
    assert event.note == "登记时抄错"
    assert event.payload == {
        "old": {
            "received_on": "2023-07-14",
            "description": "2023年郯城县城区道路改造工程的立项批复文件",
            "applicant.name": "张三",
            "applicant.phone": "13800138000",
        },
        "new": {
            "received_on": "2023-07-13",
            "description": "立项批复及可研报告",
            "applicant.name": "张叁",
            "applicant.phone": "13900139000",
        },
    }
    assert verify_chain(events_of(case)) == []


def test_unchanged_values_record_nothing(case, clerk):
    correct_registration(
        case=case,
        actor=clerk,
        changes={"channel": "in_person"},
        applicant_changes={"name": "张三"},
    )
    assert [e.name for e in events_of(case)] == ["register"]


def test_fields_outside_the_register_are_ignored(case, clerk):
    correct_registration(
        case=case,
        actor=clerk,
        changes={"number": "伪造", "decision": "disclosed", "purpose": "科研"},
        applicant_changes={},
    )
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.number == case.number and fresh.decision == ""
    assert events_of(case)[-1].payload == {"old": {"purpose": ""}, "new": {"purpose": "科研"}}


def test_a_future_receipt_date_is_refused(case, clerk):
    with pytest.raises(ValidationError) as exc:
        correct_registration(
            case=case, actor=clerk, changes={"received_on": date(2999, 1, 1)}, applicant_changes={}
        )
    assert "received_on" in exc.value.message_dict
    assert Case.objects.get(pk=case.pk).received_on == date(2023, 7, 14)


@pytest.mark.parametrize("who", ["approver", "auditor", "dept_a", "outsider"])
def test_other_roles_may_not_correct(case, request, who):
    with pytest.raises(PermissionDenied):
        correct_registration(
            case=case,
            actor=request.getfixturevalue(who),
            changes={"purpose": "x"},
            applicant_changes={},
        )
    assert len(events_of(case)) == 1


def test_it_is_refused_with_conflict_after_approve_reply(case, clerk, handler, approver):
    services.submit_reply(case=case, actor=handler, decision="unavailable.not_held", text="无")
    # Still open while pending approval.
    correct_registration(case=case, actor=clerk, changes={"purpose": "科研"}, applicant_changes={})
    services.approve_reply(case=case, actor=approver, issued_on=date(2023, 8, 1))
    before = len(events_of(case))
    with pytest.raises(Conflict):
        correct_registration(
            case=case, actor=clerk, changes={"description": "改"}, applicant_changes={}
        )
    with pytest.raises(Conflict):
        correct_registration(
            case=case, actor=clerk, changes={}, applicant_changes={"name": "李四"}
        )
    fresh = Case.objects.select_related("applicant").get(pk=case.pk)
    assert fresh.applicant.name == "张三" and fresh.description != "改"
    assert len(events_of(case)) == before


def test_it_is_refused_after_withdrawal(case, clerk):
    services.withdraw(case=case, actor=clerk, reason="撤回", withdrawn_on=date(2023, 7, 20))
    with pytest.raises(Conflict):
        correct_registration(case=case, actor=clerk, changes={"purpose": "x"}, applicant_changes={})


def test_after_a_correction_the_first_receipt_date_is_kept(case, clerk, handler):
    services.request_correction(
        case=case,
        actor=handler,
        items="请补充文号",
        correction_due=date(2023, 8, 4),
        notice_on=date(2023, 7, 18),
    )
    services.receive_correction(
        case=case, actor=clerk, received_on=date(2023, 7, 28), description="补正后"
    )
    correct_registration(
        case=case, actor=clerk, changes={"received_on": date(2023, 7, 27)}, applicant_changes={}
    )
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.first_received_on == date(2023, 7, 14)
    assert fresh.received_on == date(2023, 7, 27)


def test_a_user_without_membership_is_refused(case, django_user_model):
    # A superuser has every global permission but belongs to no agency.
    root = django_user_model.objects.create_superuser("root", "root@example.cn", "x")
    with pytest.raises(PermissionDenied):
        correct_registration(case=case, actor=root, changes={"purpose": "x"}, applicant_changes={})


def test_another_agency_learns_nothing_about_a_concluded_case(case, clerk, outsider):
    services.withdraw(case=case, actor=clerk, reason="撤回", withdrawn_on=date(2023, 7, 20))
    with pytest.raises(PermissionDenied):
        correct_registration(
            case=case, actor=outsider, changes={"purpose": "x"}, applicant_changes={}
        )


def test_after_a_correction_receipt_cannot_move_before_the_first_receipt(case, clerk, handler):
    services.request_correction(
        case=case,
        actor=handler,
        items="请补充文号",
        correction_due=date(2023, 8, 4),
        notice_on=date(2023, 7, 18),
    )
    services.receive_correction(
        case=case, actor=clerk, received_on=date(2023, 7, 28), description="补正后"
    )
    with pytest.raises(ValidationError) as exc:
        correct_registration(
            case=case, actor=clerk, changes={"received_on": date(2023, 7, 10)}, applicant_changes={}
        )
    assert "received_on" in exc.value.message_dict
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.first_received_on, fresh.received_on) == (date(2023, 7, 14), date(2023, 7, 28))
