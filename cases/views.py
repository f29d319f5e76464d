"""Case pages: intake, list, the case page, registration correction. Thin: parse, call the
service, render; access through cases.access only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from agencies.models import Role
from agencies.roles import has_role_perm, role_of
from audit.models import ViewKind
from audit.services import record_view
from cases import intake
from cases.access import cases_for, get_case_for
from cases.filters import CaseFilter
from cases.forms import (
    CASE_FIELDS,
    ApplicantForm,
    CaseDetailsForm,
    CorrectionNoteForm,
    IntakeForm,
    service_errors,
)
from cases.search import CappedPaginator, list_source
from cases.selectors import handlers_of, with_due_info
from cases.services import correct_registration, register_case
from cases.uploads import UploadTooLarge
from letters.models import CaseFile
from rules.deadline import working_days_left
from rules.states import Status
from workflow import clock
from workflow.diagram import state_diagram_svg
from workflow.errors import Conflict
from workflow.forms import ConsultationAnswerForm, ServedForm, SetHandlerForm, action_forms
from workflow.permissions import (
    can_answer_consultation,
    can_correct_registration,
    can_record_service,
    can_register_in,
    can_set_handler,
)

PAGE_SIZE = 50


def _require(user, perm: str) -> None:
    if getattr(user, "membership", None) is None or not has_role_perm(user, perm):
        raise PermissionDenied(_("您无权访问此页面。"))


def _registering_agency(user):
    """The agency the user registers applications with (the register action's policy)."""
    membership = getattr(user, "membership", None)
    if membership is None or not can_register_in(membership.agency, user):
        raise PermissionDenied(_("您无权访问此页面。"))
    return membership.agency


# -- list -------------------------------------------------------------------------------------


@login_required
@require_GET
def case_list(request):
    _require(request.user, "cases.view_case")
    calendar = clock.get_calendar()
    base = (
        cases_for(request.user)
        .select_related("applicant", "handler")
        .order_by("-received_on", "-id")
    )
    # A handler's list opens on 我的案件; everyone else's on all cases.
    default_scope = "mine" if role_of(request.user) == Role.HANDLER else "all"
    data = request.GET.copy()
    data.setdefault("scope", default_scope)
    filterset = CaseFilter(
        data, queryset=base, request=request, calendar=calendar, ids_first=True,
        default_scope=default_scope,
    )
    # Invalid values are shown beside their fields and filter nothing.
    valid = not filterset.is_bound or filterset.is_valid()
    cases = filterset.qs if valid else base
    term = filterset.form.cleaned_data.get("q") if filterset.is_bound and valid else ""
    page = CappedPaginator(list_source(cases, term), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/case_list.html",
        {
            "form": filterset.form,
            "page": page,
            "cases": with_due_info(page.object_list, calendar=calendar),
            "query": query.urlencode(),
            "filtered": filterset.is_valid() and filterset.filtered,
        },
    )


# -- intake -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request):
    agency = _registering_agency(request.user)
    if request.method == "GET":
        initial = {"received_on": timezone.localdate(), "channel": "in_person"}
        return _render_intake(
            request, ApplicantForm(initial={"kind": "person"}), IntakeForm(initial=initial)
        )
    applicant_form = ApplicantForm(request.POST)
    case_form = IntakeForm(request.POST, request.FILES)
    token = request.POST.get("staged", "")
    staged = intake.staged(owner=request.user, token=token)
    token = token if staged else ""
    if not (applicant_form.is_valid() and case_form.is_valid()):
        return _render_intake(request, applicant_form, case_form, staged=staged, token=token)
    repeat_of = None
    if request.POST.get("repeat_of"):
        repeat_of = cases_for(request.user).filter(pk=request.POST["repeat_of"]).first()
        if repeat_of is None:
            case_form.add_error(None, _("关联的案件不存在。"))
            return _render_intake(request, applicant_form, case_form, staged=staged, token=token)
    duplicates = intake.must_confirm_duplicates(
        agency=agency,
        id_number=applicant_form.cleaned_data["id_number"],
        description=case_form.cleaned_data["description"],
        repeat_of=repeat_of,
        confirmed=request.POST.get("duplicate_choice") == "continue",
    )
    if duplicates:
        new_files = case_form.files_by_kind()
        try:
            # Bad files are refused now rather than kept for the second submit.
            if new_files:
                token = intake.stage(owner=request.user, files_by_kind=new_files, token=token)
                staged = intake.staged(owner=request.user, token=token)
        except ValidationError as exc:
            service_errors({"case": case_form}, _message_dict(exc))
        except UploadTooLarge as exc:
            case_form.add_error(None, exc.message)
        else:
            return _render_intake(
                request,
                applicant_form,
                case_form,
                staged=staged,
                token=token,
                duplicates=duplicates,
            )
        return _render_intake(request, applicant_form, case_form, staged=staged, token=token)
    opened = intake.open_staged(staged)
    try:
        case = register_case(
            agency=agency,
            actor=request.user,
            applicant=applicant_form.cleaned_data,
            repeat_of=repeat_of,
            # Files chosen again replace the kept ones of the same kind.
            files_by_kind={**opened, **case_form.files_by_kind()},
            **case_form.case_fields(),
        )
    except ValidationError as exc:
        service_errors({"applicant": applicant_form, "case": case_form}, _message_dict(exc))
    except UploadTooLarge as exc:
        case_form.add_error(None, exc.message)
    except Conflict as exc:
        case_form.add_error(None, exc.message)
    else:
        intake.discard(owner=request.user, token=token)
        messages.success(request, _("申请已登记，案件编号：%(number)s。") % {"number": case.number})
        if case.receipt_problem:
            messages.warning(
                request, _("受理回执未能生成：%(problem)s") % {"problem": case.receipt_problem}
            )
        return redirect("cases:detail", pk=case.pk)
    finally:
        for uploads in opened.values():
            for upload in uploads:
                upload.close()
    return _render_intake(request, applicant_form, case_form, staged=staged, token=token)


def _render_intake(request, applicant_form, case_form, *, staged=None, token="", duplicates=()):
    bound = applicant_form.is_bound
    kinds = {kind: IntakeForm.base_fields[kind].label for kind in IntakeForm.FILE_KINDS}
    return render(
        request,
        "cases/case_form.html",
        {
            "applicant_form": applicant_form,
            "case_form": case_form,
            "staged": [
                (kinds.get(kind, kind), item.name)
                for kind, items in (staged or {}).items()
                for item in items
            ],
            "staged_token": token,
            "duplicates": duplicates,
            "intake": True,
        },
        status=200 if not bound or duplicates else 400,
    )


def _message_dict(exc: ValidationError) -> dict:
    return exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}


