"""One service function per action (style.md): each runs in one transaction with the case
row locked, fires the transition, stores what the letter will need and appends the audit
event. Each is declared by its ``@action(...)`` (``workflow.actions``): label, serializer,
form, letters, conflict message. Views and API views only parse input and call these."""

from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import can_proceed
from guardian.shortcuts import assign_perm

from agencies.models import Department, display_name
from agencies.roles import department_group
from cases.models import Applicant, Case
from cases.registration import clean_applicant
from cases.selectors import month_pieces
from cases.uploads import store_attachments
from letters import issuing, rendering
from letters.bundle.collect import check_sources
from letters.issuing import issue_letters
from letters.models import CaseFile
from rules.deadline import (
    CORRECTION_WORKING_DAYS,
    consultation_answer_due,
    correction_deadline,
    fee_pay_due,
    format_cn_date,
    past_due,
)
from rules.decisions import clean_details, decision_errors
from rules.fees import compute_fee
from rules.late_entry import is_late_entry, is_late_reply
from rules.states import Decision, Status
from workflow import clock, forms, serializers
from workflow.actions import ACTIONS, Action, action
from workflow.audit import record_event
from workflow.errors import Conflict
from workflow.models import (
    Consultation,
    ConsultationKind,
    FeeMethod,
    FeeNotice,
    Opinion,
    Task,
    TaskStatus,
)
from workflow.permissions import (
    can_answer_consultation,
    can_answer_task,
    can_hand_over,
    can_record_service,
    can_set_handler,
    may_be_handler,
    may_handle_in,
)


def _lock(case):
    # of=("self",): lock the case row only. A plain FOR UPDATE also locks the joined agency
    # row, which made every transition and registration of the agency wait for this one.
    return (
        Case.objects.select_related("agency", "applicant")
        .select_for_update(of=("self",))
        .get(pk=case.pk)
    )


def _check_may_fire(case, actor, declared: Action) -> None:
    """403 for a role that may never fire it here, 409 for a state or guard that forbids it."""
    if not declared.allowed(case, actor):
        raise PermissionDenied(_("您无权执行此操作。"))
    method = getattr(case, declared.name)
    if not can_proceed(method, check_conditions=False):
        raise Conflict(
            _("案件当前状态为“%(status)s”，不能执行此操作。")
            % {"status": case.get_status_display()}
        )
    if not can_proceed(method):
        raise Conflict(str(declared.conflict) or _("当前条件下不能执行此操作。"))


def _check_date(
    case, field: str, value: date, *, after: date | None = None, after_label: str = ""
) -> None:
    """Recorded dates: not in the future, not before receipt, in order along the case."""
    today = timezone.localdate()
    if value > today:
        raise ValidationError({field: [_("日期不能晚于今天。")]})
    if value < case.first_received_on:
        raise ValidationError(
            {
                field: [
                    _("日期不能早于收到申请日期（%(d)s）。")
                    % {"d": format_cn_date(case.first_received_on)}
                ]
            }
        )
    if after is not None and value < after:
        raise ValidationError(
            {
                field: [
                    _("日期不能早于%(label)s（%(d)s）。")
                    % {"label": after_label, "d": format_cn_date(after)}
                ]
            }
        )


def _late_entry(
    case, act_on: date, reason: str, *, deadline: date | None = None, field: str = ""
) -> dict:
    """After-the-fact entries (补录, api.md): an act dated more than LATE_ENTRY_WORKING_DAYS
    working days before today, or dated by ``deadline`` but entered after it, needs a reason;
    the event then carries ``late_entry`` and the reason. Returns the payload to add."""
    today = timezone.localdate()
    limit = settings.LATE_ENTRY_WORKING_DAYS
    if not is_late_entry(act_on, today, _calendar(), limit, deadline=deadline):
        return {}
    reason = (reason or "").strip()
    if not reason:
        if deadline is not None and act_on <= deadline < today:
            why = _("期限（%(d)s）已过才登记，属于补录，请填写补录原因。") % {
                "d": format_cn_date(deadline)
            }
        else:
            why = _(
                "%(field)s（%(d)s）早于今天%(n)d个工作日以上，属于补录，请填写补录原因。"
            ) % {"field": field or _("日期"), "d": format_cn_date(act_on), "n": limit}
        raise ValidationError({"late_entry_reason": [why]})
    return {"late_entry": True, "late_entry_reason": reason, "act_on": _iso(act_on)}


def _transition(case, *, actor, name: str, prepare: Callable[[object], dict], note: str = ""):
    """Lock, check, fire, let ``prepare`` validate and set fields, save, recompute, record."""
    declared = ACTIONS[name]
    with transaction.atomic():
        case = _lock(case)
        _check_may_fire(case, actor, declared)
        source = case.status
        # Guards look at the fields as they were; prepare() then validates and sets them.
        # Any error rolls the whole transaction (and the in-memory state) back.
        getattr(case, name)()
        payload = prepare(case) or {}
        case.save()
        clock.refresh_reply_due(case)
        record_event(
            case,
            actor=actor,
            name=name,
            source=source,
            target=case.status,
            payload=payload,
            note=note,
        )
        if declared.letters is not None:
            issue_letters(case, declared.letters(case, payload, actor), actor=actor)
    return case


def _calendar():
    return clock.get_calendar()


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


# -- correction (补正, Art. 30) ------------------------------------------------------------------


def missing_identity_proof(case) -> str:
    """The correction item for an application registered without identity proof (Art. 29);
    empty when the proof is there."""
    applicant = case.applicant
    if not applicant.lacks_identity_proof:
        return ""
    return _("申请人身份证明：请提供%(proof)s（条例第二十九条）。") % {
        "proof": _("%(type)s及其号码") % {"type": applicant.get_id_type_display()}
    }


def correction_window_open(case, today: date | None = None) -> bool:
    """Art. 30: the 补正告知 goes out within 7 working days of receipt; after that the case page
    no longer offers it (a notice sent in time may still be recorded later, by its date)."""
    today = today or timezone.localdate()
    return today <= correction_deadline(case.received_on, _calendar())


