"""Reads for the calendar pages."""

from __future__ import annotations

import calendar as stdlib_calendar
from dataclasses import dataclass
from datetime import date

from clock.models import CalendarDay, CalendarYear, DayKind


@dataclass(frozen=True, slots=True)
class Cell:
    date: date
    in_month: bool
    kind: str | None  # DayKind value when the day differs from Monday-Friday
    name: str
    working: bool
    today: bool

    @property
    def css_classes(self) -> str:
        classes = [] if self.in_month else ["other-month"]
        classes += [] if self.working else ["off"]
        classes += [self.kind] if self.kind else []
        return " ".join(classes)


@dataclass(frozen=True, slots=True)
class Month:
    year: int
    month: int
    weeks: list[list[Cell]]
    calendar_year: CalendarYear | None  # None: the year is not loaded at all

    @property
    def provisional(self) -> bool:
        return self.calendar_year is None or not self.calendar_year.is_official


def month_view(year: int, month: int, today: date) -> Month:
    """The Monday-first grid of a month (two queries: its days, its year)."""
    weeks = stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    days = {
        d.date: d for d in CalendarDay.objects.filter(date__range=(first, last)).only(
            "date", "kind", "name"
        )
    }
    grid = []
    for week in weeks:
        row = []
        for day in week:
            stored = days.get(day)
            kind = stored.kind if stored else None
            if kind is None:
                working = day.weekday() < 5
            else:
                working = kind == DayKind.WORKDAY
            row.append(
                Cell(
                    date=day,
                    in_month=day.month == month,
                    kind=kind,
                    name=stored.name if stored else "",
                    working=working,
                    today=day == today,
                )
            )
        grid.append(row)
    return Month(
        year=year,
        month=month,
        weeks=grid,
        calendar_year=CalendarYear.objects.filter(year=year).first(),
    )
