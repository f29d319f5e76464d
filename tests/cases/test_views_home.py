"""/ (home) per role: each workspace lists the role's work, in a constant number of queries."""

from datetime import date

import pytest
from django.utils import timezone

from cases.models import Case
from tests.cases.helpers import make_case
from workflow import services
from workflow.models import Task

pytestmark = pytest.mark.django_db


def test_clerk_sees_todays_registrations_and_cases_to_deliver(client, agency, clerk, handler,
                                                               approver):
    today = make_case(agency, clerk, received_on=timezone.localdate())
    replied = make_case(agency, clerk)
    services.submit_reply(case=replied, actor=handler, decision="unavailable.not_held", text="x")
    services.approve_reply(case=replied, actor=approver, issued_on=date(2023, 8, 1))
    client.force_login(clerk)
    response = client.get("/")
    # Registered today, whatever its receipt date: both were registered by this test.
    assert {c.pk for c in response.context["registered_today"]} == {today.pk, replied.pk}
    assert [c.pk for c in response.context["awaiting_delivery"]] == [replied.pk]
    services.record_delivery(case=replied, actor=clerk, method="in_person",
                             delivered_on=date(2023, 8, 2))
    assert list(client.get("/").context["awaiting_delivery"]) == []


def test_handler_sees_open_cases_by_due_date(client, agency, clerk, handler):
    later = make_case(agency, clerk, received_on=date(2023, 7, 14))
    sooner = make_case(agency, clerk, received_on=date(2023, 7, 3))
    closed = make_case(agency, clerk)
    services.withdraw(case=closed, actor=clerk, reason="撤回")
    client.force_login(handler)
    response = client.get("/")
    assert [c.pk for c in response.context["open_cases"]] == [sooner.pk, later.pk]
    html = response.content.decode()
    assert f'href="/cases/{sooner.pk}/"' in html and "逾期</span>" in html


def test_approver_sees_the_sign_off_queue(client, agency, clerk, handler, approver):
    case = make_case(agency, clerk)
    services.submit_reply(case=case, actor=handler, decision="unavailable.not_held", text="x")
    client.force_login(approver)
    assert [c.pk for c in client.get("/").context["pending"]] == [case.pk]


def test_liaison_sees_the_departments_open_tasks(client, agency, clerk, handler, dept_a,
                                                 department_a, department_b):
    case = make_case(agency, clerk)
    services.assign(case=case, actor=handler, assigned_on=date(2023, 7, 17), tasks=[
        {"department": d.pk, "instructions": "请检索", "due_on": date(2023, 7, 24)}
        for d in (department_a, department_b)
    ])
    client.force_login(dept_a)
    response = client.get("/")
    assert [t.department_id for t in response.context["open_tasks"]] == [department_a.pk]
    assert "张三" not in response.content.decode()


def grow(who, agency, clerk, handler, approver, department_a, count):
    """Add what ``who``'s workspace lists until there are ``count`` of them."""
    if who in ("handler", "approver"):  # open cases waiting for sign-off
        while Case.objects.filter(status="pending_approval").count() < count:
            case = make_case(agency, clerk, received_on=timezone.localdate())
            services.submit_reply(
                case=case, actor=handler, decision="unavailable.not_held", text="x"
            )
    elif who == "clerk":  # registered today, replied, not yet delivered
        while Case.objects.filter(status="replied").count() < count:
            case = make_case(agency, clerk)
            services.submit_reply(
                case=case, actor=handler, decision="unavailable.not_held", text="x"
            )
            services.approve_reply(case=case, actor=approver, issued_on=date(2023, 8, 1))
    else:
        while Task.objects.count() < count:
            services.assign(
                case=make_case(agency, clerk), actor=handler, assigned_on=date(2023, 7, 17),
                tasks=[{"department": department_a.pk, "instructions": "请检索",
                        "due_on": date(2023, 7, 24)}],
            )


# The list that grow() fills on each workspace, and the other list shown there.
LISTS = {
    "clerk": ("awaiting_delivery", "registered_today"),
    "handler": ("open_cases", None),
    "approver": ("pending", "candidates"),
    "dept_a": ("open_tasks", None),
}


# Every page starts with: 1. the session, 2. the user, 3. the user's membership; and ends with
# the agency's name in the page header.
@pytest.mark.parametrize("who,queries", [
    # 4-5. own and group permissions (cases_for), 6. the calendar revision,
    # 7. today's registrations with applicants, 8. cases awaiting delivery with applicants,
    # 9. cases whose last day for a correction notice is today
    ("clerk", 10),
    # 4-5. permissions, 6. open cases by due date with applicants, 7. the calendar revision
    ("handler", 8),
    # 4. the calendar revision, 5-6. permissions, 7. drafts with applicants and drafters,
    # 8. extension candidates with applicants
    ("approver", 9),
    # 4-5. permissions (tasks_for), 6. open tasks with cases and departments (guardian's
    # object permissions joined in SQL), 7. the liaison's department in the header
    ("dept_a", 8),
])
def test_home_runs_the_same_queries_for_5_and_50(
    client, request, agency, clerk, handler, approver, department_a, who, queries,
    django_assert_num_queries,
):
    client.force_login(request.getfixturevalue(who))
    client.get("/")  # warm the calendar cache
    for count in (5, 50):
        grow(who, agency, clerk, handler, approver, department_a, count)
        with django_assert_num_queries(queries):
            response = client.get("/")
        grown, other = LISTS[who]
        assert len(response.context[grown]) == count
        if other:
            assert len(response.context[other]) == (count if who == "clerk" else 0)


def test_auditor_sees_search_the_report_and_concluded_cases(client, agency, clerk, auditor):
    case = make_case(agency, clerk)
    services.withdraw(case=case, actor=clerk, reason="撤回")
    client.force_login(auditor)
    response = client.get("/")
    html = response.content.decode()
    assert 'action="/audit/"' in html and "/reports/annual/?year=" in html
    assert [c.pk for c in response.context["concluded"]] == [case.pk]


def test_auditor_home_runs_the_same_queries_for_5_and_50(
    client, agency, clerk, auditor, django_assert_num_queries
):
    client.force_login(auditor)
    client.get("/")  # warm the calendar cache
    for count in (5, 50):
        while Case.objects.filter(status="closed").count() < count:
            services.withdraw(case=make_case(agency, clerk), actor=clerk, reason="撤回")
        # 1. session, 2. user, 3. membership, 4-5. permissions (cases_for), 6. concluded cases
        # with applicants, 7. the calendar revision, 8. the agency in the header
        with django_assert_num_queries(8):
            response = client.get("/")
        assert len(response.context["concluded"]) == min(count, 10)
