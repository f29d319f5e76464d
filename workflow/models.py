import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from agencies.models import Department
from rules.deadline import past_due
from workflow.chain import CHAIN_VERSION, LEGACY_VERSION, legacy_seal_mac, mac
from workflow.sealing import (
    ImmutableQuerySet,
    ImmutableRecordError,
    SealedQuerySet,
    guard_case,
    guard_event,
)


class Event(models.Model):
    """One line of a case's audit trail. Append-only; each hash chains to the previous one.

    Version 2 (``workflow.chain``): the hash is an HMAC under ``AUDIT_CHAIN_KEY`` and covers
    ``state``, the digest of the case's record as the event left it (``workflow.snapshot``).
    Version 1 rows, written before the key, are a plain SHA-256 chain; they verify only as
    far as a :class:`LegacyChainSeal` vouches for them."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="events", verbose_name=_("案件")
    )
    seq = models.PositiveIntegerField(_("序号"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("操作人"),
    )
    at = models.DateTimeField(_("时间"))
    name = models.CharField(_("操作"), max_length=40)
    source = models.CharField(_("原状态"), max_length=30)
    target = models.CharField(_("新状态"), max_length=30)
    payload = models.JSONField(_("内容摘要"), default=dict)
    note = models.TextField(_("备注"), blank=True)
    version = models.PositiveSmallIntegerField(_("链格式版本"), default=CHAIN_VERSION)
    state = models.CharField(_("案件状态摘要"), max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    sealed_case_path = "case"  # workflow.sealing: never updated; appended to only while open
    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["case", "seq"]
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="event_unique_seq")]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq} {self.name}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ImmutableRecordError("audit events are never changed")
        guard_event(self)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError("audit events are never deleted")

    def _body(self) -> dict:
        return {
            "case": self.case_id,
            "seq": self.seq,
            "actor": self.actor_id,
            "at": self.at.isoformat(),
            "name": self.name,
            "source": self.source,
            "target": self.target,
            "payload": self.payload,
            "note": self.note,
            "prev": self.prev_hash,
        }

    def compute_hash(self) -> str:
        if self.version == LEGACY_VERSION:
            body = json.dumps(
                self._body(), ensure_ascii=False, sort_keys=True, separators=(",", ":")
            )
            return hashlib.sha256(body.encode()).hexdigest()
        return mac("event", {**self._body(), "v": self.version, "state": self.state})


class LegacyChainSeal(models.Model):
    """The keyed seal of a case's version-1 (plain SHA-256) chain, written once when the key was
    introduced (migration ``0003``): the head the plain chain had then. Without it, anyone could
    rewrite a chain and call it version 1."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, related_name="+", verbose_name=_("案件")
    )
    seq = models.PositiveIntegerField(_("序号"))
    hash = models.CharField(max_length=64)
    mac = models.CharField(max_length=64)

    sealed_case_path = None  # workflow.sealing: written once, for archived cases too
    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("旧格式办理记录封存")
        verbose_name_plural = _("旧格式办理记录封存")

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ImmutableRecordError("legacy chain seals are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError("legacy chain seals are never deleted")

    @staticmethod
    def compute_mac(case_id: int, seq: int, head: str) -> str:
        return legacy_seal_mac(case_id, seq, head)


class TaskStatus(models.TextChoices):
    OPEN = "open", _("待答复")
    ANSWERED = "answered", _("已答复")


class Task(models.Model):
    """An assistance task (交办/协办): one department searches its files for one case."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="tasks", verbose_name=_("案件")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("部门")
    )
    instructions = models.TextField(_("交办要求"), max_length=5000)
    assigned_on = models.DateField(_("交办日期"))
    due_on = models.DateField(_("答复期限"))
    status = models.CharField(
        _("状态"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    holds_information = models.BooleanField(_("是否掌握该信息"), null=True)
    answer = models.TextField(_("答复意见"), blank=True, max_length=10000)
    responded_on = models.DateField(_("答复日期"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("答复人"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    sealed_case_path = "case"  # workflow.sealing: read-only once the case is archived
    objects = SealedQuerySet.as_manager()

    class Meta:
        verbose_name = _("协助调查任务")
        verbose_name_plural = _("协助调查任务")
        ordering = ["due_on", "id"]
        permissions = [("answer_task", _("答复协助调查任务"))]

    def __str__(self) -> str:
        return f"{self.case} → {self.department}"

    def save(self, *args, **kwargs) -> None:
        guard_case(self.case_id, _("协助调查任务"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        guard_case(self.case_id, _("协助调查任务"))
        return super().delete(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status == TaskStatus.OPEN


class TaskUserObjectPermission(UserObjectPermissionBase):
    """Direct foreign-key permission table (guardian): fast joins for task inboxes."""

    content_object = models.ForeignKey(Task, on_delete=models.CASCADE)


class TaskGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Task, on_delete=models.CASCADE)


class ConsultationKind(models.TextChoices):
    THIRD_PARTY = "third_party", _("第三方")
    AGENCY = "agency", _("其他机关")


class Opinion(models.TextChoices):
    CONSENT = "consent", _("同意公开")
    PARTIAL_CONSENT = "partial_consent", _("同意部分公开")
    OBJECTION = "objection", _("不同意公开")


class Consultation(models.Model):
    """One consulted party (Art. 32, 34); the clock pauses from sent to answered.

    The party's 15 working days run from the day it receives the 征求意见书 (``served_on``),
    not from the day it is sent: ``answer_due`` stays empty until service is recorded, and a
    silent party is never late (nor deemed to consent) before then.
    """

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="consultations",
        verbose_name=_("案件"),
    )
    kind = models.CharField(_("类别"), max_length=20, choices=ConsultationKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    # Why an agency is consulted: only information it made jointly with this agency falls
    # under Art. 34, whose silence-means-consent the letter may then state.
    jointly_made = models.BooleanField(
        _("共同制作"), default=False,
        help_text=_("其他机关与本机关共同制作该政府信息（条例第三十四条，逾期未答复视为同意）。"),
    )
    sent_on = models.DateField(_("发出日期"))
    served_on = models.DateField(_("送达日期"), null=True, blank=True)
    answer_due = models.DateField(_("答复期限"), null=True, blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    opinion = models.CharField(_("意见"), max_length=20, choices=Opinion.choices, blank=True)
    # 同意部分公开: the parts the party agrees to disclose.
    consented_parts = models.TextField(_("同意公开的部分"), blank=True, max_length=5000)
    text = models.TextField(_("意见内容"), blank=True, max_length=10000)

    sealed_case_path = "case"  # workflow.sealing: read-only once the case is archived
    objects = SealedQuerySet.as_manager()

    class Meta:
        verbose_name = _("征求意见")
        verbose_name_plural = _("征求意见")
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        return f"{self.case} ↔ {self.name}"

    def save(self, *args, **kwargs) -> None:
        guard_case(self.case_id, _("征求意见"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        guard_case(self.case_id, _("征求意见"))
        return super().delete(*args, **kwargs)

    @property
    def answered(self) -> bool:
        return self.answered_on is not None

    @property
    def served(self) -> bool:
        return self.served_on is not None

    def is_overdue(self, today) -> bool:
        return not self.answered and past_due(self.answer_due, today)

    def deemed_consent(self, today) -> bool:
        """Silence past its deadline counts as consent for an agency that made the information
        jointly (Art. 34); not for third parties, nor for other agencies."""
        return (
            self.kind == ConsultationKind.AGENCY and self.jointly_made and self.is_overdue(today)
        )

    def is_settled(self, today) -> bool:
        return self.answered or self.is_overdue(today)

    def pause_end(self, today):
        """The last paused day: the answer date, or the deadline once a silent party is late."""
        if self.answered:
            return self.answered_on
        return self.answer_due if self.is_overdue(today) else None


class FeeMethod(models.TextChoices):
    PER_PIECE = "per_piece", _("按件计收")
    PER_PAGE = "per_page", _("按量计收")


class FeeNotice(models.Model):
    """A 收费通知 (Art. 42); the clock pauses from the notice to the payment.

    The applicant pays within 20 working days from the day after receiving the notice
    (国办函〔2020〕109号): ``pay_due`` stays empty until ``served_on`` is recorded.
    For ``per_piece``, ``counted_cases`` are the applicant's applications of the month found
    in the register; ``override_reason`` says why ``quantity`` differs from their count.
    """

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="fee_notices",
        verbose_name=_("案件"),
    )
    method = models.CharField(_("计收方式"), max_length=20, choices=FeeMethod.choices)
    quantity = models.PositiveIntegerField(_("数量"))
    amount = models.PositiveIntegerField(_("金额（元）"))
    computation = models.TextField(_("计算过程"))
    counted_cases = models.JSONField(_("计件依据"), default=list, blank=True)
    override_reason = models.TextField(_("调整件数的理由"), blank=True, max_length=2000)
    # How to pay, as the agency's settings said when the notice was issued.
    payment = models.JSONField(_("缴费方式"), default=dict, blank=True)
    notice_on = models.DateField(_("通知日期"))
    served_on = models.DateField(_("送达日期"), null=True, blank=True)
    pay_due = models.DateField(_("缴费期限"), null=True, blank=True)
    paid_on = models.DateField(_("缴费日期"), null=True, blank=True)

    sealed_case_path = "case"  # workflow.sealing: read-only once the case is archived
    objects = SealedQuerySet.as_manager()

    class Meta:
        verbose_name = _("收费通知")
        verbose_name_plural = _("收费通知")
        ordering = ["notice_on", "id"]

    def __str__(self) -> str:
        return f"{self.case} ¥{self.amount}"

    def save(self, *args, **kwargs) -> None:
        guard_case(self.case_id, _("收费通知"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        guard_case(self.case_id, _("收费通知"))
        return super().delete(*args, **kwargs)


class DueDateRefresh(models.Model):
    """The one row saying which calendar the stored due dates were last computed against.

    Live computation (workflow.clock.case_deadline) is authoritative; ``Case.reply_due`` is a
    copy kept for SQL (lists, the overdue filter, sorting). Every recompute of the open cases
    (a calendar change through clock.services, ``manage.py refresh_due_dates``) writes the
    calendar's fingerprint here; the system check workflow.W001 warns when the calendar in the
    tables no longer matches it, and workflow.W002 when the daily refresh has not run today
    while a pause keeps moving due dates.
    """

    calendar_fingerprint = models.CharField(_("日历指纹"), max_length=64)
    refreshed_on = models.DateField(_("刷新日期"))
    refreshed_at = models.DateTimeField(_("刷新时间"))

    class Meta:
        verbose_name = _("到期日刷新记录")
        verbose_name_plural = _("到期日刷新记录")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="due_date_refresh_singleton")
        ]

    def __str__(self) -> str:
        return f"{self.refreshed_at:%Y-%m-%d %H:%M} {self.calendar_fingerprint[:12]}"
