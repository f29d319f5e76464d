"""The calendar of this process, built from the tables and rebuilt only when they change.

Cost of `get_calendar()`: one query (the revision row) while the cached calendar is current;
three (revision, years, days) when it has to be rebuilt. Callers that need the calendar many
times in one request should fetch it once and pass it on.
"""

from __future__ import annotations

import uuid
from datetime import date

from clock.models import CalendarDay, CalendarRevision, CalendarYear, DayKind, YearStatus
from rules.calendar import WorkingCalendar

# (revision token, calendar); replaced as a whole, never mutated.
_cached: tuple[uuid.UUID | None, WorkingCalendar] | None = None


def current_revision() -> uuid.UUID | None:
    """The token of the last committed (or, inside its transaction, pending) change."""
    return CalendarRevision.objects.filter(pk=1).values_list("token", flat=True).first()


def get_calendar() -> WorkingCalendar:
    """The working-day calendar as stored, as seen by this database connection."""
    global _cached
    token = current_revision()
    cached = _cached
    if cached is not None and cached[0] == token:
        return cached[1]
    calendar = build_calendar()
    # Stored under the token read *before* the build: if another change commits in between,
    # the next call sees a newer token and builds again. Concurrent threads may both build;
    # either result is right.
    _cached = (token, calendar)
    return calendar


def build_calendar() -> WorkingCalendar:
    """A calendar from the tables (two queries)."""
    official = CalendarYear.objects.filter(status=YearStatus.OFFICIAL).values_list(
        "year", flat=True
    )
    off, work = [], []
    for day, kind in CalendarDay.objects.values_list("date", "kind"):
        (off if kind == DayKind.HOLIDAY else work).append(day)
    return WorkingCalendar(off_days=off, working_weekends=work, official_years=list(official))


def forget() -> None:
    """Drop this process's cached calendar (tests; never needed for correctness)."""
    global _cached
    _cached = None


def add_working_days(start: date, days: int) -> tuple[date, bool]:
    """The `days`-th working day after `start`, and whether a provisional year lies between."""
    calendar = get_calendar()
    result = calendar.add_working_days(start, days)
    return result, bool(calendar.provisional_years(start, result))
