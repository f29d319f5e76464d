"""Recording reconsideration and litigation (行政复议、行政诉讼) against a case's decision.

Like the workflow services: one transaction, the case row locked first (so the audit event's
sequence number cannot collide), the audit event appended to the case's trail. Review records
may be added to archived cases: the case itself does not change.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Case
from reports.models import ReviewKind, ReviewRecord, ReviewResult
from rules.deadline import format_cn_date
from rules.states import CONCLUDED_STATES
from workflow.actions import action
from workflow.audit import record_event
from workflow.errors import Conflict
from workflow.permissions import can_approve, can_handle


def may_record_review(case, user) -> bool:
    return can_handle(case, user) or can_approve(case, user)




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
) -> ReviewRecord:
    """Attach a reconsideration or lawsuit to a concluded case (handler or approver)."""
    with transaction.atomic():
        case = _lock(case)
        if not may_record_review(case, actor):
            raise PermissionDenied(_("您无权登记行政复议、行政诉讼情况。"))
        if case.status not in CONCLUDED_STATES:
            raise Conflict(_("案件尚未办结，不能登记行政复议、行政诉讼情况。"))
        errors = review_errors(
            kind=kind,
            result=result,
            filed_on=filed_on,
            decided_on=decided_on,
            body=body,
            received_on=case.first_received_on,
            today=timezone.localdate(),
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
        )
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
def decide_review(*, review, actor, result: str, decided_on: date, note: str = "") -> ReviewRecord:
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
        if errors:
            raise ValidationError(errors)
        review.result, review.decided_on = result, decided_on
        if note.strip():
            review.note = f"{review.note}\n{note}".strip()
        review.save(update_fields=["result", "decided_on", "note"])
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