@action(
    label=gettext_lazy("要求补正"),
    serializer=serializers.RequestCorrectionSerializer,
    form=forms.RequestCorrectionForm,
    letters=issuing.correction_notice,
    conflict=gettext_lazy("本案已发出过补正告知，补正只能要求一次。"),
    offered=correction_window_open,
)
def request_correction(
    *, case, actor, items: str, correction_due: date, notice_on: date, late_entry_reason: str = ""
):
    def prepare(c):
        _check_date(c, "notice_on", notice_on)
        limit = _calendar().add_working_days(c.received_on, CORRECTION_WORKING_DAYS)
        if notice_on > limit:
            raise Conflict(
                _("补正告知应在收到申请后7个工作日内（%(d)s前）发出，已超过期限。")
                % {"d": format_cn_date(limit)}
            )
        if correction_due <= notice_on:
            raise ValidationError({"correction_due": [_("补正期限应晚于告知日期。")]})
        # The one-time notice lists everything, the missing identity proof included.
        missing = missing_identity_proof(c)
        full_items = f"{missing}\n{items}" if missing and "身份证明" not in items else items
        c.correction_items, c.correction_due, c.correction_notice_on = (
            full_items,
            correction_due,
            notice_on,
        )
        return {
            "items": full_items,
            "correction_due": _iso(correction_due),
            "notice_on": _iso(notice_on),
            **_late_entry(c, notice_on, late_entry_reason, field=_("告知日期")),
        }

    return _transition(case, actor=actor, name="request_correction", prepare=prepare)


@action(
    label=gettext_lazy("收到补正"),
    serializer=serializers.ReceiveCorrectionSerializer,
    form=forms.ReceiveCorrectionForm,
)
def receive_correction(
    *,
    case,
    actor,
    received_on: date,
    description: str,
    id_type: str = "",
    id_number: str = "",
    late_entry_reason: str = "",
):
    def prepare(c):
        identity = _corrected_identity(c.applicant, id_type, id_number)
        _check_date(
            c,
            "received_on",
            received_on,
            after=c.correction_notice_on,
            after_label=_("补正告知日期"),
        )
        old = {"received_on": _iso(c.received_on), "description": c.description}
        c.received_on = received_on
        if description.strip():
            c.description = description
        if identity:
            old["applicant.id_number"] = c.applicant.id_number
            for name, value in identity.items():
                setattr(c.applicant, name, value)
            c.applicant.save()
        return {
            "old": old,
            "new": {
                "received_on": _iso(received_on),
                "description": c.description,
                **{f"applicant.{k}": v for k, v in identity.items()},
            },
            **_late_entry(c, received_on, late_entry_reason, field=_("收到补正申请日期")),
        }

    return _transition(case, actor=actor, name="receive_correction", prepare=prepare)


def _corrected_identity(applicant, id_type: str, id_number: str) -> dict:
    """The identity proof supplied with the correction: required when it was missing, checked
    like at intake."""
    if not id_number.strip():
        if applicant.lacks_identity_proof:
            raise ValidationError({"id_number": [_("申请时缺少身份证明，补正时请填写证件号码。")]})
        return {}
    fields = {name: getattr(applicant, name) for name in Applicant.REGISTRATION_FIELDS}
    fields.update(id_type=id_type or applicant.id_type, id_number=id_number)
    try:
        cleaned = clean_applicant(fields)
    except ValidationError as exc:
        raise ValidationError(
            {k: v for k, v in exc.message_dict.items() if k in ("id_type", "id_number")}
            or exc.message_dict
        ) from None
    return {"id_type": cleaned["id_type"], "id_number": cleaned["id_number"]}


def _check_lapse_date(case, lapsed_on: date, deadline: date | None, label: str) -> None:
    """A lapse may be recorded after the fact, but never on or before the deadline."""
    _check_date(case, "lapsed_on", lapsed_on)
    if deadline is None:
        raise Conflict(_("%(label)s尚未起算（送达日期未登记），不能终止。") % {"label": label})
    if not past_due(deadline, lapsed_on):
        raise ValidationError(
            {"lapsed_on": [_("%(label)s（%(d)s）届满后才能终止。")
                           % {"label": label, "d": format_cn_date(deadline)}]}
        )


@action(
    label=gettext_lazy("逾期未补正，终止办理"),
    serializer=serializers.LapseSerializer,
    form=forms.LapseCorrectionForm,
    letters=issuing.termination_after_correction,
    conflict=gettext_lazy("补正期限尚未届满，不能按逾期不补正终止。"),
)
def lapse_correction(
    *, case, actor, lapsed_on: date | None = None, late_entry_reason: str = ""
):
    lapsed_on = lapsed_on or timezone.localdate()

    def prepare(c):
        _check_lapse_date(c, lapsed_on, c.correction_due, _("补正期限"))
        _conclude(
            c,
            Decision.OTHER_NO_CORRECTION,
            lapsed_on,
            _("申请人无正当理由逾期不补正，视为放弃申请。"),
        )
        return {
            "decision": c.decision,
            **_late_entry(c, lapsed_on, late_entry_reason, field=_("终止日期")),
        }

    return _transition(case, actor=actor, name="lapse_correction", prepare=prepare)


def _conclude(case, decision: str, closed_on: date, reason: str) -> None:
    case.decision = decision
    case.closed_on = closed_on
    case.concluded_on = closed_on
    case.closing_reason = reason  # reply_due keeps its last computed value


# -- assistance (协助调查) ----------------------------------------------------------------------


