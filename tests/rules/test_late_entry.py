"""The late-entry rule (补录) on the real calendar, with properties over any dates."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.calendar import china_calendar
from rules.late_entry import entry_delay, is_late_entry, is_late_reply

D = date
CN = china_calendar(range(2019, 2028))
days = st.dates(min_value=D(2019, 1, 1), max_value=D(2026, 12, 31))
limits = st.integers(min_value=0, max_value=30)


def test_three_working_days_is_not_late_four_is():
    # Monday 2026-11-23: Thursday is 3 working days later, Friday 4.
    assert not is_late_entry(D(2026, 11, 23), D(2026, 11, 26), CN, 3)
    assert is_late_entry(D(2026, 11, 23), D(2026, 11, 27), CN, 3)


def test_a_weekend_does_not_count():
    # Thursday 2026-11-26 entered on Tuesday 2026-12-01: Fri, Mon, Tue = 3 working days.
    assert not is_late_entry(D(2026, 11, 26), D(2026, 12, 1), CN, 3)


def test_the_national_day_holiday_does_not_count():
    # 2026-09-30 (Wed) entered on 2026-10-09 (Fri): the holiday 1-7 October is off and
    # Saturday 10 October is a make-up working day, so only 8 and 9 October count.
    assert entry_delay(D(2026, 9, 30), D(2026, 10, 9), CN) == 2
    assert not is_late_entry(D(2026, 9, 30), D(2026, 10, 9), CN, 3)


def test_an_act_on_time_entered_after_the_deadline_is_late():
    due = D(2026, 11, 25)
    assert is_late_entry(D(2026, 11, 24), D(2026, 11, 26), CN, 3, deadline=due)
    assert not is_late_entry(D(2026, 11, 24), D(2026, 11, 25), CN, 3, deadline=due)


def test_a_negative_limit_is_refused():
    with pytest.raises(ValueError):
        is_late_entry(D(2026, 11, 24), D(2026, 11, 25), CN, -1)


def test_late_reply():
    assert is_late_reply(D(2026, 11, 26), D(2026, 11, 25))
    assert not is_late_reply(D(2026, 11, 25), D(2026, 11, 25))
    assert not is_late_reply(None, D(2026, 11, 25))
    assert not is_late_reply(D(2026, 11, 25), None)


@given(days, limits)
def test_an_act_entered_the_same_day_is_never_late(act_on, limit):
    assert not is_late_entry(act_on, act_on, CN, limit)


@given(days, st.integers(min_value=0, max_value=60), limits)
def test_late_exactly_when_more_than_limit_working_days_passed(act_on, gap, limit):
    entered_on = act_on + timedelta(days=gap)
    late = is_late_entry(act_on, entered_on, CN, limit)
    assert late == (CN.working_days_between(act_on, entered_on) > limit)
    # The boundary: the limit-th working day after the act is the last day on time.
    last_on_time = CN.add_working_days(act_on, limit) if limit else act_on
    if late:
        assert entered_on > last_on_time


@given(days, st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=60), limits)
def test_later_entry_never_makes_a_late_entry_on_time(act_on, gap, more, limit):
    entered_on = act_on + timedelta(days=gap)
    later = entered_on + timedelta(days=more)
    if is_late_entry(act_on, entered_on, CN, limit):
        assert is_late_entry(act_on, later, CN, limit)


@given(days, st.integers(min_value=0, max_value=40), st.integers(min_value=-40, max_value=40))
def test_entered_after_the_deadline_is_always_late(act_on, gap, due_offset):
    entered_on = act_on + timedelta(days=gap)
    due = act_on + timedelta(days=due_offset)
    late = is_late_entry(act_on, entered_on, CN, 30, deadline=due)
    if act_on <= due < entered_on:
        assert late
    elif entry_delay(act_on, entered_on, CN) <= 30:
        assert not late
