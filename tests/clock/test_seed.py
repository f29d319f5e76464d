from datetime import date

import pytest
from django.db.models import F

from clock.models import CalendarDay, CalendarYear, DayKind, YearStatus
from clock.seed import HOLIDAY, WORKDAY, DaySpec, package_days


@pytest.mark.django_db
def test_the_migration_seeds_2019_to_2026_as_official():
    official = CalendarYear.objects.filter(status=YearStatus.OFFICIAL)
    assert list(official.values_list("year", flat=True)) == list(range(2019, 2027))
    assert official.get(year=2026).source == "国办发明电〔2025〕7号"
    assert official.get(year=2024).source == "国办发明电〔2023〕7号"
    assert all(y.confirmed_at is not None for y in official)


@pytest.mark.django_db
def test_2027_is_seeded_as_provisional():
    year = CalendarYear.objects.get(year=2027)
    assert year.status == YearStatus.PROVISIONAL
    assert year.confirmed_at is None


@pytest.mark.django_db
def test_the_seeded_spring_festival_2024():
    days = dict(
        CalendarDay.objects.filter(date__range=(date(2024, 2, 1), date(2024, 2, 29)))
        .values_list("date", "kind")
    )
    assert days == {
        date(2024, 2, 4): DayKind.WORKDAY,
        **{date(2024, 2, d): DayKind.HOLIDAY for d in range(12, 17)},
        date(2024, 2, 18): DayKind.WORKDAY,
    }


@pytest.mark.django_db
def test_only_days_that_differ_from_monday_to_friday_are_stored():
    days = list(CalendarDay.objects.values_list("date", "kind"))
    assert days
    for day, kind in days:
        assert (day.weekday() >= 5) == (kind == DayKind.WORKDAY), day
    assert not CalendarDay.objects.exclude(year__year=F("date__year")).exists()


@pytest.mark.django_db
def test_the_2020_spring_festival_extension_is_seeded():
    # 国办发明电〔2020〕1号 extended the holiday to 2 Feb 2020.
    assert CalendarDay.objects.get(date=date(2020, 1, 31)).kind == DayKind.HOLIDAY


def test_package_days_name_each_day_after_its_festival():
    days = {spec.date: spec for spec in package_days(2024)}
    assert days[date(2024, 2, 4)] == DaySpec(date(2024, 2, 4), WORKDAY, "春节")
    assert days[date(2024, 2, 15)] == DaySpec(date(2024, 2, 15), HOLIDAY, "春节")
    assert days[date(2024, 10, 12)].name == "国庆节"


def test_a_shared_break_is_named_after_both_festivals():
    days = {spec.date: spec for spec in package_days(2025)}
    assert days[date(2025, 10, 1)].name == "国庆节"
    assert days[date(2025, 10, 6)].name == "中秋节"
    assert days[date(2025, 10, 8)].name == "国庆节、中秋节"
    assert days[date(2025, 10, 11)] == DaySpec(date(2025, 10, 11), WORKDAY, "国庆节、中秋节")
