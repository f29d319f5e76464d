"""Working-day calendar: real State Council notices, edge cases and properties vs a naive model."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.calendar import (
    WorkingCalendar,
    china_calendar,
    china_calendar_from_holidays,
    package_notice_years,
)

D = date
CN = china_calendar(range(2019, 2028))

# The State Council notices (国务院办公厅关于…年部分节假日安排的通知), transcribed by hand:
# holiday periods as the notice states them (weekends included) and the 调休 working weekends.
NOTICES: dict[int, tuple[list[tuple[date, date]], list[date]]] = {
    2019: (
        [
            (D(2019, 1, 1), D(2019, 1, 1)),
            (D(2019, 2, 4), D(2019, 2, 10)),
            (D(2019, 4, 5), D(2019, 4, 7)),
            # Labour Day as revised by 国办发明电〔2019〕2号.
            (D(2019, 5, 1), D(2019, 5, 4)),
            (D(2019, 6, 7), D(2019, 6, 9)),
            (D(2019, 9, 13), D(2019, 9, 15)),
            (D(2019, 10, 1), D(2019, 10, 7)),
        ],
        [
            D(2019, 2, 2),
            D(2019, 2, 3),
            D(2019, 4, 28),
            D(2019, 5, 5),
            D(2019, 9, 29),
            D(2019, 10, 12),
        ],
    ),
    2020: (
        [
            (D(2020, 1, 1), D(2020, 1, 1)),
            # 24-30 Jan, extended to 2 Feb by 国办发明电〔2020〕1号 (Sat 1 Feb no longer worked).
            (D(2020, 1, 24), D(2020, 2, 2)),
            (D(2020, 4, 4), D(2020, 4, 6)),
            (D(2020, 5, 1), D(2020, 5, 5)),
            (D(2020, 6, 25), D(2020, 6, 27)),
            (D(2020, 10, 1), D(2020, 10, 8)),
        ],
        [
            D(2020, 1, 19),
            D(2020, 4, 26),
            D(2020, 5, 9),
            D(2020, 6, 28),
            D(2020, 9, 27),
            D(2020, 10, 10),
        ],
    ),
    2021: (
        [
            (D(2021, 1, 1), D(2021, 1, 3)),
            (D(2021, 2, 11), D(2021, 2, 17)),
            (D(2021, 4, 3), D(2021, 4, 5)),
            (D(2021, 5, 1), D(2021, 5, 5)),
            (D(2021, 6, 12), D(2021, 6, 14)),
            (D(2021, 9, 19), D(2021, 9, 21)),
            (D(2021, 10, 1), D(2021, 10, 7)),
        ],
        [
            D(2021, 2, 7),
            D(2021, 2, 20),
            D(2021, 4, 25),
            D(2021, 5, 8),
            D(2021, 9, 18),
            D(2021, 9, 26),
            D(2021, 10, 9),
        ],
    ),
    2022: (
        [
            (D(2022, 1, 1), D(2022, 1, 3)),
            (D(2022, 1, 31), D(2022, 2, 6)),
            (D(2022, 4, 3), D(2022, 4, 5)),
            (D(2022, 4, 30), D(2022, 5, 4)),
            (D(2022, 6, 3), D(2022, 6, 5)),
            (D(2022, 9, 10), D(2022, 9, 12)),
            (D(2022, 10, 1), D(2022, 10, 7)),
        ],
        [
            D(2022, 1, 29),
            D(2022, 1, 30),
            D(2022, 4, 2),
            D(2022, 4, 24),
            D(2022, 5, 7),
            D(2022, 10, 8),
            D(2022, 10, 9),
        ],
    ),
    2023: (
        [
            (D(2023, 1, 1), D(2023, 1, 2)),
            (D(2023, 1, 21), D(2023, 1, 27)),
            (D(2023, 4, 5), D(2023, 4, 5)),
            (D(2023, 4, 29), D(2023, 5, 3)),
            (D(2023, 6, 22), D(2023, 6, 24)),
            (D(2023, 9, 29), D(2023, 10, 6)),
        ],
        [
            D(2023, 1, 28),
            D(2023, 1, 29),
            D(2023, 4, 23),
            D(2023, 5, 6),
            D(2023, 6, 25),
            D(2023, 10, 7),
            D(2023, 10, 8),
        ],
    ),
    2024: (
        [
            (D(2024, 1, 1), D(2024, 1, 1)),
            (D(2024, 2, 10), D(2024, 2, 17)),
            (D(2024, 4, 4), D(2024, 4, 6)),
            (D(2024, 5, 1), D(2024, 5, 5)),
            (D(2024, 6, 8), D(2024, 6, 10)),
            (D(2024, 9, 15), D(2024, 9, 17)),
            (D(2024, 10, 1), D(2024, 10, 7)),
        ],
        [
            D(2024, 2, 4),
            D(2024, 2, 18),
            D(2024, 4, 7),
            D(2024, 4, 28),
            D(2024, 5, 11),
            D(2024, 9, 14),
            D(2024, 9, 29),
            D(2024, 10, 12),
        ],
    ),
    2025: (
        [
            (D(2025, 1, 1), D(2025, 1, 1)),
            (D(2025, 1, 28), D(2025, 2, 4)),
            (D(2025, 4, 4), D(2025, 4, 6)),
            (D(2025, 5, 1), D(2025, 5, 5)),
            (D(2025, 5, 31), D(2025, 6, 2)),
            (D(2025, 10, 1), D(2025, 10, 8)),
        ],
        [D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11)],
    ),
    2026: (
        [
            (D(2026, 1, 1), D(2026, 1, 3)),
            (D(2026, 2, 15), D(2026, 2, 23)),
            (D(2026, 4, 4), D(2026, 4, 6)),
            (D(2026, 5, 1), D(2026, 5, 5)),
            (D(2026, 6, 19), D(2026, 6, 21)),
            (D(2026, 9, 25), D(2026, 9, 27)),
            (D(2026, 10, 1), D(2026, 10, 7)),
        ],
        [
            D(2026, 1, 4),
            D(2026, 2, 14),
            D(2026, 2, 28),
            D(2026, 5, 9),
            D(2026, 9, 20),
            D(2026, 10, 10),
        ],
    ),
}


def _days(first: date, last: date):
    d = first
    while d <= last:
        yield d
        d += timedelta(days=1)


# -- the seeded calendar against the notices --------------------------------------------------


@pytest.mark.parametrize("year", sorted(NOTICES))
def test_seeded_calendar_matches_notice_every_day(year):
    periods, working_weekends = NOTICES[year]
    off = {d for first, last in periods for d in _days(first, last)}
    for d in _days(D(year, 1, 1), D(year, 12, 31)):
        expected = d in working_weekends or (d.weekday() < 5 and d not in off)
        assert CN.is_working_day(d) is expected, d


def test_every_year_the_package_calls_official_has_been_checked_here():
    # A `holidays` upgrade that adds e.g. the 2027 notice makes 2027 official: transcribe the
    # notice into NOTICES (and check the package against it) before trusting it.
    assert set(range(2019, 2027)) <= CN.official_years
    assert CN.official_years <= set(NOTICES), "add the new year's notice to NOTICES"


def test_from_holidays_returns_weekday_off_days_and_weekend_working_days():
    off, work = china_calendar_from_holidays([2023])
    assert all(d.weekday() < 5 and d.year == 2023 for d in off)
    assert all(d.weekday() >= 5 and d.year == 2023 for d in work)
    assert {D(2023, 9, 29), D(2023, 10, 2), D(2023, 10, 6)} <= off
    assert D(2023, 10, 1) not in off  # a Sunday: off anyway
    assert work == {
        D(2023, 1, 28),
        D(2023, 1, 29),
        D(2023, 4, 23),
        D(2023, 5, 6),
        D(2023, 6, 25),
        D(2023, 10, 7),
        D(2023, 10, 8),
    }
    assert china_calendar_from_holidays([]) == (frozenset(), frozenset())


def test_2020_extension_is_in_the_seed():
    off, work = china_calendar_from_holidays([2020])
    assert D(2020, 1, 31) in off
    assert D(2020, 2, 1) not in work
    assert D(2020, 1, 19) in work


def test_official_years_default_and_override():
    assert 2026 in package_notice_years()
    assert CN.is_provisional_year(2027)
    assert not CN.is_provisional_year(2026)
    cal = china_calendar([2025, 2026], official_years=[2025])
    assert cal.official_years == {2025}
    assert cal.is_provisional_year(2026)


def test_provisional_year_uses_package_estimate():
    # No 2027 notice in holidays 0.108: New Year's Day (Fri 1 Jan 2027) is estimated off.
    assert not CN.is_working_day(D(2027, 1, 1))
    assert CN.is_working_day(D(2027, 1, 4))


# -- is_working_day / add / between on real dates ---------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # 2023 Mid-Autumn + National Day: 29 Sep-6 Oct off, Sat 7 and Sun 8 Oct working.
        (D(2023, 9, 28), True),
        (D(2023, 9, 29), False),
        (D(2023, 10, 2), False),
        (D(2023, 10, 6), False),
        (D(2023, 10, 7), True),
        (D(2023, 10, 8), True),
        (D(2023, 10, 14), False),
        # 2020 Spring Festival, extended to 2 Feb.
        (D(2020, 1, 19), True),
        (D(2020, 1, 23), True),
        (D(2020, 1, 24), False),
        (D(2020, 1, 31), False),
        (D(2020, 2, 1), False),
        (D(2020, 2, 3), True),
        # 2024 Spring Festival: 10-17 Feb off, Sun 4 and Sun 18 Feb working.
        (D(2024, 2, 4), True),
        (D(2024, 2, 9), True),
        (D(2024, 2, 12), False),
        (D(2024, 2, 16), False),
        (D(2024, 2, 18), True),
        # 2026 Spring Festival: 15-23 Feb off, Sat 14 and Sat 28 Feb working.
        (D(2026, 2, 14), True),
        (D(2026, 2, 16), False),
        (D(2026, 2, 20), False),
        (D(2026, 2, 23), False),
        (D(2026, 2, 24), True),
        (D(2026, 2, 28), True),
        (D(2026, 3, 1), False),
    ],
)
def test_is_working_day(day, working):
    assert CN.is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2023, 9, 28), 1, D(2023, 10, 7)),  # first working day is a Saturday
        (D(2023, 9, 28), 2, D(2023, 10, 8)),
        (D(2023, 9, 28), 7, D(2023, 10, 13)),
        (D(2023, 9, 28), 20, D(2023, 11, 1)),
        (D(2023, 10, 1), 20, D(2023, 11, 1)),  # start on a holiday
        (D(2023, 7, 15), 20, D(2023, 8, 11)),  # start on a Saturday
        (D(2023, 7, 14), 20, D(2023, 8, 11)),
        (D(2020, 1, 17), 1, D(2020, 1, 19)),  # Sunday 19 Jan 2020 worked
        (D(2020, 1, 23), 1, D(2020, 2, 3)),
        (D(2020, 1, 23), 20, D(2020, 2, 28)),  # 2020-02-27 without the extension
        (D(2024, 2, 2), 1, D(2024, 2, 4)),
        (D(2024, 2, 2), 7, D(2024, 2, 18)),
        (D(2024, 2, 2), 20, D(2024, 3, 6)),
        (D(2024, 2, 12), 20, D(2024, 3, 14)),  # start in the holiday
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        (D(2026, 2, 13), 2, D(2026, 2, 24)),
        (D(2026, 2, 13), 6, D(2026, 2, 28)),
        (D(2026, 2, 13), 20, D(2026, 3, 19)),
        (D(2026, 2, 14), 20, D(2026, 3, 20)),
        (D(2023, 9, 25), 15, D(2023, 10, 20)),
        (D(2026, 12, 15), 20, D(2027, 1, 13)),  # crosses into provisional 2027
    ],
)
def test_add_working_days(start, n, expected):
    assert CN.add_working_days(start, n) == expected


def test_add_zero_returns_the_day_itself_even_on_a_holiday():
    assert CN.add_working_days(D(2023, 10, 1), 0) == D(2023, 10, 1)
    assert CN.add_working_days(D(2023, 9, 28), 0) == D(2023, 9, 28)


def test_add_negative_is_rejected():
    with pytest.raises(ValueError):
        CN.add_working_days(D(2023, 9, 28), -1)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (D(2023, 9, 28), D(2023, 10, 6), 0),
        (D(2023, 9, 28), D(2023, 10, 8), 2),
        (D(2023, 9, 27), D(2023, 10, 9), 4),
        (D(2020, 1, 23), D(2020, 2, 2), 0),
        (D(2024, 2, 9), D(2024, 2, 18), 1),
        (D(2026, 2, 13), D(2026, 2, 28), 6),
        (D(2023, 10, 9), D(2023, 10, 9), 0),
        (D(2023, 10, 9), D(2023, 9, 1), 0),
        (D(2023, 1, 1), D(2023, 12, 31), 249),  # see test_working_days_in_2023_by_hand
    ],
)
def test_working_days_between(a, b, expected):
    assert CN.working_days_between(a, b) == expected


def test_working_days_in_2023_by_hand():
    # 2023 has 260 weekdays; the notice puts 18 weekdays off (2 Jan, 23-27 Jan, 5 Apr, 1-3 May,
    # 22-23 Jun, 29 Sep, 2-6 Oct) and makes 7 weekend days working days: 260 - 18 + 7 = 249.
    assert CN.working_days_between(D(2022, 12, 31), D(2023, 12, 31)) == 249


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2023, 10, 7), D(2023, 9, 28)),
        (D(2023, 10, 9), D(2023, 10, 8)),
        (D(2020, 2, 3), D(2020, 1, 23)),
        (D(2024, 2, 19), D(2024, 2, 18)),
        (D(2024, 2, 18), D(2024, 2, 9)),
        (D(2023, 10, 16), D(2023, 10, 13)),
    ],
)
def test_previous_working_day(day, expected):
    assert CN.previous_working_day(day) == expected


def test_provisional_years():
    assert CN.provisional_years(D(2026, 12, 15), D(2027, 1, 13)) == (2027,)
    assert CN.provisional_years(D(2026, 1, 1), D(2026, 12, 31)) == ()
    assert CN.provisional_years(D(2018, 12, 1), D(2028, 1, 1)) == (2018, 2027, 2028)
    assert CN.provisional_years(D(2027, 1, 1), D(2026, 1, 1)) == ()


# -- construction -----------------------------------------------------------------------------


def test_weekend_off_days_are_dropped_and_value_semantics():
    cal = WorkingCalendar(off_days=[D(2023, 10, 1), D(2023, 10, 2)], official_years=[2023])
    assert cal.off_days == {D(2023, 10, 2)}
    assert cal == WorkingCalendar(off_days={D(2023, 10, 2)}, official_years={2023})
    assert hash(cal) == hash(WorkingCalendar(off_days={D(2023, 10, 2)}, official_years={2023}))
    with pytest.raises(AttributeError):
        cal.off_days = frozenset()  # type: ignore[misc]


def test_invalid_calendars_are_rejected():
    with pytest.raises(ValueError):
        WorkingCalendar(working_weekends=[D(2023, 10, 9)])  # a Monday
    with pytest.raises(ValueError):
        WorkingCalendar(off_days=[D(2023, 10, 7)], working_weekends=[D(2023, 10, 7)])
    with pytest.raises(TypeError):
        WorkingCalendar(off_days=[datetime(2023, 10, 2, 0, 0)])


def test_plain_weekend_calendar():
    cal = WorkingCalendar()
    assert cal.add_working_days(D(2023, 10, 6), 1) == D(2023, 10, 9)  # Fri -> Mon
    assert cal.add_working_days(D(2023, 10, 7), 5) == D(2023, 10, 13)
    assert cal.working_days_between(D(2023, 10, 1), D(2023, 10, 31)) == 22
    assert cal.is_provisional_year(2023)


def test_long_closure_is_jumped_not_scanned():
    # Every weekday of 2023 off: the 1st working day after 30 Dec 2022 is 2 Jan 2024.
    off = [d for d in _days(D(2023, 1, 1), D(2023, 12, 31)) if d.weekday() < 5]
    cal = WorkingCalendar(off_days=off)
    assert cal.add_working_days(D(2022, 12, 30), 1) == D(2024, 1, 1)
    assert cal.previous_working_day(D(2024, 1, 1)) == D(2022, 12, 30)
    assert cal.add_working_days(D(2022, 12, 29), 3) == D(2024, 1, 2)


# -- properties against a naive day-by-day model ----------------------------------------------

LO, HI = D(2022, 11, 1), D(2024, 3, 31)
_dates = st.dates(min_value=LO, max_value=HI)
_weekdays = _dates.map(lambda d: d - timedelta(days=max(0, d.weekday() - 4)))
_weekend_days = _dates.map(lambda d: d + timedelta(days=max(0, 5 - d.weekday())))


@st.composite
def calendars(draw):
    off = set(draw(st.sets(_weekdays, max_size=60)))
    # Sometimes a long closure, to exercise the jump-and-correct path.
    if draw(st.booleans()):
        first = draw(_dates)
        off.update(
            d
            for d in _days(first, first + timedelta(days=draw(st.integers(0, 60))))
            if d.weekday() < 5
        )
    work = draw(st.sets(_weekend_days, max_size=25))
    years = draw(st.sets(st.integers(2021, 2025)))
    return WorkingCalendar(off_days=off, working_weekends=work, official_years=years)


any_calendar = st.one_of(calendars(), st.just(CN), st.just(WorkingCalendar()))


def naive_working(cal: WorkingCalendar, d: date) -> bool:
    if d.weekday() >= 5:
        return d in cal.working_weekends
    return d not in cal.off_days


def naive_add(cal: WorkingCalendar, d: date, n: int) -> date:
    while n > 0:
        d += timedelta(days=1)
        if naive_working(cal, d):
            n -= 1
    return d


def naive_between(cal: WorkingCalendar, a: date, b: date) -> int:
    return sum(1 for d in _days(a + timedelta(days=1), b) if naive_working(cal, d))


def naive_previous(cal: WorkingCalendar, d: date) -> date:
    d -= timedelta(days=1)
    while not naive_working(cal, d):
        d -= timedelta(days=1)
    return d


@given(any_calendar, _dates)
def test_is_working_day_agrees_with_naive(cal, d):
    assert cal.is_working_day(d) is naive_working(cal, d)


@given(any_calendar, _dates, st.integers(0, 90))
def test_add_agrees_with_naive(cal, d, n):
    assert cal.add_working_days(d, n) == naive_add(cal, d, n)


@given(any_calendar, _dates, st.integers(1, 90))
def test_add_lands_on_a_working_day_after_the_start(cal, d, n):
    result = cal.add_working_days(d, n)
    assert result > d
    assert cal.is_working_day(result)


@given(any_calendar, _dates, st.integers(0, 60), st.integers(0, 60))
def test_add_is_additive(cal, d, a, b):
    assert cal.add_working_days(cal.add_working_days(d, a), b) == cal.add_working_days(d, a + b)


@given(any_calendar, _dates, st.integers(0, 90))
def test_between_inverts_add(cal, d, n):
    assert cal.working_days_between(d, cal.add_working_days(d, n)) == n


@given(any_calendar, _dates, _dates)
def test_between_agrees_with_naive(cal, a, b):
    assert cal.working_days_between(a, b) == naive_between(cal, a, b)


@given(any_calendar, _dates)
def test_previous_agrees_with_naive(cal, d):
    assert cal.previous_working_day(d) == naive_previous(cal, d)


@settings(max_examples=30)
@given(_dates, st.integers(0, 2000))
def test_real_calendar_far_jumps_agree_with_naive(d, n):
    assert CN.add_working_days(d, n) == naive_add(CN, d, n)
