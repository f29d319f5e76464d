"""Schemathesis over the OpenAPI schema, bounded: every GET operation
with a few generated requests each, as a signed-in handler; no server error, and every answer
is documented (status code, content type, body schema)."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from knox.models import AuthToken
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.cases.helpers import make_case

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(db, monkeypatch, agency, clerk, handler, department_a):
    # The per-user throttle would answer 429 after a few hundred generated requests.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": None, "user": None})
    make_case(agency, clerk)
    _instance, token = AuthToken.objects.create(user=handler)
    headers = {"Authorization": f"Token {token}"}
    # The raw WSGI handler fires request_started/finished, whose close_old_connections would
    # close the test's own connection (inside its transaction) on PostgreSQL; Django's test
    # client disconnects it for the same reason.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        schema = schemathesis.openapi.from_wsgi(
            "/api/v1/schema/?format=json", get_wsgi_application(), headers=headers
        )
        yield schema.include(method="GET"), headers
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def test_get_operations_conform_and_never_fail(api_schema):
    """Each GET operation in turn (schemathesis' pytest plugin does not run under pytest 9:
    the strategies are driven by hypothesis directly)."""
    api_schema, headers = api_schema
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10
    failures = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=8,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except BaseException as exc:  # noqa: B036  (failure groups too) collect all, then report
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)


def test_real_objects_match_the_schema(api_schema, agency, clerk, handler):
    """Generated ids rarely name a real case: a registered one, undecided (``decision`` null),
    with its letters, validated against the schema."""
    api_schema, headers = api_schema
    case = make_case(agency, clerk)
    letter = case.letters.get(kind="receipt")
    paths = {
        "/api/v1/cases/{id}/": {"id": case.pk},
        "/api/v1/cases/{id}/letters/": {"id": case.pk},
        "/api/v1/cases/{id}/reviews/": {"id": case.pk},
        "/api/v1/cases/{id}/integrity/": {"id": case.pk},
        "/api/v1/letters/{id}/pdf/": {"id": letter.pk},
        "/api/v1/cases/": {},
        "/api/v1/tasks/": {},
        "/api/v1/departments/": {},
    }
    failures = []
    for path, parameters in paths.items():
        operation = api_schema[path]["GET"]
        example = operation.Case(path_parameters=parameters)
        try:
            response = example.call_and_validate(headers=headers, checks=CHECKS)
            assert response.status_code == 200, (path, response.status_code)
        except BaseException as exc:  # noqa: B036
            failures.append(f"{path}: {exc}")
    assert not failures, "\n\n".join(failures)
