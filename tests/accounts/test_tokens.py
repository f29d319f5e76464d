"""API tokens: the contract holds (POST username/password → {"token"}; `Token <token>`), and
tokens are stored hashed, expire, and end on logout, password change and deactivation."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken

TOKEN = "/api/v1/auth/token/"


def get_token(api, username="clerk", password="demo1234") -> str:
    response = api.post(TOKEN, {"username": username, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def departments(api, token):
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return api.get("/api/v1/departments/")


@pytest.mark.django_db
def test_the_token_is_stored_only_as_a_digest(api, clerk):
    token = get_token(api)
    stored = AuthToken.objects.get(user=clerk)
    assert token not in (stored.digest, stored.token_key) and len(stored.digest) == 128
    assert stored.token_key == token[:15]


@pytest.mark.django_db
def test_the_token_expires_after_the_configured_hours(api, clerk, settings):
    before = timezone.now()
    response = api.post(TOKEN, {"username": "clerk", "password": "demo1234"}, format="json")
    expiry = AuthToken.objects.get(user=clerk).expiry
    assert timedelta(hours=7, minutes=59) < expiry - before <= timedelta(hours=8, seconds=5)
    assert "expiry" in response.json()


@pytest.mark.django_db
def test_an_expired_token_is_401_and_removed(api, clerk):
    token = get_token(api)
    AuthToken.objects.filter(user=clerk).update(expiry=timezone.now() - timedelta(seconds=1))
    response = departments(api, token)
    assert response.status_code == 401
    assert response.json()["detail"] == "令牌无效或已过期，请重新获取。"
    assert not AuthToken.objects.filter(user=clerk).exists()


@pytest.mark.django_db
def test_logout_revokes_that_token_only(api, clerk):
    first, second = get_token(api), get_token(api)
    api.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert api.post("/api/v1/auth/logout/").status_code == 204
    assert departments(api, first).status_code == 401
    assert departments(api, second).status_code == 200


@pytest.mark.django_db
def test_changing_the_password_revokes_every_token(api, client, clerk):
    token = get_token(api)
    client.force_login(clerk)
    response = client.post(
        reverse("accounts:password"),
        {
            "old_password": "demo1234",
            "new_password1": "Qy7#mersTal9",
            "new_password2": "Qy7#mersTal9",
        },
    )
    assert response.status_code == 302
    assert departments(api, token).status_code == 401


@pytest.mark.django_db
def test_deactivation_revokes_every_token(api, client, clerk, agency_admin):
    token = get_token(api)
    client.force_login(agency_admin)
    client.post(reverse("accounts:staff_action", args=[clerk.pk, "deactivate"]))
    assert not AuthToken.objects.filter(user=clerk).exists()
    assert departments(api, token).status_code == 401
    response = api.post(TOKEN, {"username": "clerk", "password": "demo1234"}, format="json")
    assert response.status_code == 400


@pytest.mark.django_db
def test_an_old_drf_token_no_longer_authenticates(api, clerk):
    api.credentials(HTTP_AUTHORIZATION="Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b")
    assert api.get("/api/v1/departments/").status_code == 401