# -- the case page ----------------------------------------------------------------------------


@login_required
@require_GET
def case_detail(request, pk: int):
    case = get_case_for(request.user, pk)
    record_view(request.user, case, ViewKind.CASE_PAGE)  # auditors' reads are logged
    return render_case_page(request, case)


@login_required
@require_GET
def case_sheet(request, pk: int):
    """The one-page 办理单 for the paper file: the register data and what was done, no forms."""
    case = get_case_for(request.user, pk)
    record_view(request.user, case, ViewKind.CASE_PAGE)  # a printed sheet is a read too
    today = timezone.localdate()
    deadline = clock.case_deadline(case, today, clock.get_calendar()) if case.is_open else None
    return render(
        request,
        "cases/case_sheet.html",
        {"case": case, "deadline": deadline, "printed_on": today},
    )


def render_case_page(
    request,
    case,
    *,
    bound_action=None,
    bound_consultation=None,
    bound_served=None,
    bound_handler=None,
    conflict="",
    status=200,
):
    """The case page; after a failed POST, with that form's errors and typed values."""
    user = request.user
    today = timezone.localdate()
    calendar = clock.get_calendar()
    deadline = clock.case_deadline(case, today, calendar) if case.is_open else None
    days_left = working_days_left(deadline.due, today, calendar) if deadline else None
    overdue = deadline is not None and today > deadline.due
    answering = case.status == Status.CONSULTING and can_answer_consultation(case, user)
    serving = can_record_service(case, user)

    def served_form(record, prefix_id: str):
        if bound_served is not None and bound_served.record == record:
            return bound_served
        return ServedForm(prefix_id=prefix_id, record=record)

    consultations = []
    for consultation in case.consultations.all():
        form = None
        if answering and not consultation.answered:
            form = (
                bound_consultation
                if bound_consultation and bound_consultation.consultation.pk == consultation.pk
                else ConsultationAnswerForm(consultation=consultation)
            )
        open_consultation = case.status == Status.CONSULTING and not consultation.answered
        consultations.append(
            {
                "c": consultation,
                "deemed_consent": consultation.deemed_consent(today),
                "overdue": consultation.is_overdue(today),
                "form": form,
                "served_form": served_form(consultation, f"consultation{consultation.pk}_served")
                if serving and open_consultation
                else None,
            }
        )
    fee_notices = [
        {
            "f": notice,
            "served_form": served_form(notice, f"fee{notice.pk}_served")
            if serving and case.status == Status.AWAITING_FEE and notice.paid_on is None
            else None,
        }
        for notice in case.fee_notices.all()
    ]
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "deadline": deadline,
            "days_left": days_left,
            "late_days": -days_left if overdue else 0,
            "overdue": overdue,
            "consultations": consultations,
            "fee_notices": fee_notices,
            "actions": action_forms(case, user, bound_action),
            "may_correct": case.is_open and can_correct_registration(case, user),
            "handler_form": bound_handler or (
                SetHandlerForm(handlers=handlers_of(case.agency))
                if case.status != Status.ARCHIVED and can_set_handler(case, user)
                else None
            ),
            # attachments are prefetched: no query
            "has_authorization": any(
                a.kind == "authorization" for a in case.attachments.all()
            ),
            "conflict": conflict,
            "case_file": CaseFile.objects.filter(case=case).first() if not case.is_open else None,
            "state_diagram": mark_safe(state_diagram_svg(case.status)),  # noqa: S308 - escaped
        },
        status=status,
    )


