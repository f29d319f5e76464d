"""Who may take which action: the policies. Each is ``(subject, user) -> bool``; the subject
is the case (the agency for a registration, the task for a task answer).

The transitions' policies are django-fsm's ``permission=`` in ``workflow.machine``; the other
actions name theirs in their declarations (``workflow.actions``). The services check them for
every caller (web, API, a portal, a worker, an import); the edges ask first only to answer 403
before they parse input.

Global role permissions come from the user's group; every check also requires that the user
belongs to the subject's agency, so one agency never acts on another's cases, and a user
without a staff membership (a portal account, a bare superuser) may take no action at all.
"""

from agencies.roles import has_role_perm


def _member_of_case_agency(case, user) -> bool:
    membership = getattr(user, "membership", None)
    return membership is not None and membership.agency_id == case.agency_id


def can_register(case, user) -> bool:
    """Clerks and handlers: intake, corrections, payments, withdrawals, delivery, archive."""
    return _member_of_case_agency(case, user) and has_role_perm(user, "cases.register_case")


def can_handle(case, user) -> bool:
    return _member_of_case_agency(case, user) and has_role_perm(user, "cases.handle_case")


def can_approve(case, user) -> bool:
    return _member_of_case_agency(case, user) and has_role_perm(user, "cases.approve_case")


def can_sign_off(case, user) -> bool:
    """The approver signs, but never a reply he or she drafted."""
    return can_approve(case, user) and case.drafted_by_id != user.pk


def can_register_in(agency, user) -> bool:
    """Registering an application with ``agency``: its clerks and handlers."""
    membership = getattr(user, "membership", None)
    return (
        membership is not None
        and membership.agency_id == agency.pk
        and has_role_perm(user, "cases.register_case")
    )


def can_answer_task(task, user) -> bool:
    """The liaisons of the task's department (guardian object permission), nobody else."""
    return _member_of_case_agency(task.case, user) and has_role_perm(
        user, "workflow.answer_task", task
    )


def can_write_archive_note(case, user) -> bool:
    """Handlers and approvers correct an archived case by a numbered note."""
    return can_handle(case, user) or can_approve(case, user)


# Policies of the actions that are not transitions (their declarations name them).
can_correct_registration = can_register
can_answer_consultation = can_handle
can_reissue_letter = can_handle
# Service dates come from postal return receipts: clerks and handlers record them.
can_record_service = can_register


def can_view(case, user) -> bool:
    return _member_of_case_agency(case, user) and has_role_perm(user, "cases.view_case")
