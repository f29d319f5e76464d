from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from agencies.models import Role
from agencies.navigation import ROLE_HOME_TEMPLATES
from cases import selectors
from workflow import clock

LIMIT = selectors.HOME_LIST_LIMIT


def _clerk(user) -> dict:
    calendar = clock.get_calendar()
    return {
        "registered_today": selectors.with_due_info(
            selectors.todays_registrations(user)[:LIMIT], calendar=calendar
        ),
        "awaiting_delivery": selectors.with_due_info(
            selectors.awaiting_delivery(user)[:LIMIT], calendar=calendar
        ),
        "correction_last_day": selectors.with_due_info(
            selectors.correction_last_day(user, calendar=calendar)[:LIMIT], calendar=calendar
        ),
    }


def _handler(user) -> dict:
    return {"open_cases": selectors.with_due_info(selectors.open_cases_by_due(user)[:LIMIT])}


def _approver(user) -> dict:
    calendar = clock.get_calendar()
    return {
        "pending": selectors.with_due_info(
            selectors.approval_queue(user)[:LIMIT], calendar=calendar
        ),
        "candidates": selectors.with_due_info(
            selectors.extension_candidates(user, calendar=calendar)[:LIMIT], calendar=calendar
        ),
    }


def _liaison(user) -> dict:
    return {"open_tasks": list(selectors.open_tasks(user)[:LIMIT]), "today": timezone.localdate()}


def _auditor(user) -> dict:
    today = timezone.localdate()
    return {
        "concluded": selectors.with_due_info(selectors.recently_concluded(user)[:10]),
        "report_year": today.year - 1 if today.month <= 3 else today.year,
    }


WORKSPACES = {
    Role.CLERK: _clerk,
    Role.HANDLER: _handler,
    Role.APPROVER: _approver,
    Role.LIAISON: _liaison,
    Role.AUDITOR: _auditor,
}


@login_required
def home(request):
    """Each role lands on its own workspace."""
    membership = getattr(request.user, "membership", None)
    template = ROLE_HOME_TEMPLATES.get(membership.role) if membership else None
    workspace = WORKSPACES.get(membership.role) if membership else None
    context = workspace(request.user) if workspace else {}
    context["limit"] = LIMIT
    return render(request, template or "home/no_role.html", context)
