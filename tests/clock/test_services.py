from datetime import date

import pytest
from django.core.exceptions import ValidationError

from clock import services, store
from clock.models import CalendarDay, CalendarYear, DayKind, YearStatus
from tests.cases.helpers import make_case


@pytest.mark.django_db
def test_a_holiday_must_be_a_weekday():
    with pytest.raises(ValidationError) as exc:
        services.set_day(day=date(2024, 3, 16), kind=DayKind.HOLIDAY)  # a Saturday
    assert "date" in exc.value.message_dict
    assert not CalendarDay.objects.filter(date=date(2024, 3, 16)).exists()


@pytest.mark.django_db
def test_a_working_weekend_must_be_a_weekend():
    with pytest.raises(ValidationError):
        services.set_day(day=date(2024, 3, 14), kind=DayKind.WORKDAY)


@pytest.mark.django_db
def test_an_unknown_kind_is_refused():
    with pytest.raises(ValidationError):
        services.set_day(day=date(2024, 3, 14), kind="half_day")


@pytest.mark.django_db
def test_a_day_in_an_unknown_year_creates_it_provisional():
    day = services.set_day(day=date(2031, 1, 4), kind=DayKind.WORKDAY, name="元旦")
    assert day.year.year == 2031
    assert day.year.status == YearStatus.PROVISIONAL


@pytest.mark.django_db
def test_correcting_a_date_moves_the_day():
    services.set_day(day=date(2024, 3, 14), kind=DayKind.HOLIDAY, name="误登")
    services.set_day(
        day=date(2024, 3, 15), kind=DayKind.HOLIDAY, name="更正", previous=date(2024, 3, 14)
    )
    assert list(
        CalendarDay.objects.filter(date__month=3, date__year=2024).values_list("date", "name")
    ) == [(date(2024, 3, 15), "更正")]


@pytest.mark.django_db
def test_confirm_year_records_who_and_when(agency_admin):
    year = services.confirm_year(year=2027, actor=agency_admin, source="国办发明电〔2026〕1号")
    year.refresh_from_db()
    assert year.status == YearStatus.OFFICIAL
    assert year.confirmed_by == agency_admin
    assert year.confirmed_at is not None
    assert year.source == "国办发明电〔2026〕1号"


@pytest.mark.django_db
def test_a_year_not_loaded_cannot_be_confirmed():
    with pytest.raises(ValidationError):
        services.confirm_year(year=2031)


@pytest.mark.django_db
def test_making_a_year_provisional_again_forgets_the_confirmation(agency_admin):
    services.save_year(year=2026, status=YearStatus.PROVISIONAL, source="待核对")
    year = CalendarYear.objects.get(year=2026)
    assert (year.status, year.confirmed_at, year.confirmed_by) == ("provisional", None, None)
    assert store.get_calendar().is_provisional_year(2026)


@pytest.mark.django_db
def test_deleting_a_year_leaves_weekends_only():
    services.delete_years(years=[2024])
    assert not CalendarDay.objects.filter(date__year=2024).exists()
    calendar = store.get_calendar()
    assert calendar.is_working_day(date(2024, 2, 12))
    assert calendar.is_provisional_year(2024)


@pytest.mark.django_db
def test_a_calendar_change_recomputes_open_cases(agency, clerk):
    # Received Fri 1 Mar 2024: 20 working days -> Fri 29 Mar 2024.
    case = make_case(agency, clerk, received_on=date(2024, 3, 1))
    case.refresh_from_db()
    assert case.reply_due == date(2024, 3, 29)

    services.set_day(day=date(2024, 3, 14), kind=DayKind.HOLIDAY, name="测试假日")
    case.refresh_from_db()
    assert case.reply_due == date(2024, 4, 1)

    services.delete_day(day=date(2024, 3, 14))
    case.refresh_from_db()
    assert case.reply_due == date(2024, 3, 29)


@pytest.mark.django_db
def test_a_date_outside_the_supported_years_is_refused():
    with pytest.raises(ValidationError):
        services.set_day(day=date(1000, 1, 1), kind=DayKind.HOLIDAY)
    with pytest.raises(ValidationError):
        services.import_year(year=9999)
