"""/tasks/ (workflow:inbox) and /tasks/<id>/ (workflow:task): a department's own tasks, the
request without the applicant, and the answer form."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.cases.helpers import make_case
from workflow import services
from workflow.models import Task, TaskStatus

pytestmark = pytest.mark.django_db

APPLICANT_SECRETS = ("张三", "11010519491231002X", "13800138000", "人民路2号")
PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def tasks(agency, clerk, handler, department_a, department_b):
    case = make_case(agency, clerk)
    services.assign(case=case, actor=handler, assigned_on=date(2023, 7, 17), tasks=[
        {"department": d.pk, "instructions": f"请{d.name}检索立项批复", "due_on": date(2023, 7, 24)}
        for d in (department_a, department_b)
    ])
    return {t.department_id: t for t in Task.objects.all()}


def answer(client, task, **data):
    body = {"holds_information": "true", "answer": "我局保存有该批复", "responded_on": "2023-07-20"}
    body.update(data)
    return client.post(f"/tasks/{task.pk}/", body)


def test_the_inbox_lists_only_the_departments_tasks(client, tasks, dept_a, department_a):
    client.force_login(dept_a)
    response = client.get("/tasks/")
    assert response.status_code == 200
    assert [t.pk for t in response.context["open_tasks"]] == [tasks[department_a.pk].pk]
    html = response.content.decode()
    assert "请县自然资源局检索" not in html  # instructions are on the task page only
    assert "逾期</span>" in html  # due 2023-07-24, still open


def test_the_task_page_never_shows_the_applicant(client, tasks, dept_a, department_a):
    client.force_login(dept_a)
    response = client.get(f"/tasks/{tasks[department_a.pk].pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "道路改造工程" in html and "请县自然资源局检索立项批复" in html
    assert tasks[department_a.pk].case.number in html
    for secret in APPLICANT_SECRETS:
        assert secret not in html, secret


def test_a_liaison_answers_with_files(client, tasks, dept_a, department_a):
    client.force_login(dept_a)
    task = tasks[department_a.pk]
    scan = SimpleUploadedFile("检索记录.pdf", PDF, content_type="application/pdf")
    response = answer(client, task, files=[scan])
    assert response.status_code == 302 and response.url == "/tasks/"
    task.refresh_from_db()
    assert task.status == TaskStatus.ANSWERED and task.holds_information is True
    assert [a.original_name for a in task.attachments.all()] == ["检索记录.pdf"]
    page = client.get(f"/tasks/{task.pk}/").content.decode()
    assert "我局保存有该批复" in page and "<form method=\"post\" enctype" not in page


def test_a_bad_answer_keeps_the_text_and_names_the_field(client, tasks, dept_a, department_a):
    client.force_login(dept_a)
    response = answer(client, tasks[department_a.pk], holds_information="", answer="经检索")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_task_holds_information_error"' in html and "经检索</textarea>" in html
    early = answer(client, tasks[department_a.pk], responded_on="2023-07-10")
    assert 'id="id_task_responded_on_error"' in early.content.decode()


def test_answering_twice_is_a_409_with_a_message(client, tasks, dept_a, department_a):
    client.force_login(dept_a)
    answer(client, tasks[department_a.pk])
    again = answer(client, tasks[department_a.pk])
    assert again.status_code == 409 and "该任务已经答复" in again.content.decode()


def test_another_departments_task_is_404(client, tasks, dept_a, department_b, outsider):
    for user in (dept_a, outsider):
        client.force_login(user)
        assert client.get(f"/tasks/{tasks[department_b.pk].pk}/").status_code == 404
        assert answer(client, tasks[department_b.pk]).status_code == 404
    assert tasks[department_b.pk].status == TaskStatus.OPEN


def test_case_staff_may_read_but_not_answer(client, tasks, handler, department_a):
    client.force_login(handler)
    task = tasks[department_a.pk]
    assert client.get(f"/tasks/{task.pk}/").status_code == 200
    assert answer(client, task).status_code == 403
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_wrong_method(client, tasks, dept_a, department_a):
    client.force_login(dept_a)
    assert client.post("/tasks/").status_code == 405
    assert client.put(f"/tasks/{tasks[department_a.pk].pk}/").status_code == 405