@action(
    label=gettext_lazy("交办协助调查"),
    serializer=serializers.AssignSerializer,
    form=forms.AssignForm,
    letters=issuing.assistance_requests,
)
def assign(*, case, actor, assigned_on: date, tasks: list[dict], late_entry_reason: str = ""):
    created: list[Task] = []

    def prepare(c):
        _check_date(c, "assigned_on", assigned_on)
        if not tasks:
            raise ValidationError({"tasks": [_("请至少选择一个部门。")]})
        departments = {
            d.pk: d for d in Department.objects.filter(agency_id=c.agency_id, active=True)
        }
        errors = {}
        for index, spec in enumerate(tasks):
            dept_id = getattr(spec["department"], "pk", spec["department"])
            if dept_id not in departments:
                errors[f"tasks.{index}.department"] = [_("部门不存在或不属于本机关。")]
            if spec["due_on"] < assigned_on:
                errors[f"tasks.{index}.due_on"] = [_("答复期限不能早于交办日期。")]
        if errors:
            raise ValidationError(errors)
        for spec in tasks:
            dept_id = getattr(spec["department"], "pk", spec["department"])
            task = Task.objects.create(
                case=c,
                department=departments[dept_id],
                instructions=spec["instructions"],
                assigned_on=assigned_on,
                due_on=spec["due_on"],
                created_by=actor,
            )
            group = department_group(departments[dept_id])
            assign_perm("workflow.view_task", group, task)
            assign_perm("workflow.answer_task", group, task)
            created.append(task)
        if c.handler_id is None and may_be_handler(c, actor):
            c.handler = actor  # whoever assigns an unowned case becomes its 承办人
        return {
            "assigned_on": _iso(assigned_on),
            "tasks": [{"department": t.department.name, "due_on": _iso(t.due_on)} for t in created],
            "task_ids": [t.pk for t in created],
            **_late_entry(c, assigned_on, late_entry_reason, field=_("交办日期")),
        }

    return _transition(case, actor=actor, name="assign", prepare=prepare)


@action(label=gettext_lazy("部门答复协助调查"), policy=can_answer_task)
def respond_task(
    *,
    task,
    actor,
    holds_information: bool,
    answer: str,
    responded_on: date | None = None,
    files=(),
    late_entry_reason: str = "",
):
    """A department's answer to its task; not a case transition, but recorded on the case."""
    responded_on = responded_on or timezone.localdate()
    with transaction.atomic():
        case = _lock(task.case)
        task = Task.objects.select_for_update().get(pk=task.pk)
        if not can_answer_task(task, actor):
            raise PermissionDenied(_("您无权答复此任务。"))
        if not task.is_open:
            raise Conflict(_("该任务已经答复。"))
        if not case.is_open:
            raise Conflict(_("案件已办结，不能再答复协助调查任务。"))
        _check_date(
            case, "responded_on", responded_on, after=task.assigned_on, after_label=_("交办日期")
        )
        late = _late_entry(case, responded_on, late_entry_reason, field=_("答复日期"))
        task.holds_information = holds_information
        task.answer = answer
        task.responded_on = responded_on
        task.responded_by = actor
        task.status = TaskStatus.ANSWERED
        task.save()
        stored = store_attachments(
            case=case, files=files, kind="task_answer", actor=actor, task=task
        )
        record_event(
            case,
            actor=actor,
            name="respond_task",
            source=case.status,
            target=case.status,
            payload={
                "task": task.pk,
                "department": task.department.name,
                "holds_information": holds_information,
                "responded_on": _iso(responded_on),
                "files": [a.original_name for a in stored],
                **late,
            },
            note=answer[:500],
        )
    return task


# -- ownership (承办人) ------------------------------------------------------------------------


def _person(user) -> dict | None:
    return {"id": user.pk, "name": display_name(user)} if user is not None else None


def _change_handler(case, *, actor, handler, reason: str, name: str = "set_handler"):
    """Inside the caller's transaction, with ``case`` locked: name ``handler`` and record it."""
    if not may_be_handler(case, handler):
        raise ValidationError({"handler": [_("只能指定本机关在职的承办人。")]})
    if case.status == Status.ARCHIVED:
        raise Conflict(_("案件已归档，不能再更换承办人。"))
    if case.handler_id == handler.pk:
        raise Conflict(_("%(name)s 已经是本案承办人。") % {"name": display_name(handler)})
    if case.handler_id is not None and not reason.strip():
        raise ValidationError({"reason": [_("更换承办人请填写理由。")]})
    previous = case.handler
    case.handler = handler
    case.save(update_fields=["handler"])
    record_event(
        case,
        actor=actor,
        name=name,
        source=case.status,
        target=case.status,
        payload={"from": _person(previous), "to": _person(handler)},
        note=reason.strip(),
    )
    return case


@action(label=gettext_lazy("指定承办人"), policy=can_set_handler)
def set_handler(*, case, actor, handler, reason: str = ""):
    """Name (or change, with a reason) the case's 承办人."""
    with transaction.atomic():
        case = _lock(case)
        if not can_set_handler(case, actor):
            raise PermissionDenied(_("您无权指定或更换本案承办人。"))
        return _change_handler(case, actor=actor, handler=handler, reason=reason)


def _hand_over_policy(agency, user) -> bool:
    return can_hand_over(agency, user, user)


@action(label=gettext_lazy("移交承办案件"), policy=_hand_over_policy)
def hand_over_cases(*, agency, actor, from_user, to_user, reason: str) -> list:
    """Every open case of ``from_user`` goes to ``to_user`` in one transaction, each recorded
    on its own timeline with the reason (a handler going on leave)."""
    if not can_hand_over(agency, actor, from_user):
        raise PermissionDenied(_("您无权移交该承办人的案件。"))
    if not reason.strip():
        raise ValidationError({"reason": [_("请填写移交理由。")]})
    if from_user.pk == to_user.pk:
        raise ValidationError({"to_user": [_("接收人不能是原承办人。")]})
    if not may_handle_in(agency, to_user):
        raise ValidationError({"to_user": [_("只能移交给本机关在职的承办人。")]})
    moved = []
    with transaction.atomic():
        cases = list(
            Case.objects.select_related("agency", "applicant", "handler")
            .select_for_update(of=("self",))
            .filter(agency=agency, handler_id=from_user.pk)
            .open()
            .order_by("id")
        )
        for case in cases:
            moved.append(
                _change_handler(
                    case, actor=actor, handler=to_user, reason=reason, name="hand_over_cases"
                )
            )
    return moved


