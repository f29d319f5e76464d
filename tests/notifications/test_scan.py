"""The daily deadline scan, as of a fixed day (the scan's ``today``): who is told what, once."""

from datetime import date

import pytest
from django.core.management import call_command

from notifications import scan
from notifications.models import Kind, Notification
from tests.cases.helpers import make_case
from workflow import services

pytestmark = pytest.mark.django_db

# owned_case: received Fri 2023-07-14, due Fri 2023-08-11.
FIVE_BEFORE = date(2023, 8, 4)  # Fri: the due date is the 5th working day after
TWO_BEFORE = date(2023, 8, 9)  # Wed: the 2nd working day after
AFTER = date(2023, 8, 14)  # Mon: overdue


def kinds(user) -> set[str]:
    return set(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_a_case_due_in_5_then_2_working_days_then_overdue(owned_case, handler, approver, clerk):
    Notification.objects.all().delete()
    scan.scan(date(2023, 8, 3))
    assert Notification.objects.count() == 0  # 6 working days left: nothing yet
    scan.scan(FIVE_BEFORE)
    assert kinds(handler) == kinds(approver) == {Kind.CASE_DUE_5}
    scan.scan(TWO_BEFORE)
    assert kinds(handler) == {Kind.CASE_DUE_5, Kind.CASE_DUE_2}
    scan.scan(AFTER)
    assert kinds(approver) == {Kind.CASE_DUE_5, Kind.CASE_DUE_2, Kind.CASE_OVERDUE}
    assert kinds(clerk) == set()


def test_the_scan_is_idempotent(owned_case, handler):
    Notification.objects.all().delete()
    scan.scan(TWO_BEFORE)
    scan.scan(TWO_BEFORE)
    scan.scan(date(2023, 8, 10))  # the next day, the same deadline: nothing new
    assert Notification.objects.filter(recipient=handler, kind=Kind.CASE_DUE_2).count() == 1


def test_tasks_due_and_overdue_tell_the_liaison_and_the_handler_only(
    owned_case, handler, dept_a, dept_b, department_a
):
    services.assign(case=owned_case, actor=handler, assigned_on=date(2023, 7, 17), tasks=[
        {"department": department_a.pk, "instructions": "请检索", "due_on": date(2023, 7, 24)}])
    Notification.objects.all().delete()
    scan.scan(date(2023, 7, 20))  # Thu: due Mon 7-24, the 2nd working day after
    assert kinds(dept_a) == kinds(handler) == {Kind.TASK_DUE}
    scan.scan(date(2023, 7, 25))
    assert kinds(dept_a) == {Kind.TASK_DUE, Kind.TASK_OVERDUE}
    assert kinds(dept_b) == set()
    notice = Notification.objects.get(recipient=dept_a, kind=Kind.TASK_OVERDUE)
    assert notice.task_id == owned_case.tasks.get().pk and "张三" not in notice.text


def test_a_consultation_answer_due_and_past(owned_case, handler):
    services.consult(case=owned_case, actor=handler, parties=[
        {"kind": "third_party", "name": "某某公司", "sent_on": date(2023, 7, 18),
         "served_on": date(2023, 7, 19)}])
    consultation = owned_case.consultations.get()
    Notification.objects.all().delete()
    scan.scan(consultation.answer_due)
    assert kinds(handler) >= {Kind.CONSULTATION_DUE}
    assert consultation.answer_due == date(2023, 8, 9)  # 15 working days from service
    scan.scan(date(2023, 8, 10))
    assert Kind.CONSULTATION_OVERDUE in kinds(handler)


def test_a_lapsed_correction_tells_the_clerks(agency, clerk, clerk_b, handler, approver):
    case = make_case(agency, clerk)
    services.request_correction(case=case, actor=clerk, items="请补充身份证明",
                                correction_due=date(2023, 7, 31), notice_on=date(2023, 7, 17))
    scan.scan(date(2023, 7, 31))
    assert kinds(clerk) == set()
    scan.scan(date(2023, 8, 1))
    assert kinds(clerk) == kinds(clerk_b) == {Kind.CORRECTION_LAPSED}
    assert "可以终止办理" in Notification.objects.filter(recipient=clerk).get().text
    assert Kind.CORRECTION_LAPSED not in kinds(approver)


def test_the_command_runs_the_scan(owned_case, handler, capsys):
    Notification.objects.all().delete()
    call_command("notify_deadlines", "--date", TWO_BEFORE.isoformat())
    assert "new notification" in capsys.readouterr().out
    assert Kind.CASE_DUE_2 in kinds(handler)


def test_the_scan_costs_the_same_queries_for_3_and_30_cases(
    agency, clerk, handler, approver, django_assert_num_queries
):
    def grow(n):
        while Notification.objects.count() < n * 2:  # a handler and an approver each
            case = make_case(agency, clerk)
            services.set_handler(case=case, actor=approver, handler=handler)
            Notification.objects.filter(kind=Kind.HANDLER_NAMED).delete()
            scan.scan(AFTER)

    grow(3)
    Notification.objects.all().delete()
    # 1. the calendar revision; cases: 2. the rows, 3. the approvers, 4. the insert; 5. tasks,
    # 6. consultations; lapses: 7. corrections, 8. fees; mails (in a savepoint: 9 and 13):
    # 10. the pending notices, locked, 11. their recipients' settings, 12. closed as skipped
    # (nobody here has an address)
    with django_assert_num_queries(13):
        scan.scan(AFTER)
    grow(30)
    Notification.objects.all().delete()
    with django_assert_num_queries(13):
        scan.scan(AFTER)
    assert Notification.objects.count() == 60
