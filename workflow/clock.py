"""The statutory clock of a case: its ledger from the database, its deadline, its stored
``reply_due``. The arithmetic itself is pure (rules.calendar, rules.deadline)."""

from datetime import date

from django.utils import timezone

from cases.models import Case
from clock import store as clock_store
from rules.deadline import ClockLedger, Deadline, Pause, compute_deadline, with_later_date
from rules.states import OPEN_STATES, Status


def get_calendar():
    return clock_store.get_calendar()


def ledger_for(case, today: date) -> ClockLedger:
    """Pauses: consultations from sent to answered (a silent party until its deadline) and
    fee notices from notice to payment (Art. 33, 42)."""
    pauses = [
        Pause(c.sent_on, c.pause_end(today), f"征求意见（{c.name}）")
        for c in case.consultations.all()
    ]
    pauses += [Pause(f.notice_on, f.paid_on, "收费通知") for f in case.fee_notices.all()]
    original = case.first_received_on if case.first_received_on != case.received_on else None
    return ClockLedger(
        received_on=case.received_on,
        pauses=tuple(pauses),
        extension_working_days=case.extension_working_days,
        original_received_on=original,
    )


def case_deadline(case, today: date | None = None, calendar=None) -> Deadline | None:
    """The deadline now; None while the clock is stopped for a correction."""
    if case.status == Status.AWAITING_CORRECTION:
        return None
    today = today or timezone.localdate()
    calendar = calendar or get_calendar()
    deadline = compute_deadline(ledger_for(case, today), calendar, today)
    return with_later_date(deadline, case.reasons_later_due, calendar)


def refresh_reply_due(case) -> None:
    """Store the recomputed due date of an open case (the caller saves nothing else)."""
    if case.status not in OPEN_STATES:
        return
    deadline = case_deadline(case)
    case.reply_due = deadline.due if deadline else None
    type(case).objects.filter(pk=case.pk).update(reply_due=case.reply_due)


def recompute_open_cases() -> int:
    """Recompute the stored due date of every open case (after a calendar change)."""
    calendar = get_calendar()
    today = timezone.localdate()
    changed = []
    cases = Case.objects.open().prefetch_related("consultations", "fee_notices")
    for case in cases.iterator(chunk_size=500):
        deadline = case_deadline(case, today, calendar)
        due = deadline.due if deadline else None
        if due != case.reply_due:
            case.reply_due = due
            changed.append(case)
    Case.objects.bulk_update(changed, ["reply_due"], batch_size=500)
    return len(changed)
