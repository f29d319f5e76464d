from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from agencies.roles import has_role_perm
from rules.late_entry import is_late_reply
from rules.states import OPEN_STATES, Decision
from workflow.machine import CaseStateMachine
from workflow.sealing import SealedQuerySet, guard_applicant, guard_case


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("自然人")
    ORGANIZATION = "organization", _("法人或其他组织")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    PASSPORT = "passport", _("护照")
    OTHER = "other", _("其他证件")
    USCC = "uscc", _("统一社会信用代码")


class OrgCategory(models.TextChoices):
    ENTERPRISE = "enterprise", _("商业企业")
    RESEARCH = "research", _("科研机构")
    SOCIAL_WELFARE = "social_welfare", _("社会公益组织")
    LEGAL_SERVICE = "legal_service", _("法律服务机构")
    OTHER = "other", _("其他")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("当面提交")
    MAIL = "mail", _("邮寄")
    ONLINE = "online", _("网上申请")
    FAX = "fax", _("传真")
    EMAIL = "email", _("电子邮件")


class DeliveryFormat(models.TextChoices):
    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子")


class DeliveryMethod(models.TextChoices):
    MAIL = "mail", _("邮寄")
    EMAIL = "email", _("电子邮件")
    PICKUP = "pickup", _("自行领取")


class ServiceMethod(models.TextChoices):
    """How a letter actually reached the applicant (送达)."""

    MAIL = "mail", _("邮寄")
    EMAIL = "email", _("电子邮件")
    IN_PERSON = "in_person", _("当面送达")


