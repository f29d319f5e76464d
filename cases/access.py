"""One access helper per model (style.md): fetch with the right joins, or 404."""

from django.db.models import Prefetch
from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from agencies.roles import has_role_perm
from cases.models import Case
from letters.models import Letter
from workflow.models import Consultation, Event, FeeNotice, Task


def cases_for(user):
    return Case.objects.visible_to(user)


def case_detail_queryset(user):
    return (
        cases_for(user)
        .select_related("applicant", "agency", "repeat_of", "reopens")
        .prefetch_related(
            "rereplies",
            Prefetch("tasks", queryset=Task.objects.select_related("department", "case")),
            "consultations",
            "fee_notices",
            Prefetch("events", queryset=Event.objects.select_related("actor").order_by("seq")),
            "attachments",
            # Each letter's successor in the same query: "superseded" costs nothing per letter.
            Prefetch("letters", queryset=Letter.objects.select_related("superseded_by")),
        )
    )


def get_case_for(user, pk) -> Case:
    """The case with everything its page shows; 404 when unknown or not visible."""
    try:
        return case_detail_queryset(user).get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def tasks_for(user):
    """Liaisons: their department's tasks (guardian object permissions). Case staff: their
    agency's tasks."""
    membership = getattr(user, "membership", None)
    if membership is None:
        return Task.objects.none()
    base = Task.objects.select_related("case", "department")
    if has_role_perm(user, "cases.view_case"):
        return base.filter(case__agency_id=membership.agency_id)
    return get_objects_for_user(
        user, "workflow.view_task", klass=base, accept_global_perms=False, with_superuser=False
    ).filter(case__agency_id=membership.agency_id)


def get_task_for(user, pk) -> Task:
    try:
        return tasks_for(user).get(pk=pk)
    except (Task.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_consultation_for(user, pk) -> Consultation:
    try:
        return Consultation.objects.select_related("case").get(pk=pk, case__in=cases_for(user))
    except (Consultation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_fee_notice_for(user, pk) -> FeeNotice:
    try:
        return FeeNotice.objects.select_related("case").get(pk=pk, case__in=cases_for(user))
    except (FeeNotice.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
