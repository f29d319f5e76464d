"""The case state machine (workflow.md): states, transitions, their guards and who may fire
them. Transition methods only move the state; the service functions in ``workflow.services``
(declared in ``workflow.actions``) lock the row, validate the payload, call the transition and
write the audit event in one transaction."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from rules.deadline import past_due
from rules.states import OPEN_STATES, Decision, Status
from workflow import permissions as perms

S = Status


def _correction_not_yet_requested(case) -> bool:
    return case.correction_notice_on is None


def _correction_deadline_passed(case) -> bool:
    return case.correction_due is not None and timezone.localdate() > case.correction_due


def _not_yet_extended(case) -> bool:
    return case.extension_working_days == 0


def _delivery_recorded(case) -> bool:
    # A withdrawal issues no letter (letters.md), so there is nothing to deliver.
    return case.delivered_on is not None or case.decision == Decision.OTHER_WITHDRAWN


def _reasons_not_yet_requested(case) -> bool:
    return case.reasons_notice_on is None


def _reasons_awaited(case) -> bool:
    return case.reasons_notice_on is not None and case.reasons_reasonable is None


def _has_document_to_serve(case) -> bool:
    # A withdrawal issues no letter: a 送达回证 would name no document.
    return case.decision != Decision.OTHER_WITHDRAWN


def _consultations_concluded(case) -> bool:
    today = timezone.localdate()
    return all(c.is_settled(today) for c in case.consultations.all())


def _tasks_answered(case) -> bool:
    return not any(t.is_open for t in case.tasks.all())


def _handed_in_person(case) -> bool:
    # Art. 33(1): a reply on the spot answers an applicant standing at the counter (from
    # registered: nothing has been assigned or consulted yet).
    return case.channel == "in_person"


def _fee_deadline_passed(case) -> bool:
    fee = case.current_fee_notice
    return fee is not None and past_due(fee.pay_due, timezone.localdate())


class CaseStateMachine(FSMModelMixin, models.Model):
    status = FSMField(
        _("状态"), default=S.REGISTERED, choices=S.choices, protected=True, db_index=True
    )

    class Meta:
        abstract = True

    @transition(
        field="status", source=S.REGISTERED, target=S.AWAITING_CORRECTION,
        conditions=[_correction_not_yet_requested], permission=perms.can_register,
    )
    def request_correction(self) -> None: ...

    @transition(
        field="status", source=S.AWAITING_CORRECTION, target=S.REGISTERED,
        permission=perms.can_register,
    )
    def receive_correction(self) -> None: ...

    @transition(
        field="status", source=S.AWAITING_CORRECTION, target=S.CLOSED,
        conditions=[_correction_deadline_passed], permission=perms.can_handle,
    )
    def lapse_correction(self) -> None: ...

    @transition(
        field="status", source=[S.REGISTERED, S.ASSISTING], target=S.ASSISTING,
        permission=perms.can_handle,
    )
    def assign(self) -> None: ...

    @transition(
        field="status", source=[S.REGISTERED, S.ASSISTING, S.DRAFTING], target=S.CONSULTING,
        permission=perms.can_handle,
    )
    def consult(self) -> None: ...

    @transition(
        field="status", source=S.CONSULTING, target=S.DRAFTING,
        conditions=[_consultations_concluded], permission=perms.can_handle,
    )
    def conclude_consultation(self) -> None: ...

    # Whenever the reply period runs and nothing else holds the case: while it is being
    # examined, searched or drafted (not while consulting: the clock is already paused, nor
    # under approval: the approver sends the draft back first).
    @transition(
        field="status", source=[S.REGISTERED, S.ASSISTING, S.DRAFTING], target=S.AWAITING_FEE,
        permission=perms.can_handle,
    )
    def request_fee(self) -> None: ...

    @transition(
        field="status", source=S.AWAITING_FEE, target=S.DRAFTING,
        permission=perms.can_register,
    )
    def receive_payment(self) -> None: ...

    @transition(
        field="status", source=S.AWAITING_FEE, target=S.CLOSED,
        conditions=[_fee_deadline_passed], permission=perms.can_handle,
    )
    def lapse_fee(self) -> None: ...

    @transition(
        field="status", source=[S.REGISTERED, S.ASSISTING, S.DRAFTING], target=None,
        conditions=[_reasons_not_yet_requested], permission=perms.can_handle,
    )
    def request_reasons(self) -> None: ...

    @transition(
        field="status", source=[S.REGISTERED, S.ASSISTING, S.DRAFTING], target=None,
        conditions=[_reasons_awaited], permission=perms.can_handle,
    )
    def record_reasons(self) -> None: ...

    @transition(
        field="status", source=[S.REGISTERED, S.ASSISTING, S.DRAFTING],
        target=S.PENDING_APPROVAL, conditions=[_tasks_answered], permission=perms.can_handle,
    )
    def submit_reply(self) -> None: ...

    @transition(
        field="status", source=S.REGISTERED, target=S.REPLIED,
        conditions=[_handed_in_person], permission=perms.can_handle,
    )
    def reply_on_the_spot(self) -> None: ...

    @transition(
        field="status", source=S.PENDING_APPROVAL, target=S.DRAFTING,
        permission=perms.can_approve,
    )
    def reject_reply(self) -> None: ...

    # 撤回送审: the handler takes a draft back before it is signed.
    @transition(
        field="status", source=S.PENDING_APPROVAL, target=S.DRAFTING,
        permission=perms.can_handle,
    )
    def recall_reply(self) -> None: ...

    @transition(
        field="status", source=S.PENDING_APPROVAL, target=S.REPLIED,
        permission=perms.can_sign_off,
    )
    def approve_reply(self) -> None: ...

    @transition(
        field="status", source=list(OPEN_STATES), target=None,
        conditions=[_not_yet_extended], permission=perms.can_approve,
    )
    def extend(self) -> None: ...

    @transition(
        field="status", source=list(OPEN_STATES), target=S.CLOSED,
        permission=perms.can_register,
    )
    def withdraw(self) -> None: ...

    @transition(
        field="status", source=[S.REPLIED, S.CLOSED], target=None,
        conditions=[_has_document_to_serve], permission=perms.can_register,
    )
    def record_delivery(self) -> None: ...

    @transition(
        field="status", source=[S.REPLIED, S.CLOSED], target=S.ARCHIVED,
        conditions=[_delivery_recorded], permission=perms.can_register,
    )
    def archive(self) -> None: ...


def _transition_names() -> tuple[str, ...]:
    """The transitions in the order they are defined above (the workflow order)."""
    return tuple(
        name for name, member in vars(CaseStateMachine).items() if hasattr(member, "_django_fsm")
    )


TRANSITION_NAMES = _transition_names()


def _meta(name: str):
    return getattr(CaseStateMachine, name)._django_fsm


def transition_permission(name: str):
    """The role check of a transition, independent of the current state."""
    return next(iter(_meta(name).transitions.values())).permission


def transition_conditions(name: str) -> list:
    """The guards of a transition (the same on every source state)."""
    return list(next(iter(_meta(name).transitions.values())).conditions)


def transition_graph() -> list[tuple[str, str, str]]:
    """(source, name, target) for every transition, for the state diagram."""
    edges = []
    for name in TRANSITION_NAMES:
        for source, t in _meta(name).transitions.items():
            edges.append((str(source), name, str(t.target if t.target is not None else source)))
    return edges
