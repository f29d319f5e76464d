"""System checks: stored due dates that may be stale (workflow.W001, workflow.W002).

Live computation is authoritative (workflow.clock.case_deadline, shown on the case page and in
the API's ``deadline``); ``Case.reply_due`` is its stored copy for lists and filters. These
checks read the database, so they run with the database checks (``manage.py check --database
default``, and ``migrate``), not on every command."""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError

from workflow.clock import stale_due_dates

HINT = "运行 manage.py refresh_due_dates 重新计算未办结案件的到期日（建议每日 00:05 定时运行）。"


@register(Tags.database)
def check_due_dates(app_configs=None, databases=None, **kwargs) -> list:
    if "default" not in (databases or ()):
        return []
    try:
        problems = stale_due_dates()
    except DatabaseError:  # not migrated yet
        return []
    warnings = []
    if "calendar" in problems:
        warnings.append(
            Warning(
                "工作日日历在上次重新计算到期日之后有变动（或从未重新计算），"
                "未办结案件存储的到期日可能已过时。",
                hint=HINT,
                id="workflow.W001",
            )
        )
    if "daily" in problems:
        warnings.append(
            Warning(
                "今天尚未运行每日到期日刷新，而有案件的期限正处于中止（征求意见、待缴费），"
                "其存储的到期日可能已过时。",
                hint=HINT,
                id="workflow.W002",
            )
        )
    return warnings
