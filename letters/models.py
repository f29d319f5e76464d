from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from workflow.chain import digest, mac
from workflow.sealing import ImmutableQuerySet, ImmutableRecordError, guard_case


class LetterKind(models.TextChoices):
    RECEIPT = "receipt", _("政府信息公开申请接收回执")
    CORRECTION_NOTICE = "correction_notice", _("补正告知书")
    REASONS_NOTICE = "reasons_notice", _("说明理由告知书")
    LATER_REPLY_NOTICE = "later_reply_notice", _("确定答复期限告知书")
    ASSISTANCE_REQUEST = "assistance_request", _("协助调查函")
    CONSULTATION_THIRD_PARTY = "consultation_third_party", _("征求意见书（第三方）")
    CONSULTATION_AGENCY = "consultation_agency", _("征求意见书（共同制作机关）")
    CONSULTATION_NOTICE = "consultation_notice", _("征求意见告知书")
    THIRD_PARTY_DISCLOSURE_NOTICE = "third_party_disclosure_notice", _("依申请公开告知书")
    EXTENSION_NOTICE = "extension_notice", _("延期答复告知书")
    FEE_NOTICE = "fee_notice", _("收费通知书")
    REPLY = "reply", _("政府信息公开申请答复书")
    TERMINATION_NOTICE = "termination_notice", _("终止办理告知书")
    DELIVERY_RECEIPT = "delivery_receipt", _("送达回证")


class Letter(models.Model):
    """An issued letter: numbered with its snapshot in its action's transaction, rendered once
    after the commit (``letters.rendering``), stored with its SHA-256, never changed. A
    regenerated letter is a new, separately numbered row that ``supersedes`` the old one."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="letters", verbose_name=_("案件")
    )
    kind = models.CharField(_("文书类别"), max_length=40, choices=LetterKind.choices)
    title = models.CharField(_("标题"), max_length=100)
    addressee = models.CharField(_("受文者"), max_length=200)
    family = models.CharField(_("文号类别"), max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    sequence = models.PositiveIntegerField(_("序号"), null=True, blank=True)
    number = models.CharField(_("文号"), max_length=60, blank=True)
    issued_on = models.DateField(_("成文日期"))
    issued_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("生成人"),
    )
    pdf = models.FileField(_("PDF"), upload_to="letters/%Y/", blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    rendered_at = models.DateTimeField(_("PDF生成时间"), null=True, blank=True)
    # The keyed seal of what the letter says and of its file's SHA-256 (workflow.chain), written
    # with the hash once rendered: a file replaced together with its hash column shows.
    seal = models.CharField(_("密钥封印"), max_length=64, blank=True)
    snapshot = models.JSONField(_("生成时的数据"), default=dict)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("取代的文书"),
    )

    sealed_case_path = "case"  # workflow.sealing: no new letters once the case is archived
    completed_later = ("pdf", "sha256", "seal", "rendered_at")  # written after the commit
    incomplete = {"sha256": ""}
    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("文书")
        verbose_name_plural = _("文书")
        ordering = ["issued_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "family", "year", "sequence"],
                name="letter_unique_sequence",
                condition=models.Q(sequence__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}".strip()

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ImmutableRecordError("issued letters are never changed")
        guard_case(self.case_id, _("文书"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError("issued letters are never deleted")

    @property
    def rendered(self) -> bool:
        return bool(self.sha256)

    def compute_seal(self, sha256: str | None = None) -> str:
        return letter_seal(
            pk=self.pk,
            case_id=self.case_id,
            kind=self.kind,
            number=self.number,
            issued_on=self.issued_on,
            snapshot=self.snapshot,
            sha256=self.sha256 if sha256 is None else sha256,
        )


def letter_seal(*, pk, case_id, kind, number, issued_on, snapshot, sha256) -> str:
    """The keyed seal of an issued letter (also used by the migration that sealed old ones)."""
    return mac(
        "letter",
        {
            "id": pk,
            "case": case_id,
            "kind": kind,
            "number": number,
            "issued_on": issued_on,
            "snapshot": digest(snapshot),
            "sha256": sha256,
        },
    )


class CaseFileStatus(models.TextChoices):
    BUILDING = "building", _("案卷生成中")
    READY = "ready", _("已生成")


class CaseFile(models.Model):
    """The archived case file (一件一档): cover, 卷内目录 and every document in one PDF
    (``letters.bundle``). Created (``building``) in the ``archive`` transaction, so an archived
    case always has one; built once after the commit, stored with its SHA-256 (which the
    ``build_case_file`` event records), never rebuilt, so every download is byte-identical."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, related_name="case_file", verbose_name=_("案件")
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=CaseFileStatus.choices, default=CaseFileStatus.BUILDING
    )
    pdf = models.FileField(_("PDF"), upload_to="case_files/%Y/", blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    page_count = models.PositiveIntegerField(_("总页数"), null=True, blank=True)
    contents = models.JSONField(_("卷内目录"), default=list)
    created_at = models.DateTimeField(_("归档时间"), auto_now_add=True)
    built_at = models.DateTimeField(_("生成时间"), null=True, blank=True)
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("立卷人"),
    )

    sealed_case_path = "case"
    completed_later = ("status", "pdf", "sha256", "page_count", "contents", "built_at")
    incomplete = {"status": CaseFileStatus.BUILDING}
    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("电子案卷")
        verbose_name_plural = _("电子案卷")

    def __str__(self) -> str:
        return f"{self.case} 案卷"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ImmutableRecordError("the case file is never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError("the case file is never deleted")

    @property
    def ready(self) -> bool:
        return self.status == CaseFileStatus.READY