# -- consultation (征求意见, Art. 32-34) -------------------------------------------------------


@action(
    label=gettext_lazy("征求意见"),
    serializer=serializers.ConsultSerializer,
    form=forms.ConsultForm,
    letters=issuing.consultation_letters,
)
def consult(*, case, actor, parties: list[dict], late_entry_reason: str = ""):
    created: list[Consultation] = []

    def prepare(c):
        if not parties:
            raise ValidationError({"parties": [_("请至少填写一个征求意见对象。")]})
        cal = _calendar()
        for index, party in enumerate(parties):
            sent_on = party.get("sent_on") or timezone.localdate()
            try:
                _check_date(c, "sent_on", sent_on)
            except ValidationError as exc:
                raise ValidationError(
                    {f"parties.{index}.sent_on": exc.message_dict["sent_on"]}
                ) from None
            served_on = party.get("served_on")
            if served_on is not None:
                try:
                    _check_date(
                        c, "served_on", served_on, after=sent_on, after_label=_("发出日期")
                    )
                except ValidationError as exc:
                    raise ValidationError(
                        {f"parties.{index}.served_on": exc.message_dict["served_on"]}
                    ) from None
            jointly_made = bool(party.get("jointly_made"))
            if jointly_made and party["kind"] != ConsultationKind.AGENCY:
                raise ValidationError(
                    {f"parties.{index}.jointly_made": [_("只有其他机关才可能与本机关共同制作。")]}
                )
            created.append(
                Consultation.objects.create(
                    case=c,
                    kind=party["kind"],
                    name=party["name"],
                    address=party.get("address", ""),
                    jointly_made=jointly_made,
                    sent_on=sent_on,
                    served_on=served_on,
                    # 15 working days from the party's receipt (Art. 32, 34): unknown until
                    # service is recorded.
                    answer_due=consultation_answer_due(served_on, cal) if served_on else None,
                )
            )
        return {
            "parties": [
                {
                    "kind": k.kind,
                    "name": k.name,
                    "jointly_made": k.jointly_made,
                    "sent_on": _iso(k.sent_on),
                    "served_on": _iso(k.served_on),
                    "answer_due": _iso(k.answer_due),
                }
                for k in created
            ],
            "consultation_ids": [k.pk for k in created],
            **_late_entry(
                c, min(k.sent_on for k in created), late_entry_reason, field=_("发出日期")
            ),
        }

    return _transition(case, actor=actor, name="consult", prepare=prepare)


@action(label=gettext_lazy("登记征求意见答复"), policy=can_answer_consultation)
def answer_consultation(
    *,
    consultation,
    actor,
    answered_on: date,
    opinion: str,
    text: str = "",
    consented_parts: str = "",
    late_entry_reason: str = "",
):
    """Record a consulted party's answer (entered by the handler). 同意部分公开 states the
    parts the party agrees to disclose."""
    with transaction.atomic():
        case = _lock(consultation.case)
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if not can_answer_consultation(case, actor):
            raise PermissionDenied(_("您无权登记征求意见答复。"))
        if case.status != Status.CONSULTING:
            raise Conflict(_("案件不在征求意见阶段。"))
        if consultation.answered:
            raise Conflict(_("该征求意见已经登记过答复。"))
        _check_date(
            case, "answered_on", answered_on, after=consultation.sent_on, after_label=_("发出日期")
        )
        late = _late_entry(case, answered_on, late_entry_reason, field=_("答复日期"))
        if opinion == Opinion.PARTIAL_CONSENT and not consented_parts.strip():
            raise ValidationError(
                {"consented_parts": [_("同意部分公开的，请写明同意公开的部分。")]}
            )
        if opinion != Opinion.PARTIAL_CONSENT and consented_parts.strip():
            raise ValidationError(
                {"consented_parts": [_("只有“同意部分公开”才填写同意公开的部分。")]}
            )
        consultation.answered_on, consultation.opinion, consultation.text = (
            answered_on,
            opinion,
            text,
        )
        consultation.consented_parts = consented_parts.strip()
        consultation.save()
        clock.refresh_reply_due(case)
        record_event(
            case,
            actor=actor,
            name="answer_consultation",
            source=case.status,
            target=case.status,
            payload={
                "consultation": consultation.pk,
                "name": consultation.name,
                "opinion": opinion,
                **({"consented_parts": consultation.consented_parts}
                   if consultation.consented_parts else {}),
                "answered_on": _iso(answered_on),
                **late,
            },
            note=text[:500],
        )
    return consultation


@action(label=gettext_lazy("登记征求意见书送达日期"), policy=can_record_service)
def record_consultation_service(*, consultation, actor, served_on: date):
    """The day the party received the 征求意见书 (postal return receipt): its 15 working days
    run from it. While the consultation is open a wrong date may be corrected; the event
    keeps the old one."""
    with transaction.atomic():
        case = _lock(consultation.case)
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if not can_record_service(case, actor):
            raise PermissionDenied(_("您无权登记送达日期。"))
        if case.status != Status.CONSULTING:
            raise Conflict(_("案件不在征求意见阶段，不能登记征求意见书送达日期。"))
        if consultation.answered:
            raise Conflict(_("该征求意见已经答复，无需再登记送达日期。"))
        _check_date(
            case, "served_on", served_on, after=consultation.sent_on, after_label=_("发出日期")
        )
        old = {
            "served_on": _iso(consultation.served_on),
            "answer_due": _iso(consultation.answer_due),
        }
        consultation.served_on = served_on
        consultation.answer_due = consultation_answer_due(served_on, _calendar())
        consultation.save(update_fields=["served_on", "answer_due"])
        clock.refresh_reply_due(case)
        payload = {
            "consultation": consultation.pk,
            "name": consultation.name,
            "served_on": _iso(served_on),
            "answer_due": _iso(consultation.answer_due),
        }
        if old["served_on"]:
            payload["old"] = old
        record_event(
            case,
            actor=actor,
            name="record_consultation_service",
            source=case.status,
            target=case.status,
            payload=payload,
        )
    return consultation


