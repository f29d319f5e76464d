"""The periods that run from a letter's service (Art. 32, 34; 国办函〔2020〕109号) and the
correction window (Art. 30), as properties over the real 2019-2026 calendar."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from rules.calendar import china_calendar
from rules.deadline import (
    CONSULTATION_WORKING_DAYS,
    FEE_PAYMENT_WORKING_DAYS,
    consultation_answer_due,
    correction_deadline,
    correction_last_day_receipts,
    fee_pay_due,
    past_due,
)

CN = china_calendar(range(2019, 2027))
days = st.dates(min_value=date(2019, 1, 1), max_value=date(2025, 12, 31))
delays = st.integers(min_value=0, max_value=60)


@given(sent_on=days, delay=delays)
def test_an_answer_is_never_due_before_15_working_days_after_service(sent_on, delay):
    served_on = sent_on + timedelta(days=delay)
    due = consultation_answer_due(served_on, CN)
    assert due > served_on >= sent_on
    # Exactly 15 working days in (served_on, due], the last of them the due date itself.
    assert CN.working_days_between(served_on, due) == CONSULTATION_WORKING_DAYS
    assert CN.is_working_day(due)
    # A later service never brings the deadline forward.
    assert consultation_answer_due(served_on + timedelta(days=1), CN) >= due


@given(served_on=days, on=days)
def test_a_fee_never_lapses_before_its_pay_due(served_on, on):
    pay_due = fee_pay_due(served_on, CN)
    assert CN.working_days_between(served_on, pay_due) == FEE_PAYMENT_WORKING_DAYS
    if past_due(pay_due, on):
        assert on > pay_due
        assert CN.working_days_between(served_on, on) >= FEE_PAYMENT_WORKING_DAYS
    else:
        assert on <= pay_due


@given(on=days)
def test_nothing_waits_out_a_period_whose_service_is_unknown(on):
    assert fee_pay_due(None, CN) is None
    assert not past_due(None, on)


def test_the_payment_period_starts_the_day_after_receipt():
    # Served Fri 2023-07-21: Mon 07-24 is day 1; 20 working days end Fri 2023-08-18.
    assert fee_pay_due(date(2023, 7, 21), CN) == date(2023, 8, 18)
    # Served on Mon 2023-09-25, before the National Day holiday (09-29..10-06 off, Sat 10-07
    # and Sun 10-08 worked): 09-26..28 (3), 10-07..13 (7), 10-16..20 (5), 10-23..27 (5).
    assert fee_pay_due(date(2023, 9, 25), CN) == date(2023, 10, 27)


@given(today=st.dates(min_value=date(2019, 3, 1), max_value=date(2026, 10, 31)))
def test_the_last_day_receipts_are_exactly_those_whose_window_ends_today(today):
    found = correction_last_day_receipts(today, CN)
    window = [today - timedelta(days=n) for n in range(0, 40)]
    expected = [d for d in window if correction_deadline(d, CN) == today]
    if found is None:
        assert expected == [] and not CN.is_working_day(today)
        return
    first, last = found
    assert expected == sorted(
        (first + timedelta(days=n) for n in range((last - first).days + 1)), reverse=True
    )
