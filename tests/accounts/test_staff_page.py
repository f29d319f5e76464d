"""The agency admin's own user-management page (人员管理), outside the Django admin: create a
member of staff, give a role and department, deactivate, reset a password; every change in
the account log, which agency admins and auditors of that agency read."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.models import AccountEvent, EventKind
from agencies.models import Role

User = get_user_model()
NEW = {
    "username": "clerk_new",
    "last_name": "陈",
    "first_name": "新员",
    "email": "",
    "role": Role.CLERK,
    "department": "",
    "password1": "Tq8!wiru-Lop2",
    "password2": "Tq8!wiru-Lop2",
}


def create(client, **overrides):
    return client.post(reverse("accounts:staff_new"), {**NEW, **overrides})


@pytest.mark.django_db
def test_the_page_lists_own_staff_with_chinese_role_permissions(
    client, agency_admin, clerk, handler, clerk2, co_admin
):
    client.force_login(agency_admin)
    html = client.get(reverse("accounts:staff")).content.decode()
    assert 'data-staff="clerk"' in html and 'data-staff="handler"' in html
    assert 'data-staff="clerk2"' not in html  # another agency
    assert 'data-staff="co_admin"' not in html  # another agency admin
    assert "登记申请、补正、收费、撤回、送达与归档" in html
    assert "审批答复和延期" in html
    assert "Can " not in html


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["clerk", "auditor", "handler", "sysadmin"])
def test_only_agency_admins_open_it(client, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("accounts:staff")).status_code == 403
    assert create(client).status_code == 403
    assert not User.objects.filter(username="clerk_new").exists()


@pytest.mark.django_db
def test_creating_staff_records_and_forces_a_password_change(client, agency_admin, agency):
    client.force_login(agency_admin)
    response = create(client)
    user = User.objects.get(username="clerk_new")
    assert response.status_code == 302
    assert (user.membership.agency, user.membership.role) == (agency, Role.CLERK)
    assert not user.is_staff and not user.is_superuser
    kinds = set(AccountEvent.objects.filter(user=user).values_list("kind", flat=True))
    assert kinds == {EventKind.STAFF_CREATED, EventKind.ROLE_GRANTED, EventKind.PASSWORD_SET}
    grant = AccountEvent.objects.get(user=user, kind=EventKind.ROLE_GRANTED)
    assert (grant.actor, grant.role, grant.agency) == (agency_admin, Role.CLERK, agency)

    client.logout()
    client.post(reverse("login"), {"username": "clerk_new", "password": NEW["password1"]})
    response = client.get(reverse("cases:list"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password")
    token = client.post(
        "/api/v1/auth/token/",
        {"username": "clerk_new", "password": NEW["password1"]},
        content_type="application/json",
    )
    assert token.status_code == 403
    client.post(
        reverse("accounts:password"),
        {
            "old_password": NEW["password1"],
            "new_password1": "Bx5$volu-Nem8",
            "new_password2": "Bx5$volu-Nem8",
        },
    )
    assert client.get(reverse("cases:list")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password, message",
    [
        ("short1!x", "密码太短，至少需要 10 个字符"),
        ("password123", "这个密码太常见了"),
        ("clerk_new1", "太相似"),
    ],
)
def test_weak_passwords_are_refused_next_to_the_field(client, agency_admin, password, message):
    client.force_login(agency_admin)
    response = create(client, password1=password, password2=password)
    assert response.status_code == 200
    assert not User.objects.filter(username="clerk_new").exists()
    assert message in response.content.decode()


@pytest.mark.django_db
def test_an_agency_admin_cannot_create_an_agency_admin(client, agency_admin):
    client.force_login(agency_admin)
    response = create(client, role=Role.AGENCY_ADMIN)
    assert response.status_code == 200
    assert not User.objects.filter(username="clerk_new").exists()


@pytest.mark.django_db
def test_a_liaison_needs_a_department_of_the_own_agency(
    client, agency_admin, department_a, other_agency
):
    from tests.factories import DepartmentFactory

    foreign = DepartmentFactory(agency=other_agency)
    client.force_login(agency_admin)
    assert create(client, role=Role.LIAISON).status_code == 200
    assert create(client, role=Role.LIAISON, department=foreign.pk).status_code == 200
    assert not User.objects.filter(username="clerk_new").exists()
    assert create(client, role=Role.LIAISON, department=department_a.pk).status_code == 302
    assert User.objects.get(username="clerk_new").membership.department == department_a


@pytest.mark.django_db
def test_changing_a_role_is_recorded_and_moves_the_group(client, agency_admin, clerk, agency):
    client.force_login(agency_admin)
    response = client.post(
        reverse("accounts:staff_detail", args=[clerk.pk]), {"role": Role.HANDLER}
    )
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert clerk.membership.role == Role.HANDLER
    assert list(clerk.groups.values_list("name", flat=True)) == [Role.HANDLER]
    event = AccountEvent.objects.get(kind=EventKind.ROLE_GRANTED, user=clerk)
    assert (event.actor, event.role, event.previous_role) == (agency_admin, "handler", "clerk")


@pytest.mark.django_db
def test_changes_in_the_django_admin_are_recorded_too(client, agency_admin, clerk, agency):
    from tests.accounts.test_admin_tenancy import change_data

    client.force_login(agency_admin)
    client.post(f"/admin/auth/user/{clerk.pk}/change/", change_data(clerk, agency, Role.APPROVER))
    event = AccountEvent.objects.get(kind=EventKind.ROLE_GRANTED, user=clerk)
    assert (event.actor, event.role, event.previous_role, event.channel) == (
        agency_admin,
        "approver",
        "clerk",
        "admin",
    )


@pytest.mark.django_db
def test_the_platform_admin_granting_agency_admin_is_recorded(client, sysadmin, clerk, agency):
    from tests.accounts.test_admin_tenancy import change_data

    client.force_login(sysadmin)
    response = client.post(
        f"/admin/auth/user/{clerk.pk}/change/", change_data(clerk, agency, Role.AGENCY_ADMIN)
    )
    assert response.status_code == 302
    event = AccountEvent.objects.get(kind=EventKind.ROLE_GRANTED, user=clerk)
    assert (event.actor, event.role) == (sysadmin, "agency_admin")
    clerk.refresh_from_db()
    assert clerk.is_staff
    assert client.get("/admin/accounts/accountevent/").status_code == 200


@pytest.mark.django_db
def test_deactivating_and_resetting_a_password(client, agency_admin, clerk):
    client.force_login(agency_admin)
    client.post(reverse("accounts:staff_action", args=[clerk.pk, "deactivate"]))
    clerk.refresh_from_db()
    assert not clerk.is_active
    client.post(reverse("accounts:staff_action", args=[clerk.pk, "reactivate"]))
    client.post(
        reverse("accounts:staff_password", args=[clerk.pk]),
        {"password1": "Kd3!ropa-Vem7", "password2": "Kd3!ropa-Vem7"},
    )
    clerk.refresh_from_db()
    assert clerk.is_active and clerk.check_password("Kd3!ropa-Vem7")
    kinds = list(
        AccountEvent.objects.filter(user=clerk).order_by("id").values_list("kind", flat=True)
    )
    assert kinds == [EventKind.DEACTIVATED, EventKind.REACTIVATED, EventKind.PASSWORD_SET]


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["co_admin", "clerk2", "member_superuser", "agency_admin"])
def test_no_other_admin_superuser_or_foreign_staff_is_reachable(
    client, agency_admin, target, request
):
    victim = request.getfixturevalue(target)
    client.force_login(agency_admin)
    assert client.get(reverse("accounts:staff_detail", args=[victim.pk])).status_code == 404
    client.post(
        reverse("accounts:staff_password", args=[victim.pk]),
        {"password1": "Kd3!ropa-Vem7", "password2": "Kd3!ropa-Vem7"},
    )
    client.post(reverse("accounts:staff_action", args=[victim.pk, "deactivate"]))
    victim.refresh_from_db()
    assert victim.is_active and victim.check_password("demo1234")


@pytest.mark.django_db
def test_the_log_shows_each_agency_its_own(client, agency_admin, auditor, admin2, clerk, clerk2):
    client.post(reverse("login"), {"username": "clerk2", "password": "bad"})
    client.post(reverse("login"), {"username": "clerk", "password": "bad"})
    for reader in (agency_admin, auditor):
        client.force_login(reader)
        html = client.get(reverse("accounts:log")).content.decode()
        assert "clerk2" not in html and "<td>clerk</td>" in html
    client.force_login(admin2)
    html = client.get(reverse("accounts:log")).content.decode()
    assert "<td>clerk2</td>" in html and "<td>clerk</td>" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["clerk", "handler", "approver", "dept_a"])
def test_other_roles_cannot_read_the_log(client, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("accounts:log")).status_code == 403


@pytest.mark.django_db
def test_the_log_api_gives_each_agency_its_own(api_as, client, agency_admin, admin2, clerk, clerk2):
    client.post(reverse("login"), {"username": "clerk2", "password": "bad"})
    client.post(reverse("login"), {"username": "clerk", "password": "bad"})
    body = api_as(agency_admin).get("/api/v1/account-events/", {"kind": "login_failed"}).json()
    assert [e["username"] for e in body["results"]] == ["clerk"]
    body = api_as(admin2).get("/api/v1/account-events/", {"kind": "login_failed"}).json()
    assert [e["username"] for e in body["results"]] == ["clerk2"]
    assert api_as(clerk).get("/api/v1/account-events/").status_code == 403
    assert api_as(agency_admin).get("/api/v1/account-events/", {"kind": "x"}).status_code == 400


@pytest.mark.django_db
def test_deactivating_in_the_django_admin_is_recorded_and_ends_tokens(
    client, api, agency_admin, clerk, agency
):
    from knox.models import AuthToken

    from tests.accounts.test_admin_tenancy import change_data

    AuthToken.objects.create(user=clerk)
    client.force_login(agency_admin)
    data = change_data(clerk, agency, Role.CLERK)
    del data["is_active"]
    assert client.post(f"/admin/auth/user/{clerk.pk}/change/", data).status_code == 302
    clerk.refresh_from_db()
    assert not clerk.is_active and not AuthToken.objects.filter(user=clerk).exists()
    event = AccountEvent.objects.get(kind=EventKind.DEACTIVATED)
    assert (event.user, event.actor, event.channel) == (clerk, agency_admin, "admin")


@pytest.mark.django_db
def test_a_password_set_in_the_django_admin_is_recorded_and_ends_tokens(
    client, agency_admin, clerk
):
    from knox.models import AuthToken

    AuthToken.objects.create(user=clerk)
    client.force_login(agency_admin)
    response = client.post(
        f"/admin/auth/user/{clerk.pk}/password/",
        {"password1": "Kd3!ropa-Vem7", "password2": "Kd3!ropa-Vem7", "usable_password": "true"},
    )
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert clerk.check_password("Kd3!ropa-Vem7")
    assert not AuthToken.objects.filter(user=clerk).exists()
    assert AccountEvent.objects.filter(kind=EventKind.PASSWORD_SET, user=clerk,
                                       actor=agency_admin).exists()


@pytest.mark.django_db
def test_a_user_added_in_the_django_admin_must_change_the_password(client, agency_admin, agency):
    from accounts.services import must_change_password
    from tests.accounts.test_admin_tenancy import add_user

    client.force_login(agency_admin)
    assert add_user(client, "newbie", agency=agency.pk, role=Role.HANDLER).status_code == 302
    user = User.objects.get(username="newbie")
    assert user.membership.role == Role.HANDLER and must_change_password(user)
    grant = AccountEvent.objects.get(kind=EventKind.ROLE_GRANTED, user=user)
    assert (grant.actor, grant.channel) == (agency_admin, "admin")
