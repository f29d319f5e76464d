"""Issuing letters: number, render once, store with the SHA-256; and draft previews."""

import hashlib
from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import display_name
from agencies.numbering import format_number, next_sequence
from letters.fonts import describe_characters, register_fonts
from letters.kinds import KINDS
from letters.layout import MissingGlyphsError, render_letter
from letters.models import Letter
from workflow import clock
from workflow.errors import Conflict


def letter_fonts():
    """The shipped open fonts, or the office's licensed ones from ``LETTER_FONTS``."""
    return register_fonts(settings.LETTER_FONTS or None)


def agency_snapshot(agency) -> dict:
    seal = b""
    if agency.seal_image:
        with agency.seal_image.open("rb") as handle:
            seal = handle.read()
    return {
        "name": agency.name,
        "short_name": agency.short_name,
        "address": agency.address,
        "postcode": agency.postcode,
        "phone": agency.phone,
        "disclosure_office": agency.disclosure_office,
        "reconsideration_body": agency.reconsideration_body,
        "court": agency.court,
        "seal_sha256": hashlib.sha256(seal).hexdigest() if seal else "",
    }, seal


def case_snapshot(case, *, issued_on: date, extra: dict | None = None) -> tuple[dict, bytes]:
    """Everything a letter prints, captured now so later edits never change an issued letter."""
    agency, seal = agency_snapshot(case.agency)
    deadline = clock.case_deadline(case)
    ctx = {
        "agency": agency,
        "case_number": case.number,
        "received_on": case.received_on.isoformat(),
        "channel": case.channel,
        "description": case.description,
        "delivery_format": case.delivery_format,
        "delivery_method": case.delivery_method,
        "applicant": {
            "kind": case.applicant.kind,
            "name": case.applicant.name,
            "address": case.applicant.address,
        },
        "decision": case.decision or None,
        "details": case.decision_details or {},
        "reply_text": case.reply_text,
        "reply_due": deadline.due.isoformat() if deadline else None,
        "repeat_of": case.repeat_of.number if case.repeat_of_id else None,
        "issued_on": issued_on.isoformat(),
    }
    ctx.update(extra or {})
    return ctx, seal


def issue_letter(
    case,
    kind: str,
    *,
    actor,
    issued_on: date | None = None,
    extra=None,
    supersedes: Letter | None = None,
) -> Letter:
    """Number, render and store one letter. Runs inside the caller's transaction, so a
    failure (e.g. a character the fonts cannot print) rolls the whole action back."""
    issued_on = issued_on or timezone.localdate()
    definition = KINDS[kind]
    ctx, seal = case_snapshot(case, issued_on=issued_on, extra=extra)
    number, sequence = "", None
    if definition.family:
        sequence = next_sequence(case.agency, f"letter:{definition.family}", issued_on.year)
        number = format_number(
            case.agency.letter_number_pattern,
            short=case.agency.short_name,
            family=definition.family,
            year=issued_on.year,
            seq=sequence,
        )
    document = definition.document(ctx, number=number or None, draft=False)
    document.seal_image = seal or None
    try:
        pdf = render_letter(document, fonts=letter_fonts())
    except MissingGlyphsError as exc:
        raise Conflict(
            _(
                "文书中有字体无法显示的字符：%(chars)s。请改用可显示的写法，或在设置中配置包含这些字的字体后再操作。"
            )
            % {"chars": describe_characters(exc.characters)}
        ) from None
    letter = Letter(
        agency=case.agency,
        case=case,
        kind=kind,
        title=definition.title,
        addressee=document.addressee.rstrip("："),
        family=definition.family,
        year=issued_on.year,
        sequence=sequence,
        number=number,
        issued_on=issued_on,
        issued_by=actor,
        sha256=hashlib.sha256(pdf).hexdigest(),
        snapshot=ctx,
        supersedes=supersedes,
    )
    letter.pdf.save(f"{case.pk}-{kind}-{sequence or 'file'}.pdf", ContentFile(pdf), save=False)
    letter.save()
    return letter


def preview_letter(case, kind: str, *, extra=None) -> bytes:
    """A draft: watermarked 草稿, never numbered, never stored."""
    ctx, _seal = case_snapshot(case, issued_on=timezone.localdate(), extra=extra)
    return render_letter(KINDS[kind].document(ctx, number=None, draft=True), fonts=letter_fonts())


def _party(consultation) -> dict:
    return {
        "kind": consultation.kind,
        "name": consultation.name,
        "sent_on": consultation.sent_on.isoformat(),
        "answer_due": consultation.answer_due.isoformat(),
    }


def _fee(notice) -> dict:
    return {
        "method": notice.method,
        "amount": notice.amount,
        "computation": notice.computation,
        "notice_on": notice.notice_on.isoformat(),
        "pay_due": notice.pay_due.isoformat(),
    }


def _correction(case) -> dict:
    return {
        "items": case.correction_items,
        "due": case.correction_due.isoformat(),
        "notice_on": case.correction_notice_on.isoformat(),
    }


