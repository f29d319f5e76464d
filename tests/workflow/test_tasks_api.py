"""GET /api/v1/tasks/ and POST /api/v1/tasks/{id}/respond/: departments see and answer only
their own tasks, and never the applicant's identity or contact data."""

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from cases.models import Case
from rules.states import Status
from tests.cases.helpers import make_case
from tests.factories import make_member
from workflow import services
from workflow.models import Event, Task

pytestmark = pytest.mark.django_db

APPLICANT_SECRETS = ("张三", "11010519491231002X", "13800138000", "人民路2号")


def assign(case, handler, *departments, assigned_on=date(2023, 7, 17)):
    services.assign(
        case=case,
        actor=handler,
        assigned_on=assigned_on,
        tasks=[
            {"department": d.pk, "instructions": f"请{d.name}检索", "due_on": date(2023, 7, 24)}
            for d in departments
        ],
    )
    return {t.department_id: t for t in Task.objects.filter(case=case)}


@pytest.fixture
def case(agency, clerk):
    return make_case(agency, clerk)


@pytest.fixture
def tasks(case, handler, department_a, department_b):
    return assign(case, handler, department_a, department_b)


def respond(api, task, **payload):
    body = {"holds_information": True, "answer": "我局保存有该批复", "responded_on": "2023-07-20"}
    body.update(payload)
    return api.post(f"/api/v1/tasks/{task.pk}/respond/", body, format="json")


def listed(response) -> list[int]:
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


# -- the list ----------------------------------------------------------------------------------


def test_a_liaison_sees_only_its_department_tasks(api_as, dept_a, dept_b, tasks, department_a):
    response = api_as(dept_a).get("/api/v1/tasks/")
    assert listed(response) == [tasks[department_a.pk].pk]
    row = response.json()["results"][0]
    assert row["case_number"] == "郯政办依申〔2023〕1号"
    assert row["description"] == "2023年郯城县城区道路改造工程的立项批复文件"
    assert row["department"] == "县自然资源局"
    assert row["instructions"] == "请县自然资源局检索"
    assert row["due_on"] == "2023-07-24" and row["status"] == "open"
    assert {
        "id", "case", "case_number", "description", "department", "instructions",
        "due_on", "status", "holds_information", "answer", "responded_on",
    } <= set(row)
    assert len(listed(api_as(dept_b).get("/api/v1/tasks/"))) == 1


def test_a_liaison_never_sees_the_applicant(api_as, dept_a, tasks, department_a):
    client = api_as(dept_a)
    text = json.dumps(client.get("/api/v1/tasks/").json(), ensure_ascii=False)
    answered = json.dumps(respond(client, tasks[department_a.pk]).json(), ensure_ascii=False)
    for secret in APPLICANT_SECRETS:
        assert secret not in text
        assert secret not in answered
    row = client.get("/api/v1/tasks/").json()["results"][0]
    assert not {"applicant", "applicant_name", "id_number", "phone", "email", "address"} & set(row)


@pytest.mark.parametrize("who", ["handler", "clerk", "approver", "auditor"])
def test_case_staff_see_all_the_agency_tasks(api_as, request, tasks, who):
    response = api_as(request.getfixturevalue(who)).get("/api/v1/tasks/")
    assert sorted(listed(response)) == sorted(t.pk for t in tasks.values())


def test_an_outsider_sees_no_task(api_as, outsider, tasks):
    assert listed(api_as(outsider).get("/api/v1/tasks/")) == []


def test_the_list_filters_by_status(api_as, handler, dept_a, tasks, department_a):
    respond(api_as(dept_a), tasks[department_a.pk])
    client = api_as(handler)
    assert listed(client.get("/api/v1/tasks/?status=answered")) == [tasks[department_a.pk].pk]
    assert len(listed(client.get("/api/v1/tasks/?status=open"))) == 1


def test_unauthenticated_is_401(api, tasks):
    assert api.get("/api/v1/tasks/").status_code == 401
    assert respond(api, next(iter(tasks.values()))).status_code == 401


def test_the_case_detail_is_404_for_liaisons(api_as, dept_a, case, tasks):
    response = api_as(dept_a).get(f"/api/v1/cases/{case.pk}/")
    assert response.status_code == 404


# -- respond -----------------------------------------------------------------------------------


