"""Workflow pages: firing a transition from the case page, answering a consultation, the
department inbox and task page, the approver's queue. Each POST is validated by the API's own
serializer and handled by the same service the API calls."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agencies.roles import has_role_perm
from cases.access import get_case_for, get_consultation_for, get_fee_notice_for, get_task_for
from cases.selectors import (
    answered_tasks,
    approval_queue,
    extension_candidates,
    handlers_of,
    open_tasks,
    with_due_info,
)
from cases.uploads import UploadTooLarge
from cases.views import render_case_page
from config.api import flatten_errors
from workflow import clock, services
from workflow.actions import offered_actions, transition_action
from workflow.errors import Conflict
from workflow.forms import (
    ConsultationAnswerForm,
    HandOverForm,
    ServedForm,
    SetHandlerForm,
    TaskAnswerForm,
)
from workflow.permissions import (
    can_answer_consultation,
    can_answer_task,
    can_hand_over,
    can_record_service,
    can_set_handler,
)
from workflow.serializers import (
    ConsultationAnswerSerializer,
    ServedSerializer,
    TaskRespondSerializer,
)

ANSWERED_TASKS_SHOWN = 50


def _message_dict(exc: ValidationError) -> dict:
    return exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}


@login_required
@require_http_methods(["GET", "POST"])
def fire_transition(request, pk: int, name: str):
    case = get_case_for(request.user, pk)
    if request.method == "GET":
        # A refresh after a failed submit, or a login's `next`, lands here with GET: the form
        # lives on the case page, so go there instead of answering a bare 405.
        return redirect("cases:detail", pk=case.pk)
    declared = transition_action(name)
    if declared is None:
        raise Http404
    if not declared.allowed(case, request.user):
        raise PermissionDenied(_("您无权执行此操作。"))
    form = declared.form(request.POST, case=case, action=declared)
    serializer = declared.serializer(data=form.payload())
    if not serializer.is_valid():
        form.show_errors(flatten_errors(serializer.errors))
        return render_case_page(request, case, bound_action=form, status=400)
    try:
        declared.fire(case=case, actor=request.user, data=serializer.validated_data)
    except ValidationError as exc:
        form.show_errors(_message_dict(exc))
        return render_case_page(request, case, bound_action=form, status=400)
    except Conflict as exc:
        # Typically a second submit of the same form: say why, keep the form if still offered.
        # Once: in the form when it is still offered, else in the page's banner.
        offered = {a.name for a in offered_actions(case, request.user)}
        if name in offered:
            form.show_errors({NON_FIELD_ERRORS: [exc.message]})
            return render_case_page(request, case, bound_action=form, status=409)
        return render_case_page(request, case, conflict=exc.message, status=409)
    messages.success(request, _("已完成：%(label)s。") % {"label": form.label})
    return redirect("cases:detail", pk=case.pk)


@login_required
@require_POST
def answer_consultation(request, pk: int):
    consultation = get_consultation_for(request.user, pk)
    case = get_case_for(request.user, consultation.case_id)
    if not can_answer_consultation(case, request.user):
        raise PermissionDenied(_("您无权登记征求意见答复。"))
    form = ConsultationAnswerForm(request.POST, consultation=consultation)
    serializer = ConsultationAnswerSerializer(data=form.payload())
    if not serializer.is_valid():
        form.show_errors(flatten_errors(serializer.errors))
        return render_case_page(request, case, bound_consultation=form, status=400)
    try:
        services.answer_consultation(
            consultation=consultation, actor=request.user, **serializer.validated_data
        )
    except ValidationError as exc:
        form.show_errors(_message_dict(exc))
        return render_case_page(request, case, bound_consultation=form, status=400)
    except Conflict as exc:
        return render_case_page(request, case, conflict=exc.message, status=409)
    messages.success(
        request, _("已登记%(name)s的答复。") % {"name": consultation.name}
    )
    return redirect("cases:detail", pk=case.pk)


def _record_served(request, case, form, record):
    """Validate a service date with the API's serializer, record it with ``record``."""
    serializer = ServedSerializer(data=form.payload())
    if not serializer.is_valid():
        form.show_errors(flatten_errors(serializer.errors))
        return render_case_page(request, case, bound_served=form, status=400)
    try:
        record(**serializer.validated_data)
    except ValidationError as exc:
        form.show_errors(_message_dict(exc))
        return render_case_page(request, case, bound_served=form, status=400)
    except Conflict as exc:
        return render_case_page(request, case, conflict=exc.message, status=409)
    messages.success(request, _("已登记送达日期。"))
    return redirect("cases:detail", pk=case.pk)


@login_required
@require_POST
def consultation_served(request, pk: int):
    consultation = get_consultation_for(request.user, pk)
    case = get_case_for(request.user, consultation.case_id)
    if not can_record_service(case, request.user):
        raise PermissionDenied(_("您无权登记送达日期。"))
    form = ServedForm(request.POST, prefix_id=f"consultation{pk}_served", record=consultation)
    return _record_served(
        request,
        case,
        form,
        lambda **data: services.record_consultation_service(
            consultation=consultation, actor=request.user, **data
        ),
    )


