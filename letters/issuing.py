"""Issuing letters: which letters each action issues (named in the actions' declarations), and
issuing one inside the action's transaction: its number and the snapshot of everything it
prints. Its PDF is rendered after the commit (``letters.rendering``). And draft previews."""

import hashlib
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.models import person_name
from agencies.numbering import format_number, next_sequence
from cases.models import Case
from letters.fonts import describe_characters
from letters.kinds import KINDS
from letters.layout import find_missing_glyphs, render_letter
from letters.models import Letter
from letters.rendering import document_of, letter_fonts
from workflow import clock
from workflow.actions import action
from workflow.audit import record_event
from workflow.errors import Conflict
from workflow.permissions import can_reissue_letter


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
        "seal_file": agency.seal_image.name if seal else "",  # rendered after the commit
        "seal_diameter_mm": agency.seal_diameter_mm,
    }, seal


def _applicant(applicant) -> dict:
    data = {"kind": applicant.kind, "name": applicant.name, "address": applicant.address}
    if applicant.has_agent:  # 委托代理: to the applicant, care of the agent
        data["agent"] = {"name": applicant.agent_name, "address": applicant.agent_address}
    return data


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
        "applicant": _applicant(case.applicant),
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
    """Number one letter and freeze what it prints. Runs inside the caller's transaction, so a
    rollback frees the number, and a character the fonts cannot print refuses the whole action
    (409) now rather than failing the render later. The PDF is written after the commit."""
    issued_on = issued_on or timezone.localdate()
    definition = KINDS[kind]
    ctx, _seal = case_snapshot(case, issued_on=issued_on, extra=extra)
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
    document = document_of(kind, ctx, number)
    missing = find_missing_glyphs(document, letter_fonts())
    if missing:
        raise Conflict(
            _(
                "文书中有字体无法显示的字符：%(chars)s。请改用可显示的写法，或在设置中配置包含这些字的字体后再操作。"
            )
            % {"chars": describe_characters(missing)}
        )
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
        snapshot=ctx,
        supersedes=supersedes,
    )
    letter.save()
    return letter


def preview_letter(case, kind: str, *, extra=None) -> bytes:
    """A draft: watermarked 草稿, never numbered, never stored."""
    ctx, _seal = case_snapshot(case, issued_on=timezone.localdate(), extra=extra)
    return render_letter(KINDS[kind].document(ctx, number=None, draft=True), fonts=letter_fonts())


@dataclass(frozen=True)
class LetterOrder:
    """One letter an action issues: its kind, its date and what the snapshot adds."""

    kind: str
    issued_on: date
    extra: dict = field(default_factory=dict)


def issue_letters(case, orders: list[LetterOrder], *, actor) -> list[Letter]:
    return [
        issue_letter(case, o.kind, actor=actor, issued_on=o.issued_on, extra=o.extra)
        for o in orders
    ]


def _party(consultation) -> dict:
    return {
        "kind": consultation.kind,
        "name": consultation.name,
        "sent_on": consultation.sent_on.isoformat(),
        "served_on": _opt_iso(consultation.served_on),
        "answer_due": _opt_iso(consultation.answer_due),
        "jointly_made": consultation.jointly_made,
    }


def _fee(notice) -> dict:
    return {
        "method": notice.method,
        "amount": notice.amount,
        "computation": notice.computation,
        "notice_on": notice.notice_on.isoformat(),
        "served_on": _opt_iso(notice.served_on),
        "pay_due": _opt_iso(notice.pay_due),
        "payment": dict(notice.payment or {}),
    }


def _opt_iso(value) -> str | None:
    return value.isoformat() if value else None


def _correction(case) -> dict:
    return {
        "items": case.correction_items,
        "due": case.correction_due.isoformat(),
        "notice_on": case.correction_notice_on.isoformat(),
    }


# -- what each action issues (letters.md, "issued by"); named in the actions' declarations ----


