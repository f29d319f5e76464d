"""Working days (工作日) of the mainland-China calendar.

A day is a working day when it is Monday-Friday and not an official holiday, or when it is a
Saturday/Sunday that the State Council notice turned into a working day (调休上班).

Everything here is arithmetic on date ordinals: weekdays are counted with a closed formula and the
(few) exceptions are corrected with binary searches over sorted tuples, so no function walks the
calendar day by day. Pure Python, no Django.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

__all__ = [
    "DenseDays",
    "WorkingCalendar",
    "china_calendar",
    "china_calendar_from_holidays",
    "package_notice_years",
]

_SATURDAY = 5


def _weekdays_upto(ordinal: int) -> int:
    """Number of Monday-Friday days whose ordinal is in [1, ordinal].

    Ordinal 1 (0001-01-01) is a Monday, so every block of 7 ordinals holds 5 weekdays followed by
    a weekend.
    """
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


def _nth_weekday_after(ordinal: int, n: int) -> int:
    """Ordinal of the n-th Monday-Friday day strictly after `ordinal` (n >= 1)."""
    weeks, rest = divmod(_weekdays_upto(ordinal) + n - 1, 5)
    return weeks * 7 + rest + 1


def _check_dates(values: Iterable[date], what: str) -> frozenset[date]:
    result = frozenset(values)
    for value in result:
        # datetime is a subclass of date; a datetime here is nearly always a time-zone bug.
        if not isinstance(value, date) or isinstance(value, datetime):
            raise TypeError(f"{what} must contain datetime.date values, got {value!r}")
    return result


# The span the dense table covers (a case's clock never leaves it in practice); outside it the
# closed formula and binary searches answer.
DENSE_FIRST = date(2000, 1, 1).toordinal()
DENSE_LAST = date(2060, 12, 31).toordinal()


class DenseDays:
    """Prefix sums of working days over [first, last] and the inverse table, so counting and
    adding working days are two array lookups.

    ``upto[o - first + 1]`` is the number of working days with ordinal in [first, o] (index 0 is
    the day before ``first``); ``nth[k]`` is the ordinal of the k-th working day from ``first``.
    Built from any ``is_working(ordinal)`` predicate; pure.
    """

    __slots__ = ("first", "last", "nth", "upto")

    def __init__(self, is_working, first: int, last: int) -> None:
        self.first, self.last = first, last
        upto = array("l", [0])
        nth = array("l", [first - 1])
        count = 0
        for ordinal in range(first, last + 1):
            if is_working(ordinal):
                count += 1
                nth.append(ordinal)
            upto.append(count)
        self.upto, self.nth = upto, nth

    def count(self, a: int, b: int) -> int | None:
        """Working days in (a, b], or None when a or b lies outside the table."""
        first = self.first
        if a < first - 1 or b > self.last:
            return None
        return self.upto[b - first + 1] - self.upto[a - first + 1]

    def add(self, start: int, n: int) -> int | None:
        """Ordinal of the n-th working day after ``start`` (n >= 1), or None outside."""
        first = self.first
        if start < first - 1 or start > self.last:
            return None
        k = self.upto[start - first + 1] + n
        nth = self.nth
        return nth[k] if k < len(nth) else None


@dataclass(frozen=True, slots=True)
class WorkingCalendar:
    """An immutable working-day calendar.

    `off_days`: official holidays. Weekend dates are accepted and dropped (they are off anyway),
    so `off_days` only ever holds weekdays after construction.
    `working_weekends`: Saturdays/Sundays made working days (调休). Must be weekend dates and must
    not also be listed in `off_days`.
    `official_years`: years whose State Council holiday notice is loaded. Any other year is
    *provisional*: its days follow the weekend rule plus whatever estimate was loaded for it.

    Any iterable is accepted for the three fields; they are stored as frozensets.
    """

    off_days: frozenset[date] = frozenset()
    working_weekends: frozenset[date] = frozenset()
    official_years: frozenset[int] = frozenset()
    # Derived lookup structures (ordinals): sorted tuples for bisect, sets for membership.
    _off_sorted: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _work_sorted: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _off_set: frozenset[int] = field(init=False, repr=False, compare=False)
    _work_set: frozenset[int] = field(init=False, repr=False, compare=False)
    _dense: DenseDays | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        off = _check_dates(self.off_days, "off_days")
        work = _check_dates(self.working_weekends, "working_weekends")
        not_weekend = sorted(d for d in work if d.weekday() < _SATURDAY)
        if not_weekend:
            raise ValueError(f"working_weekends must be Saturdays or Sundays: {not_weekend}")
        clash = sorted(off & work)
        if clash:
            raise ValueError(f"dates are both off days and working weekends: {clash}")
        off = frozenset(d for d in off if d.weekday() < _SATURDAY)
        years = frozenset(int(y) for y in self.official_years)

        object.__setattr__(self, "off_days", off)
        object.__setattr__(self, "working_weekends", work)
        object.__setattr__(self, "official_years", years)
        off_ordinals = sorted(d.toordinal() for d in off)
        work_ordinals = sorted(d.toordinal() for d in work)
        object.__setattr__(self, "_off_sorted", tuple(off_ordinals))
        object.__setattr__(self, "_work_sorted", tuple(work_ordinals))
        object.__setattr__(self, "_off_set", frozenset(off_ordinals))
        object.__setattr__(self, "_work_set", frozenset(work_ordinals))
        object.__setattr__(self, "_dense", None)

    # -- internals on ordinals ---------------------------------------------------------------

    @property
    def dense(self) -> DenseDays:
        """The dense table, built on first use (about 22,000 days, a few milliseconds)."""
        dense = self._dense
        if dense is None:
            dense = DenseDays(self._working, DENSE_FIRST, DENSE_LAST)
            object.__setattr__(self, "_dense", dense)
        return dense

    def _working(self, ordinal: int) -> bool:
        if (ordinal + 6) % 7 >= _SATURDAY:  # ordinal 1 is a Monday
            return ordinal in self._work_set
        return ordinal not in self._off_set

    def _count(self, a: int, b: int) -> int:
        """Working days with ordinal in the half-open interval (a, b]; requires a <= b."""
        dense = self._dense
        if dense is not None:
            found = dense.count(a, b)
            if found is not None:
                return found
        return self._count_sparse(a, b)

    def _count_sparse(self, a: int, b: int) -> int:
        count = _weekdays_upto(b) - _weekdays_upto(a)
        off = self._off_sorted
        if off:
            count -= bisect_right(off, b) - bisect_right(off, a)
        work = self._work_sorted
        if work:
            count += bisect_right(work, b) - bisect_right(work, a)
        return count

    # -- public API --------------------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        """True when `d` is a working day."""
        return self._working(d.toordinal())

    def working_days_between(self, a: date, b: date) -> int:
        """Number of working days in the half-open interval (a, b]; 0 when b <= a."""
        ao, bo = a.toordinal(), b.toordinal()
        if bo <= ao:
            return 0
        return self._count(ao, bo)

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day strictly after `d` (the start day itself is never counted).

        `n == 0` returns `d` unchanged, even when `d` is not a working day: "zero working days
        after d" is d itself. `n` must not be negative.
        """
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        if n == 0:
            return d
        start = d.toordinal()
        found_dense = self.dense.add(start, n)
        if found_dense is not None:
            return date.fromordinal(found_dense)
        return date.fromordinal(self._add_sparse(start, n))

    def _add_sparse(self, start: int, n: int) -> int:
        """The closed-formula answer of add_working_days (ordinals; also the dense oracle)."""
        # Jump as if there were no exceptions; with no holiday in the way this is the answer.
        hi = _nth_weekday_after(start, n)
        found = self._count_sparse(start, hi)
        if found == n and self._working(hi):
            return hi
        # Invariant: `base` working days lie in (start, lo], and base < n.
        lo, base = start, 0
        while found < n:
            lo, base = hi, found
            hi = _nth_weekday_after(lo, n - base)
            found = base + self._count_sparse(lo, hi)
        # Now (start, hi] holds at least n working days: binary-search the smallest x in (lo, hi]
        # with base + count(lo, x) >= n. That x is necessarily a working day.
        need = n - base
        left, right = lo + 1, hi
        while left < right:
            mid = (left + right) // 2
            if self._count_sparse(lo, mid) >= need:
                right = mid
            else:
                left = mid + 1
        return left

    def previous_working_day(self, d: date) -> date:
        """The latest working day strictly before `d`."""
        end = d.toordinal() - 1
        for ordinal in range(end, end - 3, -1):  # the usual case: at most a weekend back
            if self._working(ordinal):
                return date.fromordinal(ordinal)
        # Gallop back until (end - step, end] holds a working day, then binary-search the
        # largest x such that [x, end] still holds one.
        step = 8
        while self._count(end - step, end) == 0:
            step *= 2
        left, right = end - step + 1, end
        while left < right:
            mid = (left + right + 1) // 2
            if self._count(mid - 1, end) >= 1:
                left = mid
            else:
                right = mid - 1
        return date.fromordinal(left)

    def is_provisional_year(self, year: int) -> bool:
        """True when the holiday notice for `year` is not loaded."""
        return year not in self.official_years

    def provisional_years(self, a: date, b: date) -> tuple[int, ...]:
        """Years in [a.year, b.year] that are provisional, ascending; () when b < a."""
        return tuple(y for y in range(a.year, b.year + 1) if y not in self.official_years)


