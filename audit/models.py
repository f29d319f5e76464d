"""After archiving: numbered corrections (补正说明) and the log of auditors' reads."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflow.chain import mac
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
    reading changes nothing of the case, and an archived case's trail stays sealed. Chained per
    agency instead, keyed (``workflow.chain``), so deleting or editing a read shows
    (``audit.chains``)."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    seq = models.PositiveIntegerField(_("序号"))
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
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = ImmutableQuerySet.as_manager()
    sealed_case_path = "case"

    class Meta:
        verbose_name = _("监督查阅记录")
        verbose_name_plural = _("监督查阅记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["case", "at"], name="auditview_case_at")]
        constraints = [
            models.UniqueConstraint(fields=["agency", "seq"], name="auditview_unique_seq")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.case_id} · {self.get_what_display()}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ImmutableRecordError("audit views are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError("audit views are never deleted")

    def compute_hash(self) -> str:
        return read_mac(
            agency_id=self.agency_id,
            seq=self.seq,
            user_id=self.user_id,
            case_id=self.case_id,
            what=self.what,
            detail=self.detail,
            at=self.at,
            prev=self.prev_hash,
        )


def read_mac(*, agency_id, seq, user_id, case_id, what, detail, at, prev) -> str:
    """The keyed link of one read in its agency's read log (also used by the migration)."""
    return mac(
        "read",
        {
            "agency": agency_id,
            "seq": seq,
            "user": user_id,
            "case": case_id,
            "what": what,
            "detail": detail,
            "at": at,
            "prev": prev,
        },
    )


class ChainAnchor(models.Model):
    """A daily anchor of one agency's chains (``manage.py anchor_chains``): the head of every
    case's event chain (new or moved ones in :class:`AnchoredHead`, a digest over all) and the
    head of the agency's read log, itself chained and keyed. Append-only; the platform admin
    exports anchors to keep a copy outside the database (README "Integrity"), so a whole case
    deleted later, or the newest events or reads, still shows (``verify_integrity --anchors``)."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    seq = models.PositiveIntegerField(_("序号"))
    created_at = models.DateTimeField(_("锚定时间"))
    cases = models.PositiveIntegerField(_("案件数"))
    heads_digest = models.CharField(_("链头摘要"), max_length=64)
    read_seq = models.PositiveIntegerField(_("查阅记录序号"))
    read_hash = models.CharField(_("查阅记录链头"), max_length=64)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(_("锚点哈希"), max_length=64)

    sealed_case_path = None  # workflow.sealing: outside any case's record; never changed
    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("办理记录锚点")
        verbose_name_plural = _("办理记录锚点")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "seq"], name="chainanchor_unique_seq")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}#{self.seq}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ImmutableRecordError("anchors are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError("anchors are never deleted")

    def compute_hash(self) -> str:
        return mac(
            "anchor",
            {
                "agency": self.agency_id,
                "seq": self.seq,
                "at": self.created_at,
                "cases": self.cases,
                "heads": self.heads_digest,
                "read_seq": self.read_seq,
                "read_hash": self.read_hash,
                "prev": self.prev_hash,
            },
        )


class AnchoredHead(models.Model):
    """The head of one case's event chain when an anchor was taken (only where it moved since
    the agency's previous anchor). The case is named by id and number, not by a foreign key:
    the anchor must outlive a case deleted behind the application's back."""

    anchor = models.ForeignKey(
        ChainAnchor, on_delete=models.PROTECT, related_name="heads", verbose_name=_("锚点")
    )
    case_id = models.PositiveBigIntegerField(_("案件"))
    number = models.CharField(_("案件编号"), max_length=60)
    seq = models.PositiveIntegerField(_("序号"))
    hash = models.CharField(max_length=64)

    sealed_case_path = None  # workflow.sealing: outside any case's record; never changed
    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("已锚定的链头")
        verbose_name_plural = _("已锚定的链头")
        indexes = [models.Index(fields=["case_id", "anchor"], name="anchoredhead_case")]

    def __str__(self) -> str:
        return f"{self.number}#{self.seq}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ImmutableRecordError("anchored heads are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError("anchored heads are never deleted")
