"""Resource limits of the API: deep JSON is a 400 and an oversize body a 413, both as JSON and
never a 500, also for anonymous callers."""

import json

import pytest

pytestmark = pytest.mark.django_db


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [33, 1000, 100_000])
def test_deep_json_is_a_400_for_anonymous_callers(api, depth):
    response = api.post("/api/v1/auth/token/", nested(depth), content_type="application/json")
    assert response.status_code == 400
    assert "嵌套层数" in response.json()["errors"]["body"][0]


def test_deep_json_inside_an_object_is_a_400(api):
    body = '{"username": ' + nested(1000) + ', "password": "x"}'
    response = api.post("/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 400


def test_deep_json_is_a_400_for_a_signed_in_caller(api_as, clerk):
    body = '{"applicant": ' + '{"a": ' * 1000 + "1" + "}" * 1000 + "}"
    response = api_as(clerk).post("/api/v1/cases/", body, content_type="application/json")
    assert response.status_code == 400
    assert "嵌套层数" in response.json()["errors"]["body"][0]


def test_ordinary_nesting_still_parses(api_as, clerk):
    body = json.dumps({"applicant": {"name": "张三"}, "tasks": [{"department": 1}]})
    response = api_as(clerk).post("/api/v1/cases/", body, content_type="application/json")
    assert response.status_code == 400
    assert "body" not in response.json()["errors"]


def test_an_oversize_body_is_a_413_in_json(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = json.dumps({"username": "x" * 2048, "password": "y"})
    response = api.post("/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_the_default_body_limit_is_a_few_megabytes(settings):
    assert 1024 * 1024 <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024


@pytest.mark.parametrize("value", ["null", "abc", "0", "-1", "1.5", "", "٣"])
def test_a_page_size_that_is_not_a_positive_integer_is_a_400(api_as, clerk, value):
    response = api_as(clerk).get("/api/v1/cases/", {"page_size": value})
    assert response.status_code == 400
    assert "page_size" in response.json()["errors"]


def test_a_large_page_size_is_capped(api_as, clerk):
    assert api_as(clerk).get("/api/v1/cases/", {"page_size": "100000"}).status_code == 200
