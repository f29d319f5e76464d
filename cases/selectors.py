"""Reads for the web pages: work lists per role and the deadline badges of listed cases.

Every list is filtered in SQL from the access helpers (cases_for, tasks_for); badges are pure
calendar arithmetic on the stored ``reply_due``, so a page of cases costs one query for the
rows and one for the calendar, whatever its length.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Role
from cases.access import cases_for, tasks_for
from cases.models import Case
from rules.deadline import (
    DUE_SOON_WORKING_DAYS,
    correction_last_day_receipts,
    working_days_left,
)
from rules.states import OPEN_STATES, Status
from workflow import clock
from workflow.models import TaskStatus

# Approvers need lead time: an extension must be decided before the period ends (Art. 33).
EXTENSION_WINDOW_WORKING_DAYS = 5
HOME_LIST_LIMIT = 50


@dataclass(frozen=True)
class DueInfo:
    due: date | None
    days_left: int | None
    overdue: bool
    soon: bool
    provisional: bool
    internal_target: date | None = None


# What a handler does next, by state (shown on the handler's workspace).
NEXT_ACTIONS = {
    Status.REGISTERED: _("审查申请：补正、交办、征求意见或直接答复"),
    Status.AWAITING_CORRECTION: _("等待申请人补正"),
    Status.ASSISTING: _("等待部门答复后提交答复"),
    Status.CONSULTING: _("登记征求意见答复，结束征求意见"),
    Status.AWAITING_FEE: _("等待申请人缴费"),
    Status.DRAFTING: _("拟写答复并送审"),
    Status.PENDING_APPROVAL: _("等待签发"),
}


def due_soon_cutoff(today: date | None = None, calendar=None) -> date:
    """The last due date that counts as "due soon" today."""
    calendar = calendar or clock.get_calendar()
    return calendar.add_working_days(today or timezone.localdate(), DUE_SOON_WORKING_DAYS)


# "即将到期" is defined here once, for the list filter, the badges and the dashboard: an open
# case due today or within DUE_SOON_WORKING_DAYS working days; an overdue case is not "soon".
def is_due_soon(due: date | None, today: date, cutoff: date) -> bool:
    return due is not None and today <= due <= cutoff


def due_soon_q(today: date, cutoff: date) -> Q:
    """``is_due_soon`` in SQL, for open cases (the caller restricts to open ones or not)."""
    return Q(reply_due__gte=today, reply_due__lte=cutoff)


def due_info(case, today: date, calendar) -> DueInfo:
    due = case.reply_due
    if due is None or case.status not in OPEN_STATES:
        return DueInfo(due, None, False, False, False)
    left = working_days_left(due, today, calendar)
    overdue = today > due
    return DueInfo(
        due=due,
        days_left=left,
        overdue=overdue,
        soon=is_due_soon(due, today, due_soon_cutoff(today, calendar)),
        provisional=bool(calendar.provisional_years(case.received_on, due)),
        internal_target=calendar.previous_working_day(due),
    )


def with_due_info(cases, today: date | None = None, calendar=None) -> list:
    """The cases as a list, each with ``.due_info`` set (one calendar query, no more)."""
    today = today or timezone.localdate()
    calendar = calendar or clock.get_calendar()
    cases = list(cases)
    for case in cases:
        case.due_info = due_info(case, today, calendar)
        case.next_action = NEXT_ACTIONS.get(case.status, "")
    return cases


def _by_due(queryset):
    return queryset.order_by(F("reply_due").asc(nulls_last=True), "received_on", "id")


def todays_registrations(user):
    today = timezone.localdate()
    return (
        cases_for(user)
        .filter(registered_at__date=today)
        .select_related("applicant")
        .order_by("-registered_at", "-id")
    )


def awaiting_delivery(user):
    """Replied or closed cases whose delivery (送达) is not yet recorded: they cannot be
    archived until it is."""
    return (
        cases_for(user)
        .filter(status__in=[Status.REPLIED, Status.CLOSED], delivered_on__isnull=True)
        .select_related("applicant")
        .order_by("concluded_on", "id")
    )


def recently_concluded(user):
    """Replied, closed or archived cases, newest first: what an auditor reads most."""
    return (
        cases_for(user)
        .filter(status__in=[Status.REPLIED, Status.CLOSED, Status.ARCHIVED])
        .select_related("applicant")
        .order_by("-concluded_on", "-id")
    )


def open_cases_by_due(user):
    return _by_due(cases_for(user).open().select_related("applicant", "handler"))


def approval_queue(user):
    return (
        cases_for(user)
        .filter(status=Status.PENDING_APPROVAL)
        .select_related("applicant", "drafted_by")
        .order_by(F("reply_due").asc(nulls_last=True), "id")
    )


def extension_candidates(user, today: date | None = None, calendar=None):
    """Open cases not yet extended whose period ends within the window and has not ended."""
    today = today or timezone.localdate()
    calendar = calendar or clock.get_calendar()
    window_end = calendar.add_working_days(today, EXTENSION_WINDOW_WORKING_DAYS)
    return _by_due(
        cases_for(user)
        .open()
        .filter(extension_working_days=0, reply_due__gte=today, reply_due__lte=window_end)
        .select_related("applicant")
    )


def correction_last_day(user, today: date | None = None, calendar=None):
    """Registered cases for which today is the last day to send a 补正告知 (Art. 30): the
    clerk's queue warns about them."""
    today = today or timezone.localdate()
    receipts = correction_last_day_receipts(today, calendar or clock.get_calendar())
    if receipts is None:  # no deadline falls on a day off: an empty range, still one query
        receipts = (today, today - timedelta(days=1))
    return (
        cases_for(user)
        .filter(
            status=Status.REGISTERED,
            correction_notice_on__isnull=True,
            received_on__range=receipts,
        )
        .select_related("applicant")
        .order_by("received_on", "id")
    )


def open_tasks(user):
    return tasks_for(user).filter(status=TaskStatus.OPEN).order_by("due_on", "id")


def answered_tasks(user):
    return tasks_for(user).filter(status=TaskStatus.ANSWERED).order_by("-responded_on", "-id")


def handlers_of(agency):
    """The active handlers of ``agency``: who may be named 承办人."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True, membership__agency_id=agency.pk, membership__role=Role.HANDLER
        )
        .select_related("membership")
        .order_by("last_name", "first_name", "username")
    )


def my_open_cases(user):
    """我的案件: the open cases whose 承办人 is ``user``, earliest due first."""
    return _by_due(cases_for(user).open().handled_by(user).select_related("applicant", "handler"))


def unowned_open_cases(user):
    """Open cases nobody has been named 承办人 of yet."""
    return _by_due(
        cases_for(user).open().filter(handler__isnull=True).select_related("applicant")
    )


def month_pieces(case) -> list[dict]:
    """The applicant's applications to this agency in the calendar month of this one's
    receipt, up to and including it, from the register (same identity number): this
    application is the n-th piece (109号, 按件计收)."""
    applicant = case.applicant
    received = case.first_received_on
    same = Case.objects.filter(agency_id=case.agency_id, pk=case.pk)
    if applicant.id_number:
        same = Case.objects.filter(
            agency_id=case.agency_id,
            applicant__id_type=applicant.id_type,
            applicant__id_number=applicant.id_number,
            first_received_on__gte=received.replace(day=1),
            first_received_on__lte=received,
        ).filter(Q(first_received_on__lt=received) | Q(pk__lte=case.pk))
    return [
        {"id": pk, "number": number, "received_on": on.isoformat()}
        for pk, number, on in same.order_by("first_received_on", "pk").values_list(
            "pk", "number", "first_received_on"
        )
    ]
