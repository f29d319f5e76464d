"""The inbox and the bell: one's own notices only, mark read, a link to the case (the task for
a liaison); the API's list and read."""

from datetime import date

import pytest

from notifications.models import Kind, Notification
from workflow import services

pytestmark = pytest.mark.django_db


def notice(user, case, kind=Kind.CASE_DUE_2, task=None, day=date(2023, 8, 11)):
    return Notification.objects.create(
        recipient=user, case=case, task=task, kind=kind, day=day, text=f"{case.number} 提醒")


def test_the_bell_shows_the_unread_count_on_every_page(client, owned_case, handler):
    Notification.objects.all().delete()
    notice(handler, owned_case)
    notice(handler, owned_case, kind=Kind.CASE_OVERDUE)
    client.force_login(handler)
    for url in ("/", "/cases/", f"/cases/{owned_case.pk}/", "/calendar/"):
        html = client.get(url).content.decode()
        assert 'data-unread="2"' in html, url


def test_open_marks_read_and_goes_to_the_case(client, owned_case, handler, approver):
    Notification.objects.all().delete()
    mine = notice(handler, owned_case)
    theirs = notice(approver, owned_case)
    client.force_login(handler)
    html = client.get("/notifications/").content.decode()
    assert f'data-notification="{mine.pk}"' in html
    assert f'data-notification="{theirs.pk}"' not in html
    response = client.post(f"/notifications/{mine.pk}/read/", {"open": "1"})
    assert response.status_code == 302 and response["Location"] == f"/cases/{owned_case.pk}/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert 'data-unread="0"' in client.get("/").content.decode()
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    assert client.get(f"/notifications/{mine.pk}/read/").status_code == 405


def test_a_liaisons_notice_leads_to_the_task(client, owned_case, handler, dept_a, department_a):
    services.assign(case=owned_case, actor=handler, assigned_on=date(2023, 7, 17), tasks=[
        {"department": department_a.pk, "instructions": "请检索", "due_on": date(2023, 7, 24)}])
    task_notice = Notification.objects.get(recipient=dept_a)
    client.force_login(dept_a)
    response = client.post(f"/notifications/{task_notice.pk}/read/", {"open": "1"})
    assert response["Location"] == f"/tasks/{owned_case.tasks.get().pk}/"
    assert client.get(response["Location"]).status_code == 200


def test_read_all(client, owned_case, handler):
    Notification.objects.all().delete()
    notice(handler, owned_case)
    notice(handler, owned_case, kind=Kind.CASE_OVERDUE)
    client.force_login(handler)
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_api_lists_unread_and_marks_read(api_as, owned_case, handler, approver):
    Notification.objects.all().delete()
    first = notice(handler, owned_case)
    notice(handler, owned_case, kind=Kind.CASE_OVERDUE)
    notice(approver, owned_case)
    api = api_as(handler)
    body = api.get("/api/v1/notifications/", {"unread": "true"}).json()
    assert body["count"] == 2
    assert set(body["results"][0]) >= {"id", "kind", "case", "text", "created_at", "read_at"}
    response = api.post(f"/api/v1/notifications/{first.pk}/read/")
    assert response.status_code == 200 and response.json()["read_at"]
    assert api.get("/api/v1/notifications/", {"unread": "true"}).json()["count"] == 1
    assert api.get("/api/v1/notifications/").json()["count"] == 2
    other = Notification.objects.get(recipient=approver)
    assert api.post(f"/api/v1/notifications/{other.pk}/read/").status_code == 404
    assert api.get("/api/v1/notifications/", {"unread": "maybe"}).status_code == 400
