"""Letter numbers stay gapless and unique when several letters are issued at the same moment.
Needs PostgreSQL: SQLite serialises writers, so it cannot show a race."""

import threading
from datetime import date

import pytest
from django.db import connection, transaction

from letters.issuing import issue_letter
from letters.models import Letter
from tests.cases.helpers import make_case

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need PostgreSQL (SQLite serialises). Run with DATABASE_URL=postgres://…",
    ),
]


def test_concurrent_issuing_gives_consecutive_unique_numbers(agency, handler):
    cases = [make_case(agency, handler) for _ in range(6)]
    barrier = threading.Barrier(len(cases))
    errors = []

    def issue(case):
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                issue_letter(case, "reasons_notice", actor=handler, issued_on=date(2023, 7, 20),
                             extra={"reasons": {"due": "2023-08-04"}})
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(case,)) for case in cases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(
        Letter.objects.filter(kind="reasons_notice").values_list("sequence", flat=True)
    )
    assert numbers == [1, 2, 3, 4, 5, 6]
