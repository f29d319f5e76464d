"""Recording reconsideration and litigation (行政复议、行政诉讼) against a case's decision, or
against the agency's inaction on an open case (不履行法定职责).

Like the workflow services: one transaction, the case row locked first (so the audit event's
sequence number cannot collide), the audit event appended to the case's trail. Review records
may be added to archived cases: the case itself does not change. A decision that sets a
concluded case's act aside (撤销, 责令重新答复, 确认违法) opens a linked re-reply case
(``cases.services.open_rereply``) in the same transaction.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Case
from cases.services import open_rereply
from reports.models import (
    DEFAULT_REREPLY_WORKING_DAYS,
    REOPENING_RESULTS,
    ReviewKind,
    ReviewRecord,
    ReviewResult,
)
from rules.deadline import format_cn_date
from rules.states import CONCLUDED_STATES
from workflow.actions import action
from workflow.audit import record_event
from workflow.errors import Conflict
from workflow.permissions import can_approve, can_handle


def may_record_review(case, user) -> bool:
    return can_handle(case, user) or can_approve(case, user)


MAX_REREPLY_WORKING_DAYS = 60


def reopening_errors(
    *, decided_on: date | None, decision_received_on: date | None, working_days: int | None,
    today: date,
) -> dict[str, list[str]]:
    """Field errors of the re-reply terms of a decision that reopens the case (pure)."""
    errors: dict[str, list[str]] = {}
    if decision_received_on is not None:
        if decision_received_on > today:
            errors["decision_received_on"] = [_("日期不能晚于今天。")]
        elif decided_on is not None and decision_received_on < decided_on:
            errors["decision_received_on"] = [_("收到决定书日期不能早于审结日期。")]
    if working_days is not None and not 1 <= working_days <= MAX_REREPLY_WORKING_DAYS:
        errors["rereply_working_days"] = [
            _("重新答复期限应为1至%(n)d个工作日。") % {"n": MAX_REREPLY_WORKING_DAYS}
        ]
    return errors


def _reopen(case, record: ReviewRecord, actor) -> None:
    """A concluded case whose act the decision set aside is answered again, as a new case.
    An open case (a review of inaction) simply goes on: its own reply is the answer."""
    if record.result not in REOPENING_RESULTS or case.status not in CONCLUDED_STATES:
        return
    record.decision_received_on = record.decision_received_on or record.decided_on
    record.rereply_working_days = record.rereply_working_days or DEFAULT_REREPLY_WORKING_DAYS
    record.rereply_case = open_rereply(
        original=case,
        actor=actor,
        received_on=record.decision_received_on,
        working_days=record.rereply_working_days,
        reason=_("%(kind)s（%(body)s）%(result)s，重新答复。")
        % {
            "kind": record.get_kind_display(),
            "body": record.body,
            "result": record.get_result_display(),
        },
    )
    record.save(update_fields=["decision_received_on", "rereply_working_days", "rereply_case"])



def review_errors(
    *,
    kind: str,
    result: str,
    filed_on: date,
    decided_on: date | None,
    body: str,
    received_on: date,
    today: date,
) -> dict[str, list[str]]:
    """Field errors of a review record (pure); empty when it is complete and consistent."""
    errors: dict[str, list[str]] = {}
    if kind not in ReviewKind.values:
        errors["kind"] = [_("请选择行政复议或行政诉讼的类别。")]
    if result not in ReviewResult.values:
        errors["result"] = [_("请选择结果。")]
    if not body.strip():
        errors["body"] = [_("请填写复议机关或法院。")]
    if filed_on > today:
        errors["filed_on"] = [_("日期不能晚于今天。")]
    elif filed_on < received_on:
        errors["filed_on"] = [
            _("日期不能早于收到申请日期（%(d)s）。") % {"d": format_cn_date(received_on)}
        ]
    if result == ReviewResult.PENDING:
        if decided_on is not None:
            errors["decided_on"] = [_("尚未审结的案件不能填写审结日期。")]
    elif result in ReviewResult.values:
        if decided_on is None:
            errors["decided_on"] = [_("请填写审结日期。")]
        elif decided_on > today:
            errors["decided_on"] = [_("日期不能晚于今天。")]
        elif decided_on < filed_on:
            errors["decided_on"] = [_("审结日期不能早于申请或起诉日期。")]
    return errors


def _lock(case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _payload(record: ReviewRecord) -> dict:
    return {
        "review": record.pk,
        "kind": record.kind,
        "filed_on": record.filed_on.isoformat(),
        "body": record.body,
        "result": record.result,
        "decided_on": record.decided_on.isoformat() if record.decided_on else None,
        "rereply_case": record.rereply_case.number if record.rereply_case_id else None,
    }


@action(label=gettext_lazy("登记行政复议、行政诉讼"), policy=may_record_review)
def record_review(
    *,
    case,
    actor,
    kind: str,
    filed_on: date,
    body: str,
    result: str,
    decided_on: date | None = None,
    note: str = "",
    decision_received_on: date | None = None,
    rereply_working_days: int | None = None,
) -> ReviewRecord:
    """Attach a reconsideration or lawsuit to a case (handler or approver): against its decision
    once concluded, or against inaction while it is open."""
    with transaction.atomic():
        case = _lock(case)
        if not may_record_review(case, actor):
            raise PermissionDenied(_("您无权登记行政复议、行政诉讼情况。"))
        errors = review_errors(
            kind=kind,
            result=result,
            filed_on=filed_on,
            decided_on=decided_on,
            body=body,
            received_on=case.first_received_on,
            today=timezone.localdate(),
        )
        errors.update(
            reopening_errors(
                decided_on=decided_on,
                decision_received_on=decision_received_on,
                working_days=rereply_working_days,
                today=timezone.localdate(),
            )
        )
        if errors:
            raise ValidationError(errors)
        record = ReviewRecord.objects.create(
            case=case,
            kind=kind,
            filed_on=filed_on,
            body=body.strip(),
            result=result,
            decided_on=decided_on,
            note=note,
            recorded_by=actor,
            decision_received_on=decision_received_on,
            rereply_working_days=rereply_working_days,
        )
        _reopen(case, record, actor)
        record_event(
            case,
            actor=actor,
            name="record_review",
            source=case.status,
            target=case.status,
            payload=_payload(record),
            note=note[:500],
        )
    return record


@action(label=gettext_lazy("登记行政复议、行政诉讼结果"), policy=may_record_review)
def decide_review(
    *,
    review,
    actor,
    result: str,
    decided_on: date,
    note: str = "",
    decision_received_on: date | None = None,
    rereply_working_days: int | None = None,
) -> ReviewRecord:
    """Record the result of a pending reconsideration or lawsuit, once."""
    with transaction.atomic():
        case = _lock(review.case)
        review = ReviewRecord.objects.select_for_update().get(pk=review.pk)
        if not may_record_review(case, actor):
            raise PermissionDenied(_("您无权登记行政复议、行政诉讼情况。"))
        if review.result != ReviewResult.PENDING:
            raise Conflict(_("该行政复议、行政诉讼已登记结果。"))
        if result == ReviewResult.PENDING:
            raise ValidationError({"result": [_("请选择审结结果。")]})
        errors = review_errors(
            kind=review.kind,
            result=result,
            filed_on=review.filed_on,
            decided_on=decided_on,
            body=review.body,
            received_on=case.first_received_on,
            today=timezone.localdate(),
        )
        errors.update(
            reopening_errors(
                decided_on=decided_on,
                decision_received_on=decision_received_on,
                working_days=rereply_working_days,
                today=timezone.localdate(),
            )
        )
        if errors:
            raise ValidationError(errors)
        review.result, review.decided_on = result, decided_on
        review.decision_received_on = decision_received_on
        review.rereply_working_days = rereply_working_days
        if note.strip():
            review.note = f"{review.note}\n{note}".strip()
        review.save(
            update_fields=[
                "result", "decided_on", "note", "decision_received_on", "rereply_working_days"
            ]
        )
        _reopen(case, review, actor)
        record_event(
            case,
            actor=actor,
            name="decide_review",
            source=case.status,
            target=case.status,
            payload=_payload(review),
            note=note[:500],
        )
    return review
