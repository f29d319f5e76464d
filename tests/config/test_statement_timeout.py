"""A query that outlives REQUEST_STATEMENT_TIMEOUT_MS ends its request with a clean 503."""

import pytest
from django.db import OperationalError, connection, transaction

from config.timeouts import StatementTimeoutMiddleware
from tests.cases.helpers import make_case

pytestmark = pytest.mark.django_db


class Cancelled(Exception):
    sqlstate = "57014"


def _timeout() -> OperationalError:
    error = OperationalError("canceling statement due to statement timeout")
    error.__cause__ = Cancelled()
    return error


@pytest.fixture
def slow_list(monkeypatch):
    def slow(queryset, term):
        raise _timeout()

    monkeypatch.setattr("cases.views.list_source", slow)
    monkeypatch.setattr("cases.api.list_source", slow)


def test_a_timed_out_api_list_is_a_503_in_json(api_as, handler, slow_list):
    response = api_as(handler).get("/api/v1/cases/")
    assert response.status_code == 503
    assert response.json() == {"detail": "查询超时，请缩小检索范围后重试。"}
    assert response["Retry-After"] == "5"


def test_a_timed_out_page_is_a_503_page(client, handler, slow_list):
    client.force_login(handler)
    response = client.get("/cases/")
    assert response.status_code == 503
    assert "查询超时" in response.content.decode()


def test_other_database_errors_are_not_turned_into_503():
    middleware = StatementTimeoutMiddleware(lambda request: None)
    assert middleware.process_exception(None, OperationalError("disk full")) is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's")
def test_postgresql_cancels_a_slow_request_query(client, agency, handler, settings, monkeypatch):
    settings.REQUEST_STATEMENT_TIMEOUT_MS = 100
    make_case(agency, handler)

    def sleepy(queryset, term):
        return queryset.extra(where=["pg_sleep(1) IS NOT NULL"])

    monkeypatch.setattr("cases.views.list_source", sleepy)
    client.force_login(handler)
    savepoint = transaction.savepoint()  # the cancelled query aborts the test's transaction
    try:
        response = client.get("/cases/", {"scope": "all"})  # a handler opens on 我的案件
    finally:
        transaction.savepoint_rollback(savepoint)
        with connection.connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")
        connection.connection._request_statement_timeout = None
    assert response.status_code == 503
