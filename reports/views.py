from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agencies.models import Agency
from cases.forms import add_errors
from reports import annual, services
from reports.access import (
    check_dashboard,
    get_case_for_reviews,
    get_review_for,
    may_list_cases,
    report_scope,
)
from reports.dashboard import operations_dashboard
from reports.forms import DecideReviewForm, ReviewForm
from reports.serializers import MIN_REPORT_YEAR
from rules.states import CONCLUDED_STATES
from workflow.errors import Conflict

CASES_PER_PAGE = 100
YEARS_OFFERED = 10


def default_year(today) -> int:
    """Annual reports are due by 31 January (departments) or 31 March (county governments)
    for the year before: until April the page opens on last year."""
    return today.year - 1 if today.month <= 3 else today.year


def _year(value, today) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not MIN_REPORT_YEAR <= year <= today.year:
        raise Http404
    return year


def _agency_param(request) -> str | None:
    return request.GET.get("agency") or None


def _query(**params) -> str:
    return "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


@login_required
@require_GET
def annual_report(request):
    today = timezone.localdate()
    year = _year(request.GET.get("year") or default_year(today), today)
    agency_param = _agency_param(request)
    agency = report_scope(request.user, agency_param)
    report = annual.compute_annual_report(year=year, agency=agency)

    # Cell links carry the agency only when the user chose one (superusers).
    agency_for_links = agency.pk if (request.user.is_superuser and agency) else None
    links = may_list_cases(request.user)
    cases_url = reverse("reports:annual_cases", args=[year])
    lines = []
    for row, cells in annual.GRID:
        values = [
            {
                "n": n,
                "url": cases_url + _query(row=row.key, col=col, agency=agency_for_links)
                if links and n
                else None,
            }
            for col, n in zip(annual.COLUMN_KEYS, report.values[row.key], strict=True)
        ]
        lines.append({"key": row.key, "labels": cells, "values": values})
    reviews_url = reverse("reports:annual_reviews", args=[year])
    reviews = [
        {
            "n": n,
            "label": label,
            "url": reviews_url + _query(kind=kind, result=result, agency=agency_for_links)
            if links and n
            else None,
        }
        for (kind, result, label), n in zip(annual.REVIEW_CELLS, report.reviews, strict=True)
    ]
    api_url = reverse("api-annual-report")
    downloads = {
        fmt: api_url + _query(year=year, agency=agency_for_links, format=fmt)
        for fmt in ("xlsx", "csv")
    }
    years = list(range(today.year, today.year - YEARS_OFFERED, -1))
    if year not in years:
        years.append(year)
    return render(
        request,
        "reports/annual.html",
        {
            "report": report,
            "year": year,
            "years": years,
            "lines": lines,
            "reviews": reviews,
            "fees": list(
                zip(
                    [label for _, label in annual.FEE_LABELS],
                    report.fees.values if report.fees else [0, 0, 0],
                    strict=True,
                )
            ),
            "fee_title": annual.FEE_SECTION_TITLE,
            "columns": annual.COLUMN_LABELS,
            "org_columns": annual.COLUMN_LABELS[1:6],
            "check_note": annual.CHECK_NOTE,
            "downloads": downloads,
            "agencies": Agency.objects.order_by("name") if request.user.is_superuser else None,
            "agency_param": agency_for_links,
            "balance": list(zip(annual.COLUMN_LABELS, report.balance, strict=True)),
        },
    )


def _drilldown_scope(request, year_value):
    today = timezone.localdate()
    year = _year(year_value, today)
    agency = report_scope(request.user, _agency_param(request))
    if not may_list_cases(request.user):
        raise PermissionDenied(_("您无权查看案件清单。"))
    return year, agency


def _page(request, queryset):
    return Paginator(queryset, CASES_PER_PAGE).get_page(request.GET.get("page"))


@login_required
@require_GET
def annual_cases(request, year: int):
    """The cases counted in one cell of section 三 (the same filter as the number)."""
    year, agency = _drilldown_scope(request, year)
    row, col = request.GET.get("row", ""), request.GET.get("col", "")
    numbered = {r.key: r for r in annual.NUMBERED_ROWS}
    if row not in numbered or col not in annual.COLUMN_KEYS:
        raise Http404
    cases = (
        annual.cell_cases(year=year, agency=agency, row=row, column=col)
        .select_related("applicant", "agency")
        .order_by("first_received_on", "id")
    )
    return render(
        request,
        "reports/annual_cases.html",
        {
            "year": year,
            "agency": agency,
            "row": numbered[row],
            "column": dict(annual.COLUMNS)[col],
            "show_agency": agency is None,
            "page": _page(request, cases),
            "back": reverse("reports:annual") + _query(year=year, agency=_agency_param(request)),
            "page_query": _query(row=row, col=col, agency=_agency_param(request)),
        },
    )


@login_required
@require_GET
def annual_reviews(request, year: int):
    """The review records counted in one cell of section 四."""
    year, agency = _drilldown_scope(request, year)
    kind, result = request.GET.get("kind", ""), request.GET.get("result", "")
    labels = {(k, r): label for k, r, label in annual.REVIEW_CELLS}
    if (kind, result) not in labels:
        raise Http404
    records = (
        annual.review_cell_records(year=year, agency=agency, kind=kind, result=result)
        .select_related("case", "case__agency")
        .order_by("filed_on", "id")
    )
    return render(
        request,
        "reports/annual_reviews.html",
        {
            "year": year,
            "agency": agency,
            "label": labels[(kind, result)],
            "page": _page(request, records),
            "back": reverse("reports:annual") + _query(year=year, agency=_agency_param(request)),
            "page_query": _query(kind=kind, result=result, agency=_agency_param(request)),
        },
    )


@login_required
@require_GET
def dashboard(request):
    agency = check_dashboard(request.user)
    board = operations_dashboard(agency=agency, with_cases=may_list_cases(request.user))
    return render(
        request,
        "reports/dashboard.html",
        {"board": board, "late_entry_days": settings.LATE_ENTRY_WORKING_DAYS},
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_reviews(request, pk: int):
    """A case's reconsiderations and lawsuits; handlers and approvers add them."""
    case = get_case_for_reviews(request.user, pk)
    may_record = services.may_record_review(case, request.user)
    concluded = case.status in CONCLUDED_STATES
    form = None
    if may_record:  # open cases too: a review of the agency's inaction (不履行法定职责)
        form = ReviewForm(request.POST or None, initial={"body": case.agency.reconsideration_body})
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("您无权登记行政复议、行政诉讼情况。"))
        if form.is_valid():
            try:
                services.record_review(case=case, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc.message_dict)
            except Conflict as exc:
                messages.error(request, exc.message)
                return redirect("reports:case_reviews", pk=case.pk)
            else:
                messages.success(request, _("已登记。"))
                return redirect("reports:case_reviews", pk=case.pk)
    reviews = list(case.reviews.select_related("recorded_by").order_by("filed_on", "id"))
    return render(
        request,
        "reports/case_reviews.html",
        {
            "case": case,
            "reviews": reviews,
            "form": form,
            "may_record": may_record,
            "concluded": concluded,
            "decide_form": DecideReviewForm() if may_record else None,
        },
    )


@login_required
@require_POST
def decide_review(request, pk: int):
    review = get_review_for(request.user, pk)
    form = DecideReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("reports:case_reviews", pk=review.case_id)
    try:
        services.decide_review(review=review, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for message in errors:
                messages.error(request, message)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已登记审结结果。"))
    return redirect("reports:case_reviews", pk=review.case_id)