def _display(user) -> str:
    return display_name(user)


def issue_letters_for(case, name: str, *, actor, payload: dict) -> list[Letter]:
    """The letters a transition causes (letters.md, "issued by")."""
    issue = issue_letter
    if name == "request_correction":
        return [
            issue(
                case,
                "correction_notice",
                actor=actor,
                issued_on=case.correction_notice_on,
                extra={"correction": _correction(case)},
            )
        ]
    if name == "assign":
        tasks = case.tasks.filter(pk__in=payload["task_ids"]).select_related("department")
        return [
            issue(
                case,
                "assistance_request",
                actor=actor,
                issued_on=t.assigned_on,
                extra={
                    "task": {
                        "department": t.department.name,
                        "instructions": t.instructions,
                        "due_on": t.due_on.isoformat(),
                    }
                },
            )
            for t in tasks
        ]
    if name == "consult":
        parties = list(case.consultations.filter(pk__in=payload["consultation_ids"]))
        letters = [
            issue(
                case,
                f"consultation_{p.kind}",
                actor=actor,
                issued_on=p.sent_on,
                extra={"party": _party(p)},
            )
            for p in parties
        ]
        letters.append(
            issue(
                case,
                "consultation_notice",
                actor=actor,
                issued_on=parties[0].sent_on,
                extra={"parties": [_party(p) for p in parties]},
            )
        )
        return letters
    if name == "extend":
        deadline = clock.case_deadline(case)
        return [
            issue(
                case,
                "extension_notice",
                actor=actor,
                issued_on=date.fromisoformat(payload["decided_on"]),
                extra={
                    "extension": {
                        "reason": case.extension_reason,
                        "working_days": case.extension_working_days,
                        "approver": _display(actor),
                        "new_due": deadline.due.isoformat(),
                    }
                },
            )
        ]
    if name == "request_fee":
        notice = case.fee_notices.order_by("-id").first()
        return [
            issue(
                case,
                "fee_notice",
                actor=actor,
                issued_on=notice.notice_on,
                extra={"fee": _fee(notice)},
            )
        ]
    if name == "approve_reply":
        letters = [issue(case, "reply", actor=actor, issued_on=case.replied_on)]
        if case.decision in ("disclosed", "partially_disclosed"):
            for party in case.consultations.filter(kind="third_party", opinion="objection"):
                letters.append(
                    issue(
                        case,
                        "third_party_disclosure_notice",
                        actor=actor,
                        issued_on=case.replied_on,
                        extra={"party": _party(party)},
                    )
                )
        return letters
    if name == "lapse_correction":
        return [
            issue(
                case,
                "termination_notice",
                actor=actor,
                issued_on=case.closed_on,
                extra={"correction": _correction(case)},
            )
        ]
    if name == "lapse_fee":
        notice = case.fee_notices.order_by("-id").first()
        return [
            issue(
                case,
                "termination_notice",
                actor=actor,
                issued_on=case.closed_on,
                extra={"fee": _fee(notice)},
            )
        ]
    if name == "record_delivery":
        served = case.letters.filter(kind__in=("reply", "termination_notice")).order_by("-id")
        document = served.first()
        return [
            issue(
                case,
                "delivery_receipt",
                actor=actor,
                issued_on=case.delivered_on,
                extra={
                    "delivery": {
                        "document": f"{document.title}（{document.number}）" if document else "",
                        "method": case.service_method,
                        "delivered_on": case.delivered_on.isoformat(),
                        "tracking_number": case.tracking_number,
                        "by": _display(actor),
                    }
                },
            )
        ]
    return []


def reissue_letter(letter: Letter, *, actor) -> Letter:
    """Regenerate a letter (e.g. after a registration correction): a new, separately numbered
    letter that supersedes the old one; the old one stays in the record unchanged."""
    from django.core.exceptions import PermissionDenied
    from django.db import transaction

    from cases.models import Case
    from workflow.audit import record_event
    from workflow.permissions import can_handle

    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("agency", "applicant")
            .get(pk=letter.case_id)
        )
        if not can_handle(case, actor):
            raise PermissionDenied(_("您无权重新生成文书。"))
        if case.status == "archived":
            raise Conflict(_("案件已归档，文书不能重新生成。"))
        if Letter.objects.filter(supersedes=letter).exists():
            raise Conflict(_("该文书已被新文书取代，请对最新的文书操作。"))
        extra = {
            key: letter.snapshot[key]
            for key in (
                "correction",
                "reasons",
                "task",
                "party",
                "parties",
                "extension",
                "fee",
                "delivery",
            )
            if key in letter.snapshot
        }
        new = issue_letter(
            case,
            letter.kind,
            actor=actor,
            issued_on=timezone.localdate(),
            extra=extra,
            supersedes=letter,
        )
        record_event(
            case,
            actor=actor,
            name="reissue_letter",
            source=case.status,
            target=case.status,
            payload={"old": letter.number or letter.title, "new": new.number or new.title},
        )
    return new
