import pytest

from tests.archive.helpers import archived_case, full_case


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def archived(agency, clerk, handler, approver):
    """A short case: registered, answered, delivered, archived."""
    return archived_case(agency, clerk=clerk, handler=handler, approver=approver)


@pytest.fixture
def full(agency, clerk, handler, approver, dept_a, dept_b, department_a, department_b):
    """A delivered case with every kind of document (not yet archived)."""
    return full_case(
        agency,
        clerk=clerk,
        handler=handler,
        approver=approver,
        dept_a=dept_a,
        dept_b=dept_b,
        department_a=department_a,
        department_b=department_b,
    )


@pytest.fixture
def whole(full, clerk, handler, auditor):
    """The full case archived, then corrected by a note, taken to court, and read by an
    auditor three times: every kind of record the integrity check covers."""
    from datetime import date

    from audit.services import add_archive_note, record_view
    from reports.services import record_review
    from tests.archive.helpers import fresh
    from workflow import services

    services.archive(case=full, actor=clerk)
    add_archive_note(case=fresh(full), actor=handler, text="申请人地址应为人民路2号。")
    record_review(
        case=fresh(full),
        actor=handler,
        kind="reconsideration",
        filed_on=date(2023, 9, 1),
        body="郯城县人民政府",
        result="upheld",
        decided_on=date(2023, 10, 20),
    )
    case = fresh(full)
    for what in ("case_page", "letters", "bundle"):
        record_view(auditor, case, what)
    return case