def test_a_department_answers_its_task(api_as, dept_a, case, tasks, department_a):
    task = tasks[department_a.pk]
    response = respond(api_as(dept_a), task)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "answered"
    assert body["holds_information"] is True
    assert body["answer"] == "我局保存有该批复"
    assert body["responded_on"] == "2023-07-20"
    fresh = Task.objects.get(pk=task.pk)
    assert fresh.responded_by == dept_a
    event = Event.objects.filter(case=case).latest("seq")
    assert event.name == "respond_task" and event.actor == dept_a
    assert event.payload["department"] == "县自然资源局"
    assert event.source == event.target == Status.ASSISTING
    assert Case.objects.get(pk=case.pk).status == Status.ASSISTING


def test_responded_on_defaults_to_today(api_as, dept_a, tasks, department_a):
    client = api_as(dept_a)
    response = client.post(
        f"/api/v1/tasks/{tasks[department_a.pk].pk}/respond/",
        {"holds_information": False, "answer": "未检索到"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["responded_on"] == timezone.localdate().isoformat()


def test_a_second_answer_is_409(api_as, dept_a, tasks, department_a):
    client = api_as(dept_a)
    assert respond(client, tasks[department_a.pk]).status_code == 200
    again = respond(client, tasks[department_a.pk], answer="更正：未保存")
    assert again.status_code == 409
    assert set(again.json()) == {"detail"}
    assert Task.objects.get(pk=tasks[department_a.pk].pk).answer == "我局保存有该批复"


def test_an_answer_before_the_assignment_is_400(api_as, dept_a, tasks, department_a):
    response = respond(api_as(dept_a), tasks[department_a.pk], responded_on="2023-07-16")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["responded_on"]
    assert Task.objects.get(pk=tasks[department_a.pk].pk).status == "open"


def test_an_answer_in_the_future_is_400(api_as, dept_a, tasks, department_a):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = respond(api_as(dept_a), tasks[department_a.pk], responded_on=tomorrow)
    assert response.status_code == 400
    assert "responded_on" in response.json()["errors"]


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"holds_information": None}, "holds_information"),
        ({"answer": ""}, "answer"),
        ({"responded_on": "2023-02-30"}, "responded_on"),
        ({"secret": "x"}, "secret"),
    ],
)
def test_a_bad_answer_is_400_naming_the_field(api_as, dept_a, tasks, department_a, payload, field):
    response = respond(api_as(dept_a), tasks[department_a.pk], **payload)
    assert response.status_code == 400
    assert field in response.json()["errors"], response.json()


@pytest.mark.parametrize("body", [[], [1, 2], "x"])
def test_a_body_of_the_wrong_shape_is_400(api_as, dept_a, tasks, department_a, body):
    response = api_as(dept_a).post(
        f"/api/v1/tasks/{tasks[department_a.pk].pk}/respond/", body, format="json"
    )
    assert response.status_code == 400


def test_another_department_gets_404(api_as, dept_b, tasks, department_a):
    response = respond(api_as(dept_b), tasks[department_a.pk])
    assert response.status_code == 404
    assert Task.objects.get(pk=tasks[department_a.pk].pk).status == "open"


def test_an_outsider_gets_404(api_as, outsider, tasks, department_a):
    assert respond(api_as(outsider), tasks[department_a.pk]).status_code == 404


def test_case_staff_cannot_answer_for_a_department(api_as, handler, tasks, department_a):
    assert respond(api_as(handler), tasks[department_a.pk]).status_code == 403


def test_respond_is_post_only(api_as, dept_a, tasks, department_a):
    url = f"/api/v1/tasks/{tasks[department_a.pk].pk}/respond/"
    assert api_as(dept_a).get(url).status_code == 405


def test_no_answer_once_the_case_is_closed(api_as, clerk, dept_a, case, tasks, department_a):
    services.withdraw(case=case, actor=clerk, reason="撤回", withdrawn_on=date(2023, 7, 18))
    assert respond(api_as(dept_a), tasks[department_a.pk]).status_code == 409


# -- query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["handler", "dept_a"])
def test_the_list_runs_the_same_queries_for_5_and_50_tasks(
    api_as, agency, clerk, handler, department_a, who, django_assert_num_queries
):
    if who == "dept_a":
        reader = make_member("reader", "liaison", agency, department_a)
    else:
        reader = make_member("reader", "handler", agency)
    client = api_as(reader)
    client.get("/api/v1/tasks/")  # warm the user's permission cache
    for count in (5, 50):
        while Task.objects.count() < count:
            assign(make_case(agency, clerk), handler, department_a)
        # 1. COUNT(*) of the visible tasks (pagination)
        # 2. the page of tasks joined with their cases and departments
        with django_assert_num_queries(2):
            response = client.get("/api/v1/tasks/")
        assert response.json()["count"] == count
