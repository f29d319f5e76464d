"""A year of the calendar as the `holidays` package knows it, as rows to store. Pure: no ORM.

The dates come from rules.calendar's builder (which also applies its corrections); the
package's Chinese names only label them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from rules.calendar import (
    WorkingCalendar,
    china_calendar_from_holidays,
    package_notice_years,
)

HOLIDAY = "holiday"
WORKDAY = "workday"

# The State Council notice of each year (国务院办公厅关于某年部分节假日安排的通知).
NOTICES: dict[int, str] = {
    2019: "国办发明电〔2018〕15号",
    2020: "国办发明电〔2019〕16号、国办发明电〔2020〕1号",
    2021: "国办发明电〔2020〕27号",
    2022: "国办发明电〔2021〕11号",
    2023: "国办发明电〔2022〕16号",
    2024: "国办发明电〔2023〕7号",
    2025: "国办发明电〔2024〕12号",
    2026: "国办发明电〔2025〕7号",
}

# The notices name a whole block after its festival ("春节：1月28日（农历除夕）至2月4日").
_ALIASES = {"农历除夕": "春节", "春节延长假期": "春节"}
_LONGEST = timedelta(days=15)  # no break is longer (2020 Spring Festival: 10 days)
_SWAPPED = re.compile(r"由 (\d{4}-\d{2}-\d{2}) 调休")


@dataclass(frozen=True, slots=True)
class DaySpec:
    date: date
    kind: str  # HOLIDAY | WORKDAY
    name: str = ""


def source_note(year: int, official: bool) -> str:
    if official and year in NOTICES:
        return NOTICES[year]
    if year in package_notice_years():
        return f"holidays 软件包（{year}年放假通知）"
    return "holidays 软件包（法定节日推算，未含调休）"


def package_days(year: int) -> list[DaySpec]:
    """The days of `year` that differ from Monday-Friday, with festival names, by date.

    For a year without a loaded notice the package estimates the statutory days (moving those
    that fall on a weekend); such a year must be stored as provisional.
    """
    off, work = china_calendar_from_holidays([year])
    calendar = WorkingCalendar(off_days=off, working_weekends=work)
    names = _package_names(year)
    swapped_for = {
        date.fromisoformat(m.group(1)): d
        for d, name in names.items()
        if (m := _SWAPPED.search(name))
    }
    festivals = {d: _festival(n) for d, n in names.items() if not _SWAPPED.search(n)}

    def own_or_break_name(day: date) -> str:
        return festivals.get(day) or _break_name(calendar, festivals, day)

    days = [DaySpec(d, HOLIDAY, own_or_break_name(d)) for d in calendar.off_days]
    for d in calendar.working_weekends:
        anchor = swapped_for.get(d)
        name = _break_name(calendar, festivals, anchor) if anchor else _nearest(festivals, d)
        days.append(DaySpec(d, WORKDAY, name))
    return sorted(days, key=lambda spec: spec.date)


def _package_names(year: int) -> dict[date, str]:
    import holidays

    return dict(holidays.country_holidays("CN", years=[year], language="zh_CN").items())


def _festival(name: str) -> str:
    parts = [part.replace("（补假）", "").strip() for part in name.split(";")]
    parts = [_ALIASES.get(part, part) for part in parts]
    return "、".join(dict.fromkeys(p for p in parts if p))


def _break_name(calendar: WorkingCalendar, festivals: dict[date, str], day: date) -> str:
    """The festivals of the run of days off around `day`, in date order ("国庆节、中秋节")."""
    start = end = day
    while not calendar.is_working_day(start - timedelta(days=1)) and day - start < _LONGEST:
        start -= timedelta(days=1)
    while not calendar.is_working_day(end + timedelta(days=1)) and end - day < _LONGEST:
        end += timedelta(days=1)
    names = [festivals[d] for d in sorted(festivals) if start <= d <= end]
    return "、".join(dict.fromkeys(part for name in names for part in name.split("、")))


def _nearest(festivals: dict[date, str], day: date) -> str:
    if not festivals:
        return ""
    nearest = min(festivals, key=lambda d: (abs((d - day).days), d))
    return festivals[nearest]
