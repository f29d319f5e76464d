import uuid
from datetime import date

import pytest

from clock import services, store
from clock.models import CalendarDay, CalendarRevision, CalendarYear, DayKind
from rules.calendar import WorkingCalendar

# An ordinary Thursday in 2024, and the Friday after it.
THURSDAY, FRIDAY = date(2024, 3, 14), date(2024, 3, 15)


@pytest.mark.django_db
def test_it_builds_the_calendar_from_the_tables():
    calendar = store.get_calendar()
    assert isinstance(calendar, WorkingCalendar)
    assert not calendar.is_working_day(date(2024, 2, 12))  # 春节
    assert calendar.is_working_day(date(2024, 2, 4))  # Sunday, 调休上班
    assert set(range(2019, 2027)) <= calendar.official_years
    assert calendar.is_provisional_year(2027)


@pytest.mark.django_db
def test_a_cached_calendar_costs_one_query(django_assert_num_queries):
    first = store.get_calendar()
    with django_assert_num_queries(1):  # the revision row
        again = store.get_calendar()
    assert again is first


@pytest.mark.django_db
def test_a_rebuild_costs_three_queries(django_assert_num_queries):
    with django_assert_num_queries(3):  # revision row, official years, days
        store.get_calendar()


@pytest.mark.django_db
def test_a_change_through_the_service_is_seen_by_the_next_call():
    before = store.get_calendar()
    assert before.add_working_days(date(2024, 3, 13), 1) == THURSDAY

    services.set_day(day=THURSDAY, kind=DayKind.HOLIDAY, name="测试假日")

    after = store.get_calendar()
    assert after is not before
    assert not after.is_working_day(THURSDAY)
    assert after.add_working_days(date(2024, 3, 13), 1) == FRIDAY


@pytest.mark.django_db
def test_every_change_bumps_the_revision():
    def revision() -> tuple[int, uuid.UUID]:
        row = CalendarRevision.objects.get(pk=1)
        return row.number, row.token

    start = revision()
    services.set_day(day=THURSDAY, kind=DayKind.HOLIDAY)
    after_set = revision()
    services.delete_day(day=THURSDAY)
    after_delete = revision()
    services.confirm_year(year=2027)
    after_confirm = revision()

    assert [n for n, _ in (start, after_set, after_delete, after_confirm)] == [
        start[0], start[0] + 1, start[0] + 2, start[0] + 3
    ]
    assert len({t for _, t in (start, after_set, after_delete, after_confirm)}) == 4


@pytest.mark.django_db
def test_a_change_committed_elsewhere_is_seen_through_the_revision():
    """Another process writes the rows and bumps the revision; we only share the database."""
    store.get_calendar()
    year = CalendarYear.objects.get(year=2024)
    CalendarDay.objects.create(date=THURSDAY, year=year, kind=DayKind.HOLIDAY)
    # Without a bump the cache is (by contract) still used...
    assert store.get_calendar().is_working_day(THURSDAY)
    # ...and the other process's bump makes the next call rebuild.
    CalendarRevision.objects.filter(pk=1).update(token=uuid.uuid4())
    assert not store.get_calendar().is_working_day(THURSDAY)


@pytest.mark.django_db
def test_a_rolled_back_change_is_not_kept():
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        services.set_day(day=THURSDAY, kind=DayKind.HOLIDAY)
        assert not store.get_calendar().is_working_day(THURSDAY)
        raise RuntimeError("roll back")
    assert store.get_calendar().is_working_day(THURSDAY)


@pytest.mark.django_db
def test_a_missing_revision_row_is_recreated():
    CalendarRevision.objects.all().delete()
    assert store.get_calendar().is_working_day(THURSDAY)
    services.set_day(day=THURSDAY, kind=DayKind.HOLIDAY)
    assert CalendarRevision.objects.get().number == 1
    assert not store.get_calendar().is_working_day(THURSDAY)


@pytest.mark.django_db
def test_add_working_days_reports_provisional_years():
    assert store.add_working_days(date(2023, 9, 28), 1) == (date(2023, 10, 7), False)
    due, provisional = store.add_working_days(date(2026, 12, 20), 20)
    assert due.year == 2027 and provisional
