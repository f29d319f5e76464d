"""Auditors never change anything (workflow.md): every write endpoint, API and web, answers
403 to an auditor and changes nothing. The last test sweeps every URL of the project, so a new
write endpoint that forgets the check changes something and fails here."""

import copy
from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from audit.models import ArchiveNote
from cases.models import Attachment, Case
from letters.models import Letter
from tests.archive.helpers import snapshot
from tests.cases.helpers import make_case, registration_payload
from workflow import services
from workflow.machine import TRANSITION_NAMES
from workflow.models import Event

pytestmark = pytest.mark.django_db

TRANSITION_PAYLOADS = {
    "request_correction": {
        "items": "补正",
        "correction_due": "2023-07-30",
        "notice_on": "2023-07-17",
    },
    "receive_correction": {"received_on": "2023-07-20"},
    "assign": {"assigned_on": "2023-07-17", "tasks": []},
    "consult": {"parties": [{"kind": "agency", "name": "x", "sent_on": "2023-07-18"}]},
    "request_fee": {"method": "per_page", "quantity": 100, "notice_on": "2023-07-18"},
    "receive_payment": {"paid_on": "2023-07-20"},
    "submit_reply": {"decision": "unavailable.not_held", "text": "x"},
    "reject_reply": {"comment": "x"},
    "approve_reply": {"issued_on": "2023-08-01"},
    "extend": {"working_days": 5, "reason": "x"},
    "withdraw": {"reason": "x", "withdrawn_on": "2023-07-20"},
    "record_delivery": {"method": "in_person", "delivered_on": "2023-08-05"},
}


@pytest.fixture
def world(agency, clerk, handler, department_a, archived):
    """An open case in consultation with an open task, and an archived case."""
    case = make_case(agency, clerk)
    services.assign(
        case=case,
        actor=handler,
        assigned_on=date(2023, 7, 17),
        tasks=[
            {"department": department_a.pk, "instructions": "请检索", "due_on": date(2023, 7, 24)}
        ],
    )
    services.consult(
        case=case,
        actor=handler,
        parties=[{"kind": "agency", "name": "县发改局", "sent_on": date(2023, 7, 18)}],
    )
    return {
        "case": Case.objects.get(pk=case.pk),
        "task": case.tasks.get(),
        "consultation": case.consultations.get(),
        "letter": case.letters.get(kind="receipt"),
        "archived": archived,
    }


def state(world) -> dict:
    return {
        "open": snapshot(world["case"]),
        "archived": snapshot(world["archived"]),
        "counts": [m.objects.count() for m in (Case, Attachment, Event, Letter, ArchiveNote)],
    }


def test_every_api_write_is_403_for_an_auditor(world, api_as, auditor):
    before = state(world)
    api = api_as(auditor)
    case, archived = world["case"], world["archived"]
    calls = [
        ("/api/v1/cases/", registration_payload()),
        (f"/api/v1/letters/{world['letter'].pk}/reissue/", {}),
        (
            f"/api/v1/tasks/{world['task'].pk}/respond/",
            {"holds_information": True, "answer": "有", "responded_on": "2023-07-20"},
        ),
        (
            f"/api/v1/consultations/{world['consultation'].pk}/answer/",
            {"answered_on": "2023-07-20", "opinion": "consent", "text": "同意"},
        ),
        (f"/api/v1/cases/{archived.pk}/archive-notes/", {"text": "补正说明"}),
    ]
    for name in TRANSITION_NAMES:
        payload = copy.deepcopy(TRANSITION_PAYLOADS.get(name, {}))
        calls.append((f"/api/v1/cases/{case.pk}/transitions/{name}/", payload))
        calls.append((f"/api/v1/cases/{archived.pk}/transitions/{name}/", payload))
    for url, payload in calls:
        response = api.post(url, payload, format="json")
        assert response.status_code == 403, (url, response.content)
    assert state(world) == before


def test_every_web_write_is_403_for_an_auditor(world, client, auditor):
    before = state(world)
    client.force_login(auditor)
    case = world["case"]
    calls = [
        ("/cases/new/", {}),
        (f"/cases/{case.pk}/correct/", {"name": "李四", "note": "x"}),
        (
            f"/consultations/{world['consultation'].pk}/answer/",
            {"answered_on": "2023-07-20", "opinion": "consent", "text": "同意"},
        ),
        (
            f"/tasks/{world['task'].pk}/",
            {"holds_information": "true", "answer": "有", "responded_on": "2023-07-20"},
        ),
    ]
    for name in TRANSITION_NAMES:
        calls.append((f"/cases/{case.pk}/actions/{name}/", {"reason": "x"}))
    for url, data in calls:
        response = client.post(url, data)
        assert response.status_code == 403, (url, response.status_code)
    assert state(world) == before


# Not writes to the record: signing in and out (web and API), the language cookie, API tokens,
# the schema.
NOT_RECORD_WRITES = {
    "login", "logout", "set_language", "api-token", "api-logout", "api-schema", "api-docs",
    # One's own inbox: marking one's notices read is no write to the record.
    "notifications:read_all",
}


def project_urls(patterns=None, prefix="", namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern).startswith("admin/"):
                continue  # the admin: read-only for the case record (tests/archive/test_sealed)
            ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from project_urls(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespace + (pattern.name or "")


def fill(route: str, world: dict) -> str:
    """A concrete URL for a route: pk of the right kind of object where the name says so."""
    pks = {
        "tasks/": world["task"].pk,
        "consultations/": world["consultation"].pk,
        "letters/": world["letter"].pk,
    }
    pk = next((v for k, v in pks.items() if k in route), world["case"].pk)
    attachment = Attachment.objects.first()
    return "/" + (
        route.replace("<int:pk>", str(pk))
        .replace("<int:attachment_pk>", str(attachment.pk if attachment else 1))
        .replace("<int:year>", "2023")
        .replace("<int:month>", "7")
        .replace("<str:name>", "withdraw")
        .replace("<str:kind>", "reply")
    )


def test_no_url_of_the_project_lets_an_auditor_write(world, client, auditor):
    """Every URL, every writing method, an empty body: never created, never a server error,
    nothing changed. (A read-only page that also answers POST, like the home page, may 200.)"""
    before = state(world)
    client.force_login(auditor)
    checked = 0
    for route, name in project_urls():
        if name in NOT_RECORD_WRITES:
            continue
        url = fill(route, world)
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(url, {}, content_type="application/json")
            # 400: a form validated before the role check; 302 would be a success: fails
            assert response.status_code in (200, 400, 403, 404, 405), (method, url)
            checked += 1
        assert state(world) == before, url
    assert checked > 100
