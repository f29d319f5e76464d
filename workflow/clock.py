"""The statutory clock of a case: its ledger from the database, its deadline, its stored
``reply_due``. The arithmetic itself is pure (rules.calendar, rules.deadline)."""

import hashlib
from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from cases.models import Case
from clock import store as clock_store
from rules.calendar import WorkingCalendar
from rules.deadline import ClockLedger, Deadline, Pause, compute_deadline
from rules.states import OPEN_STATES, Status
from workflow.models import Consultation, DueDateRefresh, FeeNotice


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
    return compute_deadline(ledger_for(case, today), calendar or get_calendar(), today)


def refresh_reply_due(case) -> None:
    """Store the recomputed due date of an open case (the caller saves nothing else)."""
    if case.status not in OPEN_STATES:
        return
    deadline = case_deadline(case)
    case.reply_due = deadline.due if deadline else None
    type(case).objects.filter(pk=case.pk).update(reply_due=case.reply_due)


def recompute_open_cases() -> int:
    """Recompute the stored due date of every open case (after a calendar change, and daily)
    against the calendar in the tables, and note which calendar that was (DueDateRefresh)."""
    calendar = clock_store.build_calendar()
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
    now = timezone.now()
    DueDateRefresh.objects.update_or_create(
        pk=1,
        defaults={
            "calendar_fingerprint": calendar_fingerprint(calendar),
            "refreshed_on": today,
            "refreshed_at": now,
        },
    )
    return len(changed)


def calendar_fingerprint(calendar: WorkingCalendar) -> str:
    """What due dates depend on: the days off and the weekends worked (whether a year is
    official changes no date)."""
    days = sorted(f"-{d.isoformat()}" for d in calendar.off_days)
    days += sorted(f"+{d.isoformat()}" for d in calendar.working_weekends)
    return hashlib.sha256(",".join(days).encode()).hexdigest()


def paused_open_cases(since: date | None = None):
    """Open cases whose clock has been paused after ``since`` by an unanswered consultation (a
    silent party's pause ends at its deadline) or an unpaid fee: their due dates moved."""
    silent = Consultation.objects.filter(case=OuterRef("pk"), answered_on__isnull=True)
    if since is not None:
        # Not yet served: its period has not started, so the pause runs on.
        silent = silent.filter(Q(answer_due__isnull=True) | Q(answer_due__gt=since))
    unpaid = FeeNotice.objects.filter(case=OuterRef("pk"), paid_on__isnull=True)
    return Case.objects.open().filter(Exists(silent) | Exists(unpaid))


def stale_due_dates(today: date | None = None) -> list[str]:
    """Why the stored due dates may differ from the live computation (empty when they cannot):
    ``calendar`` when the calendar changed since the last recompute (or none ran while cases
    are open), ``daily`` when the daily refresh has not run today while a pause is running."""
    today = today or timezone.localdate()
    if not Case.objects.open().exists():
        return []
    # From the tables, not the cached calendar: a change that bypassed clock.services bumped
    # no revision, so the cache would hide it.
    last = DueDateRefresh.objects.filter(pk=1).first()
    problems = []
    current = calendar_fingerprint(clock_store.build_calendar())
    if last is None or last.calendar_fingerprint != current:
        problems.append("calendar")
    since = last.refreshed_on if last else None
    if (since is None or since < today) and paused_open_cases(since).exists():
        problems.append("daily")
    return problems
