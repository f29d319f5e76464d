"""/cases/ (cases:list): filters, search, badges, paging, query count."""

from datetime import date

import pytest
from django.utils import timezone

from cases.models import Case
from tests.cases.helpers import ORGANIZATION, make_case
from workflow import clock, services

pytestmark = pytest.mark.django_db


def listed(response) -> list[str]:
    assert response.status_code == 200
    return [c.number for c in response.context["cases"]]


def recent(agency, actor, working_days_ago: int, **fields):
    """A case received ``working_days_ago`` working days before today."""
    calendar = clock.get_calendar()
    day = timezone.localdate()
    for _ in range(working_days_ago):
        day = calendar.previous_working_day(day)
    return make_case(agency, actor, received_on=day, **fields)


def test_it_lists_the_agencys_cases_newest_first(client, agency, clerk, other_agency, outsider):
    older = make_case(agency, clerk, received_on=date(2023, 7, 3))
    newer = make_case(agency, clerk, received_on=date(2023, 7, 14))
    make_case(other_agency, outsider)
    client.force_login(clerk)
    response = client.get("/cases/")
    assert listed(response) == [newer.number, older.number]
    html = response.content.decode()
    assert f'href="/cases/{newer.pk}/"' in html and "2023年7月14日" in html


def test_search_by_name_description_number_and_exact_id(client, agency, clerk):
    person = make_case(agency, clerk)
    org = make_case(agency, clerk, applicant=ORGANIZATION, description="县财政局部门决算")
    client.force_login(clerk)
    assert listed(client.get("/cases/", {"q": "律师"})) == [org.number]
    assert listed(client.get("/cases/", {"q": "道路改造"})) == [person.number]
    assert listed(client.get("/cases/", {"q": person.number})) == [person.number]
    assert listed(client.get("/cases/", {"q": "11010519491231002x"})) == [person.number]
    assert listed(client.get("/cases/", {"q": "1101051949"})) == []  # ID numbers: exact only


def test_status_filter_and_badges(client, agency, clerk, handler):
    late = make_case(agency, clerk, received_on=date(2023, 7, 14))
    soon = recent(agency, clerk, 18)
    fresh = recent(agency, clerk, 1)
    services.withdraw(case=fresh, actor=clerk, reason="撤回")
    client.force_login(handler)
    everyone = {"scope": "all"}  # a handler's list opens on 我的案件
    assert listed(client.get("/cases/", {"status": "closed", **everyone})) == [fresh.number]
    assert listed(client.get("/cases/", {"overdue": "on", **everyone})) == [late.number]
    # Due soon: at most 3 working days left and not overdue (cases.selectors.is_due_soon).
    assert listed(client.get("/cases/", {"due_soon": "on", **everyone})) == [soon.number]
    html = client.get("/cases/", everyone).content.decode()
    assert "逾期</span>" in html and "即将到期</span>" in html


def test_an_unknown_status_shows_an_error_not_a_500(client, clerk):
    client.force_login(clerk)
    response = client.get("/cases/", {"status": "lost"})
    assert response.status_code == 200
    assert 'id="id_status_error"' in response.content.decode()


def test_it_pages_by_50(client, agency, clerk):
    for _ in range(51):
        make_case(agency, clerk)
    client.force_login(clerk)
    first = client.get("/cases/", {"q": "道路"})
    assert len(listed(first)) == 50
    assert "page=2" in first.content.decode() and "q=%E9%81%93%E8%B7%AF" in first.content.decode()
    assert len(listed(client.get("/cases/", {"q": "道路", "page": 2}))) == 1


@pytest.mark.parametrize("who", ["clerk", "handler", "approver", "auditor"])
def test_case_roles_may_read_it(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/cases/").status_code == 200


@pytest.mark.parametrize("who", ["dept_a", "agency_admin"])
def test_other_roles_are_refused(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/cases/").status_code == 403


def test_wrong_method(client, clerk):
    client.force_login(clerk)
    assert client.post("/cases/").status_code == 405


def test_the_same_queries_for_5_and_50_cases(client, agency, clerk, django_assert_num_queries):
    client.force_login(clerk)
    client.get("/cases/")  # warm the calendar cache
    for count in (5, 50):
        while Case.objects.count() < count:
            make_case(agency, clerk)
        # 1. the session
        # 2. the user
        # 3. the user's membership
        # 4-5. the user's own and group permissions (cached on the user afterwards)
        # 6. the calendar revision (the calendar itself is cached)
        # 7. COUNT(*) of the matching cases (pagination)
        # 8. the page of cases joined with their applicants
        # 9. the agency's name in the page header, 10. the unread count of the bell
        with django_assert_num_queries(10):
            response = client.get("/cases/")
        assert len(response.context["cases"]) == count


def test_a_handlers_list_opens_on_my_cases(client, agency, clerk, handler, approver):
    mine = make_case(agency, clerk)
    other = make_case(agency, clerk)
    services.set_handler(case=mine, actor=approver, handler=handler)
    client.force_login(handler)
    response = client.get("/cases/")
    assert listed(response) == [mine.number]
    assert response.context["form"]["scope"].value() == "mine"
    assert set(listed(client.get("/cases/", {"scope": "all"}))) == {mine.number, other.number}
    client.force_login(approver)  # approvers see all by default
    assert set(listed(client.get("/cases/"))) == {mine.number, other.number}
    assert listed(client.get("/cases/", {"scope": "mine"})) == []
