"""A calendar edit recomputes only the open cases whose clock window holds the edited day, in one
set-based UPDATE, and gets the same due dates as the full recompute."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case
from clock import services as calendar_services
from clock.models import DayKind
from tests.cases.helpers import make_case
from workflow import clock, services

pytestmark = pytest.mark.django_db


def test_a_one_day_edit_moves_cases_whose_window_holds_it_and_reads_no_others(agency, handler):
    inside = make_case(agency, handler, received_on=date(2023, 7, 14))  # due 2023-08-11
    later = make_case(agency, handler, received_on=date(2023, 9, 1))
    before = inside.reply_due
    # A stale date on a case the edit cannot reach stays as it is: it was not even read.
    Case.objects.filter(pk=later.pk).update(reply_due=date(2099, 1, 1))
    calendar_services.set_day(day=date(2023, 7, 26), kind=DayKind.HOLIDAY, name="临时假日")
    inside.refresh_from_db()
    later.refresh_from_db()
    assert inside.reply_due > before
    assert later.reply_due == date(2099, 1, 1)


def test_a_pause_beyond_the_due_date_is_inside_the_window(agency, handler):
    case = make_case(agency, handler, received_on=date(2023, 7, 14))
    services.consult(case=case, actor=handler, parties=[
        {"kind": "third_party", "name": "某公司", "sent_on": date(2023, 8, 10)}])
    case.refresh_from_db()
    due = case.reply_due
    calendar_services.set_day(day=due, kind=DayKind.HOLIDAY, name="临时假日")
    case.refresh_from_db()
    assert case.reply_due > due


def test_the_windowed_recompute_agrees_with_the_full_one(agency, handler):
    cases = [make_case(agency, handler, received_on=date(2023, 7, d)) for d in (3, 10, 17, 24)]
    services.consult(case=cases[1], actor=handler, parties=[
        {"kind": "third_party", "name": "某公司", "sent_on": date(2023, 7, 20)}])
    calendar_services.set_day(day=date(2023, 8, 2), kind=DayKind.HOLIDAY, name="临时假日")
    windowed = dict(Case.objects.values_list("pk", "reply_due"))
    Case.objects.update(reply_due=None)
    clock.recompute_open_cases()
    assert dict(Case.objects.values_list("pk", "reply_due")) == windowed


def test_the_changed_rows_are_written_by_one_update(agency, handler):
    for day in (3, 10, 17):
        make_case(agency, handler, received_on=date(2023, 7, day))
    Case.objects.update(reply_due=None)
    with CaptureQueriesContext(connection) as queries:
        assert clock.recompute_open_cases((date(2023, 7, 20), date(2023, 7, 20))) == 3
    updates = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    # 1 query on PostgreSQL (unnest); SQLite's bulk_update is one statement per 500 rows.
    assert len(updates) == 1
