"""After archiving: numbered corrections (补正说明) and the log of auditors' reads."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflow.sealing import ImmutableQuerySet, ImmutableRecordError


class ArchiveNote(models.Model):
    """A numbered 补正说明: the only way to correct an archived case. The case file stays as it
    was; the note is added beside it and recorded in the case's audit trail."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="archive_notes",
        verbose_name=_("案件"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    sequence = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("编号"), max_length=60)
    text = models.TextField(_("补正说明"), max_length=5000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("撰写人"),
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    sealed_case_path = "case"
    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("补正说明")
        verbose_name_plural = _("补正说明")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "sequence"], name="archive_note_unique_sequence"
            )
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ImmutableRecordError("archive notes are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError("archive notes are never deleted")


class ViewKind(models.TextChoices):
    CASE_PAGE = "case_page", _("案件页面")
    CASE = "case", _("案件数据（接口）")
    LETTERS = "letters", _("文书列表")
    LETTER_PDF = "letter_pdf", _("文书下载")
    ATTACHMENT = "attachment", _("附件下载")
    BUNDLE = "bundle", _("电子案卷下载")
    INTEGRITY = "integrity", _("完整性校验")


class AuditView(models.Model):
    """One look by an auditor at a case (who, what, when). Kept outside the case's hash chain:
    reading changes nothing of the case, and an archived case's trail stays sealed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("查阅人"),
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="+", verbose_name=_("案件")
    )
    what = models.CharField(_("查阅内容"), max_length=20, choices=ViewKind.choices)
    detail = models.CharField(_("说明"), max_length=200, blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("监督查阅记录")
        verbose_name_plural = _("监督查阅记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["case", "at"], name="auditview_case_at")]

    def __str__(self) -> str:
        return f"{self.user} · {self.case_id} · {self.get_what_display()}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ImmutableRecordError("audit views are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError("audit views are never deleted")
