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
