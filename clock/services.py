"""Every change to the calendar goes through here (admin, command, code), so that each one
bumps the revision and recomputes the due dates of open cases in the same transaction."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from clock import seed
from clock.models import (
    CalendarDay,
    CalendarRevision,
    CalendarYear,
    DayKind,
    YearStatus,
    check_day,
    check_year,
)
from clock.seed import DaySpec
from workflow.clock import recompute_open_cases

__all__ = [
    "DaySpec",
    "apply_changes",
    "confirm_year",
    "delete_day",
    "delete_years",
    "import_year",
    "save_year",
    "set_day",
]


def set_day(
    *, day: date, kind: str, name: str = "", previous: date | None = None
) -> CalendarDay:
    """Store one holiday (weekday off) or working weekend; its year is created (provisional)
    when missing. `previous`: the date this entry had before a correction (it is removed)."""
    moved = [previous] if previous is not None and previous != day else []
    apply_changes(set_days=[DaySpec(day, kind, name)], delete_dates=moved)
    return CalendarDay.objects.get(date=day)


def delete_day(*, day: date) -> None:
    """Back to the default (Monday-Friday working)."""
    apply_changes(delete_dates=[day])


@transaction.atomic
def apply_changes(
    *, set_days: Iterable[DaySpec] = (), delete_dates: Iterable[date] = ()
) -> None:
    """Delete, then store, a batch of days: one revision bump and one recompute in all."""
    set_days, delete_dates = list(set_days), list(delete_dates)
    for spec in set_days:
        if spec.kind not in DayKind.values:
            raise ValidationError({"kind": _("未知的日期类型：%(kind)s") % {"kind": spec.kind}})
        check_day(spec.date, spec.kind)
    CalendarDay.objects.filter(date__in=delete_dates).delete()
    years = {spec.date.year for spec in set_days}
    by_year = {y.year: y for y in CalendarYear.objects.filter(year__in=years)}
    for number in years - by_year.keys():
        by_year[number] = CalendarYear.objects.create(year=number)
    for spec in set_days:
        CalendarDay.objects.update_or_create(
            date=spec.date,
            defaults={"year": by_year[spec.date.year], "kind": spec.kind, "name": spec.name},
        )
    edited = [spec.date for spec in set_days] + delete_dates
    _calendar_changed((min(edited), max(edited)) if edited else None)


@transaction.atomic
def save_year(
    *, year: int, status: str, source: str = "", actor=None
) -> CalendarYear:
    """Create or edit a year. Becoming official records who confirmed it and when."""
    check_year(year)
    obj, _created = CalendarYear.objects.select_for_update().get_or_create(year=year)
    _set_status(obj, status, actor)
    obj.source = source
    obj.save()
    _calendar_changed(_years_span([year]))
    return obj


@transaction.atomic
def confirm_year(*, year: int, actor=None, source: str | None = None) -> CalendarYear:
    """Mark a loaded year official: its days now follow the State Council notice."""
    obj = CalendarYear.objects.select_for_update().filter(year=year).first()
    if obj is None:
        raise ValidationError(
            {"year": _("%(year)s 年的日历尚未导入，无法确认。") % {"year": year}}
        )
    _set_status(obj, YearStatus.OFFICIAL, actor)
    if source is not None:
        obj.source = source
    obj.save()
    _calendar_changed(_years_span([year]))
    return obj


@transaction.atomic
def delete_years(*, years: Iterable[int]) -> None:
    """Remove years and their days: those years fall back to weekends only (provisional)."""
    years = list(years)
    CalendarYear.objects.filter(year__in=years).delete()
    _calendar_changed(_years_span(years))


@transaction.atomic
def import_year(
    *,
    year: int,
    official: bool = False,
    replace: bool = False,
    actor=None,
    source: str | None = None,
) -> CalendarYear:
    """Load `year` from the `holidays` package; provisional unless `official`.

    A year already stored is only overwritten with `replace` (its days are replaced).
    """
    check_year(year)
    existing = CalendarYear.objects.select_for_update().filter(year=year).first()
    if existing is not None and not replace:
        raise ValidationError(
            {"year": _("%(year)s 年的日历已存在；如需覆盖请使用 replace。") % {"year": year}}
        )
    obj = existing or CalendarYear(year=year)
    _set_status(obj, YearStatus.OFFICIAL if official else YearStatus.PROVISIONAL, actor)
    obj.source = source if source is not None else seed.source_note(year, official)
    obj.save()
    obj.days.all().delete()
    CalendarDay.objects.bulk_create(
        CalendarDay(date=spec.date, year=obj, kind=spec.kind, name=spec.name)
        for spec in seed.package_days(year)
    )
    _calendar_changed(_years_span([year]))
    return obj


def _set_status(obj: CalendarYear, status: str, actor) -> None:
    if status not in YearStatus.values:
        raise ValidationError({"status": _("未知的状态：%(status)s") % {"status": status}})
    if status == YearStatus.OFFICIAL and (obj.status != status or obj.confirmed_at is None):
        obj.confirmed_by = actor
        obj.confirmed_at = timezone.now()
    elif status == YearStatus.PROVISIONAL:
        obj.confirmed_by = None
        obj.confirmed_at = None
    obj.status = status


def _years_span(years: list[int]) -> tuple[date, date] | None:
    return (date(min(years), 1, 1), date(max(years), 12, 31)) if years else None


def _calendar_changed(edited: tuple[date, date] | None = None) -> None:
    """The one place that follows every change, inside its transaction: bump the revision
    (every process's cached calendar is stale once we commit; the row lock also serialises
    concurrent changes), then recompute the stored due dates of the open cases whose clock
    window holds an ``edited`` day (first, last); all open cases when it is None."""
    bumped = CalendarRevision.objects.filter(pk=1).update(
        number=F("number") + 1, token=uuid.uuid4(), changed_at=timezone.now()
    )
    if not bumped:
        CalendarRevision.objects.create(pk=1, number=1)
    recompute_open_cases(edited)
