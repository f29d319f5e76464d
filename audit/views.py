"""The auditor workspace (workflow.md: "Auditors never change anything"): a read-only case
search and case page. Every look at a case is logged (``audit.AuditView``)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from agencies.roles import has_role_perm
from audit.filters import AuditCaseFilter
from audit.models import ViewKind
from audit.services import record_view
from cases.access import cases_for, get_case_for
from letters.bundle.pages import HASH_PREFIX, decision_label
from letters.models import CaseFile
from rules.states import Status
from workflow.actions import event_label
from workflow.integrity import check_case

PAGE_SIZE = 50


def _require_auditor(user) -> None:
    if getattr(user, "membership", None) is None or not has_role_perm(user, "cases.audit_case"):
        raise PermissionDenied(_("只有监督员可以使用案件检索。"))


def _status(code: str) -> str:
    return str(Status(code).label) if code in Status.values else code


@login_required
@require_GET
def search(request):
    _require_auditor(request.user)
    base = cases_for(request.user).select_related("applicant").order_by("-received_on", "-id")
    filterset = AuditCaseFilter(request.GET or None, queryset=base, request=request)
    searched = filterset.is_valid() and filterset.filtered
    # Invalid values are shown beside their fields and filter nothing.
    cases = filterset.qs if not filterset.is_bound or filterset.is_valid() else base
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/search.html",
        {
            "form": filterset.form,
            "page": page,
            "query": query.urlencode(),
            "searched": searched,
        },
    )


@login_required
@require_GET
def case_detail(request, pk: int):
    _require_auditor(request.user)
    case = get_case_for(request.user, pk)
    timeline = [
        {
            "event": event,
            "label": event_label(event.name),
            "change": _status(event.target)
            if event.source in ("", event.target)
            else f"{_status(event.source)} → {_status(event.target)}",
            "hash": event.hash[:HASH_PREFIX],
        }
        for event in case.events.all()  # prefetched with their actors
    ]
    context = {
        "case": case,
        "decision": decision_label(case.decision),
        "timeline": timeline,
        "letters": case.letters.select_related("superseded_by").order_by("issued_at", "id"),
        "case_file": CaseFile.objects.filter(case=case).first(),
        "notes": case.archive_notes.select_related("author"),
        "problems": check_case(case),
    }
    record_view(request.user, case, ViewKind.CASE_PAGE)
    return render(request, "audit/case.html", context)
