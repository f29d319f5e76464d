"""/approvals/ (workflow:approvals): drafts waiting for sign-off and cases near their due date
that could still be extended."""

import pytest
from django.utils import timezone

from tests.cases.helpers import make_case
from workflow import clock, services

pytestmark = pytest.mark.django_db


def received_working_days_ago(agency, actor, n: int):
    calendar = clock.get_calendar()
    day = timezone.localdate()
    for _ in range(n):
        day = calendar.previous_working_day(day)
    return make_case(agency, actor, received_on=day)


def test_it_lists_drafts_and_extension_candidates(client, agency, clerk, handler, approver):
    draft = make_case(agency, clerk)
    services.submit_reply(case=draft, actor=handler, decision="unavailable.not_held", text="x")
    near = received_working_days_ago(agency, clerk, 17)  # 3 working days left
    extended = received_working_days_ago(agency, clerk, 17)
    services.extend(case=extended, actor=approver, working_days=5, reason="需调档")
    received_working_days_ago(agency, clerk, 2)  # far from its due date
    client.force_login(approver)
    response = client.get("/approvals/")
    assert response.status_code == 200
    assert [c.pk for c in response.context["pending"]] == [draft.pk]
    assert [c.pk for c in response.context["candidates"]] == [near.pk]
    html = response.content.decode()
    assert "handler" in html and "无法提供：本机关不掌握相关政府信息" in html


@pytest.mark.parametrize("who", ["clerk", "handler", "auditor", "dept_a"])
def test_other_roles_are_refused(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/approvals/").status_code == 403


def test_wrong_method(client, approver):
    client.force_login(approver)
    assert client.post("/approvals/").status_code == 405