# -- Seeding from the `holidays` package ---------------------------------------------------------

# Official changes that a `holidays` release might lack. Applied idempotently on top of the
# package's data: (extra off days, weekend days that are NOT working days, extra working weekends).
# holidays 0.108 already encodes each of these; they are kept so that a package regression cannot
# silently shorten a statutory period. Covered by tests against the notices.
_CORRECTIONS: dict[int, tuple[tuple[date, ...], tuple[date, ...], tuple[date, ...]]] = {
    # 国办发明电〔2020〕1号 (26 Jan 2020): Spring Festival holiday extended to
    # 2 Feb 2020 (正月初九). Fri 31 Jan becomes a day off, and Sat 1 Feb, a working
    # day under the original notice (国办发明电〔2019〕16号), becomes a day off too.
    2020: ((date(2020, 1, 31),), (date(2020, 2, 1), date(2020, 2, 2)), ()),
}


def package_notice_years() -> frozenset[int]:
    """Years for which the installed `holidays` package encodes a State Council notice.

    The package keeps each notice's substitutions (调休) in `special_public_holidays`; a year
    without an entry is computed from the statutory holidays alone and is only an estimate.
    """
    from holidays.countries.china import ChinaStaticHolidays

    return frozenset(ChinaStaticHolidays.special_public_holidays)


