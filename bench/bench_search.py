"""Time the case search (one box: number, applicant name, Chinese substrings of the description)
on 100,000 cases, as the case list and the API run it (cases.filters.CaseFilter).

    .venv/bin/python bench/bench_search.py [--n 100000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yishenqing_bench \
        .venv/bin/python bench/bench_search.py

Cases come from bench_annual_report.populate (bulk_create on a throw-away test database); each
gets a description built from phrases of real county applications. On PostgreSQL the plan of
the description search is printed, to show the trigram index (cases 0003) at work.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_annual_report import describe_database, populate, setup_databases  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import teardown_databases  # noqa: E402

from cases.filters import CaseFilter  # noqa: E402
from cases.models import Case  # noqa: E402

PLACES = ["郯城县", "马头镇", "港上镇", "李庄镇", "红花镇", "胜利镇", "花园乡", "高峰头镇"]
SUBJECTS = [
    "城区道路改造工程",
    "棚户区改造项目",
    "土地征收补偿方案",
    "农村危房改造资金",
    "中小学校舍建设",
    "河道治理工程",
    "集体土地征收",
    "企业环评审批",
    "财政预算执行",
]
DOCS = ["立项批复", "补偿安置方案", "资金拨付明细", "验收报告", "会议纪要", "审批文件"]


def describe(rng: random.Random, year: int) -> str:
    return (
        f"{rng.choice(PLACES)}{year}年{rng.choice(SUBJECTS)}的{rng.choice(DOCS)}"
        f"及相关{rng.choice(DOCS)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        populate(args.n, seed=1)
        rng = random.Random(2)
        cases = list(Case.objects.only("id", "year"))
        for case in cases:
            case.description = describe(rng, case.year)
        Case.objects.bulk_update(cases, ["description"], batch_size=2000)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"{describe_database()}: {args.n:,} cases")
        for q in ("棚户区改造", "申请人4711", "测1〔2023〕15号", "不存在的内容"):
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                queryset = CaseFilter(
                    {"q": q}, queryset=Case.objects.select_related("applicant")
                ).qs
                count = queryset.count()
                page = list(queryset.order_by("-received_on", "-id")[:50])
                times.append(time.perf_counter() - start)
            median, best = statistics.median(times) * 1000, min(times) * 1000
            print(
                f"q={q!r:<16} {count:>7,} hits  first page {len(page):>2} rows  "
                f"median {median:7.1f} ms  best {best:7.1f} ms"
            )
        if connection.vendor == "postgresql":
            queryset = CaseFilter({"q": "棚户区改造"}, queryset=Case.objects.all()).qs
            print(queryset.explain())
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
