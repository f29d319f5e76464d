"""Lockout after repeated failures (django-axes), per account and per address, on the web
login and the token endpoint alike; an agency admin unlocks; every attempt is in the log."""

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import AccountEvent, EventKind

TOKEN = "/api/v1/auth/token/"
LOCK_TEXT = "登录失败次数过多"


def web_login(client, username, password, ip="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def api_login(api, username, password, ip="10.0.0.1"):
    return api.post(
        TOKEN, {"username": username, "password": password}, format="json", REMOTE_ADDR=ip
    )


def fail(n, send, who="clerk", ip="10.0.0.1"):
    for _ in range(n):
        send(who, "wrong-password", ip=ip)


@pytest.mark.django_db
def test_the_web_login_locks_an_account_after_the_failure_limit(client, clerk):
    fail(settings.AXES_FAILURE_LIMIT - 1, lambda u, p, ip: web_login(client, u, p, ip))
    assert web_login(client, "clerk", "demo1234").status_code == 302  # still allowed
    client.logout()
    fail(settings.AXES_FAILURE_LIMIT, lambda u, p, ip: web_login(client, u, p, ip))
    response = web_login(client, "clerk", "demo1234")  # the right password, too late
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCK_TEXT in html and "15 分钟" in html
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_token_endpoint_locks_the_same_account(api, client, clerk):
    fail(settings.AXES_FAILURE_LIMIT, lambda u, p, ip: web_login(client, u, p, ip))
    response = api_login(api, "clerk", "demo1234")
    assert response.status_code == 429
    assert LOCK_TEXT in response.json()["detail"]


@pytest.mark.django_db
def test_failures_on_the_api_lock_the_web_login(api, client, clerk):
    fail(settings.AXES_FAILURE_LIMIT, lambda u, p, ip: api_login(api, u, p, ip))
    assert web_login(client, "clerk", "demo1234").status_code == 429


@pytest.mark.django_db
def test_the_account_is_locked_from_every_address(api, clerk):
    for i in range(settings.AXES_FAILURE_LIMIT):
        api_login(api, "clerk", "wrong", ip=f"10.0.1.{i}")
    assert api_login(api, "clerk", "demo1234", ip="10.9.9.9").status_code == 429


@pytest.mark.django_db
def test_one_address_trying_many_accounts_is_locked(api, clerk, handler):
    for i in range(settings.AXES_FAILURE_LIMIT):
        api_login(api, f"guess{i}", "wrong", ip="10.0.2.1")
    assert api_login(api, "handler", "demo1234", ip="10.0.2.1").status_code == 429
    assert api_login(api, "handler", "demo1234", ip="10.0.2.2").status_code == 200


@pytest.mark.django_db
def test_every_attempt_is_in_the_log_of_the_accounts_agency(api, clerk, agency):
    fail(settings.AXES_FAILURE_LIMIT + 1, lambda u, p, ip: api_login(api, u, p, ip))
    kinds = list(
        AccountEvent.objects.filter(username="clerk").order_by("id").values_list("kind", "agency")
    )
    limit = settings.AXES_FAILURE_LIMIT
    assert (
        kinds
        == [(EventKind.LOGIN_FAILED, agency.pk)] * (limit - 1)
        + [(EventKind.LOCKED_OUT, agency.pk)] * 2
    )
    assert AccountEvent.objects.filter(username="clerk").first().ip_address == "10.0.0.1"


@pytest.mark.django_db
def test_an_agency_admin_unlocks_their_staff(client, api, clerk, agency_admin):
    fail(settings.AXES_FAILURE_LIMIT, lambda u, p, ip: api_login(api, u, p, ip))
    client.force_login(agency_admin)
    page = client.get(reverse("accounts:staff_detail", args=[clerk.pk])).content.decode()
    assert "data-locked" in page
    response = client.post(reverse("accounts:staff_action", args=[clerk.pk, "unlock"]))
    assert response.status_code == 302
    assert api_login(api, "clerk", "demo1234").status_code == 200
    event = AccountEvent.objects.get(kind=EventKind.UNLOCKED)
    assert (event.user, event.actor) == (clerk, agency_admin)


@pytest.mark.django_db
def test_another_agencys_admin_cannot_unlock(client, api, clerk, admin2):
    fail(settings.AXES_FAILURE_LIMIT, lambda u, p, ip: api_login(api, u, p, ip))
    client.force_login(admin2)
    response = client.post(reverse("accounts:staff_action", args=[clerk.pk, "unlock"]))
    assert response.status_code == 404
    assert api_login(api, "clerk", "demo1234").status_code == 429


@pytest.mark.django_db
def test_a_successful_login_and_logout_are_logged(client, clerk):
    assert web_login(client, "clerk", "demo1234").status_code == 302
    client.post(reverse("logout"))
    kinds = list(
        AccountEvent.objects.filter(user=clerk).order_by("id").values_list("kind", "channel")
    )
    assert kinds == [(EventKind.LOGIN, "web"), (EventKind.LOGOUT, "web")]


@pytest.mark.django_db
def test_the_admin_login_page_leads_to_ours(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_an_own_login_does_not_reset_the_count_against_another(api, clerk, handler):
    """With one valid account, an attacker must not clear the failures against a victim."""
    limit = settings.AXES_FAILURE_LIMIT
    fail(limit - 2, lambda u, p, ip: api_login(api, u, p, ip), who="clerk")
    assert api_login(api, "handler", "demo1234").status_code == 200
    fail(2, lambda u, p, ip: api_login(api, u, p, ip), who="clerk")
    assert api_login(api, "clerk", "demo1234", ip="10.7.7.7").status_code == 429
