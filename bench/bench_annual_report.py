"""Time the annual report (reports.annual.compute_annual_report) on 100,000 cases.

Run from the repository root with the project venv:

    .venv/bin/python bench/bench_annual_report.py [--n 100000] [--seed 1] [--runs 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yishenqing_bench \
        .venv/bin/python bench/bench_annual_report.py

It runs on a throw-away database made by Django's test machinery (config.test_settings): SQLite
in memory, or on PostgreSQL a database ``test_<name>`` created, migrated and dropped around the
run (the database named in the URL need not exist; the server must accept the user).

The cases go straight into the tables with bulk_create, bypassing the services: 5 agencies,
receipts spread over 2019-2025, applicant columns and decisions in roughly the proportions of
published county reports, 10 % corrected (legal receipt later than first receipt), a few still
open from every year, 1 % challenged by reconsideration or lawsuit.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, models  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402

from agencies.models import Agency  # noqa: E402
from cases.models import Applicant, Case  # noqa: E402
from reports.annual import compute_annual_report  # noqa: E402
from reports.models import ReviewRecord  # noqa: E402
from rules.states import Decision  # noqa: E402

COLUMNS = {  # column: weight
    "person": 70,
    "enterprise": 12,
    "research": 2,
    "social_welfare": 3,
    "legal_service": 5,
    "other": 8,
}
D = Decision
DECISIONS = {
    D.DISCLOSED: 30,
    D.ALREADY_PUBLIC: 8,
    D.PARTIALLY_DISCLOSED: 10,
    D.WITHHELD_STATE_SECRET: 1,
    D.WITHHELD_PROHIBITED_BY_LAW: 1,
    D.WITHHELD_SECURITY_STABILITY: 1,
    D.WITHHELD_THIRD_PARTY_RIGHTS: 2,
    D.WITHHELD_INTERNAL_AFFAIRS: 1,
    D.WITHHELD_PROCESS_INFORMATION: 2,
    D.WITHHELD_ENFORCEMENT_FILE: 1,
    D.WITHHELD_ADMINISTRATIVE_QUERY: 1,
    D.UNAVAILABLE_NOT_HELD: 18,
    D.UNAVAILABLE_OTHER_AGENCY: 6,
    D.UNAVAILABLE_NEEDS_CREATION: 3,
    D.UNAVAILABLE_UNCLEAR: 1,
    D.NOT_PROCESSED_PETITION: 3,
    D.NOT_PROCESSED_REPEATED: 2,
    D.NOT_PROCESSED_PUBLICATION: 1,
    D.NOT_PROCESSED_EXCESSIVE: 1,
    D.NOT_PROCESSED_CONFIRM: 1,
    D.OTHER_NO_CORRECTION: 3,
    D.OTHER_NO_PAYMENT: 1,
    D.OTHER_WITHDRAWN: 4,
}
FIRST_DAY, LAST_DAY = date(2019, 1, 1), date(2025, 12, 31)
BATCH = 5000


def weighted(rng: random.Random, table: dict) -> Callable[[], str]:
    keys, weights = list(table), list(table.values())

    def draw() -> str:
        return rng.choices(keys, weights)[0]

    return draw


def describe_database() -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version} (in memory)"


def populate(n: int, seed: int) -> dict:
    rng = random.Random(seed)
    column_of, decision_of = weighted(rng, COLUMNS), weighted(rng, DECISIONS)
    user = get_user_model().objects.create_user("bench", password="x")
    agencies = [
        Agency.objects.create(
            name=f"测试县{i}人民政府办公室",
            short_name=f"测{i}",
            reconsideration_body="测试县",
            court="测试法院",
        )
        for i in range(5)
    ]
    span = (LAST_DAY - FIRST_DAY).days
    sequence: dict[tuple[int, int], int] = {}
    created = 0
    reviews = 0
    while created < n:
        size = min(BATCH, n - created)
        applicants, rows = [], []
        for i in range(size):
            column = column_of()
            applicants.append(
                Applicant(
                    kind="person" if column == "person" else "organization",
                    name=f"申请人{created + i}",
                    id_type="resident_id" if column == "person" else "uscc",
                    id_number=str(rng.randrange(10**17)),
                    org_category="" if column == "person" else column,
                    phone="13800138000",
                )
            )
            first = FIRST_DAY + timedelta(days=rng.randrange(span + 1))
            received = first + timedelta(days=rng.randint(5, 20)) if rng.random() < 0.1 else first
            # Most cases end within the period; a few stay open, more near the end.
            still_open = rng.random() < (0.25 if (LAST_DAY - first).days < 40 else 0.01)
            concluded = None if still_open else received + timedelta(days=rng.randint(0, 45))
            decision = decision_of() if concluded else ""
            status = (
                "registered"
                if concluded is None
                else ("closed" if decision.startswith("other.") else "replied")
            )
            agency = agencies[rng.randrange(len(agencies))]
            key = (agency.pk, first.year)
            sequence[key] = sequence.get(key, 0) + 1
            rows.append(
                dict(
                    agency=agency,
                    number=f"{agency.short_name}〔{first.year}〕{sequence[key]}号",
                    year=first.year,
                    sequence=sequence[key],
                    channel="in_person",
                    received_on=received,
                    first_received_on=first,
                    description="所需信息",
                    delivery_format="paper",
                    delivery_method="mail",
                    registered_by=user,
                    status=status,
                    decision=decision,
                    replied_on=concluded if status == "replied" else None,
                    closed_on=concluded if status == "closed" else None,
                    concluded_on=concluded,
                )
            )
        # A plain QuerySet: the fresh applicants belong to no case yet, so nothing is sealed
        # (and SealedQuerySet.bulk_create cannot follow Applicant's reverse one-to-one).
        applicants = models.QuerySet(Applicant).bulk_create(applicants)
        cases = Case.objects.bulk_create(
            Case(applicant=a, **row) for a, row in zip(applicants, rows, strict=True)
        )
        records = []
        for case in cases:
            if case.concluded_on is None or rng.random() >= 0.01:
                continue
            filed = case.concluded_on + timedelta(days=rng.randint(10, 60))
            result = rng.choice(["upheld", "upheld", "corrected", "other", "pending"])
            decided = None if result == "pending" else filed + timedelta(days=rng.randint(30, 180))
            records.append(
                ReviewRecord(
                    case=case,
                    kind=rng.choice(
                        ["reconsideration", "litigation_direct", "litigation_after_review"]
                    ),
                    filed_on=filed,
                    body="测试县人民政府",
                    result=result,
                    decided_on=decided,
                    recorded_by=user,
                )
            )
        ReviewRecord.objects.bulk_create(records)
        reviews += len(records)
        created += size
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"agencies": agencies, "reviews": reviews}


def timed(runs: int, **kwargs) -> tuple[float, float, list[float], object]:
    """Median and best time of the whole computation, and the median time of each query."""
    times, per_query = [], []

    def clock_query(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            per_query[-1].append(time.perf_counter() - start)

    for _ in range(runs):
        per_query.append([])
        with connection.execute_wrapper(clock_query):
            start = time.perf_counter()
            report = compute_annual_report(**kwargs)
            times.append(time.perf_counter() - start)
    queries = [statistics.median(run[i] for run in per_query) for i in range(len(per_query[0]))]
    return statistics.median(times), min(times), queries, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        start = time.perf_counter()
        data = populate(args.n, args.seed)
        print(
            f"{describe_database()}: {args.n:,} cases, {data['reviews']:,} review records "
            f"inserted in {time.perf_counter() - start:.1f} s"
        )
        agency = data["agencies"][0]
        print(
            f"{'scope':<28}{'year':>6}{'median':>9}{'best':>8}  {'queries (三, 四, problems)':<27}"
            "in play  consistent"
        )
        one = f"one agency (≈{args.n // 5:,} cases)"
        for label, scope in ((one, agency), ("all 5 agencies", None)):
            for year in (2020, 2025):
                median, best, queries, report = timed(args.runs, year=year, agency=scope)
                in_play = report.values["new"][-1] + report.values["carried_over"][-1]
                # SQLite steps through the rows while they are fetched, after execute() returns.
                split = (
                    ", ".join(f"{q * 1000:.0f}" for q in queries) + " ms"
                    if connection.vendor == "postgresql"
                    else "(not measurable)"
                )
                print(
                    f"{label:<28}{year:>6}{median * 1000:>7.0f}ms{best * 1000:>6.0f}ms  "
                    f"{split:<27}{in_play:>7,}  {report.consistent}"
                )
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
