"""Two-factor sign-in (django-otp TOTP and recovery codes): enrolment, the web login, the
token endpoint's `otp` field, and the roles that must enrol (TWO_FACTOR_REQUIRED_ROLES)."""

import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import twofactor
from accounts.models import AccountEvent, EventKind

TOKEN = "/api/v1/auth/token/"


def code_for(device, offset_steps=0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def enrolled(approver):
    """The approver with a confirmed authenticator and recovery codes."""
    device = twofactor.pending_device(approver)
    codes = twofactor.confirm(user=approver, code=code_for(device))
    device.refresh_from_db()
    device.last_t = -1  # the confirming code may be used again in the tests
    device.save()
    return device, codes


def login(client, username, password="demo1234", otp=""):
    return client.post(reverse("login"), {"username": username, "password": password, "otp": otp})


@pytest.mark.django_db
def test_enrolment_shows_a_locally_drawn_qr_code_and_confirms_with_a_code(client, approver):
    client.force_login(approver)
    page = client.get(reverse("accounts:two_factor")).content.decode()
    assert "<svg" in page and "data-secret" in page
    assert "http" not in page.split("data-qr>")[1].split("</figure>")[0].replace(
        "http://www.w3.org", ""
    )  # the QR code is inline SVG, no external image service
    device = TOTPDevice.objects.get(user=approver, confirmed=False)
    response = client.post(reverse("accounts:two_factor"), {"code": "000000"})
    assert "验证码不正确" in response.content.decode()
    response = client.post(reverse("accounts:two_factor"), {"code": code_for(device)})
    assert response.status_code == 200
    codes = response.content.decode().count("<li><code>")
    assert codes == twofactor.RECOVERY_CODE_COUNT
    assert TOTPDevice.objects.get(user=approver).confirmed
    assert AccountEvent.objects.filter(user=approver, kind=EventKind.TWO_FACTOR_ENABLED).exists()


@pytest.mark.django_db
def test_the_web_login_needs_the_code_once_enrolled(client, enrolled):
    device, _codes = enrolled
    response = login(client, "approver")
    assert response.status_code == 200 and "请输入两步验证码" in response.content.decode()
    response = login(client, "approver", otp="123456" if code_for(device) != "123456" else "654321")
    assert "两步验证码不正确" in response.content.decode()
    response = login(client, "approver", otp=code_for(device))
    assert "错误次数过多" in response.content.decode()  # django-otp: 1 s, 2 s, 4 s … after failures
    device.refresh_from_db()
    device.throttle_reset()
    assert login(client, "approver", otp=code_for(device)).status_code == 302


@pytest.mark.django_db
def test_a_recovery_code_works_once(client, enrolled):
    _device, codes = enrolled
    assert login(client, "approver", otp=codes[0]).status_code == 302
    client.logout()
    assert login(client, "approver", otp=codes[0]).status_code == 200
    assert StaticToken.objects.filter(device__user__username="approver").count() == 9


@pytest.mark.django_db
def test_the_token_endpoint_takes_an_otp_field(api, enrolled):
    device, codes = enrolled
    body = {"username": "approver", "password": "demo1234"}
    response = api.post(TOKEN, body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["otp"] == ["请输入两步验证码（或一个恢复码）。"]
    assert api.post(TOKEN, {**body, "otp": code_for(device)}, format="json").status_code == 200
    assert api.post(TOKEN, {**body, "otp": codes[1]}, format="json").status_code == 200


@pytest.mark.django_db
def test_wrong_codes_count_towards_the_lockout(api, enrolled, settings):
    body = {"username": "approver", "password": "demo1234"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api.post(TOKEN, {**body, "otp": "zzzzzzzz"}, format="json")
    assert api.post(TOKEN, {**body, "otp": enrolled[1][0]}, format="json").status_code == 429


@pytest.mark.django_db
def test_users_without_a_device_keep_the_plain_token_login(api, clerk):
    response = api.post(TOKEN, {"username": "clerk", "password": "demo1234"}, format="json")
    assert response.status_code == 200 and set(response.json()) >= {"token"}


@pytest.mark.django_db
def test_a_required_role_must_enrol_before_anything_else(client, api, approver, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["approver", "agency_admin"]
    assert login(client, "approver").status_code == 302
    response = client.get(reverse("workflow:approvals"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:two_factor")
    assert client.get(reverse("accounts:two_factor")).status_code == 200
    response = api.post(TOKEN, {"username": "approver", "password": "demo1234"}, format="json")
    assert response.status_code == 403 and "两步验证" in response.json()["detail"]
    device = TOTPDevice.objects.get(user=approver, confirmed=False)
    client.post(reverse("accounts:two_factor"), {"code": code_for(device)})
    assert client.get(reverse("workflow:approvals")).status_code == 200


@pytest.mark.django_db
def test_roles_not_listed_need_no_second_factor(client, clerk, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["approver"]
    login(client, "clerk")
    assert client.get(reverse("cases:list")).status_code == 200


def test_the_production_default_requires_approvers_and_admins():
    import os
    import subprocess
    import sys

    code = "from django.conf import settings; print(','.join(settings.TWO_FACTOR_REQUIRED_ROLES))"
    for debug, expected in (("0", "approver,agency_admin,superuser"), ("1", "")):
        env = {
            **os.environ,
            "DEBUG": debug,
            "SECRET_KEY": "x",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
        env.pop("TWO_FACTOR_REQUIRED_ROLES", None)
        out = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert out.stdout.strip() == expected


@pytest.mark.django_db
def test_an_agency_admin_resets_a_lost_phone(client, enrolled, agency_admin, approver):
    client.force_login(agency_admin)
    response = client.post(reverse("accounts:staff_action", args=[approver.pk, "reset-two-factor"]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=approver).exists()
    assert AccountEvent.objects.filter(
        kind=EventKind.TWO_FACTOR_REMOVED, user=approver, actor=agency_admin
    ).exists()
