"""Tamper evidence beyond one case (``manage.py verify_integrity --all``): what an agency's
record must still hold as a whole.

- its auditors' read log: the keyed chain per agency (``audit.AuditView``) complete and intact,
  so a read deleted or edited behind the application's back shows;
- its register: case numbers are gapless per year (``agencies.numbering``), so every number
  taken belongs to a case that still exists; a deleted case leaves a gap, or a counter ahead of
  the last case. Deleting the newest cases *and* winding the counter back is caught by the
  anchors (``audit.anchors``).

Both stream their rows (``iterator()``), so they run in constant memory however large the record.
"""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from agencies.models import NumberCounter
from audit.models import AuditView
from cases.models import Case
from workflow.chain import GENESIS_HASH, matches

CHUNK = 2000


def read_log_problems(agency) -> Iterator[str]:
    prev, expected = GENESIS_HASH, 1
    reads = AuditView.objects.filter(agency=agency).order_by("seq")
    for view in reads.iterator(chunk_size=CHUNK):
        if view.seq != expected:
            yield _(
                "监督查阅记录序号不连续：期望第%(expected)s条，实际为第%(seq)s条（记录被删除）。"
            ) % {
                "expected": expected,
                "seq": view.seq,
            }
        if view.prev_hash != prev:
            yield _("第%(seq)s条监督查阅记录的前序哈希与上一条不符。") % {"seq": view.seq}
        if not matches(view.compute_hash(), view.hash):
            yield _("第%(seq)s条监督查阅记录的内容与其哈希不符（记录被改动）。") % {"seq": view.seq}
        prev, expected = view.hash, view.seq + 1


def register_problems(agency) -> Iterator[str]:
    counters = dict(
        NumberCounter.objects.filter(agency=agency, scope="case").values_list("year", "last")
    )
    year, expected = None, 1
    numbers = Case.objects.filter(agency=agency).order_by("year", "sequence")
    for case_year, sequence in numbers.values_list("year", "sequence").iterator(chunk_size=CHUNK):
        if case_year != year:
            if year is not None:
                yield from _counter_problems(year, expected - 1, counters.pop(year, 0))
            year, expected = case_year, 1
        if sequence != expected:
            yield _(
                "%(year)s年的案件序号不连续：第%(first)s至%(last)s号案件不存在（案件被删除）。"
            ) % {
                "year": year,
                "first": expected,
                "last": sequence - 1,
            }
        expected = sequence + 1
    if year is not None:
        yield from _counter_problems(year, expected - 1, counters.pop(year, 0))
    for other_year, last in sorted(counters.items()):
        yield from _counter_problems(other_year, 0, last)


def _counter_problems(year: int, highest: int, last: int) -> Iterator[str]:
    if last != highest:
        yield _(
            "%(year)s年已编号至第%(last)s号，但现存案件只到第%(highest)s号（案件被删除）。"
        ) % {
            "year": year,
            "last": last,
            "highest": highest,
        }


def agency_problems(agency) -> Iterator[str]:
    yield from register_problems(agency)
    yield from read_log_problems(agency)