class Applicant(models.Model):
    """The applicant as registered on one case: a snapshot that belongs to that case."""

    # What intake records and a registration correction may change (forms, API, services).
    REGISTRATION_FIELDS = (
        "kind",
        "name",
        "id_type",
        "id_number",
        "org_category",
        "contact_name",
        "phone",
        "email",
        "address",
        "postcode",
        "agent_name",
        "agent_id_number",
        "agent_phone",
        "agent_address",
    )

    kind = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantKind.choices)
    name = models.CharField(_("姓名或名称"), max_length=100)
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices)
    id_number = models.CharField(
        _("证件号码"),
        max_length=40,
        db_index=True,
        blank=True,
        help_text=_("申请时未提供身份证明的可暂不填写，在补正告知中要求补正。"),
    )
    org_category = models.CharField(
        _("组织类别"), max_length=20, choices=OrgCategory.choices, blank=True
    )
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    # 委托代理: the applicant's agent, with a 授权委托书 (attachment kind ``authorization``).
    # Letters go to the applicant, care of the agent; the register and report count the
    # applicant.
    agent_name = models.CharField(_("委托代理人"), max_length=50, blank=True)
    agent_id_number = models.CharField(_("代理人身份证件号码"), max_length=40, blank=True)
    agent_phone = models.CharField(_("代理人联系电话"), max_length=30, blank=True)
    agent_address = models.CharField(_("代理人通信地址"), max_length=200, blank=True)

    sealed_case_path = "case"  # workflow.sealing: read-only once the case is archived
    objects = SealedQuerySet.as_manager()

    class Meta:
        verbose_name = _("申请人")
        verbose_name_plural = _("申请人")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        guard_applicant(self.pk, _("申请人信息"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        guard_applicant(self.pk, _("申请人信息"))
        return super().delete(*args, **kwargs)

    @property
    def has_agent(self) -> bool:
        return bool(self.agent_name.strip())

    @property
    def lacks_identity_proof(self) -> bool:
        return not self.id_number.strip()

    @property
    def report_column(self) -> str:
        """The annual-report column (自然人 or the organisation's category)."""
        return "person" if self.kind == ApplicantKind.PERSON else (self.org_category or "other")


class CaseQuerySet(SealedQuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATES)

    def visible_to(self, user):
        """Cases of the user's agency, for roles that may read cases; nothing otherwise."""
        membership = getattr(user, "membership", None)
        if membership is None or not has_role_perm(user, "cases.view_case"):
            return self.none()
        return self.filter(agency_id=membership.agency_id)


class Case(CaseStateMachine):
    """One application (申请) is one case."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="cases", verbose_name=_("机关")
    )
    number = models.CharField(_("案件编号"), max_length=60, unique=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    sequence = models.PositiveIntegerField(_("序号"))
    applicant = models.OneToOneField(
        Applicant, on_delete=models.PROTECT, related_name="case", verbose_name=_("申请人")
    )
    channel = models.CharField(_("申请方式"), max_length=20, choices=Channel.choices)
    received_on = models.DateField(
        _("收到申请日期"),
        db_index=True,
        help_text=_("法定收到日期；补正后为收到补正申请之日。"),
    )
    first_received_on = models.DateField(_("首次收到日期"))
    office_received_on = models.DateField(_("工作机构实际收到日期"), null=True, blank=True)
    filled_on_behalf = models.BooleanField(_("代为填写"), default=False)
    filled_by = models.CharField(_("代填人"), max_length=50, blank=True)
    description = models.TextField(_("所需政府信息描述"), max_length=5000)
    purpose = models.TextField(_("用途"), max_length=2000, blank=True)
    delivery_format = models.CharField(
        _("信息提供形式"), max_length=20, choices=DeliveryFormat.choices
    )
    delivery_method = models.CharField(
        _("获取信息方式"), max_length=20, choices=DeliveryMethod.choices
    )
    repeat_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repeats",
        verbose_name=_("重复申请所对应的案件"),
    )
    reopens = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rereplies",
        verbose_name=_("重新答复所对应的原案件"),
        help_text=_("行政复议决定或判决撤销、责令重新答复或确认违法后，重新答复的案件。"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登记人"),
    )
    registered_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    # The statutory clock; ``reply_due`` is recomputed whenever the ledger or calendar changes.
    reply_due = models.DateField(_("答复期限"), null=True, blank=True, db_index=True)
    # 20 (Art. 33); a re-reply case: the period the review decision sets.
    base_working_days = models.PositiveSmallIntegerField(_("答复期限（工作日）"), default=20)
    extension_working_days = models.PositiveSmallIntegerField(_("延长工作日"), default=0)
    extension_reason = models.TextField(_("延期理由"), blank=True)

    # Correction (补正).
    correction_notice_on = models.DateField(_("补正告知日期"), null=True, blank=True)
    correction_items = models.TextField(_("需补正内容"), blank=True)
    correction_due = models.DateField(_("补正期限"), null=True, blank=True)

    # Decision and sign-off.
    decision = models.CharField(
        _("办理结果"), max_length=40, choices=Decision.choices, blank=True, db_index=True
    )
    decision_details = models.JSONField(_("结果要素"), default=dict, blank=True)
    reply_text = models.TextField(_("答复正文要点"), blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("拟稿人"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("签发人"),
    )
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    late_reason = models.TextField(
        _("逾期答复原因"), blank=True, help_text=_("答复日期晚于答复期限时必填。")
    )
    closed_on = models.DateField(_("终止日期"), null=True, blank=True)
    concluded_on = models.DateField(
        _("办结日期"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("答复日期或终止日期，年度报告按此归年。"),
    )
    closing_reason = models.TextField(_("终止原因"), blank=True)

    # Delivery (送达).
    service_method = models.CharField(
        _("送达方式"), max_length=20, choices=ServiceMethod.choices, blank=True
    )
    delivered_on = models.DateField(_("送达日期"), null=True, blank=True)
    tracking_number = models.CharField(_("邮件号"), max_length=40, blank=True)

    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True)

    sealed_case_path = ""  # workflow.sealing: read-only once archived
    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("案件")
        verbose_name_plural = _("案件")
        ordering = ["-received_on", "-id"]
        indexes = [
            # The case list's order within an agency: a page is a short index range scan.
            models.Index(
                fields=["agency", "-received_on", "-id"], name="case_agency_received_idx"
            ),
        ]
        permissions = [
            ("register_case", _("登记申请、补正、缴费、送达与归档")),
            ("handle_case", _("办理案件")),
            ("approve_case", _("审批答复与延期")),
            ("audit_case", _("监督查阅")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "sequence"], name="case_unique_sequence"
            ),
            models.CheckConstraint(
                condition=models.Q(extension_working_days__lte=20),
                name="case_extension_at_most_20",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs) -> None:
        guard_case(self.pk, _("案件信息"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        guard_case(self.pk, _("案件信息"))
        return super().delete(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES

    @property
    def replied_late(self) -> bool:
        """逾期答复: the reply was issued after the due date as it stood then."""
        return is_late_reply(self.replied_on, self.reply_due)

    @property
    def current_fee_notice(self):
        notices = [f for f in self.fee_notices.all() if f.paid_on is None]
        return notices[-1] if notices else None


class AttachmentKind(models.TextChoices):
    APPLICATION = "application", _("申请书扫描件")
    IDENTITY = "identity", _("身份证明")
    AUTHORIZATION = "authorization", _("授权委托书")
    CORRECTION = "correction", _("补正材料")
    TASK_ANSWER = "task_answer", _("协办答复材料")
    OTHER = "other", _("其他材料")


class Attachment(models.Model):
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("案件")
    )
    kind = models.CharField(_("类别"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(_("文件"), upload_to="attachments/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    task = models.ForeignKey(
        "workflow.Task",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("协办任务"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    sealed_case_path = "case"  # workflow.sealing: read-only once the case is archived
    objects = SealedQuerySet.as_manager()

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    def save(self, *args, **kwargs) -> None:
        guard_case(self.case_id, _("附件"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        guard_case(self.case_id, _("附件"))
        return super().delete(*args, **kwargs)


class StagedUpload(models.Model):
    """A file chosen on an intake form that is waiting for the clerk's decision about a possible
    repeat application (``cases.intake``): kept so it need not be chosen again, for its owner
    only, until it is registered, discarded or expired (``manage.py clean_intake_staging``)."""

    token = models.CharField(_("暂存编号"), max_length=32, db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("上传人"),
    )
    kind = models.CharField(_("类别"), max_length=20, choices=AttachmentKind.choices)
    name = models.CharField(_("原文件名"), max_length=255)
    path = models.CharField(_("暂存位置"), max_length=300)
    created_at = models.DateTimeField(_("暂存时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("暂存文件")
        verbose_name_plural = _("暂存文件")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name
