import pytest
from django.test import Client
from django.urls import path

from config.urls import urlpatterns as real_urls


def boom(request):
    raise RuntimeError("secret internals")


urlpatterns = [*real_urls, path("boom/", boom), path("api/v1/boom/", boom)]
handler500 = "config.errors.server_error"


@pytest.mark.django_db
@pytest.mark.urls("tests.config.test_error_pages")
def test_server_error_is_calm_with_a_reference(caplog):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "参考编号" in html and "secret internals" not in html and "Traceback" not in html
    reference = response.context["reference"]
    assert any(reference in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
@pytest.mark.urls("tests.config.test_error_pages")
def test_api_server_error_is_json_with_a_reference():
    response = Client(raise_request_exception=False).get("/api/v1/boom/")
    assert response.status_code == 500
    assert set(response.json()) == {"detail", "reference"}


@pytest.mark.django_db
def test_not_found_page_is_calm(client, handler):
    client.force_login(handler)
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def denied(request):
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied


urlpatterns += [path("denied/", denied)]


def _records_at_or_above(caplog, level):
    return [r for r in caplog.records if r.levelno >= level]


@pytest.mark.django_db
@pytest.mark.urls("tests.config.test_error_pages")
def test_403_is_a_warning_without_traceback(caplog, client, handler):
    import logging

    client.force_login(handler)
    with caplog.at_level(logging.WARNING):
        assert client.get("/denied/").status_code == 403
    assert not _records_at_or_above(caplog, logging.ERROR)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings and all(r.exc_info is None for r in warnings)


@pytest.mark.django_db
def test_404_of_another_agencys_case_is_a_warning_without_traceback(
    caplog, client, agency, clerk, outsider
):
    import logging

    from tests.cases.helpers import make_case

    case = make_case(agency, clerk)
    client.force_login(outsider)
    with caplog.at_level(logging.WARNING):
        assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert not _records_at_or_above(caplog, logging.ERROR)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings and all(r.exc_info is None for r in warnings)


@pytest.mark.django_db
@pytest.mark.urls("tests.config.test_error_pages")
def test_a_real_error_is_logged_at_error_with_its_reference_and_traceback(caplog):
    import logging

    response = Client(raise_request_exception=False).get("/api/v1/boom/")
    reference = response.json()["reference"]
    ours = [r for r in caplog.records if reference in r.getMessage()]
    assert ours and ours[0].levelno == logging.ERROR and ours[0].exc_info is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/v1/cases/abc/", "/api/v1/letters/1x/pdf/", "/api/v1/no-such-thing/"]
)
def test_api_paths_answer_404_in_json(api_as, clerk, path):
    response = api_as(clerk).get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "未找到，或您无权查看。"}


@pytest.mark.django_db
def test_api_404_is_json_for_anonymous_callers_too(client):
    response = client.get("/api/v1/cases/abc/")
    assert response.status_code == 404
    assert response.json()["detail"]