@login_required
@require_POST
def fee_notice_served(request, pk: int):
    notice = get_fee_notice_for(request.user, pk)
    case = get_case_for(request.user, notice.case_id)
    if not can_record_service(case, request.user):
        raise PermissionDenied(_("您无权登记送达日期。"))
    form = ServedForm(request.POST, prefix_id=f"fee{pk}_served", record=notice)
    return _record_served(
        request,
        case,
        form,
        lambda **data: services.record_fee_service(notice=notice, actor=request.user, **data),
    )


# -- departments ------------------------------------------------------------------------------


@login_required
@require_GET
def inbox(request):
    return render(
        request,
        "workflow/inbox.html",
        {
            "open_tasks": list(open_tasks(request.user)),
            "answered_tasks": list(answered_tasks(request.user)[:ANSWERED_TASKS_SHOWN]),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_detail(request, pk: int):
    """What a department needs to search its files, never the applicant's identity."""
    task = get_task_for(request.user, pk)
    form = TaskAnswerForm()
    status, conflict = 200, ""
    if request.method == "POST":
        form = TaskAnswerForm(request.POST, request.FILES)
        serializer = TaskRespondSerializer(data=form.payload())
        if serializer.is_valid():
            try:
                services.respond_task(
                    task=task,
                    actor=request.user,
                    files=request.FILES.getlist("files"),
                    **serializer.validated_data,
                )
            except ValidationError as exc:
                form.show_errors(_message_dict(exc))
                status = 400
            except UploadTooLarge as exc:
                form.show_errors({"files": [exc.message]})
                status = 400
            except Conflict as exc:
                status, conflict = 409, exc.message
            else:
                messages.success(
                    request, _("已答复 %(number)s 的协助调查任务。") % {"number": task.case.number}
                )
                return redirect("workflow:inbox")
        else:
            form.show_errors(flatten_errors(serializer.errors))
            status = 400
    return render(
        request,
        "workflow/task_detail.html",
        {
            "task": task,
            "form": form,
            "may_answer": task.is_open and can_answer_task(task, request.user),
            "today": timezone.localdate(),
            "conflict": conflict,
        },
        status=status,
    )


# -- approvers --------------------------------------------------------------------------------


@login_required
@require_GET
def approvals(request):
    if not has_role_perm(request.user, "cases.approve_case"):
        raise PermissionDenied(_("您无权访问此页面。"))
    calendar = clock.get_calendar()
    return render(
        request,
        "workflow/approvals.html",
        {
            "pending": with_due_info(approval_queue(request.user), calendar=calendar),
            "candidates": with_due_info(
                extension_candidates(request.user, calendar=calendar), calendar=calendar
            ),
        },
    )


# -- ownership (承办人) ------------------------------------------------------------------------


@login_required
@require_POST
def set_handler(request, pk: int):
    case = get_case_for(request.user, pk)
    if not can_set_handler(case, request.user):
        raise PermissionDenied(_("您无权指定或更换本案承办人。"))
    form = SetHandlerForm(request.POST, handlers=handlers_of(case.agency))
    if not form.is_valid():
        return render_case_page(request, case, bound_handler=form, status=400)
    try:
        services.set_handler(
            case=case, actor=request.user, handler=form.cleaned_data["handler"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        for field, errors in _message_dict(exc).items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
        return render_case_page(request, case, bound_handler=form, status=400)
    except Conflict as exc:
        return render_case_page(
            request, case, bound_handler=form, conflict=exc.message, status=409
        )
    messages.success(request, _("承办人已指定。"))
    return redirect("cases:detail", pk=case.pk)


def _hand_over_form(request, agency, data=None) -> HandOverForm:
    handlers = handlers_of(agency)
    # A handler hands over only his or her own cases; an approver anyone's.
    sources = handlers if has_role_perm(request.user, "cases.approve_case") else handlers.filter(
        pk=request.user.pk
    )
    initial = {} if sources.count() != 1 else {"from_user": sources.first()}
    return HandOverForm(data, handlers=handlers, sources=sources, initial=initial)


@login_required
@require_http_methods(["GET", "POST"])
def hand_over(request):
    membership = getattr(request.user, "membership", None)
    if membership is None or not can_hand_over(membership.agency, request.user, request.user):
        raise PermissionDenied(_("您无权移交案件。"))
    agency = membership.agency
    if request.method == "GET":
        return render(request, "workflow/handover.html", {"form": _hand_over_form(request, agency)})
    form = _hand_over_form(request, agency, request.POST)
    if form.is_valid():
        try:
            moved = services.hand_over_cases(
                agency=agency, actor=request.user, from_user=form.cleaned_data["from_user"],
                to_user=form.cleaned_data["to_user"], reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            for field, errors in _message_dict(exc).items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("已移交 %(n)d 件未结案件。") % {"n": len(moved)})
            return redirect("workflow:handover")
    return render(request, "workflow/handover.html", {"form": form}, status=400)
