"""Security headers: a Content-Security-Policy without inline script, Permissions-Policy, HSTS
over HTTPS, and no-store on everything a signed-in user sees and on every API answer."""

import pytest
from django.test import override_settings

from tests.cases.helpers import make_case
from tests.cases.test_uploads import PDF, upload

pytestmark = pytest.mark.django_db


def csp_of(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.strip().split(" ", 1)[0]: part.strip().partition(" ")[2]
        for part in header.split(";")
        if part.strip()
    }


def test_pages_carry_a_strict_content_security_policy(client):
    policy = csp_of(client.get("/accounts/login/"))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in str(policy) and "unsafe-eval" not in str(policy)


def test_the_api_carries_the_policy_and_permissions_policy(api):
    response = api.post("/api/v1/auth/token/", {}, format="json")
    assert "Content-Security-Policy" in response
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_pages_for_signed_in_users_are_not_stored(client, agency, clerk, handler):
    case = make_case(
        agency, clerk, files_by_kind={"application": [upload("申请书.pdf", PDF)]}
    )
    attachment = case.attachments.get()
    client.force_login(handler)
    for path in ("/", f"/cases/{case.pk}/", "/cases/",
                 f"/cases/{case.pk}/attachments/{attachment.pk}/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Cache-Control"] == "no-store", path


def test_every_api_answer_is_not_stored(api, api_as, agency, clerk, handler):
    case = make_case(agency, clerk)
    letter = case.letters.first()
    assert api.get("/api/v1/cases/")["Cache-Control"] == "no-store"  # the 401 too
    client = api_as(handler)
    paths = ["/api/v1/cases/", f"/api/v1/cases/{case.pk}/", f"/api/v1/cases/{case.pk}/letters/"]
    if letter is not None:
        paths.append(f"/api/v1/letters/{letter.pk}/pdf/")
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Cache-Control"] == "no-store", path


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=False)
def test_hsts_is_sent_over_https_only(client):
    assert "Strict-Transport-Security" not in client.get("/accounts/login/")
    response = client.get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000"