def correction_notice(case, payload: dict, actor) -> list[LetterOrder]:
    return [
        LetterOrder(
            "correction_notice", case.correction_notice_on, {"correction": _correction(case)}
        )
    ]


def assistance_requests(case, payload: dict, actor) -> list[LetterOrder]:
    """One 协助调查函 per department the case was assigned to."""
    tasks = case.tasks.filter(pk__in=payload["task_ids"]).select_related("department")
    return [
        LetterOrder(
            "assistance_request",
            t.assigned_on,
            {
                "task": {
                    "department": t.department.name,
                    "instructions": t.instructions,
                    "due_on": t.due_on.isoformat(),
                }
            },
        )
        for t in tasks
    ]


def consultation_letters(case, payload: dict, actor) -> list[LetterOrder]:
    """A 征求意见书 to every party, and one 征求意见告知书 to the applicant."""
    parties = list(case.consultations.filter(pk__in=payload["consultation_ids"]))
    orders = [
        LetterOrder(f"consultation_{p.kind}", p.sent_on, {"party": _party(p)}) for p in parties
    ]
    orders.append(
        LetterOrder(
            "consultation_notice", parties[0].sent_on, {"parties": [_party(p) for p in parties]}
        )
    )
    return orders


def extension_notice(case, payload: dict, actor) -> list[LetterOrder]:
    deadline = clock.case_deadline(case)
    extension = {
        "reason": case.extension_reason,
        "working_days": case.extension_working_days,
        "approver": person_name(actor),  # never the login name
        "new_due": deadline.due.isoformat(),
    }
    decided_on = date.fromisoformat(payload["decided_on"])
    return [LetterOrder("extension_notice", decided_on, {"extension": extension})]


def fee_notice(case, payload: dict, actor) -> list[LetterOrder]:
    notice = case.fee_notices.get(pk=payload["fee_notice"])
    return [LetterOrder("fee_notice", notice.notice_on, {"fee": _fee(notice)})]


def reply_letters(case, payload: dict, actor) -> list[LetterOrder]:
    """The reply; when information is disclosed over a third party's objection, a 依申请公开
    告知书 to each objecting party (Art. 32)."""
    orders = [LetterOrder("reply", case.replied_on)]
    if case.decision in ("disclosed", "partially_disclosed"):
        for party in case.consultations.filter(kind="third_party", opinion="objection"):
            extra = {"party": _party(party)}
            orders.append(LetterOrder("third_party_disclosure_notice", case.replied_on, extra))
    return orders


def termination_after_correction(case, payload: dict, actor) -> list[LetterOrder]:
    return [
        LetterOrder("termination_notice", case.closed_on, {"correction": _correction(case)})
    ]


def termination_after_fee(case, payload: dict, actor) -> list[LetterOrder]:
    notice = case.fee_notices.order_by("-id").first()
    return [LetterOrder("termination_notice", case.closed_on, {"fee": _fee(notice)})]


def delivery_receipt(case, payload: dict, actor) -> list[LetterOrder]:
    """The 送达回证 of the letter that concluded the case (the latest reply or termination)."""
    served = case.letters.filter(kind__in=("reply", "termination_notice")).order_by("-id")
    document = served.first()
    delivery = {
        "document": f"{document.title}（{document.number}）" if document else "",
        "method": case.service_method,
        "delivered_on": case.delivered_on.isoformat(),
        "tracking_number": case.tracking_number,
        "by": person_name(actor),  # never the login name
    }
    return [LetterOrder("delivery_receipt", case.delivered_on, {"delivery": delivery})]


@action(label=gettext_lazy("重新生成文书"), policy=can_reissue_letter)
def reissue_letter(letter: Letter, *, actor) -> Letter:
    """Regenerate a letter (e.g. after a registration correction): a new, separately numbered
    letter that supersedes the old one; the old one stays in the record unchanged."""
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("agency", "applicant")
            .get(pk=letter.case_id)
        )
        if not can_reissue_letter(case, actor):
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
