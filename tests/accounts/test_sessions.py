"""Idle sessions end; passwords are hashed with Argon2; the own password can be changed; the
API is throttled per anonymous address and per user (DRF throttles)."""

import time

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, identify_hasher
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import AccountEvent, EventKind
from accounts.signin import LAST_SEEN


@pytest.mark.django_db
def test_an_idle_session_ends_with_a_message(client, clerk, settings):
    client.force_login(clerk)
    assert client.get(reverse("cases:list")).status_code == 200
    session = client.session
    session[LAST_SEEN] = int(time.time()) - settings.SESSION_IDLE_MINUTES * 60 - 1
    session.save()
    response = client.get(reverse("cases:list"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "长时间未操作，已自动退出" in response.content.decode()
    assert client.get(reverse("cases:list")).status_code == 302
    assert AccountEvent.objects.filter(user=clerk, kind=EventKind.SESSION_EXPIRED).exists()


@pytest.mark.django_db
def test_an_active_session_is_kept(client, clerk, settings):
    client.force_login(clerk)
    session = client.session
    session[LAST_SEEN] = int(time.time()) - settings.SESSION_IDLE_MINUTES * 60 + 120
    session.save()
    assert client.get(reverse("cases:list")).status_code == 200
    assert client.session[LAST_SEEN] >= int(time.time()) - 5  # touched again


@pytest.mark.django_db
def test_an_idle_session_on_the_api_is_401(client, clerk, settings):
    client.force_login(clerk)
    session = client.session
    session[LAST_SEEN] = 0
    session.save()
    response = client.get("/api/v1/departments/")
    assert response.status_code == 401 and "自动退出" in response.json()["detail"]


def test_production_hashes_passwords_with_argon2():
    from config import settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    encoded = Argon2PasswordHasher().encode("demo1234", Argon2PasswordHasher().salt())
    assert encoded.startswith("argon2$argon2id$")
    assert Argon2PasswordHasher().verify("demo1234", encoded)


@pytest.mark.django_db
def test_a_pbkdf2_hash_is_upgraded_at_the_next_login(client, clerk, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    from django.contrib.auth.hashers import make_password

    clerk.password = make_password("demo1234", hasher="pbkdf2_sha256")
    clerk.save()
    client.post(reverse("login"), {"username": "clerk", "password": "demo1234"})
    clerk.refresh_from_db()
    assert identify_hasher(clerk.password).algorithm == "argon2"


@pytest.mark.django_db
def test_the_own_password_change_checks_the_old_one_and_the_policy(client, clerk):
    client.force_login(clerk)
    url = reverse("accounts:password")
    response = client.post(
        url,
        {"old_password": "nope", "new_password1": "Qy7#mersTal9", "new_password2": "Qy7#mersTal9"},
    )
    assert "原密码不正确" in response.content.decode()
    response = client.post(
        url,
        {
            "old_password": "demo1234",
            "new_password1": "12345678901",
            "new_password2": "12345678901",
        },
    )
    assert "密码只包含数字" in response.content.decode()
    response = client.post(
        url,
        {
            "old_password": "demo1234",
            "new_password1": "Qy7#mersTal9",
            "new_password2": "Qy7#mersTal9",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("cases:list")).status_code == 200  # still signed in
    assert AccountEvent.objects.filter(user=clerk, kind=EventKind.PASSWORD_CHANGED).exists()


@pytest.fixture
def low_rates(monkeypatch):
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "5/minute"}
    )


@pytest.mark.django_db
def test_anonymous_api_requests_are_throttled_per_address(api, low_rates):
    """The token endpoint is what anonymous clients reach (everything else is a 401 first)."""
    codes = [api.post("/api/v1/auth/token/", {}, format="json").status_code for _ in range(4)]
    assert codes == [400, 400, 400, 429]
    other = api.post("/api/v1/auth/token/", {}, format="json", REMOTE_ADDR="10.1.1.1")
    assert other.status_code == 400


@pytest.mark.django_db
def test_api_requests_are_throttled_per_user(api_as, clerk, handler, low_rates):
    api = api_as(clerk)
    codes = [api.get("/api/v1/departments/").status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]
    assert api_as(handler).get("/api/v1/departments/").status_code == 200
