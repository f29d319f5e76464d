"""Benchmark: reply deadlines for 100,000 synthetic clock ledgers (no Django needed).

Run from the repository root:  .venv/bin/python bench/bench_deadlines.py [--n 100000] [--seed 1]
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rules.calendar import china_calendar  # noqa: E402
from rules.deadline import ClockLedger, Pause, compute_deadline, due_ordinal  # noqa: E402

REASONS = ("征求意见", "缴费")


def synthetic_ledgers(n: int, seed: int) -> list[tuple[ClockLedger, date]]:
    """Receipts 2019-2026 with 0-3 pauses (some open, some overlapping) and some extensions."""
    rng = random.Random(seed)
    first = date(2019, 1, 1).toordinal()
    last = date(2026, 12, 31).toordinal()
    ledgers = []
    for _ in range(n):
        received_on = date.fromordinal(rng.randint(first, last))
        today = received_on + timedelta(days=rng.randint(0, 90))
        pauses = []
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            start = received_on + timedelta(days=rng.randint(1, 40))
            end = None if rng.random() < 0.15 else start + timedelta(days=rng.randint(0, 30))
            pauses.append(Pause(start, end, rng.choice(REASONS)))
        extension = rng.randint(1, 20) if rng.random() < 0.2 else 0
        original = received_on - timedelta(days=rng.randint(3, 10)) if rng.random() < 0.1 else None
        ledgers.append((ClockLedger(received_on, tuple(pauses), extension, original), today))
    return ledgers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    t0 = time.perf_counter()
    calendar = china_calendar(range(2019, 2028))
    t1 = time.perf_counter()
    print(
        f"calendar 2019-2027: {len(calendar.off_days)} off weekdays, "
        f"{len(calendar.working_weekends)} working weekend days, "
        f"official {min(calendar.official_years)}-{max(calendar.official_years)}, "
        f"built in {(t1 - t0) * 1000:.0f} ms"
    )

    ledgers = synthetic_ledgers(args.n, args.seed)
    start = time.perf_counter()
    provisional = 0
    for ledger, today in ledgers:
        provisional += compute_deadline(ledger, calendar, today).provisional
    elapsed = time.perf_counter() - start
    print(
        f"compute_deadline: {args.n:,} ledgers in {elapsed:.2f} s = "
        f"{args.n / elapsed:,.0f} deadlines/s ({elapsed / args.n * 1e6:.1f} µs each); "
        f"{provisional:,} provisional"
    )

    # The recompute's fast path: the due date only, from ordinals, on the dense table (what
    # workflow.clock.recompute_open_cases runs per case), against compute_deadline above.
    _ = calendar.dense  # built once per calendar (a few ms), as in a serving process
    plain = [
        (
            ledger.received_on.toordinal(),
            ledger.extension_working_days,
            [(p.start.toordinal(), (p.end or today).toordinal()) for p in ledger.pauses],
        )
        for ledger, today in ledgers
    ]
    start = time.perf_counter()
    for received, extension, pauses in plain:
        due_ordinal(calendar, received, extension, pauses)
    fast = time.perf_counter() - start
    print(
        f"due_ordinal (dense table, due date only): {args.n / fast:,.0f} ledgers/s "
        f"({fast / args.n * 1e6:.2f} µs each) = {elapsed / fast:.1f}x compute_deadline"
    )

    rng = random.Random(args.seed)
    starts = [date(2019, 1, 1) + timedelta(days=rng.randint(0, 2900)) for _ in range(args.n)]
    start = time.perf_counter()
    for d in starts:
        calendar.add_working_days(d, 20)
    elapsed = time.perf_counter() - start
    print(f"add_working_days(d, 20): {args.n / elapsed:,.0f} calls/s")
    print(f"python {platform.python_version()} on {platform.machine()}")


if __name__ == "__main__":
    main()
