"""撤回送审: the handler takes a submitted draft back before it is signed (web and API); the
approvers' 待签发 notice is marked read; after the sign-off there is nothing to recall."""

from datetime import date

import pytest

from cases.models import Case
from notifications.models import Kind, Notification
from rules.states import Status
from tests.cases.helpers import make_case
from workflow import services
from workflow.errors import Conflict

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(agency, clerk, handler, approver):
    case = make_case(agency, clerk)
    services.submit_reply(case=case, actor=handler, decision="unavailable.not_held", text="无")
    return case


def test_the_handler_recalls_a_submitted_draft(submitted, handler, approver):
    assert Notification.objects.filter(recipient=approver, kind=Kind.APPROVAL_WAITING,
                                       read_at__isnull=True).exists()
    services.recall_reply(case=submitted, actor=handler, reason="补充检索范围")
    fresh = Case.objects.get(pk=submitted.pk)
    assert fresh.status == Status.DRAFTING
    event = fresh.events.order_by("seq").last()
    assert (event.name, event.note, event.actor_id) == ("recall_reply", "补充检索范围", handler.pk)
    # The draft no longer waits for the approvers.
    assert not Notification.objects.filter(recipient=approver, kind=Kind.APPROVAL_WAITING,
                                           read_at__isnull=True).exists()


def test_a_signed_draft_cannot_be_recalled(submitted, handler, approver):
    services.approve_reply(case=submitted, actor=approver, issued_on=date(2023, 8, 1))
    with pytest.raises(Conflict):
        services.recall_reply(case=submitted, actor=handler)
    assert Case.objects.get(pk=submitted.pk).status == Status.REPLIED


def test_recall_through_the_api(api_as, submitted, handler, approver):
    url = f"/api/v1/cases/{submitted.pk}/transitions/recall_reply/"
    assert api_as(approver).post(url, {}, format="json").status_code == 403
    response = api_as(handler).post(url, {"reason": "改稿"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == Status.DRAFTING
    assert api_as(handler).post(url, {}, format="json").status_code == 409


def test_recall_from_the_case_page(client, submitted, handler):
    client.force_login(handler)
    page = client.get(f"/cases/{submitted.pk}/").content.decode()
    assert "撤回送审" in page
    response = client.post(f"/cases/{submitted.pk}/actions/recall_reply/", {"reason": "改稿"})
    assert response.status_code == 302
    assert Case.objects.get(pk=submitted.pk).status == Status.DRAFTING
    # a GET (a refresh, a login's next) goes back to the case page, never to a bare 405
    again = client.get(f"/cases/{submitted.pk}/actions/recall_reply/")
    assert (again.status_code, again.url) == (302, f"/cases/{submitted.pk}/")
