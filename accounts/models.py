"""The account log: sign-ins, failures, lockouts, sign-outs, and every change to who may do
what (roles, activation, passwords, two-factor). Append-only."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Role


class EventKind(models.TextChoices):
    LOGIN = "login", _("登录")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOCKED_OUT = "locked_out", _("登录被锁定")
    LOGOUT = "logout", _("退出")
    SESSION_EXPIRED = "session_expired", _("闲置超时退出")
    TOKENS_REVOKED = "tokens_revoked", _("吊销接口令牌")
    UNLOCKED = "unlocked", _("解除锁定")
    STAFF_CREATED = "staff_created", _("新建人员")
    ROLE_GRANTED = "role_granted", _("授予角色")
    ROLE_REMOVED = "role_removed", _("撤销角色")
    DEPARTMENT_CHANGED = "department_changed", _("调整部门")
    SUPERUSER_GRANTED = "superuser_granted", _("授予平台管理员")
    SUPERUSER_REMOVED = "superuser_removed", _("撤销平台管理员")
    DEACTIVATED = "deactivated", _("停用账户")
    REACTIVATED = "reactivated", _("启用账户")
    PASSWORD_CHANGED = "password_changed", _("本人修改密码")
    PASSWORD_SET = "password_set", _("管理员设置密码")
    TWO_FACTOR_ENABLED = "two_factor_enabled", _("启用两步验证")
    TWO_FACTOR_REMOVED = "two_factor_removed", _("停用两步验证")
    RECOVERY_CODES = "recovery_codes", _("生成恢复码")


CHANNEL_LABELS = {"web": _("网页"), "api": _("接口"), "admin": _("系统管理")}


class AccountEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("account events are append-only")

    def delete(self):
        raise TypeError("account events are append-only")


class AccountEvent(models.Model):
    """Who did what to which account, when and from where. ``agency`` is the agency of the
    account concerned at that moment: it decides which agency admin and auditors read it."""

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    kind = models.CharField(_("事项"), max_length=30, choices=EventKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("账户"),
    )
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    actor_username = models.CharField(_("操作人用户名"), max_length=150, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("机关"),
    )
    role = models.CharField(_("角色"), max_length=20, blank=True)
    previous_role = models.CharField(_("原角色"), max_length=20, blank=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    channel = models.CharField(_("途径"), max_length=10, blank=True)  # web | api | admin
    detail = models.JSONField(_("详情"), default=dict, blank=True)

    objects = AccountEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("账户日志")
        verbose_name_plural = _("账户日志")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["agency", "-at"], name="account_event_agency_at"),
            models.Index(fields=["user", "kind", "-at"], name="account_event_user_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_kind_display()}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise TypeError("account events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("account events are append-only")

    @property
    def role_label(self) -> str:
        return str(dict(Role.choices).get(self.role, self.role))

    @property
    def previous_role_label(self) -> str:
        return str(dict(Role.choices).get(self.previous_role, self.previous_role))

    @property
    def channel_label(self) -> str:
        return str(CHANNEL_LABELS.get(self.channel, self.channel or "—"))
