"""Who may see which report, and the access helpers of review records."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from agencies.models import Agency, Role
from agencies.roles import has_role_perm
from cases.access import cases_for
from cases.models import Case
from reports.models import ReviewRecord

# Everyone who works on or oversees the agency's cases; liaisons only see their tasks.
REPORT_ROLES = frozenset({Role.CLERK, Role.HANDLER, Role.APPROVER, Role.AUDITOR, Role.AGENCY_ADMIN})
# Agency admins see the dashboard's figures, without the list of urgent cases (names).
DASHBOARD_ROLES = frozenset({Role.HANDLER, Role.APPROVER, Role.AGENCY_ADMIN})


def _role(user) -> str | None:
    membership = getattr(user, "membership", None)
    return membership.role if membership is not None else None


def report_scope(user, agency_id=None) -> Agency | None:
    """The agency whose annual report the user asks for; None means all agencies together.

    Superusers may see any agency and all of them (the default). Everyone else sees their own
    agency only (the default): another agency is a 404, a role without reports a 403.
    """
    if user.is_superuser:
        if agency_id in (None, ""):
            return None
        try:
            return Agency.objects.get(pk=agency_id)
        except (Agency.DoesNotExist, ValueError, TypeError):
            raise Http404 from None
    if _role(user) not in REPORT_ROLES:
        raise PermissionDenied(_("您无权查看统计报表。"))
    membership = user.membership
    if agency_id in (None, "") or str(agency_id) == str(membership.agency_id):
        return membership.agency
    raise Http404


def may_list_cases(user) -> bool:
    """The cases behind a cell carry applicants' names: only for roles that read cases (an
    agency administrator sees the numbers, not the cases)."""
    return has_role_perm(user, "cases.view_case")


def check_dashboard(user) -> Agency:
    if _role(user) not in DASHBOARD_ROLES:
        raise PermissionDenied(_("运行情况仅供承办人、审批人和机关管理员查看。"))
    return user.membership.agency


def get_case_for_reviews(user, pk) -> Case:
    """A case the user may read, with what its review page shows; 404 otherwise."""
    try:
        return cases_for(user).select_related("applicant", "agency").get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def reviews_for(user):
    return ReviewRecord.objects.filter(case__in=cases_for(user))


def get_review_for(user, pk) -> ReviewRecord:
    try:
        return reviews_for(user).select_related("case").get(pk=pk)
    except (ReviewRecord.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
