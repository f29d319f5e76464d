"""The auditor's case search (/audit/): read-only, filtered in SQL by number, applicant, year,
decision, timeliness and department."""

from datetime import date
from types import SimpleNamespace

import pytest

from agencies.navigation import navigation_for
from tests.archive.helpers import archived_case
from tests.cases.helpers import ORGANIZATION, make_case
from workflow import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(agency, clerk, handler, approver, department_a):
    on_time = archived_case(agency, clerk=clerk, handler=handler, approver=approver)
    late = make_case(agency, clerk, applicant=ORGANIZATION, description="某路段的拆迁补偿方案")
    services.submit_reply(
        case=late,
        actor=handler,
        decision="withheld.state_secret",
        text="属于国家秘密",
        details={"withheld": "全部内容涉及国家秘密"},
    )
    services.approve_reply(
        case=late, actor=approver, issued_on=date(2023, 9, 1), late_reason="协办部门逾期"
    )
    assisted = make_case(agency, clerk, received_on=date(2022, 12, 1))
    services.assign(
        case=assisted,
        actor=handler,
        assigned_on=date(2022, 12, 2),
        tasks=[
            {"department": department_a.pk, "instructions": "请检索", "due_on": date(2022, 12, 9)}
        ],
    )
    return SimpleNamespace(on_time=on_time, late=late, assisted=assisted)


def found(client, **params) -> list[str]:
    response = client.get("/audit/", params)
    assert response.status_code == 200
    return sorted(case.number for case in response.context["page"].object_list)


def numbers(*cases) -> list[str]:
    return sorted(case.number for case in cases)


@pytest.fixture
def as_auditor(client, auditor):
    client.force_login(auditor)
    return client


def test_auditor_sees_every_case_of_the_agency(as_auditor, cases):
    assert found(as_auditor) == numbers(cases.on_time, cases.late, cases.assisted)


def test_by_number_and_applicant(as_auditor, cases):
    assert found(as_auditor, q=cases.late.number) == numbers(cases.late)
    assert found(as_auditor, applicant="律师事务所") == numbers(cases.late)
    assert found(as_auditor, applicant="11010519491231002x") == numbers(
        cases.on_time, cases.assisted
    )


def test_by_year_and_status(as_auditor, cases):
    assert found(as_auditor, year=2022) == numbers(cases.assisted)
    assert found(as_auditor, status="archived") == numbers(cases.on_time)


def test_by_decision_code_or_group(as_auditor, cases):
    assert found(as_auditor, decision="unavailable") == numbers(cases.on_time)
    assert found(as_auditor, decision="withheld") == numbers(cases.late)
    assert found(as_auditor, decision="withheld.state_secret") == numbers(cases.late)
    assert found(as_auditor, decision="disclosed") == []


def test_by_timeliness(as_auditor, cases):
    assert found(as_auditor, timeliness="on_time") == numbers(cases.on_time)
    # Replied after its due date, or still open past it.
    assert found(as_auditor, timeliness="late") == numbers(cases.late, cases.assisted)


def test_by_department(as_auditor, cases, department_a, department_b):
    assert found(as_auditor, department=department_a.pk) == numbers(cases.assisted)
    assert found(as_auditor, department=department_b.pk) == []


def test_a_bad_filter_shows_its_error(as_auditor, cases):
    response = as_auditor.get("/audit/", {"year": "abc"})
    assert response.status_code == 200
    assert response.context["form"].errors["year"]


def test_other_agencies_cases_are_not_found(as_auditor, cases, other_agency, outsider):
    make_case(other_agency, outsider)
    assert len(found(as_auditor)) == 3


def test_the_search_costs_nine_queries(as_auditor, cases, django_assert_num_queries):
    with django_assert_num_queries(9):
        # session, user, membership, user permissions, group permissions, the count,
        # the agency (page header), the department choices, the page of cases with applicants
        as_auditor.get("/audit/", {"q": "2023", "timeliness": "late"})


@pytest.mark.parametrize("who", ["clerk", "handler", "approver", "dept_a", "agency_admin"])
def test_only_auditors_use_the_search(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/audit/").status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get("/audit/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_wrong_method_is_405(as_auditor):
    assert as_auditor.post("/audit/").status_code == 405


def test_the_auditor_has_a_nav_entry(auditor, handler):
    assert "audit:search" in [item["name"] for item in navigation_for(auditor)]
    assert "audit:search" not in [item["name"] for item in navigation_for(handler)]
