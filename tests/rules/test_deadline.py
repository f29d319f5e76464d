"""Reply deadlines from the clock ledger, on the real 2019-2027 calendar (2027 provisional)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.calendar import WorkingCalendar, china_calendar
from rules.deadline import (
    ClockLedger,
    Deadline,
    Pause,
    compute_deadline,
    consultation_answer_due,
    correction_deadline,
    format_cn_date,
    working_days_left,
)

D = date
CN = china_calendar(range(2019, 2028))
TODAY = D(2026, 11, 25)


def deadline(received_on, *pauses, ext=0, original=None, today=TODAY, cal=CN) -> Deadline:
    ledger = ClockLedger(
        received_on=received_on,
        pauses=tuple(pauses),
        extension_working_days=ext,
        original_received_on=original,
    )
    return compute_deadline(ledger, cal, today)


def test_format_cn_date_has_no_leading_zeros():
    assert format_cn_date(D(2023, 9, 6)) == "2023年9月6日"
    assert format_cn_date(D(2023, 10, 26)) == "2023年10月26日"


# -- the 20-day period on real dates ----------------------------------------------------------


@pytest.mark.parametrize(
    ("received_on", "due", "internal_target"),
    [
        # 2023 Mid-Autumn/National Day: 29 Sep-6 Oct off; Sat 7 and Sun 8 Oct are days 1 and 2.
        (D(2023, 9, 28), D(2023, 11, 1), D(2023, 10, 31)),
        # Received on a holiday / on a weekend: counting starts with the next working day.
        (D(2023, 10, 1), D(2023, 11, 1), D(2023, 10, 31)),
        (D(2023, 7, 15), D(2023, 8, 11), D(2023, 8, 10)),
        (D(2023, 7, 14), D(2023, 8, 11), D(2023, 8, 10)),
        # 2020 Spring Festival extended to 2 Feb: day 1 is Mon 3 Feb (not Sat 1 Feb).
        (D(2020, 1, 23), D(2020, 2, 28), D(2020, 2, 27)),
        # 2024 Spring Festival: Sun 4 Feb is day 1, 10-17 Feb off, Sun 18 Feb is day 7.
        (D(2024, 2, 2), D(2024, 3, 6), D(2024, 3, 5)),
        (D(2024, 2, 12), D(2024, 3, 14), D(2024, 3, 13)),
        # 2026 Spring Festival: Sat 14 Feb day 1, 15-23 Feb off, Sat 28 Feb day 6.
        (D(2026, 2, 13), D(2026, 3, 19), D(2026, 3, 18)),
        (D(2026, 2, 14), D(2026, 3, 20), D(2026, 3, 19)),
        # Due on a working Saturday; the internal target jumps back over the holiday.
        (D(2023, 9, 1), D(2023, 10, 7), D(2023, 9, 28)),
    ],
)
def test_plain_period(received_on, due, internal_target):
    result = deadline(received_on)
    assert (result.due, result.internal_target) == (due, internal_target)
    assert result.paused_working_days == 0
    assert result.provisional is False


def test_pause_spanning_a_holiday_counts_only_its_working_days():
    # (25 Sep, 9 Oct 2023]: 26-28 Sep, Sat 7, Sun 8 and Mon 9 Oct = 6 working days.
    result = deadline(D(2023, 9, 1), Pause(D(2023, 9, 25), D(2023, 10, 9), "征求意见"))
    assert result.paused_working_days == 6
    assert result.due == D(2023, 10, 13)
    assert result.internal_target == D(2023, 10, 12)
    assert "暂停：征求意见 2023年9月25日至2023年10月9日，计6个工作日" in result.steps


def test_extension_and_pause_full_explanation():
    result = deadline(D(2023, 7, 14), Pause(D(2023, 8, 1), D(2023, 8, 8), "征求意见"), ext=20)
    assert result.due == D(2023, 9, 15)  # 20 + 20 + 5 = 45th working day
    assert result.steps == (
        "收到申请：2023年7月14日（当日不计入）",
        "法定期限：20个工作日",
        "暂停：征求意见 2023年8月1日至2023年8月8日，计5个工作日",
        "延长：20个工作日",
        "合计：20（法定） + 20（延长） + 5（暂停） = 45个工作日",
        "答复期限：2023年9月15日（收到申请后第45个工作日）",
        "内部目标：2023年9月14日（答复期限前一个工作日）",
    )
    assert result.explanation == "\n".join(result.steps)
    assert result.as_dict() == {
        "received_on": "2023-07-14",
        "base_working_days": 20,
        "extension_working_days": 20,
        "paused_working_days": 5,
        "due": "2023-09-15",
        "internal_target": "2023-09-14",
        "provisional": False,
        "explanation": result.explanation,
    }


def test_extension_alone():
    result = deadline(D(2023, 9, 28), ext=10)
    # Day 20 is 1 Nov 2023; ten more: 2-3, 6-10, 13-15 Nov.
    assert result.due == D(2023, 11, 15)
    assert "延长：10个工作日" in result.steps


def test_correction_restarts_the_clock_from_the_corrected_receipt():
    # First received Mon 29 Jan 2024 (would be due 29 Feb); corrected application Wed 7 Feb.
    assert deadline(D(2024, 1, 29)).due == D(2024, 2, 29)
    result = deadline(D(2024, 2, 7), original=D(2024, 1, 29))
    assert result.due == D(2024, 3, 12)
    assert result.received_on == D(2024, 2, 7)
    assert result.steps[:3] == (
        "收到申请：2024年2月7日（当日不计入）",
        "补正后重新起算：原收到日期2024年1月29日，自补正后收到之日2024年2月7日起重新计算",
        "法定期限：20个工作日",
    )


def test_pause_before_the_restart_is_clipped():
    result = deadline(D(2023, 7, 14), Pause(D(2023, 7, 10), D(2023, 7, 18), "征求意见"))
    assert result.paused_working_days == 2  # 17 and 18 Jul only
    assert result.due == D(2023, 8, 15)
    assert result.steps[2].endswith("计2个工作日（2023年7月14日及以前的部分不计）")


def test_overlapping_pauses_count_once():
    result = deadline(
        D(2023, 7, 14),
        Pause(D(2023, 8, 1), D(2023, 8, 8), "征求意见"),
        Pause(D(2023, 8, 4), D(2023, 8, 11), "缴费"),
    )
    assert result.paused_working_days == 8  # 2-4 and 7-11 Aug
    assert result.due == D(2023, 8, 23)
    assert "暂停合计：8个工作日（重叠部分只计一次）" in result.steps


def test_touching_pauses_and_identical_pauses():
    a = Pause(D(2023, 8, 1), D(2023, 8, 4), "征求意见")
    b = Pause(D(2023, 8, 4), D(2023, 8, 8), "征求意见")
    assert deadline(D(2023, 7, 14), a, b).paused_working_days == 5
    assert deadline(D(2023, 7, 14), a, a).paused_working_days == 3


def test_open_pause_runs_to_today():
    pause = Pause(D(2023, 8, 1), None, "缴费")
    result = deadline(D(2023, 7, 14), pause, today=D(2023, 8, 8))
    assert result.paused_working_days == 5
    assert result.due == D(2023, 8, 18)
    assert "暂停：缴费 2023年8月1日起（尚未结束，暂计至2023年8月8日），计5个工作日" in result.steps
    assert deadline(D(2023, 7, 14), pause, today=D(2023, 7, 31)).paused_working_days == 0


def test_receipt_on_a_holiday_is_explained():
    result = deadline(D(2023, 10, 1))
    assert result.steps[0] == "收到申请：2023年10月1日（非工作日；当日不计入）"


# -- provisional years ------------------------------------------------------------------------


def test_deadline_crossing_into_provisional_year():
    result = deadline(D(2026, 12, 15))
    assert result.due == D(2027, 1, 13)  # 1 Jan 2027 estimated off
    assert result.provisional is True
    assert result.provisional_years == (2027,)
    assert result.steps[-1] == "注意：2027年度节假日安排尚未公布，期限为暂定"
    assert result.as_dict()["provisional"] is True


def test_deadline_inside_official_year_is_not_provisional():
    result = deadline(D(2026, 11, 20))
    assert result.due == D(2026, 12, 18)
    assert result.provisional is False
    assert not any("暂定" in step for step in result.steps)


def test_pause_reaching_into_provisional_year_flags_it():
    # Pause opened late, after the unpaused due date, and still open in 2027.
    cal = WorkingCalendar(official_years={2026})
    result = deadline(D(2026, 10, 1), Pause(D(2026, 12, 28), None), today=D(2027, 1, 4), cal=cal)
    assert result.paused_working_days == 5  # 29-31 Dec, 1 and 4 Jan (plain weekends calendar)
    assert result.due.year == 2026
    assert result.provisional_years == (2027,)


def test_several_provisional_years_are_listed():
    cal = WorkingCalendar(official_years={2023})
    result = deadline(D(2023, 12, 20), ext=20, cal=cal, today=D(2023, 12, 20))
    assert result.due == D(2024, 2, 14)
    assert result.steps[-1] == "注意：2024年度节假日安排尚未公布，期限为暂定"
    cal = WorkingCalendar(official_years=set())
    assert deadline(D(2023, 12, 20), cal=cal).steps[-1] == (
        "注意：2023、2024年度节假日安排尚未公布，期限为暂定"
    )


# -- the other statutory periods --------------------------------------------------------------


def test_correction_deadline():
    assert correction_deadline(D(2024, 2, 2), CN) == D(2024, 2, 18)  # a working Sunday
    assert correction_deadline(D(2024, 1, 29), CN) == D(2024, 2, 6)
    assert correction_deadline(D(2023, 9, 28), CN) == D(2023, 10, 13)


def test_consultation_answer_due():
    assert consultation_answer_due(D(2023, 9, 25), CN) == D(2023, 10, 20)
    assert consultation_answer_due(D(2020, 1, 20), CN) == D(2020, 2, 18)


@pytest.mark.parametrize(
    ("today", "left"),
    [
        (D(2023, 9, 28), 20),
        (D(2023, 10, 1), 20),
        (D(2023, 10, 27), 3),
        (D(2023, 10, 30), 2),
        (D(2023, 11, 1), 0),
        (D(2023, 11, 2), -1),
        (D(2023, 11, 4), -2),  # Saturday: 2 and 3 Nov are past
        (D(2023, 11, 6), -3),
    ],
)
def test_working_days_left(today, left):
    assert working_days_left(D(2023, 11, 1), today, CN) == left


# -- validation -------------------------------------------------------------------------------


def test_invalid_ledgers_are_rejected():
    with pytest.raises(ValueError):
        Pause(D(2023, 8, 8), D(2023, 8, 1))
    with pytest.raises(ValueError):
        ClockLedger(D(2023, 7, 14), extension_working_days=21)
    with pytest.raises(ValueError):
        ClockLedger(D(2023, 7, 14), extension_working_days=-1)
    with pytest.raises(ValueError):
        ClockLedger(D(2023, 7, 14), base_working_days=-1)
    with pytest.raises(ValueError):
        ClockLedger(D(2023, 7, 14), original_received_on=D(2023, 7, 20))


def test_ledger_accepts_a_list_of_pauses():
    ledger = ClockLedger(D(2023, 7, 14), pauses=[Pause(D(2023, 8, 1), D(2023, 8, 8))])
    assert isinstance(ledger.pauses, tuple)
    assert compute_deadline(ledger, CN, TODAY).paused_working_days == 5


# -- properties -------------------------------------------------------------------------------

LO, HI = D(2019, 1, 1), D(2026, 6, 30)
_dates = st.dates(min_value=LO, max_value=HI)


@st.composite
def pauses(draw, received_on):
    start = received_on + timedelta(days=draw(st.integers(-10, 60)))
    if draw(st.integers(0, 4)) == 0:
        return Pause(start, None, "open")
    return Pause(start, start + timedelta(days=draw(st.integers(0, 45))), "closed")


@st.composite
def ledgers(draw):
    received_on = draw(_dates)
    items = draw(st.lists(pauses(received_on), max_size=3))
    ext = draw(st.sampled_from([0, 0, 1, 5, 20]))
    today = received_on + timedelta(days=draw(st.integers(0, 120)))
    return ClockLedger(received_on, tuple(items), ext), today


def naive_due(ledger: ClockLedger, cal: WorkingCalendar, today: date) -> tuple[int, date]:
    paused_days: set[date] = set()
    for p in ledger.pauses:
        d = max(p.start, ledger.received_on) + timedelta(days=1)
        end = p.end if p.end is not None else today
        while d <= end:
            if cal.is_working_day(d):
                paused_days.add(d)
            d += timedelta(days=1)
    n = ledger.base_working_days + ledger.extension_working_days + len(paused_days)
    d = ledger.received_on
    while n:
        d += timedelta(days=1)
        n -= cal.is_working_day(d)
    return len(paused_days), d


@given(ledgers())
def test_deadline_agrees_with_naive(ledger_today):
    ledger, today = ledger_today
    result = compute_deadline(ledger, CN, today)
    assert (result.paused_working_days, result.due) == naive_due(ledger, CN, today)
    assert CN.is_working_day(result.due)
    assert CN.is_working_day(result.internal_target)
    assert result.internal_target < result.due
    assert CN.working_days_between(result.internal_target, result.due) == 1


@given(ledgers(), st.data())
def test_adding_a_pause_never_moves_the_due_date_earlier(ledger_today, data):
    ledger, today = ledger_today
    extra = data.draw(pauses(ledger.received_on))
    longer = ClockLedger(ledger.received_on, (*ledger.pauses, extra), ledger.extension_working_days)
    before = compute_deadline(ledger, CN, today)
    after = compute_deadline(longer, CN, today)
    assert after.due >= before.due
    assert after.paused_working_days >= before.paused_working_days
