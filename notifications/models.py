"""In-app notices and what each person wants by e-mail.

A notification is created once per case, kind, recipient and day (a database constraint): the
day is the date the notice is about (the deadline for a deadline notice, the day of the act
for an act), so a daily scan run twice, or a worker that runs a subscriber twice, adds nothing.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    TASK_ASSIGNED = "task_assigned", _("新的协助调查任务")
    TASK_DUE = "task_due", _("协助调查任务2个工作日内到期")
    TASK_OVERDUE = "task_overdue", _("协助调查任务逾期")
    CONSULTATION_DUE = "consultation_due", _("征求意见即将到答复期限")
    CONSULTATION_OVERDUE = "consultation_overdue", _("征求意见已过答复期限")
    DRAFT_RETURNED = "draft_returned", _("答复草稿被退回")
    APPROVAL_WAITING = "approval_waiting", _("答复草稿待签发")
    EXTENSION_WAITING = "extension_waiting", _("延期申请待审批")
    EXTENSION_DECIDED = "extension_decided", _("延期申请已审批")
    CASE_DUE_5 = "case_due_5", _("案件5个工作日内到期")
    CASE_DUE_2 = "case_due_2", _("案件2个工作日内到期")
    CASE_OVERDUE = "case_overdue", _("案件逾期")
    CORRECTION_LAPSED = "correction_lapsed", _("补正期限届满")
    FEE_LAPSED = "fee_lapsed", _("缴费期限届满")
    HANDLER_NAMED = "handler_named", _("被指定为承办人")


class MailState(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    SKIPPED = "skipped", _("不发送")  # no address, or the person wants no mail


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
        verbose_name=_("接收人"),
    )
    # No database constraint to the record: a notice is derived, and the integrity checks must
    # still be able to find a case or task deleted behind the application's back.
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="+", verbose_name=_("案件"),
        db_constraint=False,
    )
    # For a liaison the case page is closed: the notice links to the task instead.
    task = models.ForeignKey(
        "workflow.Task", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("协助调查任务"), db_constraint=False,
    )
    kind = models.CharField(_("类别"), max_length=30, choices=Kind.choices)
    day = models.DateField(_("所涉日期"))
    text = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    mail_state = models.CharField(
        _("邮件"), max_length=10, choices=MailState.choices, default=MailState.PENDING
    )
    mailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "recipient", "day"], name="notification_once_per_day"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["mail_state", "recipient"], name="notification_mail_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.get_kind_display()}"


class EmailMode(models.TextChoices):
    DIGEST = "digest", _("每日汇总一封邮件")
    IMMEDIATE = "immediate", _("每条通知即时发送")
    OFF = "off", _("不发送邮件（只在系统内提醒）")


class NotificationSetting(models.Model):
    """How a person wants notices by e-mail; no row means the daily digest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_setting",
        verbose_name=_("用户"),
    )
    email_mode = models.CharField(
        _("邮件提醒"), max_length=10, choices=EmailMode.choices, default=EmailMode.DIGEST
    )

    class Meta:
        verbose_name = _("通知设置")
        verbose_name_plural = _("通知设置")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_email_mode_display()}"
