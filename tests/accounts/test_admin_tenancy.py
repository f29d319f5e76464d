"""The Django admin seen by an agency admin: their own agency and nothing else (issue 11,
"Critical: tenant escape through the Django admin")."""

import re

import pytest
from django.contrib.auth import get_user_model

from agencies.models import Department, Membership, Role
from tests.factories import DepartmentFactory

User = get_user_model()
ADD_USER = "/admin/auth/user/add/"


def change_url(user) -> str:
    return f"/admin/auth/user/{user.pk}/change/"


def password_url(user) -> str:
    return f"/admin/auth/user/{user.pk}/password/"


def options(html: str, name: str) -> set[str]:
    """The option values of the <select name=...> in the page."""
    match = re.search(rf'<select name="{re.escape(name)}"[^>]*>(.*?)</select>', html, re.S)
    assert match, f"no select {name}"
    return {v for v in re.findall(r'<option value="([^"]*)"', match.group(1)) if v}


def membership_form(prefix="membership", **fields) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1",
    }
    data.update({f"{prefix}-0-{k}": v for k, v in fields.items()})
    return data


def add_user(client, username, **membership):
    data = {
        "username": username,
        "password1": "Zs9!kq-Lm3vx",
        "password2": "Zs9!kq-Lm3vx",
        "usable_password": "true",
        **membership_form(**membership),
    }
    return client.post(ADD_USER, data)


def change_data(user, agency, role, **extra) -> dict:
    """A complete, valid change form for ``user`` (so a refusal is never a side effect of a
    missing field)."""
    membership = user.membership
    return {
        "username": user.username,
        "is_active": "on",
        "date_joined_0": "2024-01-02",
        "date_joined_1": "08:00:00",
        "membership-TOTAL_FORMS": "1",
        "membership-INITIAL_FORMS": "1",
        "membership-MIN_NUM_FORMS": "0",
        "membership-MAX_NUM_FORMS": "1",
        "membership-0-id": str(membership.pk),
        "membership-0-user": str(user.pk),
        "membership-0-agency": str(agency.pk),
        "membership-0-role": role,
        **extra,
    }


@pytest.fixture
def other_department(other_agency):
    return DepartmentFactory(agency=other_agency, name="兰陵县自然资源局")


@pytest.mark.django_db
def test_the_membership_inline_offers_only_the_own_agency_and_its_departments(
    client, agency_admin, agency, other_agency, department_a, other_department
):
    client.force_login(agency_admin)
    html = client.get(ADD_USER).content.decode()
    assert options(html, "membership-0-agency") == {str(agency.pk)}
    assert options(html, "membership-0-department") == {str(department_a.pk)}


@pytest.mark.django_db
def test_the_role_dropdown_offers_no_agency_admin(client, agency_admin):
    client.force_login(agency_admin)
    html = client.get(ADD_USER).content.decode()
    roles = options(html, "membership-0-role")
    assert Role.AGENCY_ADMIN not in roles
    assert Role.CLERK in roles


@pytest.mark.django_db
def test_an_agency_admin_cannot_add_a_member_of_another_agency(client, agency_admin, other_agency):
    client.force_login(agency_admin)
    add_user(client, "spy", agency=other_agency.pk, role=Role.HANDLER)
    assert not Membership.objects.filter(agency=other_agency, user__username="spy").exists()


@pytest.mark.django_db
def test_an_agency_admin_cannot_use_a_department_of_another_agency(
    client, agency_admin, agency, other_department
):
    client.force_login(agency_admin)
    add_user(client, "spy", agency=agency.pk, role=Role.LIAISON, department=other_department.pk)
    assert not Membership.objects.filter(department=other_department).exists()


@pytest.mark.django_db
def test_an_agency_admin_cannot_make_anyone_an_agency_admin(client, agency_admin, agency, clerk):
    client.force_login(agency_admin)
    add_user(client, "boss", agency=agency.pk, role=Role.AGENCY_ADMIN)
    assert not Membership.objects.filter(user__username="boss", role=Role.AGENCY_ADMIN).exists()
    client.post(change_url(clerk), change_data(clerk, agency, Role.AGENCY_ADMIN))
    clerk.membership.refresh_from_db()
    assert clerk.membership.role == Role.CLERK


@pytest.mark.django_db
def test_an_agency_admin_cannot_change_their_own_role(client, agency_admin, agency):
    client.force_login(agency_admin)
    client.post(change_url(agency_admin), change_data(agency_admin, agency, Role.HANDLER))
    agency_admin.membership.refresh_from_db()
    assert agency_admin.membership.role == Role.AGENCY_ADMIN


