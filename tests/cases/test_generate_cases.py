"""manage.py generate_cases: realistic rows, consistent with the models (bulk_create path here;
COPY on PostgreSQL writes the same rows)."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from cases.models import Case
from letters.models import Letter
from rules.states import OPEN_STATES, Status
from workflow import clock
from workflow.audit import verify_chain
from workflow.models import Consultation, Event, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def staffed(agency, clerk, handler, approver, department_a):
    return agency


def test_it_fills_every_state_with_consistent_rows(staffed):
    call_command("generate_cases", count=400, seed=3, no_copy=True, stdout=open("/dev/null", "w"))
    cases = Case.objects.filter(agency=staffed)
    assert cases.count() == 400
    assert set(cases.values_list("status", flat=True)) == set(Status.values)
    assert cases.exclude(decision="").values("decision").distinct().count() >= 15
    assert Task.objects.exists() and Consultation.objects.exists()
    assert Letter.objects.filter(kind="reply").exists()
    # Numbers follow the agency's pattern and are unique per year.
    assert all(n.startswith(staffed.short_name) for n in cases.values_list("number", flat=True))
    # Descriptions vary: a large vocabulary, not a handful of sentences.
    assert cases.values("description").distinct().count() > 350
    names = cases.values_list("applicant__name", flat=True)
    assert len(set(names)) > 250


def test_the_hash_chains_verify_and_due_dates_match_the_clock(staffed):
    call_command("generate_cases", count=60, seed=4, no_copy=True, stdout=open("/dev/null", "w"))
    for case in Case.objects.all():
        events = list(Event.objects.filter(case=case).order_by("seq"))
        assert events[0].name == "register"
        assert verify_chain(events) == [], case.number  # keyed (version 2) hashes
        if case.status in OPEN_STATES:
            deadline = clock.case_deadline(case)
            assert case.reply_due == (deadline.due if deadline else None), case.number


def test_a_second_run_continues_the_numbers(staffed):
    out = open("/dev/null", "w")
    call_command("generate_cases", count=30, seed=1, no_copy=True, stdout=out)
    call_command("generate_cases", count=30, seed=1, no_copy=True, stdout=out)
    assert Case.objects.values("number").distinct().count() == 60


def test_it_refuses_an_unknown_agency(staffed):
    with pytest.raises(CommandError):
        call_command("generate_cases", count=1, agency="不存在")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_copy_writes_the_same_kind_of_rows(staffed):
    call_command("generate_cases", count=50, seed=5, stdout=open("/dev/null", "w"))
    assert Case.objects.count() == 50
    case = Case.objects.order_by("?").first()
    assert verify_chain(list(Event.objects.filter(case=case).order_by("seq"))) == []
    # The search indexes were rebuilt after the load.
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE indexname LIKE '%%_grams'")
        assert cursor.fetchone()[0] == 3
