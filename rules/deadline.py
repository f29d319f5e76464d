"""The statutory clock: reply deadlines from a case's clock ledger (条例 Art. 30, 32-34).

Pure functions over `WorkingCalendar`; no Django. See spec/workflow.md, "The statutory clock":

    due = add_working_days(received_on, 20 + extension + paused)

where `paused` is the number of working days in the union of the pause intervals (start, end].
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from rules.calendar import WorkingCalendar

__all__ = [
    "CONSULTATION_WORKING_DAYS",
    "CORRECTION_WORKING_DAYS",
    "MAX_EXTENSION_WORKING_DAYS",
    "STATUTORY_WORKING_DAYS",
    "ClockLedger",
    "Deadline",
    "Pause",
    "compute_deadline",
    "FEE_PAYMENT_WORKING_DAYS",
    "consultation_answer_due",
    "due_ordinal",
    "fee_pay_due",
    "past_due",
    "correction_deadline",
    "correction_last_day_receipts",
    "format_cn_date",
    "working_days_left",
]

STATUTORY_WORKING_DAYS = 20  # Art. 33: reply within 20 working days of receipt
MAX_EXTENSION_WORKING_DAYS = 20  # Art. 33: one extension of at most 20 working days
CORRECTION_WORKING_DAYS = 7  # Art. 30: correction notice within 7 working days of receipt
CONSULTATION_WORKING_DAYS = 15  # Art. 32/34: consulted parties answer within 15 working days
DUE_SOON_WORKING_DAYS = 3  # workflow.md: "due soon" = at most 3 working days left
FEE_PAYMENT_WORKING_DAYS = 20  # 109号: pay within 20 working days from the day after receipt


def format_cn_date(d: date) -> str:
    """2023年9月26日 (no leading zeros)."""
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass(frozen=True, slots=True)
class Pause:
    """The clock stops for the working days in (start, end].

    The start day itself still counts (a consultation sent on day 5 pauses from day 6). An open
    pause (`end is None`) runs up to the `today` given to `compute_deadline`.
    """

    start: date
    end: date | None
    reason: str = ""

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"pause ends ({self.end}) before it starts ({self.start})")


@dataclass(frozen=True, slots=True)
class ClockLedger:
    """What the deadline depends on.

    `received_on` is the legal receipt date; after a correction it is the corrected application's
    receipt date and `original_received_on` keeps the first one (for the explanation only).
    """

    received_on: date
    pauses: tuple[Pause, ...] = ()
    extension_working_days: int = 0
    original_received_on: date | None = None
    base_working_days: int = STATUTORY_WORKING_DAYS

    def __post_init__(self) -> None:
        object.__setattr__(self, "pauses", tuple(self.pauses))
        if self.base_working_days < 0:
            raise ValueError("base_working_days must be >= 0")
        if not 0 <= self.extension_working_days <= MAX_EXTENSION_WORKING_DAYS:
            raise ValueError(
                f"extension_working_days must be 0..{MAX_EXTENSION_WORKING_DAYS}, "
                f"got {self.extension_working_days}"
            )
        if self.original_received_on is not None and self.original_received_on > self.received_on:
            raise ValueError("original_received_on is after received_on")


@dataclass(frozen=True, slots=True)
class Deadline:
    received_on: date
    base_working_days: int
    extension_working_days: int
    paused_working_days: int
    due: date
    internal_target: date
    provisional: bool
    explanation: str
    steps: tuple[str, ...]
    provisional_years: tuple[int, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        """The API's `deadline` object (dates as ISO strings)."""
        return {
            "received_on": self.received_on.isoformat(),
            "base_working_days": self.base_working_days,
            "extension_working_days": self.extension_working_days,
            "paused_working_days": self.paused_working_days,
            "due": self.due.isoformat(),
            "internal_target": self.internal_target.isoformat(),
            "provisional": self.provisional,
            "explanation": self.explanation,
        }


