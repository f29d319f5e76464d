"""Two-factor sign-in with django-otp: one TOTP device (an authenticator app) per user and a
set of single-use recovery codes (a static device). Which roles must enrol is the setting
TWO_FACTOR_REQUIRED_ROLES."""

from __future__ import annotations

import segno
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import EventKind
from agencies.roles import role_of

RECOVERY_CODE_COUNT = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"


def must_enrol(user) -> bool:
    required = set(settings.TWO_FACTOR_REQUIRED_ROLES)
    if user.is_superuser and "superuser" in required:
        return True
    return role_of(user) in required


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


class OTPError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def verify(user, code: str):
    """The device that accepts ``code`` (a 6-digit TOTP code or a recovery code), or raise
    OTPError with the message to show. Each device throttles its own failures (django-otp)."""
    code = (code or "").strip().replace(" ", "").replace("-", "").lower()
    if not code:
        raise OTPError(_("请输入两步验证码（或一个恢复码）。"))
    if code.isdigit():
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    else:
        devices = StaticDevice.objects.filter(user=user, confirmed=True)
    with transaction.atomic():
        for device in devices.select_for_update():
            allowed, info = device.verify_is_allowed()
            if not allowed:
                raise OTPError(_("两步验证码错误次数过多，请稍后再试。"))
            if device.verify_token(code):
                return device
    raise OTPError(_("两步验证码不正确。"))


# -- enrolment ----------------------------------------------------------------------------------


def pending_device(user) -> TOTPDevice:
    """The unconfirmed TOTP device being set up (a new secret if there is none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=TOTP_NAME).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code, drawn here by segno (no external service,
    no image request: the secret never leaves the page)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5)


def secret_b32(device: TOTPDevice) -> str:
    from base64 import b32encode

    key = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def confirm(*, user, code: str, request=None) -> list[str]:
    """Confirm the pending device with a code from the app; returns fresh recovery codes."""
    from accounts import services

    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False, name=TOTP_NAME)
        .first()
    )
    if device is None:
        raise OTPError(_("请重新打开两步验证设置页面。"))
    code = (code or "").strip().replace(" ", "")
    if not code.isdigit() or not device.verify_token(code):
        raise OTPError(_("验证码不正确，请核对手机时间后重试。"))
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    services.record(
        EventKind.TWO_FACTOR_ENABLED, user=user, actor=user, request=request, channel="web"
    )
    return new_recovery_codes(user=user, request=request)


@transaction.atomic
def new_recovery_codes(*, user, request=None) -> list[str]:
    from accounts import services

    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    services.record(
        EventKind.RECOVERY_CODES,
        user=user,
        actor=user,
        request=request,
        channel="web",
        detail={"count": len(codes)},
    )
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def remove(*, actor, user, request=None) -> None:
    """Remove the user's devices (a lost phone): an administrator's act, recorded."""
    from accounts import services

    if actor.pk != user.pk and not actor.is_superuser:
        services._check_manages(actor, user)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    services.record(
        EventKind.TWO_FACTOR_REMOVED, user=user, actor=actor, request=request, channel="web"
    )
