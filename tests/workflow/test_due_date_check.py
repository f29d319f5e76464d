"""workflow.W001 / W002: the stored due dates (``Case.reply_due``, a copy for lists and filters)
against the live computation, which is authoritative. Every recompute notes the calendar it
used (DueDateRefresh); the check warns when the tables now hold another calendar, or when the
daily refresh has not run while a pause keeps moving due dates."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import Case
from clock import services as calendar_services
from clock.models import CalendarDay, CalendarYear, DayKind
from tests.cases.helpers import make_case
from workflow import services
from workflow.checks import check_due_dates
from workflow.clock import recompute_open_cases, stale_due_dates
from workflow.models import DueDateRefresh

pytestmark = pytest.mark.django_db

# A Wednesday inside the period of the demo case (received 2023-07-14, due 2023-08-11).
A_WEDNESDAY = date(2023, 7, 26)


def ids() -> list[str]:
    return [w.id for w in check_due_dates(databases=["default"])]


def test_nothing_to_warn_about_without_open_cases(agency, clerk):
    assert ids() == []
    case = make_case(agency, clerk)
    services.withdraw(case=case, actor=clerk, reason="撤回")
    assert ids() == []


def test_open_cases_never_refreshed_are_flagged_until_the_refresh_runs(agency, clerk):
    make_case(agency, clerk)
    assert ids() == ["workflow.W001"]
    call_command("refresh_due_dates")
    assert ids() == []
    marker = DueDateRefresh.objects.get()
    assert marker.refreshed_on == timezone.localdate()


def test_a_calendar_change_behind_the_services_back_is_flagged(agency, clerk):
    case = make_case(agency, clerk)
    recompute_open_cases()
    due = Case.objects.get(pk=case.pk).reply_due
    # A row written straight into the table (a fixture, SQL, a data migration): no revision
    # bump, no recompute; the stored due date is now a day early.
    year = CalendarYear.objects.get_or_create(year=2023)[0]
    CalendarDay.objects.create(date=A_WEDNESDAY, year=year, kind=DayKind.HOLIDAY, name="测试")
    assert ids() == ["workflow.W001"]
    assert Case.objects.get(pk=case.pk).reply_due == due
    call_command("refresh_due_dates")
    assert Case.objects.get(pk=case.pk).reply_due > due
    assert ids() == []


def test_a_calendar_change_through_the_services_recomputes_and_stays_quiet(agency, clerk):
    case = make_case(agency, clerk)
    recompute_open_cases()
    due = Case.objects.get(pk=case.pk).reply_due
    calendar_services.set_day(day=A_WEDNESDAY, kind=DayKind.HOLIDAY, name="测试")
    assert Case.objects.get(pk=case.pk).reply_due == date(2023, 8, 14)  # Friday to Monday
    assert ids() == []
    calendar_services.delete_day(day=A_WEDNESDAY)
    assert Case.objects.get(pk=case.pk).reply_due == due
    assert ids() == []


def test_a_running_pause_needs_the_daily_refresh(agency, handler):
    case = make_case(agency, handler)
    services.consult(
        case=case,
        actor=handler,
        parties=[{"kind": "third_party", "name": "某公司", "sent_on": timezone.localdate()}],
    )
    recompute_open_cases()
    assert ids() == []
    DueDateRefresh.objects.update(refreshed_on=timezone.localdate() - timedelta(days=1))
    assert ids() == ["workflow.W002"]
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert stale_due_dates(today=tomorrow) == ["daily"]


def test_a_silent_party_past_its_deadline_moves_nothing(agency, handler):
    case = make_case(agency, handler)
    services.consult(
        case=case,
        actor=handler,
        parties=[{"kind": "third_party", "name": "某公司", "sent_on": date(2023, 7, 21)}],
    )
    consultation = case.consultations.get()
    # Not yet served: no deadline, the pause runs on and the daily refresh matters.
    recompute_open_cases()
    DueDateRefresh.objects.update(refreshed_on=date(2023, 9, 1))
    assert ids() == ["workflow.W002"]
    services.record_consultation_service(
        consultation=consultation, actor=handler, served_on=date(2023, 7, 24)
    )
    recompute_open_cases()
    # Refreshed after the party's deadline (15 working days after service on 2023-07-24): the
    # pause has ended, so a missed daily refresh changes no date.
    DueDateRefresh.objects.update(refreshed_on=date(2023, 9, 1))
    assert ids() == []


def test_an_unserved_silent_party_keeps_the_pause_running(agency, handler):
    case = make_case(agency, handler)
    services.consult(
        case=case,
        actor=handler,
        parties=[{"kind": "third_party", "name": "某公司", "sent_on": date(2023, 7, 21)}],
    )
    recompute_open_cases()
    # No service date: its 15 working days have not begun, the pause still runs today.
    DueDateRefresh.objects.update(refreshed_on=date(2023, 9, 1))
    assert ids() == ["workflow.W002"]


def test_the_warning_shows_with_the_database_checks(agency, clerk, capsys):
    make_case(agency, clerk)
    call_command("check", "--database", "default")
    assert "workflow.W001" in capsys.readouterr().err
