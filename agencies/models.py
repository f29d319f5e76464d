from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from rules.numbering import validate_case_number_pattern, validate_letter_number_pattern


class Role(models.TextChoices):
    CLERK = "clerk", _("登记员")
    HANDLER = "handler", _("承办人")
    APPROVER = "approver", _("审批人")
    LIAISON = "liaison", _("部门联络员")
    AUDITOR = "auditor", _("监督员")
    AGENCY_ADMIN = "agency_admin", _("机关管理员")


class AgencyLevel(models.TextChoices):
    """Where the agency sits (rules.remedies.Level): it decides the reconsideration body and
    the first-instance court the remedy clause names."""

    TOWNSHIP = "township", _("乡镇人民政府、街道办事处")
    COUNTY_DEPARTMENT = "county_department", _("县级人民政府工作部门（含政府办公室）")
    COUNTY_GOVERNMENT = "county_government", _("县级人民政府")
    CITY_DEPARTMENT = "city_department", _("设区的市人民政府工作部门")
    CITY_GOVERNMENT = "city_government", _("设区的市人民政府")
    PROVINCIAL_DEPARTMENT = "provincial_department", _("省级人民政府工作部门")
    PROVINCIAL_GOVERNMENT = "provincial_government", _("省级人民政府")
    VERTICAL = "vertical", _("实行垂直领导的机关（海关、税务、金融、外汇、国家安全等）")


class Agency(models.Model):
    """An administrative organ that receives applications and signs replies."""

    name = models.CharField(_("机关全称"), max_length=100, unique=True)
    short_name = models.CharField(
        _("简称"), max_length=20, unique=True,
        help_text=_("用于案件编号和文书文号，如“郯政办”；各机关不得相同。"),
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    disclosure_office = models.CharField(
        _("政府信息公开工作机构"), max_length=100, blank=True,
        help_text=_("如“郯城县人民政府办公室政务公开科”。"),
    )
    reconsideration_body = models.CharField(
        _("行政复议机关"), max_length=100,
        help_text=_("答复书救济条款中的行政复议机关，如“郯城县人民政府”。"),
    )
    court = models.CharField(
        _("管辖法院"), max_length=100, help_text=_("答复书救济条款中的人民法院。")
    )
    case_number_pattern = models.CharField(
        _("案件编号格式"), max_length=60, default="{short}依申〔{year}〕{seq}号",
        help_text=_("可用占位符：{short} 简称、{year} 年份、{seq} 序号。"),
        validators=[validate_case_number_pattern],
    )
    letter_number_pattern = models.CharField(
        _("文书文号格式"), max_length=60, default="{short}{family}〔{year}〕{seq}号",
        help_text=_("可用占位符：{short} 简称、{family} 文书类别字、{year} 年份、{seq} 序号。"),
        validators=[validate_letter_number_pattern],
    )
    level = models.CharField(
        _("机关层级"), max_length=30, choices=AgencyLevel.choices, blank=True,
        help_text=_("用于核对行政复议机关和管辖法院是否与本机关层级相符。"),
    )
    fee_payment_channel = models.CharField(
        _("信息处理费缴款渠道"), max_length=200, blank=True,
        help_text=_("非税收入缴款渠道，如“山东省非税收入统一缴款平台（网上缴款或指定代收银行）”。"),
    )
    fee_payment_account = models.CharField(
        _("信息处理费收款账户"), max_length=200, blank=True,
        help_text=_("收款单位、开户银行和账号，按非税收入管理规定填写。"),
    )
    fee_payment_qr_text = models.CharField(
        _("缴款二维码内容"), max_length=500, blank=True,
        help_text=_("缴款二维码所含的文字或网址，印在收费通知书上。"),
    )
    seal_image = models.ImageField(
        _("印章图片"), upload_to="seals/", blank=True,
        help_text=_(
            "经批准使用的电子印章图片（透明背景的PNG）。不上传时文书在署名处留出盖章位置，"
            "由工作人员加盖实物印章；草稿从不显示印章。"
        ),
    )
    seal_diameter_mm = models.PositiveSmallIntegerField(
        _("印章直径（毫米）"), default=42,
        validators=[MinValueValidator(30), MaxValueValidator(60)],
        help_text=_("印章图片按此直径印在文书上，应与实物印章一致。"),
    )

    class Meta:
        verbose_name = _("机关")
        verbose_name_plural = _("机关")
        ordering = ["name"]
        permissions = [("manage_agency", _("管理本机关的部门与人员"))]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """An internal unit (承办/协办单位) that may hold the requested information."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="departments", verbose_name=_("机关")
    )
    name = models.CharField(_("部门名称"), max_length=100)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["agency", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="department_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """Where a user works and in which role; the role also decides the user's Django group."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership",
        verbose_name=_("用户"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("机关")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True,
        related_name="memberships", verbose_name=_("部门"),
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="liaison") | models.Q(department__isnull=False),
                name="membership_liaison_has_department",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        from agencies.roles import sync_user_group

        sync_user_group(self.user, self.role, self.department)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.role == Role.LIAISON and not self.department_id:
            raise ValidationError({"department": _("部门联络员必须属于一个部门。")})
        if self.department_id and self.department.agency_id != self.agency_id:
            raise ValidationError({"department": _("部门不属于所选机关。")})


class NumberCounter(models.Model):
    """The last number issued per agency, scope and year; rows are locked to stay gapless."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "scope", "year"], name="number_counter_unique_scope"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}:{self.scope}:{self.year}={self.last}"


def display_name(user) -> str:
    """A person's name the Chinese way (family name first, no space), else the username."""
    if user is None:
        return ""
    return person_name(user) or user.get_username()


def person_name(user) -> str:
    """The real name only (family name first), or "" when none is recorded. Documents print
    this, never a login name."""
    if user is None:
        return ""
    return f"{user.last_name}{user.first_name}".strip()
