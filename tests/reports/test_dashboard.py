"""The operations dashboard /reports/dashboard/ (运行情况)."""

from datetime import date

import pytest

from cases.models import Case
from reports.dashboard import average_reply_working_days, operations_dashboard
from rules.calendar import WorkingCalendar
from tests.cases.helpers import make_case
from workflow import clock, services

pytestmark = pytest.mark.django_db

URL = "/reports/dashboard/"
# "today" is Monday 3 March 2025 (tests/reports/conftest.py); the test calendar has only
# weekends, so "due soon" runs to Thursday 6 March.


@pytest.fixture
def office(agency, clerk, handler, approver, department_a, department_b, dept_b, today):
    """Open cases due at various distances, tasks per department, replies this year."""

    def case(received_on, due=None):
        c = make_case(agency, clerk, received_on=received_on)
        if due is not None:  # set the stored due date directly: only the dashboard is tested
            Case.objects.filter(pk=c.pk).update(reply_due=due)
        return c

    overdue = case(date(2025, 1, 20), due=date(2025, 2, 28))
    case(date(2025, 2, 3), due=date(2025, 3, 3))  # due today: soon, not overdue
    case(date(2025, 2, 5), due=date(2025, 3, 6))  # soon
    case(date(2025, 2, 10), due=date(2025, 3, 7))  # four working days: not soon
    assisting = case(date(2025, 2, 20))
    services.assign(
        case=assisting,
        actor=handler,
        assigned_on=date(2025, 2, 21),
        tasks=[
            {"department": department_a.pk, "instructions": "检索", "due_on": date(2025, 2, 28)},
            {"department": department_b.pk, "instructions": "检索", "due_on": date(2025, 3, 10)},
        ],
    )
    task_b = assisting.tasks.get(department=department_b)
    services.respond_task(
        task=task_b,
        actor=dept_b,
        holds_information=False,
        answer="未掌握",
        responded_on=date(2025, 2, 25),
    )
    # Replied this year: 2 and 8 working days; one replied last year does not count.
    for received, issued in (
        (date(2025, 1, 6), date(2025, 1, 8)),
        (date(2025, 1, 13), date(2025, 1, 23)),
        (date(2024, 12, 2), date(2024, 12, 20)),
    ):
        c = case(received)
        services.submit_reply(
            case=c, actor=handler, decision="unavailable.not_held", text="经检索不存在"
        )
        services.approve_reply(case=c, actor=approver, issued_on=issued)
    return {"overdue": overdue}


def test_the_numbers(office, agency):
    board = operations_dashboard(agency=agency)
    assert board.due_soon_cutoff == date(2025, 3, 6)
    assert board.open_total == 5
    assert (board.overdue, board.due_soon) == (1, 2)
    by_state = {s["status"]: s["count"] for s in board.open_by_state}
    assert by_state["registered"] == 4 and by_state["assisting"] == 1
    assert [c.number for c in board.urgent][0] == office["overdue"].number
    assert board.urgent[0].is_overdue and not board.urgent[1].is_overdue
    assert board.replied_count == 2
    assert board.average_working_days == 5.0  # (2 + 8) / 2
    rows = {d.name: (d.open_tasks, d.overdue_tasks, d.answered_tasks) for d in board.departments}
    assert rows == {"县自然资源局": (1, 1, 0), "县住房和城乡建设局": (0, 0, 1)}


def test_average_is_working_days_from_receipt_to_reply():
    calendar = WorkingCalendar(off_days={date(2025, 1, 1)})
    pairs = [(date(2024, 12, 31), date(2025, 1, 2)), (date(2025, 1, 6), date(2025, 1, 13))]
    # 31 Dec → 2 Jan: 1 Jan is a holiday, so one working day; 6 → 13 Jan: five.
    assert average_reply_working_days(pairs, calendar) == 3.0
    assert average_reply_working_days([], calendar) is None


def test_the_page_for_a_handler(client, handler, office):
    client.force_login(handler)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-metric="overdue">1<' in html and 'data-metric="due_soon">2<' in html
    assert office["overdue"].number in html
    assert "县自然资源局" in html


@pytest.mark.parametrize("role", ["clerk", "auditor", "dept_a"])
def test_other_roles_may_not(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(URL).status_code == 403


def test_the_agency_admin_sees_the_figures_but_no_case(client, agency_admin, office):
    """Issue 11: the agency admin role sees figures, not applicants' personal data."""
    client.force_login(agency_admin)
    html = client.get(URL).content.decode()
    assert office["overdue"].number not in html
    assert office["overdue"].applicant.name not in html
    assert "data-figures-only" in html and 'data-metric="open">' in html


def test_post_is_not_allowed(client, approver):
    client.force_login(approver)
    assert client.post(URL).status_code == 405


def test_another_agency_sees_its_own_numbers(client, outsider, office):
    client.force_login(outsider)
    assert 'data-metric="open">0<' in client.get(URL).content.decode()


def test_the_dashboard_costs_a_constant_number_of_queries(
    office, agency, django_assert_num_queries
):
    clock.get_calendar()  # the calendar is cached per process; warm it
    # 1. calendar revision  2. open cases per state  3. urgent cases  4. replies of the year
    # 5. late entries (补录) per month  6. departments with their task counts
    with django_assert_num_queries(6):
        operations_dashboard(agency=agency)


def test_due_soon_means_the_same_on_the_dashboard_in_the_list_and_on_the_badges(
    office, agency, client, approver
):
    from cases.selectors import with_due_info

    board = operations_dashboard(agency=agency)
    client.force_login(approver)
    response = client.get("/cases/", {"due_soon": "on", "scope": "all"})
    listed = {case.pk for case in response.context["cases"]}
    badged = {c.pk for c in with_due_info(Case.objects.filter(agency=agency)) if c.due_info.soon}
    assert len(listed) == board.due_soon == 2
    assert listed == badged
    assert office["overdue"].pk not in listed
