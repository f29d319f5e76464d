"""Concurrent requests on PostgreSQL: the case row lock lets exactly one of two racing
transitions through, and the per-agency counter hands out consecutive case numbers.

Each racing call runs in its own thread (its own connection); a short sleep inside the first
transaction, after the lock is taken, makes sure the second really waits on that lock.
"""

import threading
import time
from datetime import date

import pytest
from django.db import connection, connections

from cases import services as case_services
from cases.models import Case
from rules.states import Status
from tests.cases.helpers import make_case, registration_payload
from workflow import services
from workflow.audit import verify_chain
from workflow.errors import Conflict
from workflow.models import Event

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (SELECT ... FOR UPDATE) need PostgreSQL; SQLite runs one writer at a "
        "time and ignores them. Run with DATABASE_URL=postgres://…",
    ),
    pytest.mark.django_db(transaction=True),
]


def race(*calls, timeout: float = 60):
    """Run the calls at the same moment, each in its own thread; return ("ok", value) or
    ("error", exception) per call, in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = ("ok", call())
        except Exception as exc:  # the test inspects it
            results[index] = ("error", exc)
        finally:
            connections.close_all()  # this thread's connections

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
        assert not thread.is_alive(), "a racing call hung (deadlock?)"
    return results


@pytest.fixture
def slow_transactions(monkeypatch):
    """Hold every transaction a little longer once it has its locks."""
    from workflow import clock

    refresh = clock.refresh_reply_due

    def slow_refresh(case):
        time.sleep(0.3)
        refresh(case)

    monkeypatch.setattr(clock, "refresh_reply_due", slow_refresh)


def chain_of(case) -> list[Event]:
    return list(Event.objects.filter(case=case).order_by("seq"))


def outcomes(results) -> list[str]:
    return sorted(kind for kind, _ in results)


def test_two_approvals_one_wins_the_other_conflicts(
    agency, clerk, handler, approver, slow_transactions
):
    case = make_case(agency, clerk)
    services.submit_reply(case=case, actor=handler, decision="unavailable.not_held", text="无")

    results = race(
        lambda: services.approve_reply(case=case, actor=approver, issued_on=date(2023, 8, 1)),
        lambda: services.approve_reply(case=case, actor=approver, issued_on=date(2023, 8, 2)),
    )

    assert outcomes(results) == ["error", "ok"], results
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, Conflict), repr(error)
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.status == Status.REPLIED
    events = chain_of(case)
    assert [e.name for e in events] == ["register", "submit_reply", "approve_reply"]
    assert verify_chain(events) == []


def test_two_withdrawals_through_the_api_one_is_409(agency, clerk, handler, slow_transactions):
    from rest_framework.test import APIClient

    case = make_case(agency, clerk)

    def withdraw(user, day):
        client = APIClient()
        client.force_authenticate(user=user)
        return client.post(
            f"/api/v1/cases/{case.pk}/transitions/withdraw/",
            {"reason": "申请人书面撤回", "withdrawn_on": day},
            format="json",
        ).status_code

    results = race(lambda: withdraw(clerk, "2023-07-20"), lambda: withdraw(handler, "2023-07-21"))

    assert sorted(value for _, value in results) == [200, 409], results
    assert Case.objects.get(pk=case.pk).decision == "other.withdrawn"
    events = chain_of(case)
    assert [e.name for e in events] == ["register", "withdraw"]
    assert verify_chain(events) == []


def test_a_transition_and_a_task_answer_keep_one_chain(
    agency, clerk, handler, dept_a, department_a, slow_transactions
):
    case = make_case(agency, clerk)
    services.assign(
        case=case,
        actor=handler,
        assigned_on=date(2023, 7, 17),
        tasks=[
            {"department": department_a.pk, "instructions": "请检索", "due_on": date(2023, 7, 24)}
        ],
    )
    task = case.tasks.get()

    results = race(
        lambda: services.respond_task(
            task=task, actor=dept_a, holds_information=False, answer="无",
            responded_on=date(2023, 7, 20), late_entry_reason="按纸质登记簿补录",
        ),
        lambda: services.extend(
            case=case, actor=make_approver(agency), working_days=5, reason="需调档",
            decided_on=date(2023, 7, 21), late_entry_reason="按纸质审批单补录",
        ),
    )

    assert outcomes(results) == ["ok", "ok"], results
    events = chain_of(case)
    assert sorted(e.name for e in events[-2:]) == ["extend", "respond_task"]
    assert [e.seq for e in events] == [1, 2, 3, 4]
    assert verify_chain(events) == []


def test_a_transition_locks_its_case_not_the_agency(agency, clerk, monkeypatch):
    """Work on another case of the same agency, and a registration, go on meanwhile."""
    from workflow import clock

    slow_case, other_case = make_case(agency, clerk), make_case(agency, clerk)
    refresh = clock.refresh_reply_due

    def refresh_slowly_for_one_case(case):
        if case.pk == slow_case.pk:
            time.sleep(1.5)
        refresh(case)

    monkeypatch.setattr(clock, "refresh_reply_due", refresh_slowly_for_one_case)
    finished = {}

    def withdraw(case, key):
        services.withdraw(case=case, actor=clerk, reason="撤回", withdrawn_on=date(2023, 7, 20))
        finished[key] = time.monotonic()

    def meanwhile():
        time.sleep(0.3)  # the slow transaction holds its locks by now
        withdraw(other_case, "other")
        make_case(agency, clerk)
        finished["registered"] = time.monotonic()

    results = race(lambda: withdraw(slow_case, "slow"), meanwhile)

    assert outcomes(results) == ["ok", "ok"], results
    assert finished["other"] < finished["slow"]
    assert finished["registered"] < finished["slow"]


def make_approver(agency):
    from tests.factories import make_member

    return make_member("approver2", "approver", agency)


@pytest.mark.parametrize("existing", [0, 3], ids=["first-of-the-year", "counter-exists"])
def test_two_registrations_get_consecutive_numbers(
    agency, clerk, handler, slow_transactions, existing
):
    for _ in range(existing):
        make_case(agency, clerk)
    applicant = {k: v or "" for k, v in registration_payload()["applicant"].items()}

    def register(actor):
        return case_services.register_case(
            agency=agency,
            actor=actor,
            applicant=dict(applicant),
            channel="in_person",
            received_on=date(2023, 7, 14),
            description="2023年郯城县城区道路改造工程的立项批复文件",
            delivery_format="paper",
            delivery_method="mail",
        ).number

    results = race(lambda: register(clerk), lambda: register(handler))

    assert outcomes(results) == ["ok", "ok"], results
    numbers = sorted(value for _, value in results)
    assert numbers == [
        f"郯政办依申〔2023〕{existing + 1}号",
        f"郯政办依申〔2023〕{existing + 2}号",
    ]
    cases = Case.objects.filter(agency=agency, year=2023)
    sequences = sorted(cases.values_list("sequence", flat=True))
    assert sequences == list(range(1, existing + 3))  # no gap, no duplicate