@pytest.mark.django_db
def test_an_agency_admin_cannot_grant_superuser_or_staff(client, agency_admin, clerk, agency):
    client.force_login(agency_admin)
    client.post(
        change_url(clerk),
        change_data(clerk, agency, Role.CLERK, is_superuser="on", is_staff="on"),
    )
    clerk.refresh_from_db()
    assert not clerk.is_superuser and not clerk.is_staff


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["member_superuser", "co_admin", "admin2", "clerk2", "sysadmin"])
def test_an_agency_admin_can_neither_see_nor_reset_the_password_of(
    client, agency_admin, target, request
):
    victim = request.getfixturevalue(target)
    client.force_login(agency_admin)
    listing = client.get("/admin/auth/user/").content.decode()
    assert f"/admin/auth/user/{victim.pk}/change/" not in listing
    assert client.get(change_url(victim)).status_code == 302  # "does not exist" → admin index
    client.post(password_url(victim), {"password1": "Hijack-2024!x", "password2": "Hijack-2024!x"})
    victim.refresh_from_db()
    assert victim.check_password("demo1234")


@pytest.mark.django_db
def test_an_agency_admin_changes_a_role_of_their_own_staff(client, agency_admin, agency, clerk):
    client.force_login(agency_admin)
    response = client.post(change_url(clerk), change_data(clerk, agency, Role.HANDLER))
    assert response.status_code == 302, response.content.decode()[:2000]
    clerk.membership.refresh_from_db()
    assert clerk.membership.role == Role.HANDLER


@pytest.mark.django_db
def test_an_agency_admin_sees_their_own_staff(client, agency_admin, clerk, handler):
    client.force_login(agency_admin)
    listing = client.get("/admin/auth/user/").content.decode()
    assert change_url(clerk) in listing and change_url(handler) in listing
    assert client.get(change_url(clerk)).status_code == 200


@pytest.mark.django_db
def test_the_group_filter_does_not_list_other_agencies_departments(
    client, agency_admin, other_department, department_a
):
    client.force_login(agency_admin)
    listing = client.get("/admin/auth/user/").content.decode()
    assert f"groups__id__exact={other_department.pk}" not in listing
    assert "department:" not in listing


@pytest.mark.django_db
def test_an_agency_admin_cannot_add_a_department_to_another_agency(
    client, agency_admin, agency, other_agency
):
    client.force_login(agency_admin)
    html = client.get("/admin/agencies/department/add/").content.decode()
    assert options(html, "agency") == {str(agency.pk)}
    client.post("/admin/agencies/department/add/", {"agency": other_agency.pk, "name": "渗透处"})
    assert not Department.objects.filter(agency=other_agency).exists()


@pytest.mark.django_db
def test_an_agency_admin_cannot_move_a_department_to_another_agency(
    client, agency_admin, department_a, other_agency
):
    client.force_login(agency_admin)
    client.post(
        f"/admin/agencies/department/{department_a.pk}/change/",
        {"agency": other_agency.pk, "name": department_a.name, "active": "on"},
    )
    department_a.refresh_from_db()
    assert department_a.agency_id != other_agency.pk


@pytest.mark.django_db
def test_an_agency_admin_cannot_hand_out_object_permissions_on_the_agency(
    client, agency_admin, agency
):
    client.force_login(agency_admin)
    response = client.get(f"/admin/agencies/agency/{agency.pk}/permissions/")
    assert response.status_code in (302, 403, 404)
    assert b"outsider" not in response.content


@pytest.mark.django_db
def test_another_agency_and_its_departments_stay_hidden(
    client, agency_admin, other_agency, other_department
):
    client.force_login(agency_admin)
    assert client.get(f"/admin/agencies/agency/{other_agency.pk}/change/").status_code == 302
    assert (
        client.get(f"/admin/agencies/department/{other_department.pk}/change/").status_code == 302
    )
    listing = client.get("/admin/agencies/department/").content.decode()
    assert other_department.name not in listing


@pytest.mark.django_db
def test_the_platform_admin_sees_everyone(client, sysadmin, agency_admin, admin2, clerk2):
    client.force_login(sysadmin)
    listing = client.get("/admin/auth/user/").content.decode()
    for user in (agency_admin, admin2, clerk2):
        assert change_url(user) in listing