@action(
    label=gettext_lazy("结束征求意见"),
    serializer=serializers.EmptySerializer,
    form=forms.ConcludeConsultationForm,
    conflict=gettext_lazy(
        "仍有征求意见既未答复也未过答复期限（送达日期未登记的，答复期限尚未起算）。"
    ),
)
def conclude_consultation(*, case, actor):
    def prepare(c):
        today = timezone.localdate()
        return {
            "consultations": [
                {
                    "name": k.name,
                    "opinion": k.opinion
                    or ("deemed_consent" if k.deemed_consent(today) else "no_answer"),
                }
                for k in c.consultations.all()
            ]
        }

    return _transition(case, actor=actor, name="conclude_consultation", prepare=prepare)


# -- fees (信息处理费, Art. 42) ------------------------------------------------------------------


def _payment_settings(agency) -> dict:
    """How to pay, from the agency's settings (non-tax revenue channel, account, QR text)."""
    return {
        "channel": agency.fee_payment_channel,
        "account": agency.fee_payment_account,
        "qr_text": agency.fee_payment_qr_text,
    }


@action(
    label=gettext_lazy("发出收费通知"),
    serializer=serializers.RequestFeeSerializer,
    form=forms.RequestFeeForm,
    letters=issuing.fee_notice,
)
def request_fee(
    *,
    case,
    actor,
    method: str,
    notice_on: date,
    quantity: int | None = None,
    served_on: date | None = None,
    override_reason: str = "",
    late_entry_reason: str = "",
):
    """A 收费通知书 (109号): only while the reply period runs, by one method per application.
    Per piece, the quantity is the applicant's applications this month in the register (same
    identity number); a different quantity needs ``override_reason``."""

    def prepare(c):
        _check_date(c, "notice_on", notice_on)
        if served_on is not None:
            _check_date(c, "served_on", served_on, after=notice_on, after_label=_("通知日期"))
        deadline = clock.case_deadline(c)
        if deadline is not None and notice_on > deadline.due:
            raise Conflict(
                _("答复期限（%(d)s）已过，不能再发出收费通知。")
                % {"d": format_cn_date(deadline.due)}
            )
        used = {f.method for f in c.fee_notices.all()} - {str(method)}
        if used:
            raise Conflict(
                _("本申请已按“%(m)s”发出收费通知，同一申请只能采用一种计收方式。")
                % {"m": FeeMethod(used.pop()).label}
            )
        counted: list[dict] = []
        charged = quantity
        reason = override_reason.strip()
        if method == FeeMethod.PER_PIECE:
            counted = month_pieces(c)
            if charged is None:
                charged = len(counted)
            elif charged != len(counted) and not reason:
                raise ValidationError(
                    {
                        "override_reason": [
                            _("登记簿中申请人本月共%(n)d件申请；按%(q)d件计收须说明理由。")
                            % {"n": len(counted), "q": charged}
                        ]
                    }
                )
            if charged == len(counted):
                reason = ""
        elif charged is None:
            raise ValidationError({"quantity": [_("按量计收请填写页数。")]})
        elif reason:
            raise ValidationError({"override_reason": [_("只有按件计收调整件数时才需说明理由。")]})
        fee = compute_fee(method, charged)
        if fee.amount == 0:
            raise ValidationError({"quantity": [_("按规定该数量不收费，无需发出收费通知。")]})
        notice = FeeNotice.objects.create(
            case=c,
            method=method,
            quantity=charged,
            amount=fee.amount,
            computation=fee.explanation,
            counted_cases=counted,
            override_reason=reason,
            payment=_payment_settings(c.agency),
            notice_on=notice_on,
            served_on=served_on,
            pay_due=fee_pay_due(served_on, _calendar()),
        )
        payload = {
            "fee_notice": notice.pk,
            "method": method,
            "quantity": charged,
            "amount": fee.amount,
            "computation": fee.explanation,
            "notice_on": _iso(notice_on),
            "served_on": _iso(served_on),
            "pay_due": _iso(notice.pay_due),
            **_late_entry(c, notice_on, late_entry_reason, field=_("通知日期")),
        }
        if counted:
            payload["counted_cases"] = [k["number"] for k in counted]
        if reason:
            payload["override_reason"] = reason
        return payload

    return _transition(case, actor=actor, name="request_fee", prepare=prepare)


@action(label=gettext_lazy("登记收费通知送达日期"), policy=can_record_service)
def record_fee_service(*, notice, actor, served_on: date):
    """The day the applicant received the 收费通知书: the 20 working days to pay run from the
    day after. Correctable while the notice is unpaid; the event keeps the old date."""
    with transaction.atomic():
        case = _lock(notice.case)
        notice = FeeNotice.objects.select_for_update().get(pk=notice.pk)
        if not can_record_service(case, actor):
            raise PermissionDenied(_("您无权登记送达日期。"))
        if case.status != Status.AWAITING_FEE or notice.paid_on is not None:
            raise Conflict(_("该收费通知已缴费或案件不在待缴费阶段，不能登记送达日期。"))
        _check_date(case, "served_on", served_on, after=notice.notice_on, after_label=_("通知日期"))
        old = {"served_on": _iso(notice.served_on), "pay_due": _iso(notice.pay_due)}
        notice.served_on = served_on
        notice.pay_due = fee_pay_due(served_on, _calendar())
        notice.save(update_fields=["served_on", "pay_due"])
        payload = {
            "fee_notice": notice.pk,
            "served_on": _iso(served_on),
            "pay_due": _iso(notice.pay_due),
        }
        if old["served_on"]:
            payload["old"] = old
        record_event(
            case,
            actor=actor,
            name="record_fee_service",
            source=case.status,
            target=case.status,
            payload=payload,
        )
    return notice


