import pytest

ROLES = ["clerk", "handler", "approver", "dept_a", "auditor", "agency_admin"]
HOME_MARKERS = {
    "clerk": "clerk", "handler": "handler", "approver": "approver", "dept_a": "liaison",
    "auditor": "auditor", "agency_admin": "agency_admin",
}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ROLES)
def test_every_role_lands_on_its_own_home(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    assert f'data-home="{HOME_MARKERS[who]}"' in response.content.decode()


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.django_db
def test_login_page_renders_in_chinese(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "登录" in response.content.decode()


@pytest.mark.django_db
def test_login_with_form_lands_on_home(client, handler):
    response = client.post(
        "/accounts/login/", {"username": "handler", "password": "demo1234"}, follow=True
    )
    assert 'data-home="handler"' in response.content.decode()


@pytest.mark.django_db
def test_wrong_password_shows_error_and_keeps_username(client, handler):
    response = client.post("/accounts/login/", {"username": "handler", "password": "nope"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="handler"' in html
    assert 'role="alert"' in html


@pytest.mark.django_db
def test_logout_is_post_only_and_works(client, handler):
    client.force_login(handler)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_navigation_is_role_aware(client, handler, agency_admin):
    client.force_login(handler)
    assert "系统管理" not in client.get("/").content.decode()
    client.force_login(agency_admin)
    assert "系统管理" in client.get("/").content.decode()


@pytest.mark.django_db
def test_user_without_role_gets_a_clear_page(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="nobody"))
    assert "尚未分配角色" in client.get("/").content.decode()


@pytest.mark.django_db
def test_admin_pages_use_chinese_labels(client, agency_admin):
    client.force_login(agency_admin)
    response = client.get(f"/admin/agencies/agency/{agency_admin.membership.agency_id}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "行政复议机关" in html and "案件编号格式" in html


@pytest.mark.django_db
def test_agency_admin_sees_only_own_agency_in_admin(client, agency_admin, other_agency):
    client.force_login(agency_admin)
    assert client.get(f"/admin/agencies/agency/{other_agency.pk}/change/").status_code == 302
    listing = client.get("/admin/agencies/agency/").content.decode()
    assert "郯城县人民政府办公室" in listing and "兰陵县" not in listing
