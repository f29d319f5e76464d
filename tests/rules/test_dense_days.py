"""The dense working-day table and the fast due date, against the closed formula (the previous
implementation, kept as ``_count_sparse`` / ``_add_sparse``) and ``compute_deadline`` as oracles."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from rules.calendar import DENSE_FIRST, DENSE_LAST, WorkingCalendar, china_calendar
from rules.deadline import ClockLedger, compute_deadline, due_ordinal
from tests.rules.test_deadline import ledgers, naive_due

CN = china_calendar(range(2019, 2028))
_days = st.dates(min_value=date(2018, 1, 1), max_value=date(2029, 12, 31))


@st.composite
def calendars(draw):
    """Random holidays on weekdays and random working weekends around 2018-2029."""
    days = draw(st.sets(_days, max_size=40))
    off = {d for d in days if d.weekday() < 5}
    work = {d for d in days if d.weekday() >= 5}
    return WorkingCalendar(off_days=off, working_weekends=work)


def _ledger_args(ledger: ClockLedger, today: date) -> tuple[int, int, list[tuple[int, int]]]:
    pauses = [
        (p.start.toordinal(), (p.end if p.end is not None else today).toordinal())
        for p in ledger.pauses
    ]
    return ledger.received_on.toordinal(), ledger.extension_working_days, pauses


@settings(max_examples=60)
@given(calendars(), _days, st.integers(0, 400), st.integers(1, 80))
def test_dense_count_and_add_agree_with_the_closed_formula(cal, start, span, n):
    a = start.toordinal()
    b = a + span
    assert cal.dense.count(a, b) == cal._count_sparse(a, b)
    assert cal.dense.add(a, n) == cal._add_sparse(a, n)
    assert cal.add_working_days(start, n).toordinal() == cal._add_sparse(a, n)


def test_outside_the_table_the_closed_formula_answers():
    far = date.fromordinal(DENSE_LAST) + timedelta(days=10)
    assert CN.dense.add(far.toordinal(), 5) is None
    assert CN.add_working_days(far, 5).toordinal() == CN._add_sparse(far.toordinal(), 5)
    near_end = DENSE_LAST - 3
    assert CN.add_working_days(date.fromordinal(near_end), 20).toordinal() == CN._add_sparse(
        near_end, 20
    )
    before = date.fromordinal(DENSE_FIRST) - timedelta(days=30)
    assert CN.working_days_between(before, before + timedelta(days=60)) == CN._count_sparse(
        before.toordinal(), before.toordinal() + 60
    )


@given(ledgers())
def test_due_ordinal_agrees_with_compute_deadline_and_the_naive_walk(ledger_today):
    ledger, today = ledger_today
    received, extension, pauses = _ledger_args(ledger, today)
    fast = date.fromordinal(due_ordinal(CN, received, extension, pauses))
    assert fast == compute_deadline(ledger, CN, today).due
    assert fast == naive_due(ledger, CN, today)[1]


@settings(max_examples=40)
@given(calendars(), ledgers())
def test_due_ordinal_agrees_on_random_calendars(cal, ledger_today):
    ledger, today = ledger_today
    received, extension, pauses = _ledger_args(ledger, today)
    assert date.fromordinal(due_ordinal(cal, received, extension, pauses)) == naive_due(
        ledger, cal, today
    )[1]
