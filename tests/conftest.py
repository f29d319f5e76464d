"""The named cast every test can use (style.md): one agency, two departments, one user per
role, and an outsider from another agency."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from rest_framework.test import APIClient

from agencies.models import Role
from tests.factories import AgencyFactory, DepartmentFactory, make_member


@pytest.fixture(autouse=True)
def _fresh_cache():
    """API throttles count requests in the cache: each test starts with none."""
    cache.clear()


@pytest.fixture
def agency(db):
    return AgencyFactory(name="郯城县人民政府办公室", short_name="郯政办")


@pytest.fixture
def other_agency(db):
    return AgencyFactory(name="兰陵县人民政府办公室", short_name="兰政办")


@pytest.fixture
def department_a(agency):
    return DepartmentFactory(agency=agency, name="县自然资源局")


@pytest.fixture
def department_b(agency):
    return DepartmentFactory(agency=agency, name="县住房和城乡建设局")


@pytest.fixture
def clerk(agency):
    return make_member("clerk", Role.CLERK, agency)


@pytest.fixture
def handler(agency):
    return make_member("handler", Role.HANDLER, agency)


@pytest.fixture
def approver(agency):
    return make_member("approver", Role.APPROVER, agency)


@pytest.fixture
def dept_a(agency, department_a):
    return make_member("dept_a", Role.LIAISON, agency, department_a)


@pytest.fixture
def dept_b(agency, department_b):
    return make_member("dept_b", Role.LIAISON, agency, department_b)


@pytest.fixture
def auditor(agency):
    return make_member("auditor", Role.AUDITOR, agency)


@pytest.fixture
def agency_admin(agency):
    return make_member("agency_admin", Role.AGENCY_ADMIN, agency)


@pytest.fixture
def outsider(other_agency):
    """A handler of another agency: must never see or touch this agency's cases."""
    return make_member("outsider", Role.HANDLER, other_agency)


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def api_as(api):
    def login(user):
        api.force_authenticate(user=user)
        return api

    return login


def _inside_the_tests_transaction_only(connection) -> bool:
    blocks = connection.atomic_blocks
    return bool(blocks) and all(getattr(block, "_from_testcase", False) for block in blocks)


def _run_commit_hooks(connection) -> None:
    while connection.run_on_commit:
        _sids, func, _robust = connection.run_on_commit.pop(0)
        func()


@pytest.fixture(autouse=True)
def commit_hooks_run_at_commit(monkeypatch):
    """pytest-django runs a test inside a transaction it never commits, so callbacks given to
    ``transaction.on_commit()`` (what domain events cause: letters, case files, files put in
    place) would never run. Run them where a real commit would: when the application's
    outermost atomic block ends without an error inside the test's own block (a rolled-back
    block has discarded its callbacks already), or at once when registered outside any block
    of the application. Tests with ``transaction=True`` commit for real and are unaffected."""
    exit_atomic = transaction.Atomic.__exit__
    on_commit = BaseDatabaseWrapper.on_commit

    def atomic_exit(self, exc_type, exc_value, traceback):
        result = exit_atomic(self, exc_type, exc_value, traceback)
        connection = transaction.get_connection(self.using)
        if exc_type is None and _inside_the_tests_transaction_only(connection):
            _run_commit_hooks(connection)
        return result

    def register(self, func, robust=False):
        on_commit(self, func, robust)
        if _inside_the_tests_transaction_only(self):
            _run_commit_hooks(self)

    monkeypatch.setattr(transaction.Atomic, "__exit__", atomic_exit)
    monkeypatch.setattr(BaseDatabaseWrapper, "on_commit", register)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say plainly when the PostgreSQL-only tests (concurrency: row locks, number counters,
    trigram search) did not run: on SQLite they skip, and CI (.ci/run) runs them on PostgreSQL."""
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if "postgres" in r.keywords]
    if skipped:
        terminalreporter.write_sep("=", "PostgreSQL needed", yellow=True, bold=True)
        terminalreporter.write_line(
            f"{len(skipped)} test(s) marked 'postgres' (concurrency: row locks, gapless number "
            "counters, trigram search) were SKIPPED: they need PostgreSQL, SQLite serialises "
            "writers and cannot show a race."
        )
        terminalreporter.write_line(
            "Run them with: DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> make test "
            "(CI, .ci/run, runs the whole suite on PostgreSQL too)."
        )
