"""Notices caused by acts: each to the right people only, once, with no applicant data for
liaisons."""

from datetime import date

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from notifications.models import Kind, Notification, NotificationSetting
from tests.cases.helpers import PERSON, make_case
from workflow import services
from workflow.events import deliver

pytestmark = pytest.mark.django_db


def kinds_of(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def assign_to_a(case, handler, department_a):
    return services.assign(case=case, actor=handler, assigned_on=date(2023, 7, 17), tasks=[
        {"department": department_a.pk, "instructions": "请检索", "due_on": date(2023, 7, 24)}])


def test_a_new_task_tells_its_departments_liaisons_only(
    owned_case, handler, dept_a, dept_b, department_a
):
    assign_to_a(owned_case, handler, department_a)
    notice = Notification.objects.get(recipient=dept_a)
    assert notice.kind == Kind.TASK_ASSIGNED and notice.task == owned_case.tasks.get()
    assert owned_case.number in notice.text and "2023年7月24日" in notice.text
    assert kinds_of(dept_b) == []


def test_no_applicant_data_reaches_a_liaison_by_mail(
    owned_case, handler, dept_a, department_a, with_addresses
):
    NotificationSetting.objects.create(user=dept_a, email_mode="immediate")
    assign_to_a(owned_case, handler, department_a)
    [message] = [m for m in mail.outbox if m.to == ["dept_a@example.gov.cn"]]
    body = message.subject + message.body
    assert owned_case.number in body and f"/tasks/{owned_case.tasks.get().pk}/" in body
    for secret in (PERSON["name"], PERSON["phone"], PERSON["id_number"], PERSON["address"]):
        assert secret not in body
    assert f"/cases/{owned_case.pk}/" not in body  # not the case page: a liaison cannot open it


def test_a_submitted_draft_tells_the_approvers_and_a_rejection_tells_the_handler(
    owned_case, handler, approver
):
    services.submit_reply(case=owned_case, actor=handler, decision="unavailable.not_held",
                          text="经检索，本机关未制作该信息。")
    assert kinds_of(approver) == [Kind.APPROVAL_WAITING]
    services.reject_reply(case=owned_case, actor=approver, comment="请补充检索范围")
    notice = Notification.objects.get(recipient=handler, kind=Kind.DRAFT_RETURNED)
    assert "请补充检索范围" in notice.text


def test_the_new_handler_is_told(agency, clerk, handler, approver):
    case = make_case(agency, clerk)
    services.set_handler(case=case, actor=approver, handler=handler)
    assert kinds_of(handler) == [Kind.HANDLER_NAMED]


def test_a_subscriber_run_twice_creates_each_notice_once(owned_case, handler, dept_a,
                                                         department_a):
    assign_to_a(owned_case, handler, department_a)
    event = owned_case.events.get(name="assign")
    deliver.delay(event.pk, "notifications.subscribers.tell_liaisons_of_new_tasks")
    assert Notification.objects.filter(recipient=dept_a).count() == 1


def test_a_notice_is_unique_per_case_kind_recipient_and_day(owned_case, handler):
    values = {"recipient": handler, "case": owned_case, "kind": Kind.CASE_DUE_2,
              "day": date(2023, 8, 11), "text": "x"}
    Notification.objects.create(**values)
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(**values)
