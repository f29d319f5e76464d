"""Services guard themselves: every service, called directly (as a portal, a Celery worker or an
import would call it), refuses every role its action's policy does not allow, and the policy
the edges ask first (``Action.allowed``) says exactly what the service then does.

The expected roles are written out here, not read from the policies, so that weakening a
policy (a global permission instead of an object permission, a missing agency check) fails."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from agencies.models import Role
from audit.services import add_archive_note
from cases.services import correct_registration, open_rereply, register_case
from letters.issuing import reissue_letter
from reports.services import decide_review, record_review
from tests.archive.helpers import archived_case
from tests.cases.helpers import PERSON, make_case
from tests.factories import DepartmentFactory, make_member
from workflow import services
from workflow.actions import ACTIONS
from workflow.errors import Conflict

pytestmark = pytest.mark.django_db

REGISTER = {"clerk", "handler"}
HANDLE = {"handler"}
APPROVE = {"approver"}

# Who may take each action on a case of the agency (none of them may on another's).
ALLOWED = {
    "request_correction": REGISTER,
    "receive_correction": REGISTER,
    "lapse_correction": HANDLE,
    "assign": HANDLE,
    "consult": HANDLE,
    "conclude_consultation": HANDLE,
    "request_fee": HANDLE,
    "receive_payment": REGISTER,
    "lapse_fee": HANDLE,
    "request_reasons": HANDLE,
    "record_reasons": HANDLE,
    "submit_reply": HANDLE,
    "reject_reply": APPROVE,
    "recall_reply": HANDLE,
    "approve_reply": APPROVE,
    "extend": APPROVE,
    "withdraw": REGISTER,
    "record_delivery": REGISTER,
    "archive": REGISTER,
    "register": REGISTER,
    "correct_registration": REGISTER,
    "respond_task": {"dept_a"},  # the task's department only, not every liaison
    "answer_consultation": HANDLE,
    "record_consultation_service": REGISTER,
    "record_fee_service": REGISTER,
    "reissue_letter": HANDLE,
    "archive_note": HANDLE | APPROVE,
    "record_review": HANDLE | APPROVE,
    "decide_review": HANDLE | APPROVE,
    "reply_on_the_spot": HANDLE,
    "open_rereply": HANDLE | APPROVE,
    "set_handler": HANDLE | APPROVE,  # a handler: only an unowned case (or his or her own)
    "hand_over_cases": HANDLE | APPROVE,  # a handler: only his or her own cases
}

DAY = date(2023, 7, 20)


def transition_calls(case, department):
    return {
        "request_correction": lambda a: services.request_correction(
            case=case, actor=a, items="请补正", correction_due=date(2023, 8, 1), notice_on=DAY
        ),
        "receive_correction": lambda a: services.receive_correction(
            case=case, actor=a, received_on=DAY, description=""
        ),
        "lapse_correction": lambda a: services.lapse_correction(case=case, actor=a),
        "assign": lambda a: services.assign(
            case=case,
            actor=a,
            assigned_on=DAY,
            tasks=[{"department": department.pk, "instructions": "查", "due_on": DAY}],
        ),
        "consult": lambda a: services.consult(
            case=case, actor=a, parties=[{"kind": "agency", "name": "县财政局", "sent_on": DAY}]
        ),
        "conclude_consultation": lambda a: services.conclude_consultation(case=case, actor=a),
        "request_fee": lambda a: services.request_fee(
            case=case, actor=a, method="per_page", quantity=120, notice_on=DAY
        ),
        "receive_payment": lambda a: services.receive_payment(case=case, actor=a, paid_on=DAY),
        "lapse_fee": lambda a: services.lapse_fee(case=case, actor=a),
        "request_reasons": lambda a: services.request_reasons(
            case=case, actor=a, reasons_due=date(2023, 8, 1), notice_on=DAY
        ),
        "record_reasons": lambda a: services.record_reasons(
            case=case, actor=a, answered_on=DAY, answer="研究需要", reasonable=False
        ),
        "submit_reply": lambda a: services.submit_reply(
            case=case, actor=a, decision="unavailable.not_held", text="无"
        ),
        "reject_reply": lambda a: services.reject_reply(case=case, actor=a, comment="改"),
        "recall_reply": lambda a: services.recall_reply(case=case, actor=a, reason="改稿"),
        "approve_reply": lambda a: services.approve_reply(case=case, actor=a, issued_on=DAY),
        "extend": lambda a: services.extend(
            case=case, actor=a, working_days=5, reason="调档", decided_on=DAY
        ),
        "withdraw": lambda a: services.withdraw(
            case=case, actor=a, reason="撤回", withdrawn_on=DAY
        ),
        "record_delivery": lambda a: services.record_delivery(
            case=case, actor=a, method="in_person", delivered_on=DAY
        ),
        "archive": lambda a: services.archive(case=case, actor=a),
        "reply_on_the_spot": lambda a: services.reply_on_the_spot(
            case=case, actor=a, decision="unavailable.not_held", text="无"
        ),
    }


class _Undo(Exception):
    pass


def outcome(call, actor) -> str:
    """A 403 is "denied"; anything else is "allowed" (done, or refused for the state or the input),
    with everything the call did rolled back."""
    try:
        with transaction.atomic():
            call(actor)
            raise _Undo
    except PermissionDenied:
        return "denied"
    except (_Undo, Conflict, ValidationError):
        return "allowed"


@pytest.fixture
def cast(clerk, handler, approver, dept_a, dept_b, auditor, agency_admin, outsider, other_agency):
    users = get_user_model().objects
    portal = users.create_user("portal")  # a portal account: no staff membership
    superuser = users.create_superuser("root")  # every permission, but no agency
    # Every role of another agency (the outsider is its handler): never allowed here.
    their_department = DepartmentFactory(agency=other_agency, name="他县财政局")
    others = {
        f"other_{role}": make_member(
            f"other_{role}",
            role,
            other_agency,
            their_department if role == Role.LIAISON else None,
        )
        for role in Role.values
        if role != Role.HANDLER
    }
    return {
        "clerk": clerk,
        "handler": handler,
        "approver": approver,
        "dept_a": dept_a,
        "dept_b": dept_b,
        "auditor": auditor,
        "agency_admin": agency_admin,
        "outsider": outsider,
        **others,
        "portal": portal,
        "superuser": superuser,
    }


def check(name: str, subject, call, cast) -> None:
    results = {role: outcome(call, user) for role, user in cast.items()}
    allowed = {role for role, result in results.items() if result == "allowed"}
    assert allowed == ALLOWED[name], (name, results)
    # The edges ask the declared policy first: it must say what the service does.
    declared = ACTIONS[name]
    assert {role for role, user in cast.items() if declared.allowed(subject, user)} == allowed


# Steps the system takes itself after an action: no user takes them, so they have no policy.
SYSTEM_STEPS = {"build_case_file"}


@pytest.fixture
def env(agency, clerk, handler, approver, department_a):
    return SimpleNamespace(
        agency=agency, clerk=clerk, handler=handler, approver=approver, department=department_a
    )


def _transition(name: str):
    def build(env):
        case = make_case(env.agency, env.clerk)
        return case, transition_calls(case, env.department)[name]

    return build


def _register(env):
    def call(actor):
        return register_case(
            agency=env.agency,
            actor=actor,
            applicant=dict(PERSON, org_category="", contact_name=""),
            channel="in_person",
            received_on=DAY,
            description="立项批复",
            delivery_format="paper",
            delivery_method="mail",
        )

    return env.agency, call


def _correct_registration(env):
    case = make_case(env.agency, env.clerk)

    def call(actor):
        return correct_registration(
            case=case, actor=actor, changes={"purpose": "研究"}, applicant_changes={}
        )

    return case, call


def _respond_task(env):
    """A task is answered by its own department only, not by every liaison."""
    case = make_case(env.agency, env.clerk)
    services.assign(
        case=case,
        actor=env.handler,
        assigned_on=DAY,
        tasks=[{"department": env.department.pk, "instructions": "查", "due_on": DAY}],
    )
    task = case.tasks.get()

    def call(actor):
        return services.respond_task(
            task=task, actor=actor, holds_information=False, answer="无", responded_on=DAY
        )

    return task, call


def _answer_consultation(env):
    case = make_case(env.agency, env.clerk)
    services.consult(
        case=case,
        actor=env.handler,
        parties=[{"kind": "agency", "name": "县财政局", "sent_on": DAY}],
    )
    consultation = case.consultations.get()

    def call(actor):
        return services.answer_consultation(
            consultation=consultation, actor=actor, answered_on=DAY, opinion="consent"
        )

    return case, call


def _record_consultation_service(env):
    case = make_case(env.agency, env.clerk)
    services.consult(
        case=case,
        actor=env.handler,
        parties=[{"kind": "agency", "name": "县财政局", "sent_on": DAY}],
    )
    consultation = case.consultations.get()

    def call(actor):
        return services.record_consultation_service(
            consultation=consultation, actor=actor, served_on=DAY
        )

    return case, call


def _record_fee_service(env):
    case = make_case(env.agency, env.clerk)
    services.request_fee(
        case=case, actor=env.handler, method="per_page", quantity=50, notice_on=DAY
    )
    notice = case.fee_notices.get()

    def call(actor):
        return services.record_fee_service(notice=notice, actor=actor, served_on=DAY)

    return case, call


def _reissue_letter(env):
    case = make_case(env.agency, env.clerk)
    receipt = case.letters.get()
    return case, lambda actor: reissue_letter(receipt, actor=actor)


def _archive_note(env):
    case = archived_case(env.agency, clerk=env.clerk, handler=env.handler, approver=env.approver)
    return case, lambda actor: add_archive_note(case=case, actor=actor, text="更正")


def _replied(env):
    case = make_case(env.agency, env.clerk)
    services.submit_reply(case=case, actor=env.handler, decision="unavailable.not_held", text="无")
    return services.approve_reply(case=case, actor=env.approver, issued_on=DAY)


REVIEW = {
    "kind": "reconsideration",
    "filed_on": date(2023, 8, 1),
    "body": "郯城县人民政府",
    "result": "pending",
}


def _record_review(env):
    case = _replied(env)
    return case, lambda actor: record_review(case=case, actor=actor, **REVIEW)


def _open_rereply(env):
    original = _replied(env)

    def call(actor):
        return open_rereply(
            original=original, actor=actor, received_on=DAY, working_days=20, reason="责令重新答复"
        )

    return original, call


def _set_handler(env):
    case = make_case(env.agency, env.clerk)
    return case, lambda actor: services.set_handler(case=case, actor=actor, handler=env.handler)


def _hand_over_cases(env):
    to = make_member("handler_to", "handler", env.agency)

    def call(actor):
        return services.hand_over_cases(
            agency=env.agency, actor=actor, from_user=actor, to_user=to, reason="休假"
        )

    return env.agency, call


def _decide_review(env):
    case = _replied(env)
    pending = record_review(case=case, actor=env.handler, **REVIEW)

    def call(actor):
        return decide_review(review=pending, actor=actor, result="upheld", decided_on=DAY)

    return case, call


# How to call each action's service directly: (env) -> (the subject its policy is asked about,
# a call taking the actor). Every declared action needs an entry (test_every_action_is_called).
CALLS = {
    **{name: _transition(name) for name in transition_calls(None, None)},
    "register": _register,
    "correct_registration": _correct_registration,
    "respond_task": _respond_task,
    "answer_consultation": _answer_consultation,
    "record_consultation_service": _record_consultation_service,
    "record_fee_service": _record_fee_service,
    "reissue_letter": _reissue_letter,
    "archive_note": _archive_note,
    "record_review": _record_review,
    "decide_review": _decide_review,
    "open_rereply": _open_rereply,
    "set_handler": _set_handler,
    "hand_over_cases": _hand_over_cases,
}
USER_ACTIONS = sorted(name for name in ACTIONS if name not in SYSTEM_STEPS)


def test_every_action_is_in_the_table_and_called():
    """Generated from ACTIONS: a new action fails here until it has its row and its call."""
    assert {name for name, a in ACTIONS.items() if a.is_system_step} == SYSTEM_STEPS
    assert set(ALLOWED) == set(USER_ACTIONS)
    assert set(CALLS) == set(USER_ACTIONS)


def test_the_cast_covers_every_role_here_and_in_another_agency(cast, agency, other_agency):
    def roles(of) -> set[str]:
        members = [getattr(user, "membership", None) for user in cast.values()]
        return {m.role for m in members if m is not None and m.agency_id == of.pk}

    assert roles(agency) == roles(other_agency) == set(Role.values)


@pytest.mark.parametrize("name", USER_ACTIONS)
def test_each_service_refuses_the_roles_its_action_does_not_allow(name, env, cast):
    subject, call = CALLS[name](env)
    check(name, subject, call, cast)


def test_a_registration_with_an_invalid_identity_is_refused(agency, clerk):
    """The service validates the applicant itself: a resident ID "123" never gets in."""
    with pytest.raises(ValidationError) as refused:
        make_case(agency, clerk, applicant=dict(PERSON, id_number="123"))
    assert "applicant.id_number" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        make_case(agency, clerk, applicant=dict(PERSON, kind="organization"))
    assert set(refused.value.message_dict) >= {"applicant.id_type", "applicant.org_category"}
    with pytest.raises(ValidationError) as refused:
        make_case(agency, clerk, description="  ")
    assert "description" in refused.value.message_dict


def test_a_liaison_of_another_agency_cannot_answer_even_with_the_permission(
    agency, other_agency, clerk, handler, department_a
):
    case = make_case(agency, clerk)
    services.assign(
        case=case,
        actor=handler,
        assigned_on=DAY,
        tasks=[{"department": department_a.pk, "instructions": "查", "due_on": DAY}],
    )
    task = case.tasks.get()
    moved = make_member("moved", Role.LIAISON, other_agency, department_a)  # inconsistent data
    with pytest.raises(PermissionDenied):
        services.respond_task(
            task=task, actor=moved, holds_information=False, answer="无", responded_on=DAY
        )


def test_naming_the_handler_of_an_unowned_case(agency, clerk, handler, cast):
    case = make_case(agency, clerk)

    def call(actor):
        return services.set_handler(case=case, actor=actor, handler=handler)

    check("set_handler", case, call, cast)


def test_handing_over_ones_own_cases(agency, clerk, handler, cast):
    to = make_member("handler_b", "handler", agency)

    def call(actor):
        return services.hand_over_cases(
            agency=agency, actor=actor, from_user=actor, to_user=to, reason="休假"
        )

    results = {role: outcome(call, user) for role, user in cast.items()}
    assert {r for r, result in results.items() if result == "allowed"} == HANDLE | APPROVE
    assert ACTIONS["hand_over_cases"].allowed(agency, handler)
