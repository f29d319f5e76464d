"""Registering an application and correcting its registration (what comes before, the
duplicate policy and staged uploads: ``cases.intake``)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.numbering import format_number, next_sequence
from cases.models import Applicant, Case
from cases.registration import check_registration, clean_applicant, prefixed
from cases.uploads import check_uploads, store_attachments
from letters.issuing import issue_letter
from rules.deadline import format_cn_date
from rules.states import OPEN_STATES
from workflow import clock
from workflow.actions import action
from workflow.audit import record_event
from workflow.errors import Conflict
from workflow.permissions import (
    can_approve,
    can_correct_registration,
    can_handle,
    can_register_in,
)

# Registration fields a clerk may correct until the reply is issued.
CORRECTABLE_CASE_FIELDS = (
    "channel",
    "received_on",
    "office_received_on",
    "description",
    "purpose",
    "delivery_format",
    "delivery_method",
    "filled_on_behalf",
    "filled_by",
)
CORRECTABLE_APPLICANT_FIELDS = Applicant.REGISTRATION_FIELDS


@action(name="register", label=gettext_lazy("登记"), policy=can_register_in)
def register_case(
    *, agency, actor, applicant: dict, repeat_of=None, files_by_kind=None, **fields
) -> Case:
    """Register an application: number it gaplessly, start its clock, record the event,
    issue the receipt (``case.receipt_problem`` says why when it could not be printed).

    Checks the actor may register with ``agency`` (403) and the registration itself (400,
    errors named like the API's fields: ``applicant.id_number``) for every caller."""
    if not can_register_in(agency, actor):
        raise PermissionDenied(_("您无权登记申请。"))
    try:
        applicant = clean_applicant(applicant)
    except ValidationError as exc:
        raise prefixed(exc, "applicant") from None
    if not (fields.get("description") or "").strip():
        raise ValidationError({"description": [_("请填写所需政府信息的描述。")]})
    check_registration(fields)
    files_by_kind = files_by_kind or {}
    for kind, files in files_by_kind.items():
        check_uploads(files, field=kind)
    if repeat_of is not None and repeat_of.agency_id != agency.pk:
        raise ValidationError({"repeat_of": [_("关联的案件不存在。")]})
    with transaction.atomic():
        year = fields["received_on"].year
        sequence = next_sequence(agency, "case", year)
        number = format_number(
            agency.case_number_pattern, short=agency.short_name, year=year, seq=sequence
        )
        case = Case.objects.create(
            agency=agency,
            number=number,
            year=year,
            sequence=sequence,
            applicant=Applicant.objects.create(**applicant),
            first_received_on=fields["received_on"],
            registered_by=actor,
            repeat_of=repeat_of,
            **fields,
        )
        for kind, files in files_by_kind.items():
            store_attachments(case=case, files=files, kind=kind, actor=actor)
        clock.refresh_reply_due(case)
        record_event(
            case,
            actor=actor,
            name="register",
            source="",
            target=case.status,
            payload={
                "number": number,
                "channel": case.channel,
                "received_on": case.received_on.isoformat(),
                "repeat_of": repeat_of.number if repeat_of else None,
            },
        )
        case.receipt_problem = _issue_receipt(case, actor)
    return case


def _issue_receipt(case: Case, actor) -> str:
    """Issue the receipt (受理回执) in a savepoint; a receipt the letter fonts cannot print (a
    rare character no configured font has) is refused on its own and never blocks the
    registration: the application is received whatever the fonts can print. Returns the
    refusal's message, empty when the receipt was issued."""
    try:
        with transaction.atomic():
            issue_letter(case, "receipt", actor=actor, issued_on=timezone.localdate())
    except Conflict as exc:
        return exc.message
    return ""


def _jsonable(value):
    return value.isoformat() if isinstance(value, date) else value


@action(label=gettext_lazy("更正登记信息"), policy=can_correct_registration)
def correct_registration(*, case, actor, changes: dict, applicant_changes: dict, note: str = ""):
    """An audited edit of registration details, allowed until the reply is issued."""
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("applicant").get(pk=case.pk)
        # Who first (a user without a membership has no agency), then the state.
        if not can_correct_registration(case, actor):
            raise PermissionDenied(_("您无权修改登记信息。"))
        if case.status not in OPEN_STATES:
            raise Conflict(_("答复已作出或案件已终止，登记信息不能再修改。"))
        check_registration(
            {name: changes.get(name, getattr(case, name))
             for name in ("received_on", "office_received_on", "filled_on_behalf", "filled_by")}
        )
        applicant_changes = _cleaned_applicant_changes(case.applicant, applicant_changes)
        old, new = {}, {}
        for name, value in changes.items():
            if name in CORRECTABLE_CASE_FIELDS and getattr(case, name) != value:
                old[name], new[name] = _jsonable(getattr(case, name)), _jsonable(value)
                setattr(case, name, value)
        for name, value in applicant_changes.items():
            if getattr(case.applicant, name) != value:
                key = f"applicant.{name}"
                old[key], new[key] = getattr(case.applicant, name), value
                setattr(case.applicant, name, value)
        if not new:
            return case
        if "received_on" in new and case.first_received_on == _parse(old["received_on"]):
            case.first_received_on = case.received_on
        if case.received_on < case.first_received_on:
            # After a correction (补正) received_on is the corrected application's receipt date.
            raise ValidationError(
                {
                    "received_on": [
                        _("收到补正申请日期不能早于首次收到申请日期（%(d)s）。")
                        % {"d": format_cn_date(case.first_received_on)}
                    ]
                }
            )
        case.applicant.save()
        case.save()
        clock.refresh_reply_due(case)
        record_event(
            case,
            actor=actor,
            name="correct_registration",
            source=case.status,
            target=case.status,
            payload={"old": old, "new": new},
            note=note,
        )
    return case


def _cleaned_applicant_changes(applicant, changes: dict) -> dict:
    """The correctable fields of the applicant as they will be, checked and normalised by the
    registration rules (the same as at intake)."""
    changes = {k: v for k, v in changes.items() if k in CORRECTABLE_APPLICANT_FIELDS}
    if not changes:
        return {}
    merged = {name: getattr(applicant, name) for name in CORRECTABLE_APPLICANT_FIELDS}
    try:
        cleaned = clean_applicant({**merged, **changes})
    except ValidationError as exc:
        raise prefixed(exc, "applicant") from None
    return {name: cleaned[name] for name in CORRECTABLE_APPLICANT_FIELDS}


def _parse(value):
    return date.fromisoformat(value) if isinstance(value, str) else value


def may_open_rereply(case, user) -> bool:
    return can_handle(case, user) or can_approve(case, user)


@action(label=gettext_lazy("重新答复立案"), policy=may_open_rereply)
def open_rereply(*, original, actor, received_on: date, working_days: int, reason: str) -> Case:
    """A review decision set the concluded ``original`` aside (撤销, 责令重新答复, 确认违法): the
    matter is answered again as a case of its own (own number, own clock and letters), linked
    to the original, which stays as it was (sealed when archived). Its clock runs from the
    agency's receipt of the decision, for the period the decision sets (default 20).

    Called inside the caller's transaction, with the original's row locked by the caller."""
    if not may_open_rereply(original, actor):
        raise PermissionDenied(_("您无权办理重新答复。"))
    agency = original.agency
    year = received_on.year
    sequence = next_sequence(agency, "case", year)
    number = format_number(
        agency.case_number_pattern, short=agency.short_name, year=year, seq=sequence
    )
    source = original.applicant
    applicant = Applicant.objects.create(
        **{name: getattr(source, name) for name in Applicant.REGISTRATION_FIELDS}
    )
    case = Case.objects.create(
        agency=agency,
        number=number,
        year=year,
        sequence=sequence,
        applicant=applicant,
        channel=original.channel,
        received_on=received_on,
        first_received_on=received_on,
        description=original.description,
        purpose=original.purpose,
        delivery_format=original.delivery_format,
        delivery_method=original.delivery_method,
        reopens=original,
        base_working_days=working_days,
        registered_by=actor,
    )
    clock.refresh_reply_due(case)
    record_event(
        case,
        actor=actor,
        name="open_rereply",
        source="",
        target=case.status,
        payload={
            "number": number,
            "reopens": original.number,
            "received_on": received_on.isoformat(),
            "working_days": working_days,
        },
        note=reason[:500],
    )
    return case
