"""The agency admin role sees figures, not applicants; being a superuser changes nothing about
that outside the Django admin (issue 11: "nothing may bypass that for superusers")."""

import pytest
from django.urls import reverse

from agencies.roles import has_role_perm
from tests.cases.helpers import make_case


@pytest.fixture
def case(agency, clerk):
    return make_case(agency, clerk)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["agency_admin", "member_superuser", "sysadmin"])
def test_no_admin_reads_case_pages_or_the_case_api(client, api_as, case, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(reverse("cases:list")).status_code == 403
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code in (403, 404)
    api = api_as(user)
    assert api.get("/api/v1/cases/").json()["count"] == 0
    assert api.get(f"/api/v1/cases/{case.pk}/").status_code == 404
    assert api.get(f"/api/v1/cases/{case.pk}/letters/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["agency_admin", "member_superuser"])
def test_an_agency_admin_sees_the_annual_figures_without_case_links(client, case, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    html = client.get(reverse("reports:annual"), {"year": 2023}).content.decode()
    assert reverse("reports:annual_cases", args=[2023]) not in html
    drill = client.get(
        reverse("reports:annual_cases", args=[2023]), {"row": "new", "col": "person"}
    )
    assert drill.status_code == 403
    assert case.applicant.name not in drill.content.decode()


@pytest.mark.django_db
def test_the_platform_admin_gets_figures_of_all_agencies_but_no_names(client, sysadmin, case):
    client.force_login(sysadmin)
    assert client.get(reverse("reports:annual"), {"year": 2023}).status_code == 200
    drill = client.get(
        reverse("reports:annual_cases", args=[2023]), {"row": "new", "col": "person"}
    )
    assert drill.status_code == 403


@pytest.mark.django_db
def test_a_superuser_keeps_only_the_permissions_of_their_role(member_superuser, handler, clerk):
    assert member_superuser.has_perm("cases.view_case")  # Django's own shortcut…
    assert not has_role_perm(member_superuser, "cases.view_case")  # …which ours ignores
    assert has_role_perm(member_superuser, "agencies.manage_agency")
    assert has_role_perm(handler, "cases.handle_case")
    assert not has_role_perm(clerk, "cases.handle_case")


@pytest.mark.django_db
def test_the_platform_admin_still_reads_cases_in_the_django_admin(client, sysadmin, case):
    client.force_login(sysadmin)
    assert client.get(f"/admin/cases/case/{case.pk}/change/").status_code == 200


@pytest.mark.django_db
def test_a_superuser_liaison_sees_only_their_departments_tasks(
    case, handler, dept_a, department_a, department_b
):
    from datetime import date

    from cases.access import tasks_for
    from workflow import services

    services.assign(
        case=case,
        actor=handler,
        assigned_on=date(2023, 7, 17),
        tasks=[
            {"department": d.pk, "instructions": "请检索", "due_on": date(2023, 7, 24)}
            for d in (department_a, department_b)
        ],
    )
    dept_a.is_superuser = True
    dept_a.save()
    # Neither Django's nor guardian's superuser shortcut opens department B's task.
    assert [t.department_id for t in tasks_for(dept_a)] == [department_a.pk]
