import pytest

from tests.factories import DepartmentFactory


@pytest.mark.django_db
def test_liaison_sees_only_own_agency_departments(api_as, dept_a, department_b, other_agency):
    DepartmentFactory(agency=other_agency, name="兰陵县自然资源局")
    response = api_as(dept_a).get("/api/v1/departments/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert {d["name"] for d in body["results"]} == {"县自然资源局", "县住房和城乡建设局"}
    assert set(body) == {"count", "next", "previous", "results"}


@pytest.mark.django_db
def test_user_without_membership_sees_no_departments(api_as, department_a):
    from tests.factories import UserFactory

    response = api_as(UserFactory(username="nobody")).get("/api/v1/departments/")
    assert response.json()["count"] == 0


@pytest.mark.django_db
def test_departments_list_is_read_only(api_as, handler):
    assert api_as(handler).post("/api/v1/departments/", {"name": "x"}).status_code == 405