def china_calendar_from_holidays(
    years: Iterable[int],
) -> tuple[frozenset[date], frozenset[date]]:
    """(off_days, working_weekends) of mainland China for `years`, from the `holidays` package.

    off_days are the holidays falling on weekdays (weekend holidays change nothing). The package
    exposes the 调休 working weekends as `weekend_workdays` on the holiday object; it is filled
    from the substitution tuples (month, day, from_month, from_day[, from_year]) of each notice.
    Years without a loaded notice (see `package_notice_years`) get the package's estimate: the
    statutory days, with weekend ones moved to the next weekday, and no working weekends.
    """
    import holidays

    wanted = sorted({int(y) for y in years})
    if not wanted:
        return frozenset(), frozenset()
    # Default category is PUBLIC only; HALF_DAY (妇女节 etc.) must not close the office.
    cn = holidays.country_holidays("CN", years=wanted)
    year_set = set(wanted)
    off = {d for d in cn if d.year in year_set}
    # weekend_workdays also carries cross-year substitutions from every year the package knows;
    # keep those inside the requested years.
    work = {d for d in cn.weekend_workdays if d.year in year_set}
    for year, (extra_off, not_working, extra_work) in _CORRECTIONS.items():
        if year in year_set:
            off.update(extra_off)
            work.difference_update(not_working)
            work.update(extra_work)
    off_weekdays = frozenset(d for d in off if d.weekday() < _SATURDAY)
    return off_weekdays, frozenset(work)


def china_calendar(
    years: Iterable[int], official_years: Iterable[int] | None = None
) -> WorkingCalendar:
    """A `WorkingCalendar` for mainland China over `years`.

    `official_years` defaults to the requested years whose notice the package encodes.
    """
    wanted = {int(y) for y in years}
    off, work = china_calendar_from_holidays(wanted)
    if official_years is None:
        official = wanted & package_notice_years()
    else:
        official = {int(y) for y in official_years}
    return WorkingCalendar(off_days=off, working_weekends=work, official_years=frozenset(official))