@action(
    label=gettext_lazy("登记缴费"),
    serializer=serializers.ReceivePaymentSerializer,
    form=forms.ReceivePaymentForm,
)
def receive_payment(*, case, actor, paid_on: date, late_entry_reason: str = ""):
    def prepare(c):
        notice = c.current_fee_notice
        _check_date(c, "paid_on", paid_on, after=notice.notice_on, after_label=_("收费通知日期"))
        notice.paid_on = paid_on
        notice.save(update_fields=["paid_on"])
        return {
            "paid_on": _iso(paid_on),
            "amount": notice.amount,
            **_late_entry(c, paid_on, late_entry_reason, field=_("缴费日期")),
        }

    return _transition(case, actor=actor, name="receive_payment", prepare=prepare)


@action(
    label=gettext_lazy("逾期未缴费，终止办理"),
    serializer=serializers.LapseSerializer,
    form=forms.LapseFeeForm,
    letters=issuing.termination_after_fee,
    conflict=gettext_lazy(
        "缴费期限尚未届满（收费通知送达日期未登记的，缴费期限尚未起算），不能按逾期未缴费终止。"
    ),
)
def lapse_fee(*, case, actor, lapsed_on: date | None = None, late_entry_reason: str = ""):
    lapsed_on = lapsed_on or timezone.localdate()

    def prepare(c):
        _check_lapse_date(c, lapsed_on, c.current_fee_notice.pay_due, _("缴费期限"))
        _conclude(
            c,
            Decision.OTHER_NO_PAYMENT,
            lapsed_on,
            _("申请人逾期未按收费通知要求缴纳费用，视为放弃申请。"),
        )
        return {
            "decision": c.decision,
            **_late_entry(c, lapsed_on, late_entry_reason, field=_("终止日期")),
        }

    return _transition(case, actor=actor, name="lapse_fee", prepare=prepare)


# -- excessive requests (说明理由, Art. 35) -------------------------------------------------------


@action(
    label=gettext_lazy("要求说明理由"),
    serializer=serializers.RequestReasonsSerializer,
    form=forms.RequestReasonsForm,
    letters=issuing.reasons_notice,
    conflict=gettext_lazy("本案已经要求申请人说明理由。"),
)
def request_reasons(
    *, case, actor, reasons_due: date, notice_on: date, late_entry_reason: str = ""
):
    """Ask an applicant whose requests clearly exceed a reasonable range for their reasons."""

    def prepare(c):
        _check_date(c, "notice_on", notice_on)
        if reasons_due <= notice_on:
            raise ValidationError({"reasons_due": [_("说明理由期限应晚于告知日期。")]})
        c.reasons_notice_on, c.reasons_due = notice_on, reasons_due
        return {
            "notice_on": _iso(notice_on),
            "reasons_due": _iso(reasons_due),
            **_late_entry(c, notice_on, late_entry_reason, field=_("告知日期")),
        }

    return _transition(case, actor=actor, name="request_reasons", prepare=prepare)


@action(
    label=gettext_lazy("登记说明理由"),
    serializer=serializers.RecordReasonsSerializer,
    form=forms.RecordReasonsForm,
    letters=issuing.later_reply_notice,
    conflict=gettext_lazy("尚未要求说明理由，或者已经登记过申请人的说明。"),
)
def record_reasons(
    *,
    case,
    actor,
    answered_on: date,
    answer: str,
    reasonable: bool,
    later_due: date | None = None,
    late_entry_reason: str = "",
):
    """The applicant's reasons and whether they are reasonable. Reasonable but too much for
    the period: ``later_due`` is the reasonable later reply date, notified to the applicant."""

    def prepare(c):
        _check_date(
            c, "answered_on", answered_on, after=c.reasons_notice_on,
            after_label=_("说明理由告知日期"),
        )
        if not answer.strip():
            raise ValidationError({"answer": [_("请登记申请人说明的理由。")]})
        if later_due is not None:
            if not reasonable:
                raise ValidationError(
                    {"later_due": [_("理由不合理的，不予处理，无需确定答复期限。")]}
                )
            due = clock.case_deadline(c).due
            if later_due <= due:
                raise ValidationError(
                    {"later_due": [_("确定的答复期限应晚于现行答复期限（%(d)s）。")
                                   % {"d": format_cn_date(due)}]}
                )
        c.reasons_answered_on, c.reasons_answer = answered_on, answer
        c.reasons_reasonable, c.reasons_later_due = reasonable, later_due
        return {
            "answered_on": _iso(answered_on),
            "reasonable": reasonable,
            "later_due": _iso(later_due),
            **_late_entry(c, answered_on, late_entry_reason, field=_("说明理由日期")),
        }

    return _transition(case, actor=actor, name="record_reasons", prepare=prepare, note=answer[:500])


def _check_excessive(case) -> dict:
    """``not_processed.excessive`` only after the Art. 35 step: reasons asked for, and found
    unreasonable, or not given by their deadline. Returns what the reply says about it."""
    if case.reasons_notice_on is None:
        raise Conflict(_("请先要求申请人说明理由（条例第三十五条），再作出不予处理的答复。"))
    if case.reasons_reasonable:
        raise Conflict(_("申请人说明的理由已认定为合理，不能以“无正当理由大量反复申请”不予处理。"))
    if case.reasons_reasonable is None and timezone.localdate() <= case.reasons_due:
        raise Conflict(
            _("说明理由期限（%(d)s）届满前，申请人未说明理由的，不能不予处理。")
            % {"d": format_cn_date(case.reasons_due)}
        )
    return {
        "notice_on": _iso(case.reasons_notice_on),
        "due": _iso(case.reasons_due),
        "answered_on": _iso(case.reasons_answered_on),
    }


# -- decision and sign-off ---------------------------------------------------------------------


def _same_applicant(a, b) -> bool:
    return (a.kind, a.name.strip(), a.id_number.strip().upper()) == (
        b.kind,
        b.name.strip(),
        b.id_number.strip().upper(),
    )


