"""After-the-fact entries (补录, api.md): when a recorded act needs a reason for being entered late.

Pure functions over `WorkingCalendar`; no Django. An act may be recorded on a later day than it
happened (a paper register entered afterwards). It is a *late entry* when it is dated more than
``limit`` working days before the day it is entered, or, for an act that had to happen before a
deadline (an extension before ``reply_due``), when it is dated on time but entered after the
deadline passed: the record must then say why, and it is marked 补录 wherever it is shown.
"""

from __future__ import annotations

from datetime import date

from rules.calendar import WorkingCalendar

DEFAULT_LATE_ENTRY_WORKING_DAYS = 3

__all__ = ["DEFAULT_LATE_ENTRY_WORKING_DAYS", "entry_delay", "is_late_entry", "is_late_reply"]


def entry_delay(act_on: date, entered_on: date, calendar: WorkingCalendar) -> int:
    """Working days in (act_on, entered_on]: how long after the act it was entered."""
    return calendar.working_days_between(act_on, entered_on)


def is_late_entry(
    act_on: date,
    entered_on: date,
    calendar: WorkingCalendar,
    limit: int = DEFAULT_LATE_ENTRY_WORKING_DAYS,
    *,
    deadline: date | None = None,
) -> bool:
    """Whether recording an act dated ``act_on`` on ``entered_on`` is a late entry (补录).

    ``deadline``: the last day the act may lawfully happen; an act dated on or before it but
    entered after it is a late entry whatever the delay (it looks on time only on paper).
    """
    if limit < 0:
        raise ValueError(f"limit must be >= 0, got {limit}")
    if entry_delay(act_on, entered_on, calendar) > limit:
        return True
    return deadline is not None and act_on <= deadline < entered_on


def is_late_reply(issued_on: date | None, reply_due: date | None) -> bool:
    """A reply issued after its due date (逾期答复)."""
    return issued_on is not None and reply_due is not None and issued_on > reply_due
