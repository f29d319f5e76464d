"""Reads for the auditor workspace: the case search, filtered in SQL."""

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from cases.access import cases_for
from cases.api import filter_cases
from rules.states import OPEN_STATES
from workflow.models import Task

DECISION_GROUPS = ("withheld", "unavailable", "not_processed", "other")


def search_cases(user, params: dict):
    """The cases visible to ``user`` matching the auditor's search form (cleaned data):
    ``q`` (number, applicant, description), ``status``, ``applicant`` (name or ID number),
    ``year`` (of receipt), ``decision`` (a code or a group such as ``withheld``),
    ``timeliness`` (``on_time``: concluded by the due date; ``late``: concluded after it, or
    still open past it) and ``department`` (assisted on the case)."""
    cases = filter_cases(
        cases_for(user).select_related("applicant"),
        {
            "q": params.get("q"),
            "status": params.get("status"),
            "late_entry": True if params.get("late_entry") else None,
            "replied_late": True if params.get("replied_late") else None,
        },
    )
    applicant = (params.get("applicant") or "").strip()
    if applicant:
        cases = cases.filter(
            Q(applicant__name__icontains=applicant) | Q(applicant__id_number=applicant.upper())
        )
    if params.get("year"):
        cases = cases.filter(received_on__year=params["year"])
    decision = params.get("decision")
    if decision in DECISION_GROUPS:
        cases = cases.filter(decision__startswith=f"{decision}.")
    elif decision:
        cases = cases.filter(decision=decision)
    timeliness = params.get("timeliness")
    if timeliness == "on_time":
        cases = cases.filter(concluded_on__isnull=False, concluded_on__lte=F("reply_due"))
    elif timeliness == "late":
        cases = cases.filter(
            Q(concluded_on__gt=F("reply_due"))
            | Q(status__in=OPEN_STATES, reply_due__lt=timezone.localdate())
        )
    if params.get("department"):
        cases = cases.filter(
            Exists(Task.objects.filter(case=OuterRef("pk"), department=params["department"]))
        )
    return cases.order_by("-received_on", "-id")
