import pytest


@pytest.mark.django_db
def test_malformed_json_is_400_not_500(api):
    response = api.post(
        "/api/v1/auth/token/", data='{"username": "clerk", ', content_type="application/json"
    )
    assert response.status_code == 400
    assert "body" in response.json()["errors"]


@pytest.mark.django_db
def test_unknown_api_path_is_404(api_as, clerk):
    assert api_as(clerk).get("/api/v1/nothing-here/").status_code == 404


def test_nested_errors_are_flattened_to_dotted_names():
    from config.api import flatten_errors

    detail = {"applicant": {"id_number": ["bad"]}, "tasks": [{}, {"due_on": ["late"]}]}
    assert flatten_errors(detail) == {
        "applicant.id_number": ["bad"],
        "tasks.1.due_on": ["late"],
    }


@pytest.mark.django_db
def test_schema_and_docs_are_served_without_a_cdn(client, clerk):
    client.force_login(clerk)
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/departments/" in schema.content
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower() and "https://" not in html


@pytest.mark.django_db
def test_lone_surrogate_echoed_in_an_error_is_400_not_500(api_as, agency, clerk, handler):
    from tests.cases.helpers import make_case

    case = make_case(agency, clerk)
    # A JSON "\ud800" escape parses to a lone surrogate that UTF-8 cannot encode; a choice
    # error and an unknown-field name echo it back.
    response = api_as(handler).post(
        f"/api/v1/cases/{case.pk}/transitions/request_fee/",
        '{"method": "\\ud800", "quantity": 40, "\\udfff": 1}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"?"}
    response = api_as(handler).post(
        f"/api/v1/cases/{case.pk}/transitions/request_fee/",
        '{"method": "\\ud800", "quantity": 40}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "?" in response.json()["errors"]["method"][0]