def _check_decision_facts(case, decision: str, details: dict) -> None:
    """What a decision says about the record must be true of it (issue 13). Completes
    ``details`` with what the letter prints (the earlier case's number, the parties' names)."""
    if decision == Decision.UNAVAILABLE_UNCLEAR and case.correction_notice_on is None:
        # submit_reply is never offered while awaiting correction, so a notice on record here
        # means the corrected application was received.
        raise Conflict(_("本案未要求补正或者尚未收到补正，不能以“补正后申请内容仍不明确”答复。"))
    if decision == Decision.NOT_PROCESSED_EXCESSIVE:
        details["reasons"] = _check_excessive(case)
    route = details.get("public_route")
    if route and route.get("published_on") and (
        date.fromisoformat(route["published_on"]) > timezone.localdate()
    ):
        raise ValidationError({"public_route.published_on": [_("日期不能晚于今天。")]})
    if "repeat_of" in details:
        earlier = (
            Case.objects.select_related("applicant")
            .filter(agency_id=case.agency_id, pk=details["repeat_of"])
            .exclude(pk=case.pk)
            .first()
        )
        if earlier is None or not _same_applicant(earlier.applicant, case.applicant):
            raise ValidationError({"repeat_of": [_("请选择同一申请人此前的案件。")]})
        if earlier.replied_on is None:
            raise ValidationError({"repeat_of": [_("该案件尚未答复，不能据以认定重复申请。")]})
        details["repeat_of"] = {
            "id": earlier.pk,
            "number": earlier.number,
            "replied_on": _iso(earlier.replied_on),
        }
    overrides = details.get("third_party_override") or []
    if overrides:
        objecting = {
            k.pk: k
            for k in case.consultations.filter(
                kind=ConsultationKind.THIRD_PARTY, opinion=Opinion.OBJECTION
            )
        }
        errors = {}
        for index, entry in enumerate(overrides):
            if entry["consultation"] not in objecting:
                errors[f"third_party_override.{index}.consultation"] = [
                    _("只能对本案中不同意公开的第三方作出此决定。")
                ]
        if errors:
            raise ValidationError(errors)
        details["third_party_override"] = [
            {
                "consultation": e["consultation"],
                "name": objecting[e["consultation"]].name,
                "reason": e["reason"].strip(),
            }
            for e in overrides
        ]


@action(
    label=gettext_lazy("提交答复送审"),
    serializer=serializers.SubmitReplySerializer,
    form=forms.SubmitReplyForm,
    conflict=gettext_lazy("仍有协助调查任务未答复，请先催办。"),
)
def submit_reply(*, case, actor, decision: str, text: str, details: dict | None = None):
    details = details or {}

    def prepare(c):
        errors = decision_errors(decision, details)
        if errors:
            raise ValidationError(errors)
        cleaned = clean_details(decision, details)
        _check_decision_facts(c, decision, cleaned)
        c.decision = decision
        c.decision_details = cleaned
        c.reply_text = text
        c.drafted_by = actor
        return {"decision": decision, "details": c.decision_details}

    return _transition(case, actor=actor, name="submit_reply", prepare=prepare, note=text[:500])


@action(
    label=gettext_lazy("当场答复"),
    serializer=serializers.ReplyOnTheSpotSerializer,
    form=forms.ReplyOnTheSpotForm,
    letters=issuing.reply_letters,
    conflict=gettext_lazy("只有当面提交的申请才能当场答复。"),
)
def reply_on_the_spot(
    *, case, actor, decision: str, text: str, details: dict | None = None,
    late_entry_reason: str = "",
):
    """Art. 33(1): decided, issued and handed over the day the application was handed in, in
    one step: the reply letter and its 送达回证 in the same transaction."""
    details = details or {}

    def prepare(c):
        errors = decision_errors(decision, details)
        if errors:
            raise ValidationError(errors)
        on = c.received_on
        c.decision = decision
        c.decision_details = clean_details(decision, details)
        c.reply_text = text
        c.drafted_by = c.approved_by = actor
        c.replied_on = c.concluded_on = c.delivered_on = on
        c.service_method = "in_person"
        c.tracking_number = ""
        return {
            "decision": decision,
            "details": c.decision_details,
            "issued_on": _iso(on),
            "delivered_on": _iso(on),
            "method": "in_person",
            **_late_entry(c, on, late_entry_reason, field=_("收到申请日期")),
        }

    with transaction.atomic():
        case = _transition(
            case, actor=actor, name="reply_on_the_spot", prepare=prepare, note=text[:500]
        )
        issue_letters(case, issuing.delivery_receipt(case, {}, actor), actor=actor)
    return case


@action(
    label=gettext_lazy("退回修改"),
    serializer=serializers.RejectReplySerializer,
    form=forms.RejectReplyForm,
)
def reject_reply(*, case, actor, comment: str):
    if not comment.strip():
        raise ValidationError({"comment": [_("退回时必须填写意见。")]})
    return _transition(case, actor=actor, name="reject_reply", prepare=lambda c: {}, note=comment)


@action(
    label=gettext_lazy("撤回送审"),
    serializer=serializers.RecallReplySerializer,
    form=forms.RecallReplyForm,
)
def recall_reply(*, case, actor, reason: str = ""):
    """The handler takes a submitted draft back before it is signed (the row lock makes a
    recall racing a sign-off lose cleanly: whichever comes second finds the state moved)."""
    return _transition(
        case, actor=actor, name="recall_reply", prepare=lambda c: {}, note=reason.strip()
    )


@action(
    label=gettext_lazy("签发答复"),
    serializer=serializers.ApproveReplySerializer,
    form=forms.ApproveReplyForm,
    letters=issuing.reply_letters,
)
def approve_reply(
    *,
    case,
    actor,
    issued_on: date | None = None,
    late_reason: str = "",
    late_entry_reason: str = "",
):
    issued_on = issued_on or timezone.localdate()

    def prepare(c):
        _check_date(c, "issued_on", issued_on, after=c.received_on, after_label=_("收到申请日期"))
        due = clock.case_deadline(c, today=issued_on)
        reply_due = due.due if due else c.reply_due
        late = {}
        if is_late_reply(issued_on, reply_due):
            if not late_reason.strip():
                raise ValidationError(
                    {
                        "late_reason": [
                            _("答复日期晚于答复期限（%(d)s），属于逾期答复，请填写逾期原因。")
                            % {"d": format_cn_date(reply_due)}
                        ]
                    }
                )
            c.late_reason = late_reason.strip()
            late = {
                "replied_late": True,
                "late_reason": c.late_reason,
                "reply_due": _iso(reply_due),
            }
        c.reply_due = reply_due  # the due date as it stood when the reply was made
        c.approved_by = actor
        c.replied_on = issued_on
        c.concluded_on = issued_on
        return {
            "issued_on": _iso(issued_on),
            "decision": c.decision,
            **late,
            **_late_entry(c, issued_on, late_entry_reason, field=_("签发日期")),
        }

    return _transition(case, actor=actor, name="approve_reply", prepare=prepare)


