"""Notices caused by acts, after their commit (``workflow.events``): a new task to the
department's liaisons, a draft awaiting sign-off to the approvers, a draft sent back to its
handler, a case handed to its new handler. Each subscriber may run twice: a notice exists once
(``notifications.models``)."""

from django.utils import timezone

from agencies.models import display_name
from notifications import recipients, services, texts
from notifications.models import Kind
from notifications.services import Notice
from workflow.events import subscriber
from workflow.models import Event, Task


def _day(event: Event):
    return timezone.localdate(event.at)


def _then_mail() -> None:
    services.send_immediate_mails()


@subscriber("assign")
def tell_liaisons_of_new_tasks(event: Event) -> None:
    tasks = list(
        Task.objects.filter(pk__in=event.payload.get("task_ids", [])).select_related("department")
    )
    liaisons = recipients.liaisons_by_department(t.department_id for t in tasks)
    services.notify(
        Notice(
            recipient_id=user_id, case_id=event.case_id, task_id=task.pk,
            kind=Kind.TASK_ASSIGNED, day=_day(event),
            text=texts.task_assigned(event.case.number, task.department.name, task.due_on),
        )
        for task in tasks
        for user_id in liaisons.get(task.department_id, [])
    )
    _then_mail()


@subscriber("submit_reply")
def tell_approvers_a_draft_waits(event: Event) -> None:
    case = event.case
    approvers = recipients.approvers_by_agency([case.agency_id]).get(case.agency_id, [])
    services.notify(
        Notice(
            recipient_id=user_id, case_id=case.pk, kind=Kind.APPROVAL_WAITING, day=_day(event),
            text=texts.approval_waiting(case.number, display_name(event.actor)),
        )
        for user_id in approvers
        if user_id != event.actor_id
    )
    _then_mail()


@subscriber("recall_reply")
def clear_the_approvers_sign_off_notice(event: Event) -> None:
    """A recalled draft no longer waits: its 待签发 notices are marked read."""
    services.mark_case_read(case_id=event.case_id, kind=Kind.APPROVAL_WAITING)


@subscriber("reject_reply")
def tell_the_handler_the_draft_came_back(event: Event) -> None:
    case = event.case
    to = case.handler_id or case.drafted_by_id
    if to is None or not recipients.active_user_ids([to]):
        return
    services.notify([
        Notice(
            recipient_id=to, case_id=case.pk, kind=Kind.DRAFT_RETURNED, day=_day(event),
            text=texts.draft_returned(case.number, event.note),
        )
    ])
    _then_mail()


@subscriber("set_handler", "hand_over_cases")
def tell_the_new_handler(event: Event) -> None:
    to = (event.payload.get("to") or {}).get("id")
    if to is None or to == event.actor_id or not recipients.active_user_ids([to]):
        return
    services.notify([
        Notice(
            recipient_id=to, case_id=event.case_id, kind=Kind.HANDLER_NAMED, day=_day(event),
            text=texts.handler_named(event.case.number, event.note),
        )
    ])
    _then_mail()
