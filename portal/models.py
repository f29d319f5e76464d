"""The public side: online applications awaiting the clerk's confirmation (Art. 31(3): the
legal receipt date of an online application is the day the agency confirms it), their query
credentials (hashes only) and the provincial platforms' service tokens."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from cases.models import (
    ApplicantKind,
    AttachmentKind,
    DeliveryFormat,
    DeliveryMethod,
    IdType,
    OrgCategory,
)


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    REJECTED = "rejected", _("不作为申请处理")


class Platform(models.Model):
    """A platform (e.g. the provincial one) that files applications and looks up status through
    the API with its own service token; only the token's SHA-256 is stored."""

    name = models.CharField(_("平台名称"), max_length=100, unique=True)
    token_digest = models.CharField(_("令牌摘要"), max_length=64, unique=True, editable=False)
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("对接平台")
        verbose_name_plural = _("对接平台")

    def __str__(self) -> str:
        return self.name


class OnlineApplication(models.Model):
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="online_applications",
        verbose_name=_("机关"),
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=ApplicationStatus.choices,
        default=ApplicationStatus.PENDING, db_index=True,
    )
    query_code = models.CharField(_("查询码"), max_length=20, unique=True)
    password_hash = models.CharField(_("查询密码摘要"), max_length=256)
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("提交平台"),
    )
    # The applicant, as filled in (the register's snapshot is made at confirmation).
    kind = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantKind.choices)
    name = models.CharField(_("姓名或名称"), max_length=100)
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices)
    id_number = models.CharField(_("证件号码"), max_length=40, blank=True)
    org_category = models.CharField(
        _("组织类别"), max_length=20, choices=OrgCategory.choices, blank=True
    )
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    description = models.TextField(_("所需政府信息描述"), max_length=5000)
    delivery_format = models.CharField(
        _("信息提供形式"), max_length=20, choices=DeliveryFormat.choices
    )
    delivery_method = models.CharField(
        _("获取信息方式"), max_length=20, choices=DeliveryMethod.choices
    )
    # The clerk's decision.
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("处理人"),
    )
    confirmed_on = models.DateField(_("确认收到日期"), null=True, blank=True)
    rejection_reason = models.TextField(_("不作为申请处理的理由"), max_length=1000, blank=True)
    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True,
        related_name="online_application", verbose_name=_("案件"),
    )

    APPLICANT_FIELDS = (
        "kind", "name", "id_type", "id_number", "org_category", "contact_name", "phone",
        "email", "address", "postcode",
    )

    class Meta:
        verbose_name = _("网上申请")
        verbose_name_plural = _("网上申请")
        constraints = [
            models.CheckConstraint(
                name="portal_confirmed_has_case",
                condition=~models.Q(status="confirmed") | models.Q(case__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.query_code

    def applicant_data(self) -> dict:
        return {name: getattr(self, name) for name in self.APPLICANT_FIELDS}


class OnlineApplicationFile(models.Model):
    application = models.ForeignKey(
        OnlineApplication, on_delete=models.PROTECT, related_name="files",
        verbose_name=_("网上申请"),
    )
    kind = models.CharField(_("类别"), max_length=20, choices=AttachmentKind.choices)
    original_name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小"))
    file = models.FileField(_("文件"), upload_to="portal/%Y/")

    class Meta:
        verbose_name = _("网上申请材料")
        verbose_name_plural = _("网上申请材料")

    def __str__(self) -> str:
        return self.original_name


class PortalEvent(models.Model):
    """Append-only record of every act on an online application (who, when, what)."""

    application = models.ForeignKey(
        OnlineApplication, on_delete=models.PROTECT, related_name="events",
        verbose_name=_("网上申请"),
    )
    name = models.CharField(_("动作"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("操作人"),
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    payload = models.JSONField(_("内容"), default=dict)

    class Meta:
        verbose_name = _("网上申请记录")
        verbose_name_plural = _("网上申请记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.name}"

    def save(self, *args, **kwargs) -> None:
        if self.pk:
            raise ValueError("portal events are append-only")
        super().save(*args, **kwargs)
