"""The daily deadline scan: cases due in 5 and in 2 working days or overdue (their handler and
the approvers), tasks due in 2 working days or overdue (the department's liaisons and the
case's handler), consultation answers due or past (the handler), correction and fee periods
lapsed (the clerks and the handler: ready to terminate).

Each notice's day is the deadline it is about, so a second run the same day (or the next day,
for the same deadline) adds nothing. Rows are read in chunks and written in batches: a few
queries per ``CHUNK`` rows, whatever the number of open cases.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from cases.models import Case
from notifications import recipients, services, texts
from notifications.models import Kind
from notifications.services import Notice
from rules.states import OPEN_STATES, Status
from workflow import clock
from workflow.models import Consultation, FeeNotice, Task, TaskStatus

CHUNK = 2000
SOON_WORKING_DAYS = 2
EARLY_WORKING_DAYS = 5


@dataclass(frozen=True)
class Horizon:
    today: date
    soon: date  # the last due date that is "due in 2 working days"
    early: date  # ... "due in 5 working days"


def horizon(today: date | None = None, calendar=None) -> Horizon:
    today = today or timezone.localdate()
    calendar = calendar or clock.get_calendar()
    return Horizon(
        today,
        calendar.add_working_days(today, SOON_WORKING_DAYS),
        calendar.add_working_days(today, EARLY_WORKING_DAYS),
    )


def _chunks(queryset) -> Iterator[list]:
    batch = []
    for row in queryset.iterator(chunk_size=CHUNK):
        batch.append(row)
        if len(batch) >= CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def case_notices(h: Horizon) -> Iterator[Notice]:
    # Awaiting correction: the period is stopped, the stored date means nothing yet.
    rows = (
        Case.objects.filter(status__in=OPEN_STATES, reply_due__lte=h.early)
        .exclude(status=Status.AWAITING_CORRECTION)
        .values_list("pk", "agency_id", "handler_id", "number", "reply_due")
        .order_by("pk")
    )
    for chunk in _chunks(rows):
        approvers = recipients.approvers_by_agency(r[1] for r in chunk)
        for pk, agency_id, handler_id, number, due in chunk:
            if due < h.today:
                kind, text = Kind.CASE_OVERDUE, texts.case_overdue(number, due)
            elif due <= h.soon:
                kind, text = Kind.CASE_DUE_2, texts.case_due(number, due, SOON_WORKING_DAYS)
            else:
                kind, text = Kind.CASE_DUE_5, texts.case_due(number, due, EARLY_WORKING_DAYS)
            people = set(approvers.get(agency_id, []))
            if handler_id:
                people.add(handler_id)
            for user_id in people:
                yield Notice(user_id, pk, kind, due, text)


def task_notices(h: Horizon) -> Iterator[Notice]:
    rows = (
        Task.objects.filter(
            status=TaskStatus.OPEN, case__status__in=OPEN_STATES, due_on__lte=h.soon
        )
        .values_list(
            "pk", "case_id", "case__number", "case__handler_id", "department_id",
            "department__name", "due_on",
        )
        .order_by("pk")
    )
    for chunk in _chunks(rows):
        liaisons = recipients.liaisons_by_department(r[4] for r in chunk)
        for pk, case_id, number, handler_id, department_id, department, due in chunk:
            if due < h.today:
                kind, text = Kind.TASK_OVERDUE, texts.task_overdue(number, department, due)
            else:
                kind, text = Kind.TASK_DUE, texts.task_due(number, department, due)
            people = set(liaisons.get(department_id, []))
            if handler_id:
                people.add(handler_id)
            for user_id in people:
                yield Notice(user_id, case_id, kind, due, text, task_id=pk)


def consultation_notices(h: Horizon) -> Iterator[Notice]:
    rows = (
        Consultation.objects.filter(
            answered_on__isnull=True, case__status=Status.CONSULTING,
            case__handler__isnull=False, answer_due__lte=h.soon,
        )
        .values_list("case_id", "case__number", "case__handler_id", "name", "answer_due")
        .order_by("pk")
    )
    for case_id, number, handler_id, party, due in rows.iterator(chunk_size=CHUNK):
        if due < h.today:
            kind, text = Kind.CONSULTATION_OVERDUE, texts.consultation_overdue(number, party, due)
        else:
            kind, text = Kind.CONSULTATION_DUE, texts.consultation_due(number, party, due)
        yield Notice(handler_id, case_id, kind, due, text)


def lapse_notices(h: Horizon) -> Iterator[Notice]:
    corrections = (
        Case.objects.filter(status=Status.AWAITING_CORRECTION, correction_due__lt=h.today)
        .values_list("pk", "agency_id", "handler_id", "number", "correction_due")
        .order_by("pk")
    )
    fees = (
        FeeNotice.objects.filter(
            case__status=Status.AWAITING_FEE, paid_on__isnull=True, pay_due__lt=h.today
        )
        .values_list("case_id", "case__agency_id", "case__handler_id", "case__number", "pay_due")
        .order_by("pk")
    )
    for rows, kind, words in (
        (corrections, Kind.CORRECTION_LAPSED, texts.correction_lapsed),
        (fees, Kind.FEE_LAPSED, texts.fee_lapsed),
    ):
        for chunk in _chunks(rows):
            clerks = recipients.clerks_by_agency(r[1] for r in chunk)
            for case_id, agency_id, handler_id, number, due in chunk:
                people = set(clerks.get(agency_id, []))
                if handler_id:
                    people.add(handler_id)
                for user_id in people:
                    yield Notice(user_id, case_id, kind, due, words(number, due))


def scan(today: date | None = None) -> None:
    """Create today's deadline notices (idempotent), then mail those who want them at once."""
    h = horizon(today)
    for notices in (case_notices, task_notices, consultation_notices, lapse_notices):
        services.notify(notices(h))
    services.send_immediate_mails()
