"""Login throughput with the production password hashers and the lockout on.

    .venv/bin/python bench/bench_login.py [--n 40] [--threads 1 2]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yishenqing_bench \
        .venv/bin/python bench/bench_login.py

A throw-away test database (as bench_annual_report) with the demo users; the password
hashers of config.settings (Argon2 first) instead of the test suite's MD5; django-axes with
its database handler exactly as configured (5 failures lock an account or an address). The
API throttles are lifted so that they do not cut the run short. Each request goes through the
whole Django stack in process (middleware, DRF, axes, the account log), without a network.

Measured: successful `POST /api/v1/auth/token/` (Argon2; and, for comparison, the same users
stored with Django's PBKDF2 at its default 1,000,000 iterations), failed attempts (the hash is
still computed, then axes records the failure), and attempts refused while locked out (no
hash at all). Threads run concurrently on their own users and addresses (PostgreSQL only:
SQLite's in-memory test database takes one writer at a time).
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402
from rest_framework.throttling import SimpleRateThrottle  # noqa: E402

from agencies.models import Agency, Membership, Role  # noqa: E402
from config import settings as production  # noqa: E402

TOKEN = "/api/v1/auth/token/"
PASSWORD = "Bench-pass-2026!"


def describe_database() -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def make_users(n: int, hasher: str, prefix: str = "") -> list[str]:
    agency, _ = Agency.objects.get_or_create(
        name="郯城县人民政府办公室",
        defaults={"short_name": "郯政办", "reconsideration_body": "郯城县人民政府",
                  "court": "临沂市兰山区人民法院"},
    )
    encoded = make_password(PASSWORD, hasher=hasher)
    names = []
    for i in range(n):
        username = f"{prefix or hasher}_{i}"
        user = get_user_model().objects.create(username=username, password=encoded)
        Membership.objects.create(user=user, agency=agency, role=Role.CLERK)
        names.append(username)
    return names


def run(label: str, jobs: list[tuple[str, str, str]], threads: int, expect: int) -> None:
    """jobs: (username, password, ip); split over threads, each with its own client."""
    chunks = [jobs[i::threads] for i in range(threads)]
    times: list[float] = []
    wrong: list[int] = []
    lock = threading.Lock()

    def worker(chunk):
        client = APIClient()
        try:
            for username, password, ip in chunk:
                start = time.perf_counter()
                response = client.post(
                    TOKEN, {"username": username, "password": password}, format="json",
                    REMOTE_ADDR=ip,
                )
                elapsed = time.perf_counter() - start
                with lock:
                    times.append(elapsed)
                    if response.status_code != expect:
                        wrong.append(response.status_code)
        finally:
            connections.close_all()

    start = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    wall = time.perf_counter() - start
    med = statistics.median(times) * 1000
    p95 = sorted(times)[int(len(times) * 0.95) - 1] * 1000
    print(
        f"{label:<44} threads={threads}  {len(jobs) / wall:7.1f} /s   "
        f"median {med:6.1f} ms  p95 {p95:6.1f} ms"
        + (f"   UNEXPECTED {sorted(set(wrong))} x{len(wrong)}" if wrong else "")
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=40, help="requests per measurement")
    parser.add_argument("--threads", type=int, nargs="+", default=None,
                        help="default: 1 on SQLite (one writer at a time), 1 and 2 on PostgreSQL")
    args = parser.parse_args()

    logging.getLogger("axes").setLevel(logging.ERROR)  # one warning per failure otherwise
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    SimpleRateThrottle.THROTTLE_RATES = {"anon": "1000000/minute", "user": "1000000/minute"}
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        print(f"{describe_database()}, hashers {settings.PASSWORD_HASHERS[0].rsplit('.', 1)[1]} "
              f"first, lockout after {settings.AXES_FAILURE_LIMIT} failures "
              f"({settings.AXES_HANDLER.rsplit('.', 1)[1]})")
        n = args.n
        if args.threads is None:
            args.threads = [1, 2] if connection.vendor == "postgresql" else [1]
        argon = make_users(n, "argon2")
        pbkdf2 = make_users(max(4, n // 4), "pbkdf2_sha256")
        for threads in args.threads:
            # One success per user and address: nothing here is ever locked.
            run("token login, Argon2", [(u, PASSWORD, f"10.1.{threads}.{i}")
                                         for i, u in enumerate(argon)], threads, 200)
            run("token login, PBKDF2 (1,000,000 iterations)",
                [(u, PASSWORD, f"10.2.{threads}.{i}") for i, u in enumerate(pbkdf2)],
                threads, 200)
            # Wrong passwords, each account and address below the limit: hashed and recorded.
            limit = settings.AXES_FAILURE_LIMIT
            jobs = [(argon[i % n], "wrong", f"10.3.{threads}.{i}") for i in range(n)]
            run(f"failed login (< {limit} per account), Argon2", jobs, threads, 400)
            # Lock one account, then hammer it: refused before any hashing.
            victim = make_users(1, "argon2", prefix=f"victim{threads}")[0]
            for i in range(limit):
                APIClient().post(TOKEN, {"username": victim, "password": "x"}, format="json",
                                 REMOTE_ADDR=f"10.4.{threads}.{i}")
            run("refused while locked out", [(victim, PASSWORD, f"10.5.{threads}.{i}")
                                             for i in range(n)], threads, 429)
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
