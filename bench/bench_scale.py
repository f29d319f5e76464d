"""The scale figures of issue 18, each next to its reference in the same run, on a database
filled by ``manage.py generate_cases`` (PostgreSQL; the database is read, and left as it was).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale_1m \\
        .venv/bin/python bench/bench_scale.py --label 1M [--runs 20] [--write]

What each figure includes (printed with it):

* search: ``GET /api/v1/cases/?q=…`` through the whole stack in process (middleware, DRF, the
  capped count, the ids-first UNION, the page's rows, JSON), as the agency's handler; p50/p95
  over ``--runs`` per term. Terms of 1, 2, 3 and more characters, common and rare, names,
  numbers, nothing. The reference is the trivial JSON view below.
* case list: ``GET /cases/`` (the HTML page: session, permissions, calendar badges, template)
  and ``GET /api/v1/cases/`` against a trivial JSON view of the same 50 rows (one query of the
  list's columns, ``JsonResponse``, the same middleware): ratio of medians.
* recompute: one working day turned into a holiday through ``clock.services.set_day`` (the
  real path: revision bump, the windowed recompute of open cases, one UPDATE), timed with its
  peak Python memory (tracemalloc), inside a transaction that is rolled back.
* EXPLAIN (ANALYZE, BUFFERS) of the search's branches for a rare and a common term.

``--write`` puts the results into bench/README.md between the markers of ``--label``.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402

from cases.models import Case  # noqa: E402
from cases.search import CaseSearch  # noqa: E402
from clock import services as calendar_services  # noqa: E402
from clock.models import DayKind  # noqa: E402
from rules.states import OPEN_STATES  # noqa: E402

TERMS = [
    ("1 char, common", "路"),
    ("1 char, rare", "蚌"),
    ("2 chars, common", "改造"),
    ("2 chars, rare", "殡葬"),
    ("3 chars", "棚户区"),
    ("5 chars, phrase", "土地征收补"),
    ("surname", "王"),
    ("full name", None),  # filled from the data
    ("case number", None),
    ("ID number", None),
    ("nothing", "不存在的内容"),
]


def trivial_json(request):
    """The reference: the same 50 rows, one query, no template, no serializer."""
    agency = request.user.membership.agency_id
    rows = list(
        Case.objects.filter(agency_id=agency)
        .order_by("-received_on", "-id")
        .values("id", "number", "status", "received_on", "reply_due", "description")[:50]
    )
    return JsonResponse({"results": rows})


urlpatterns = [path("bench/trivial/", trivial_json), path("", include("config.urls"))]


def timed(fn, runs: int) -> list[float]:
    fn()  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", default="run")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench_scale needs PostgreSQL (DATABASE_URL) filled by generate_cases")
    out: list[str] = []

    def say(line: str = "") -> None:
        print(line, flush=True)
        out.append(line)

    handler = get_user_model().objects.get(username="handler")
    agency_id = handler.membership.agency_id
    total = Case.objects.count()
    mine = Case.objects.filter(agency_id=agency_id).count()
    open_cases = Case.objects.filter(status__in=OPEN_STATES).count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    say(f"{args.label}: {total:,} cases ({mine:,} of the handler's agency, {open_cases:,} open), "
        f"{version}, {date.today():%Y-%m-%d}, load average {os.getloadavg()[0]:.1f}")

    sample = Case.objects.filter(agency_id=agency_id).select_related("applicant").order_by("?")
    sample = sample.first()
    terms = []
    for label, term in TERMS:
        if label == "full name":
            term = sample.applicant.name
        elif label == "case number":
            term = sample.number
        elif label == "ID number":
            term = sample.applicant.id_number
        terms.append((label, term))

    with override_settings(ROOT_URLCONF=__name__, DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        client = Client()
        client.force_login(handler)

        say()
        say("Search: GET /api/v1/cases/?q= (whole stack; capped count + ids-first UNION + rows)")
        say(f"| term | kind | hits (capped at {settings.LIST_COUNT_CAP}) | p50 ms | p95 ms |")
        say("|---|---|---|---|---|")
        worst = 0.0
        for label, term in terms:
            count = CaseSearch(Case.objects.filter(agency_id=agency_id), term).count()
            times = timed(lambda t=term: client.get("/api/v1/cases/", {"q": t}), args.runs)
            worst = max(worst, p95(times))
            hits = f"{settings.LIST_COUNT_CAP}+" if count > settings.LIST_COUNT_CAP else count
            say(f"| {term} | {label} | {hits} | {statistics.median(times):.1f} | "
                f"{p95(times):.1f} |")
        say(f"worst p95: {worst:.1f} ms")

        say()
        say("Case list, page of 50, vs a trivial JSON view of the same 50 rows (same middleware)")
        reference = timed(lambda: client.get("/bench/trivial/"), args.runs)
        page = timed(lambda: client.get("/cases/"), args.runs)
        api = timed(lambda: client.get("/api/v1/cases/"), args.runs)
        ref = statistics.median(reference)
        say("| what | median ms | p95 ms | ratio to the trivial view |")
        say("|---|---|---|---|")
        say(f"| trivial JSON view (reference) | {ref:.1f} | {p95(reference):.1f} | 1.00 |")
        say(f"| case list page /cases/ | {statistics.median(page):.1f} | {p95(page):.1f} | "
            f"{statistics.median(page) / ref:.2f} |")
        say(f"| API list /api/v1/cases/ | {statistics.median(api):.1f} | {p95(api):.1f} | "
            f"{statistics.median(api) / ref:.2f} |")

    say()
    say("Recompute after a one-day calendar edit (set_day: revision, windowed recompute, UPDATE)")
    day = date.today() - timedelta(days=10)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    tracemalloc.start()
    start = time.perf_counter()
    with transaction.atomic():
        calendar_services.set_day(day=day, kind=DayKind.HOLIDAY, name="bench")
        moved = Case.objects.filter(status__in=OPEN_STATES, reply_due__isnull=False).count()
        elapsed = time.perf_counter() - start
        transaction.set_rollback(True)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    say(f"{day} made a holiday with {open_cases:,} open cases: {elapsed:.2f} s, "
        f"peak Python memory {peak:.0f} MiB (rolled back; {moved:,} open cases with a due date)")

    say()
    say("EXPLAIN (ANALYZE, BUFFERS) of the page's ids (rare term, then common term)")
    for term in ("殡葬", "路"):
        search = CaseSearch(Case.objects.filter(agency_id=agency_id), term)
        sql, params = search._union_sql(50, ordered=True)
        with connection.cursor() as cursor:
            cursor.execute(
                "EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM (" + sql + ") AS m(id, received_on) "
                "ORDER BY received_on DESC, id DESC LIMIT 50",
                params,
            )
            plan = [row[0] for row in cursor.fetchall()]
        say(f"q={term}:")
        say("```")
        for line in plan:
            say(line)
        say("```")

    if args.write:
        readme = ROOT / "bench" / "README.md"
        text = readme.read_text()
        begin, end = f"<!-- scale {args.label} -->", f"<!-- /scale {args.label} -->"
        block = f"{begin}\n" + "\n".join(out) + f"\n{end}"
        if begin in text:
            text = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda m: block, text,
                          flags=re.S)
        else:
            text = text.rstrip() + "\n\n" + block + "\n"
        readme.write_text(text)


if __name__ == "__main__":
    main()