def _merge(intervals: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """Union of half-open intervals (s, e]; touching intervals merge too."""
    merged: list[tuple[date, date]] = []
    for s, e in sorted(intervals):
        if merged and s <= merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def compute_deadline(ledger: ClockLedger, calendar: WorkingCalendar, today: date) -> Deadline:
    """The reply deadline of `ledger`, with a step-by-step Chinese explanation."""
    received = ledger.received_on
    steps: list[str] = []

    if calendar.is_working_day(received):
        steps.append(f"收到申请：{format_cn_date(received)}（当日不计入）")
    else:
        steps.append(f"收到申请：{format_cn_date(received)}（非工作日；当日不计入）")
    if ledger.original_received_on is not None:
        steps.append(
            f"补正后重新起算：原收到日期{format_cn_date(ledger.original_received_on)}，"
            f"自补正后收到之日{format_cn_date(received)}起重新计算"
        )
    steps.append(f"法定期限：{ledger.base_working_days}个工作日")

    intervals: list[tuple[date, date]] = []
    own_total = 0
    latest_end = received
    for pause in sorted(ledger.pauses, key=lambda p: (p.start, p.end or today)):
        end = pause.end if pause.end is not None else today
        start = max(pause.start, received)  # nothing before the (re)start of the clock pauses
        own = calendar.working_days_between(start, end)
        own_total += own
        if start < end:
            intervals.append((start, end))
            latest_end = max(latest_end, end)
        label = pause.reason or "暂停"
        if pause.end is None:
            text = (
                f"暂停：{label} {format_cn_date(pause.start)}起（尚未结束，"
                f"暂计至{format_cn_date(today)}），计{own}个工作日"
            )
        else:
            text = (
                f"暂停：{label} {format_cn_date(pause.start)}至{format_cn_date(pause.end)}，"
                f"计{own}个工作日"
            )
        if pause.start < received:
            text += f"（{format_cn_date(received)}及以前的部分不计）"
        steps.append(text)

    paused = sum(calendar.working_days_between(s, e) for s, e in _merge(intervals))
    if len(ledger.pauses) > 1:
        note = "（重叠部分只计一次）" if paused != own_total else ""
        steps.append(f"暂停合计：{paused}个工作日{note}")
    if ledger.extension_working_days:
        steps.append(f"延长：{ledger.extension_working_days}个工作日")

    total = ledger.base_working_days + ledger.extension_working_days + paused
    if total != ledger.base_working_days:
        parts = [f"{ledger.base_working_days}（法定）"]
        if ledger.extension_working_days:
            parts.append(f"{ledger.extension_working_days}（延长）")
        if paused:
            parts.append(f"{paused}（暂停）")
        steps.append(f"合计：{' + '.join(parts)} = {total}个工作日")
    due = calendar.add_working_days(received, total)
    internal_target = calendar.previous_working_day(due)
    steps.append(f"答复期限：{format_cn_date(due)}（收到申请后第{total}个工作日）")
    steps.append(f"内部目标：{format_cn_date(internal_target)}（答复期限前一个工作日）")

    # Paused days may lie beyond the due date (a pause opened late), so cover them too.
    provisional_years = calendar.provisional_years(received, max(due, latest_end))
    if provisional_years:
        years = "、".join(str(y) for y in provisional_years)
        steps.append(f"注意：{years}年度节假日安排尚未公布，期限为暂定")

    return Deadline(
        received_on=received,
        base_working_days=ledger.base_working_days,
        extension_working_days=ledger.extension_working_days,
        paused_working_days=paused,
        due=due,
        internal_target=internal_target,
        provisional=bool(provisional_years),
        explanation="\n".join(steps),
        steps=tuple(steps),
        provisional_years=provisional_years,
    )


def due_ordinal(
    calendar: WorkingCalendar,
    received: int,
    extension: int,
    pauses: list[tuple[int, int]] | tuple[tuple[int, int], ...] = (),
    base: int = STATUTORY_WORKING_DAYS,
) -> int:
    """``compute_deadline(...).due`` as an ordinal, without the explanation: for recomputing
    many stored due dates at once (workflow.clock).

    ``received`` is the legal receipt ordinal; ``pauses`` are (start, end) ordinals with open
    pauses already ended at today by the caller. Pauses are cut at the receipt, merged, and their
    working days counted once, exactly as ``compute_deadline`` does.
    """
    dense = calendar.dense
    paused = 0
    if pauses:
        last_end = received
        for start, end in sorted(pauses):
            if start < received:
                start = received
            if end <= start:
                continue
            if start < last_end:  # overlaps or touches what is already counted
                if end <= last_end:
                    continue
                start = last_end
            found = dense.count(start, end)
            paused += found if found is not None else calendar._count(start, end)
            last_end = end
    total = base + extension + paused
    if total == 0:
        return received
    found = dense.add(received, total)
    return found if found is not None else calendar._add_sparse(received, total)


def correction_deadline(received_on: date, calendar: WorkingCalendar) -> date:
    """Last day to send the 补正告知书 (Art. 30)."""
    return calendar.add_working_days(received_on, CORRECTION_WORKING_DAYS)


def correction_last_day_receipts(
    today: date, calendar: WorkingCalendar
) -> tuple[date, date] | None:
    """The receipt dates ``(first, last)`` whose correction deadline is ``today``; None when no
    deadline falls on it (a non-working day). Lets a queue find "last day to ask for a
    correction" with one range filter."""
    if not calendar.is_working_day(today):
        return None
    sixth = today
    for _ in range(CORRECTION_WORKING_DAYS - 1):
        sixth = calendar.previous_working_day(sixth)
    seventh = calendar.previous_working_day(sixth)
    # (d, today] holds exactly 7 working days, today among them, for seventh <= d < sixth.
    return seventh, sixth - timedelta(days=1)


def consultation_answer_due(served_on: date, calendar: WorkingCalendar) -> date:
    """Last day for a consulted third party or agency to answer (Art. 32, 34): 15 working days
    from the day it received the 征求意见书 (the day itself not counted)."""
    return calendar.add_working_days(served_on, CONSULTATION_WORKING_DAYS)


def fee_pay_due(served_on: date | None, calendar: WorkingCalendar) -> date | None:
    """Last day to pay a 收费通知 (109号): 20 working days from the day after the applicant
    received it; None while the day of receipt is unknown."""
    if served_on is None:
        return None
    return calendar.add_working_days(served_on, FEE_PAYMENT_WORKING_DAYS)


def past_due(due: date | None, on: date) -> bool:
    """Whether a period that ends on ``due`` is over on ``on``. A period whose end is not known
    (its letter's service date not yet recorded) is never over: nothing that waits for it to
    end (deemed consent, conclusion on silence, lapse of a fee) may happen yet."""
    return due is not None and on > due


def working_days_left(due: date, today: date, calendar: WorkingCalendar) -> int:
    """Working days in (today, due]; negative (minus the working days in (due, today]) when late.

    0 means "due today" or "late by non-working days only" (e.g. a Saturday after a Friday due
    date): decide "overdue" with `today > due`, not with the sign of this number.
    """
    if today <= due:
        return calendar.working_days_between(today, due)
    return -calendar.working_days_between(due, today)
