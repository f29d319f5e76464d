"""The OpenAPI schema and its docs are for signed-in users; the nav links the docs for admins."""

import pytest

from agencies.navigation import navigation_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_schema_refuses_anonymous_callers(api):
    response = api.get("/api/v1/schema/")
    assert response.status_code == 401
    assert response.json()["detail"]


def test_the_docs_send_anonymous_visitors_to_sign_in(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_token_reads_the_schema(api_as, clerk):
    response = api_as(clerk).get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"/api/v1/cases/" in response.content


def _has_docs_link(user) -> bool:
    return any(item["name"] == "api-docs" for item in navigation_for(user))


def test_the_docs_link_is_for_admins_only(clerk, handler, approver, auditor, agency_admin):
    assert _has_docs_link(agency_admin)
    assert _has_docs_link(UserFactory(username="root", is_superuser=True, is_staff=True))
    for user in (clerk, handler, approver, auditor):
        assert not _has_docs_link(user), user.username


def test_the_docs_link_shows_on_an_admins_page(client, agency_admin, clerk):
    client.force_login(agency_admin)
    assert 'href="/api/v1/docs/"' in client.get("/").content.decode()
    client.force_login(clerk)
    assert 'href="/api/v1/docs/"' not in client.get("/").content.decode()


def test_the_schema_documents_the_error_answers(api_as, clerk):
    schema = api_as(clerk).get("/api/v1/schema/?format=json").json()
    create = schema["paths"]["/api/v1/cases/"]["post"]["responses"]
    assert {"201", "400", "401", "403", "404", "409", "413"} <= set(create)
    assert create["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ValidationErrors"
    }
    detail = schema["paths"]["/api/v1/cases/{id}/"]["get"]["responses"]
    assert {"200", "401", "403", "404"} <= set(detail)
    assert "409" not in detail and "413" not in detail
    assert "409" in schema["paths"]["/api/v1/reports/annual/"]["get"]["responses"]
    decision = schema["components"]["schemas"]["Case"]["properties"]["decision"]
    assert decision.get("nullable") or any(
        "NullEnum" in str(option) for option in decision.get("oneOf", [])
    )
