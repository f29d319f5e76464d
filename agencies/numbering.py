"""Gapless per-agency, per-scope, per-year numbers (case numbers, letter numbers)."""

from django.db import IntegrityError, transaction

from agencies.models import Agency, NumberCounter
from rules.numbering import format_number

__all__ = ["format_number", "next_sequence"]


def next_sequence(agency: Agency, scope: str, year: int) -> int:
    """Take the next number; must run inside the caller's transaction so a rollback frees it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_sequence must run inside transaction.atomic()")
    try:
        with transaction.atomic():
            NumberCounter.objects.get_or_create(agency=agency, scope=scope, year=year)
    except IntegrityError:
        pass  # a concurrent transaction created the row first; we lock it below
    counter = NumberCounter.objects.select_for_update().get(
        agency=agency, scope=scope, year=year
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last
