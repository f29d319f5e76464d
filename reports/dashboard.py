"""The operations dashboard (运行情况) of one agency: counts in SQL, a constant number of
queries whatever the number of cases.

Queries: the calendar (one while cached, three when rebuilt), open cases per state with their
overdue and due-soon counts, the few most urgent cases, the replies of the year (with their due
dates, for the late ones), the after-the-fact entries (补录) of the year per month, and the
departments with their task counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from agencies.models import Department
from cases.models import Case
from cases.selectors import due_soon_cutoff, due_soon_q
from rules.late_entry import is_late_reply
from rules.states import OPEN_STATES, Status
from workflow import clock
from workflow.models import Event, TaskStatus

URGENT_LIMIT = 20


@dataclass
class Dashboard:
    today: date
    due_soon_cutoff: date
    open_by_state: list[dict]  # {"status", "label", "count", "overdue", "due_soon"} per open state
    open_total: int
    overdue: int
    due_soon: int
    urgent: list | None  # the most urgent open cases, overdue first; None: figures only
    replied_count: int
    average_working_days: float | None
    departments: list
    late_replies: int = 0  # replies of the year issued after their due date (逾期答复)
    # [{"month": 1..12, "count"}] for every month of the year up to this one: late entries (补录)
    late_entries_by_month: list[dict] | None = None


def average_reply_working_days(pairs, calendar) -> float | None:
    """Mean working days from receipt (day 0) to the reply.

    This is elapsed time on the working-day calendar, pauses (consultations, fee notices)
    included, so it can exceed the statutory 20 days on a case replied in time. It runs in
    Python over the (received_on, replied_on) pairs of one query: working days depend on the
    holiday calendar, which the database does not have. Each pair is a few integer operations
    (closed formula plus two binary searches), about a million per second, so a year of cases
    of any real agency costs milliseconds.
    """
    total = count = 0
    for received_on, replied_on in pairs:
        total += calendar.working_days_between(received_on, replied_on)
        count += 1
    return round(total / count, 1) if count else None


def operations_dashboard(
    *, agency, today: date | None = None, with_cases: bool = True
) -> Dashboard:
    """``with_cases=False`` (agency admins): the figures only, no case or applicant."""
    today = today or timezone.localdate()
    calendar = clock.get_calendar()
    cutoff = due_soon_cutoff(today, calendar)
    cases = Case.objects.filter(agency=agency)
    overdue_q = Q(reply_due__lt=today)
    soon_q = due_soon_q(today, cutoff)

    per_state = {
        row["status"]: row
        for row in cases.open()
        .values("status")
        .annotate(
            count=Count("pk"),
            overdue=Count("pk", filter=overdue_q),
            due_soon=Count("pk", filter=soon_q),
        )
        .order_by()
    }
    labels = dict(Status.choices)
    open_by_state = [
        {
            "status": state,
            "label": labels[state],
            "count": per_state.get(state, {}).get("count", 0),
            "overdue": per_state.get(state, {}).get("overdue", 0),
            "due_soon": per_state.get(state, {}).get("due_soon", 0),
        }
        for state in OPEN_STATES
    ]

    urgent = None
    if with_cases:
        urgent = list(
            cases.open()
            .filter(reply_due__lte=cutoff)
            .select_related("applicant")
            .order_by(F("reply_due").asc(), "id")[:URGENT_LIMIT]
        )
        for case in urgent:
            case.is_overdue = case.reply_due < today

    year_start = date(today.year, 1, 1)
    replies = list(
        cases.filter(replied_on__gte=year_start, replied_on__lte=today).values_list(
            "received_on", "replied_on", "reply_due"
        )
    )
    pairs = [(received_on, replied_on) for received_on, replied_on, _due in replies]
    late_replies = sum(1 for _r, replied_on, due in replies if is_late_reply(replied_on, due))

    per_month = {
        row["month"].month: row["count"]
        for row in Event.objects.filter(
            case__agency=agency, payload__late_entry=True, at__date__gte=year_start
        )
        .annotate(month=TruncMonth("at"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by()
    }
    late_entries_by_month = [
        {"month": m, "count": per_month.get(m, 0)} for m in range(1, today.month + 1)
    ]

    departments = list(
        Department.objects.filter(agency=agency)
        .annotate(
            open_tasks=Count("tasks", filter=Q(tasks__status=TaskStatus.OPEN)),
            overdue_tasks=Count(
                "tasks", filter=Q(tasks__status=TaskStatus.OPEN, tasks__due_on__lt=today)
            ),
            answered_tasks=Count(
                "tasks",
                filter=Q(tasks__status=TaskStatus.ANSWERED, tasks__responded_on__gte=year_start),
            ),
        )
        .filter(Q(active=True) | Q(open_tasks__gt=0) | Q(answered_tasks__gt=0))
        .order_by("name")
    )

    return Dashboard(
        today=today,
        due_soon_cutoff=cutoff,
        open_by_state=open_by_state,
        open_total=sum(s["count"] for s in open_by_state),
        overdue=sum(s["overdue"] for s in open_by_state),
        due_soon=sum(s["due_soon"] for s in open_by_state),
        urgent=urgent,
        replied_count=len(pairs),
        average_working_days=average_reply_working_days(pairs, calendar),
        departments=departments,
        late_replies=late_replies,
        late_entries_by_month=late_entries_by_month,
    )
