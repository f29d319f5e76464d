from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", _("行政复议")
    LITIGATION_DIRECT = "litigation_direct", _("行政诉讼（未经复议直接起诉）")
    LITIGATION_AFTER_REVIEW = "litigation_after_review", _("行政诉讼（复议后起诉）")


class ReviewResult(models.TextChoices):
    UPHELD = "upheld", _("维持")
    CORRECTED = "corrected", _("纠正（其他）")
    REVOKED = "revoked", _("纠正：撤销")
    ORDERED_REPLY = "ordered_reply", _("纠正：责令重新答复或履行")
    CONFIRMED_ILLEGAL = "confirmed_illegal", _("纠正：确认违法")
    OTHER = "other", _("其他")
    PENDING = "pending", _("尚未审结")


# Section 四 counts these as 结果纠正.
CORRECTING_RESULTS = (
    ReviewResult.CORRECTED,
    ReviewResult.REVOKED,
    ReviewResult.ORDERED_REPLY,
    ReviewResult.CONFIRMED_ILLEGAL,
)
# A decision that sets the agency's act aside (or finds it unlawful) reopens a concluded case:
# a linked re-reply case (重新答复) with the deadline the decision sets.
REOPENING_RESULTS = (
    ReviewResult.REVOKED,
    ReviewResult.ORDERED_REPLY,
    ReviewResult.CONFIRMED_ILLEGAL,
)
DEFAULT_REREPLY_WORKING_DAYS = 20


class ReviewRecord(models.Model):
    """An administrative reconsideration (行政复议) or lawsuit (行政诉讼) against the decision of a
    concluded case, as the office learns of it; counted in section 四 of the annual report.

    It is a record of its own attached to the case, so it may be added to archived cases too.
    Only a pending record changes, once, when its result becomes known (``decide_review``).
    """

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="reviews", verbose_name=_("案件")
    )
    kind = models.CharField(_("类别"), max_length=30, choices=ReviewKind.choices)
    filed_on = models.DateField(_("申请或起诉日期"))
    body = models.CharField(_("复议机关或法院"), max_length=100)
    result = models.CharField(_("结果"), max_length=20, choices=ReviewResult.choices)
    decided_on = models.DateField(_("审结日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True, max_length=2000)
    decision_received_on = models.DateField(
        _("本机关收到复议决定或裁判文书日期"), null=True, blank=True
    )
    rereply_working_days = models.PositiveSmallIntegerField(
        _("重新答复期限（工作日）"), null=True, blank=True
    )
    rereply_case = models.OneToOneField(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reopened_by_review",
        verbose_name=_("重新答复案件"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登记人"),
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("行政复议、行政诉讼记录")
        verbose_name_plural = _("行政复议、行政诉讼记录")
        ordering = ["filed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(result=ReviewResult.PENDING, decided_on__isnull=True)
                    | (~models.Q(result=ReviewResult.PENDING) & models.Q(decided_on__isnull=False))
                ),
                name="review_decided_on_iff_decided",
            ),
            models.CheckConstraint(
                condition=models.Q(decided_on__isnull=True)
                | models.Q(decided_on__gte=models.F("filed_on")),
                name="review_decided_not_before_filed",
            ),
        ]
        indexes = [models.Index(fields=["filed_on"], name="review_filed_on")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_kind_display()} {self.filed_on}"
