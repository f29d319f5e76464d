import pytest


@pytest.mark.django_db
def test_token_login_returns_a_token_that_authenticates(api, clerk, department_a):
    response = api.post(
        "/api/v1/auth/token/", {"username": "clerk", "password": "demo1234"}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/departments/").status_code == 200


@pytest.mark.django_db
def test_wrong_password_is_400_with_field_error(api, clerk):
    response = api.post(
        "/api/v1/auth/token/", {"username": "clerk", "password": "wrong"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"errors": {"password": ["用户名或密码不正确。"]}}


@pytest.mark.django_db
def test_missing_fields_are_named(api):
    response = api.post("/api/v1/auth/token/", {}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"username", "password"}


@pytest.mark.django_db
def test_no_token_is_401(api):
    response = api.get("/api/v1/departments/")
    assert response.status_code == 401
    assert "detail" in response.json()


@pytest.mark.django_db
def test_bad_token_is_401(api, clerk):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api.get("/api/v1/departments/").status_code == 401


@pytest.mark.django_db
def test_session_auth_works_for_the_browser(client, clerk, department_a):
    client.force_login(clerk)
    response = client.get("/api/v1/departments/")
    assert response.status_code == 200
    assert response.json()["count"] == 1
