from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from clock import store
from clock.models import CalendarDay, CalendarRevision, CalendarYear, DayKind, YearStatus


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_holidays", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_imports_a_new_year_as_provisional():
    before = CalendarRevision.objects.get().number
    output = run("--year", "2031")
    year = CalendarYear.objects.get(year=2031)
    assert year.status == YearStatus.PROVISIONAL
    assert "2031" in output
    # The package estimates the statutory days: 1 Jan 2031 is a Wednesday.
    new_year = CalendarDay.objects.get(date=date(2031, 1, 1))
    assert (new_year.kind, new_year.name) == (DayKind.HOLIDAY, "元旦")
    assert CalendarRevision.objects.get().number == before + 1
    assert not store.get_calendar().is_working_day(date(2031, 1, 1))


@pytest.mark.django_db
def test_it_confirms_a_loaded_year(handler):
    run("--year", "2027", "--confirm", "--user", "handler")
    year = CalendarYear.objects.get(year=2027)
    assert year.status == YearStatus.OFFICIAL
    assert year.confirmed_by == handler
    assert not store.get_calendar().is_provisional_year(2027)


@pytest.mark.django_db
def test_confirm_on_a_new_year_imports_it_as_official():
    run("--year", "2031", "--confirm", "--source", "国办发明电〔2030〕9号")
    year = CalendarYear.objects.get(year=2031)
    assert (year.status, year.source) == (YearStatus.OFFICIAL, "国办发明电〔2030〕9号")
    assert year.days.exists()


@pytest.mark.django_db
def test_a_stored_year_is_only_overwritten_with_replace():
    CalendarDay.objects.filter(date=date(2024, 2, 12)).update(name="手工更正")
    with pytest.raises(CommandError, match="已存在"):
        run("--year", "2024")
    assert CalendarDay.objects.get(date=date(2024, 2, 12)).name == "手工更正"

    run("--year", "2024", "--replace", "--confirm")
    assert CalendarDay.objects.get(date=date(2024, 2, 12)).name == "春节"
    assert CalendarYear.objects.get(year=2024).status == YearStatus.OFFICIAL


@pytest.mark.django_db
def test_replace_without_confirm_makes_the_year_provisional():
    run("--year", "2024", "--replace")
    assert CalendarYear.objects.get(year=2024).status == YearStatus.PROVISIONAL


@pytest.mark.django_db
def test_an_unknown_user_is_an_error():
    with pytest.raises(CommandError, match="nobody"):
        run("--year", "2027", "--confirm", "--user", "nobody")
    assert CalendarYear.objects.get(year=2027).status == YearStatus.PROVISIONAL
