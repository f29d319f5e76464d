"""The statutory clock of a case: its ledger from the database, its deadline, its stored
``reply_due``. The arithmetic itself is pure (rules.calendar, rules.deadline)."""

import hashlib
from datetime import date

from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from cases.models import Case
from clock import store as clock_store
from rules.calendar import WorkingCalendar
from rules.deadline import ClockLedger, Deadline, Pause, compute_deadline, due_ordinal
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
        base_working_days=case.base_working_days,
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


def recompute_open_cases(changed: tuple[date, date] | None = None) -> int:
    """Recompute the stored due dates of open cases (after a calendar change, and daily)
    against the calendar in the tables, note which calendar that was (DueDateRefresh), and
    return the number changed.

    ``changed``: the first and last edited day. Only cases whose clock window can hold one of
    them are read: received before the last, and due on or after the first (or with a pause
    that may reach it). ``None`` reads every open case (the daily refresh). Only the ledger
    columns are read, the arithmetic is the dense-table fast path (rules.deadline.due_ordinal)
    and the changed rows are written by one set-based UPDATE.
    """
    calendar = clock_store.build_calendar()
    today = timezone.localdate()
    cases = Case.objects.open()
    if changed is not None:
        first, last = changed
        running = Exists(
            Consultation.objects.filter(case=OuterRef("pk"), answered_on__isnull=True)
        ) | Exists(FeeNotice.objects.filter(case=OuterRef("pk"), paid_on__isnull=True))
        # A running pause moves the due date every day: those cases are always recomputed, so
        # this is a daily refresh too (DueDateRefresh below).
        cases = cases.filter(running | Q(received_on__lt=last) & (
            Q(reply_due__isnull=True)
            | Q(reply_due__gte=first)
            | Exists(
                Consultation.objects.filter(case=OuterRef("pk")).filter(
                    Q(answered_on__isnull=True) | Q(answered_on__gte=first)
                )
            )
            | Exists(
                FeeNotice.objects.filter(case=OuterRef("pk")).filter(
                    Q(paid_on__isnull=True) | Q(paid_on__gte=first)
                )
            )
        ))
    selected = cases.values("pk")
    pauses: dict[int, list[tuple[int, int]]] = {}
    today_ordinal = today.toordinal()
    consultations = Consultation.objects.filter(case__in=selected).values_list(
        "case_id", "sent_on", "answered_on", "answer_due"
    )
    for case_id, sent_on, answered_on, answer_due in consultations.iterator(chunk_size=5000):
        # Consultation.pause_end: the answer, or the deadline once a silent party is late.
        if answered_on is not None:
            end = answered_on.toordinal()
        elif answer_due is not None and today > answer_due:  # past_due
            end = answer_due.toordinal()
        else:
            end = today_ordinal
        pauses.setdefault(case_id, []).append((sent_on.toordinal(), end))
    fees = FeeNotice.objects.filter(case__in=selected).values_list(
        "case_id", "notice_on", "paid_on"
    )
    for case_id, notice_on, paid_on in fees.iterator(chunk_size=5000):
        end = paid_on.toordinal() if paid_on is not None else today_ordinal
        pauses.setdefault(case_id, []).append((notice_on.toordinal(), end))

    ids: list[int] = []
    dues: list[date | None] = []
    rows = cases.values_list("pk", "status", "received_on", "extension_working_days", "reply_due")
    for pk, status, received_on, extension, stored in rows.iterator(chunk_size=5000):
        if status == Status.AWAITING_CORRECTION:
            due = None
        else:
            due = date.fromordinal(
                due_ordinal(calendar, received_on.toordinal(), extension, pauses.get(pk, ()))
            )
        if due != stored:
            ids.append(pk)
            dues.append(due)
    _store_due_dates(ids, dues)
    DueDateRefresh.objects.update_or_create(
        pk=1,
        defaults={
            "calendar_fingerprint": calendar_fingerprint(calendar),
            "refreshed_on": today,
            "refreshed_at": timezone.now(),
        },
    )
    return len(ids)


def _store_due_dates(ids: list[int], dues: list[date | None]) -> None:
    if not ids:
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Case._meta.db_table} AS c SET reply_due = v.due "  # noqa: S608
                "FROM unnest(%s::bigint[], %s::date[]) AS v(id, due) WHERE c.id = v.id",
                [ids, dues],
            )
        return
    Case.objects.bulk_update(
        [Case(pk=pk, reply_due=due) for pk, due in zip(ids, dues, strict=True)],
        ["reply_due"],
        batch_size=500,
    )


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
        # Not yet served: no deadline yet, the pause runs on.
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
