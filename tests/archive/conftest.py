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