@login_required
@require_GET
def attachment(request, pk: int, attachment_pk: int):
    case = get_case_for(request.user, pk)
    found = next((a for a in case.attachments.all() if a.pk == attachment_pk), None)
    if found is None:
        raise Http404
    record_view(request.user, case, ViewKind.ATTACHMENT, found.original_name)
    return FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.original_name,
        content_type=found.content_type,
    )


# -- correcting the registration ----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def case_correct(request, pk: int):
    case = get_case_for(request.user, pk)
    if not can_correct_registration(case, request.user):
        raise PermissionDenied(_("您无权修改登记信息。"))
    if request.method == "GET":
        applicant_form = ApplicantForm(initial=model_to_dict(case.applicant))
        case_form = CaseDetailsForm(initial=model_to_dict(case, fields=CASE_FIELDS))
        return _render_correct(request, case, applicant_form, case_form, CorrectionNoteForm())
    applicant_form = ApplicantForm(request.POST, initial=model_to_dict(case.applicant))
    case_form = CaseDetailsForm(request.POST, initial=model_to_dict(case, fields=CASE_FIELDS))
    note_form = CorrectionNoteForm(request.POST)
    if applicant_form.is_valid() & case_form.is_valid() & note_form.is_valid():
        try:
            correct_registration(
                case=case,
                actor=request.user,
                changes=case_form.cleaned_data,
                applicant_changes=applicant_form.cleaned_data,
                note=note_form.cleaned_data["note"],
            )
        except ValidationError as exc:
            service_errors({"applicant": applicant_form, "case": case_form}, _message_dict(exc))
        except Conflict as exc:
            return _render_correct(
                request,
                case,
                applicant_form,
                case_form,
                note_form,
                conflict=exc.message,
                status=409,
            )
        else:
            changed = applicant_form.has_changed() or case_form.has_changed()
            messages.success(request, _("登记信息已更正。") if changed else _("没有修改任何内容。"))
            return redirect("cases:detail", pk=case.pk)
    return _render_correct(request, case, applicant_form, case_form, note_form, status=400)


def _render_correct(
    request, case, applicant_form, case_form, note_form, *, conflict="", status=200
):
    if not case.is_open and not conflict:
        conflict, status = _("本案已答复或已终止，登记信息不能再修改。"), 409
    return render(
        request,
        "cases/case_form.html",
        {
            "case": case,
            "applicant_form": applicant_form,
            "case_form": case_form,
            "note_form": note_form,
            "conflict": conflict,
        },
        status=status,
    )