@action(
    label=gettext_lazy("延期答复"),
    serializer=serializers.ExtendSerializer,
    form=forms.ExtendForm,
    letters=issuing.extension_notice,
    conflict=gettext_lazy("本案已经延期一次，依法不能再次延期。"),
)
def extend(
    *,
    case,
    actor,
    working_days: int,
    reason: str,
    decided_on: date | None = None,
    late_entry_reason: str = "",
):
    decided_on = decided_on or timezone.localdate()

    def prepare(c):
        if not 1 <= working_days <= 20:
            raise ValidationError({"working_days": [_("延长期限应为1至20个工作日。")]})
        if not reason.strip():
            raise ValidationError({"reason": [_("请填写延期理由。")]})
        _check_date(c, "decided_on", decided_on)
        due = clock.case_deadline(c)
        if due is None:
            # Awaiting correction: the period is stopped and starts again on receipt.
            raise Conflict(_("补正期间答复期限停止计算，不能延期。"))
        if decided_on > due.due:
            raise Conflict(
                _("答复期限（%(d)s）已过，不能再延期。") % {"d": format_cn_date(due.due)}
            )
        # Dated on time but entered after the deadline: a late entry whatever the delay.
        late = _late_entry(
            c, decided_on, late_entry_reason, deadline=due.due, field=_("决定日期")
        )
        c.extension_working_days = working_days
        c.extension_reason = reason
        return {
            "working_days": working_days,
            "decided_on": _iso(decided_on),
            "old_due": _iso(due.due),
            **late,
        }

    return _transition(case, actor=actor, name="extend", prepare=prepare, note=reason)


@action(
    label=gettext_lazy("申请人撤回"),
    serializer=serializers.WithdrawSerializer,
    form=forms.WithdrawForm,
)
def withdraw(
    *, case, actor, reason: str, withdrawn_on: date | None = None, late_entry_reason: str = ""
):
    withdrawn_on = withdrawn_on or timezone.localdate()

    def prepare(c):
        _check_date(c, "withdrawn_on", withdrawn_on)
        _conclude(c, Decision.OTHER_WITHDRAWN, withdrawn_on, reason)
        return {
            "withdrawn_on": _iso(withdrawn_on),
            **_late_entry(c, withdrawn_on, late_entry_reason, field=_("撤回日期")),
        }

    return _transition(case, actor=actor, name="withdraw", prepare=prepare, note=reason)


@action(
    label=gettext_lazy("登记送达"),
    serializer=serializers.RecordDeliverySerializer,
    form=forms.RecordDeliveryForm,
    letters=issuing.delivery_receipt,
    conflict=gettext_lazy("申请人撤回申请的，本机关不出具文书，无需登记送达。"),
)
def record_delivery(
    *,
    case,
    actor,
    method: str,
    delivered_on: date,
    tracking_number: str = "",
    late_entry_reason: str = "",
):
    def prepare(c):
        concluded = c.replied_on or c.closed_on
        _check_date(
            c, "delivered_on", delivered_on, after=concluded, after_label=_("答复或终止日期")
        )
        if method == "mail" and not tracking_number.strip():
            raise ValidationError({"tracking_number": [_("邮寄送达请填写邮件号。")]})
        old = {
            "method": c.service_method,
            "delivered_on": _iso(c.delivered_on),
            "tracking_number": c.tracking_number,
        }
        c.service_method, c.delivered_on, c.tracking_number = (
            method,
            delivered_on,
            tracking_number.strip(),
        )
        payload = {
            "method": method,
            "delivered_on": _iso(delivered_on),
            "tracking_number": c.tracking_number,
        }
        if old["delivered_on"]:
            payload["old"] = old
        payload.update(_late_entry(c, delivered_on, late_entry_reason, field=_("送达日期")))
        return payload

    return _transition(case, actor=actor, name="record_delivery", prepare=prepare)


@action(
    label=gettext_lazy("归档"),
    serializer=serializers.EmptySerializer,
    form=forms.ArchiveForm,
    conflict=gettext_lazy("尚未登记送达，不能归档。"),
)
def archive(*, case, actor):
    """Seal the case. The case file is built after the commit (``letters.bundle.compose``); it
    is ``building`` until then, and this transaction makes sure the build cannot fail on a
    stored file: every letter rendered, every file as recorded (409 naming the one that is not).
    """

    def prepare(c):
        rendering.render_pending(c.pk)  # a letter whose render failed earlier: complete it now
        check_sources(c)
        c.archived_at = timezone.now()
        CaseFile.objects.create(case=c, built_by=actor)
        return {}

    return _transition(case, actor=actor, name="archive", prepare=prepare)


__all__ = [
    "ConsultationKind",
    "answer_consultation",
    "approve_reply",
    "archive",
    "assign",
    "conclude_consultation",
    "consult",
    "extend",
    "hand_over_cases",
    "lapse_correction",
    "lapse_fee",
    "receive_correction",
    "receive_payment",
    "recall_reply",
    "record_consultation_service",
    "record_delivery",
    "record_reasons",
    "record_fee_service",
    "reject_reply",
    "reply_on_the_spot",
    "request_correction",
    "request_reasons",
    "request_fee",
    "respond_task",
    "set_handler",
    "submit_reply",
    "withdraw",
]
