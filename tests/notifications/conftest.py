from datetime import date

import pytest

from agencies.models import Role
from tests.cases.helpers import make_case
from tests.factories import make_member
from workflow import services


@pytest.fixture
def clerk_b(agency):
    return make_member("clerk_b", Role.CLERK, agency)


@pytest.fixture
def with_addresses(clerk, handler, approver, dept_a, dept_b):
    for user in (clerk, handler, approver, dept_a, dept_b):
        user.email = f"{user.username}@example.gov.cn"
        user.save(update_fields=["email"])


@pytest.fixture
def owned_case(agency, clerk, handler, approver):
    """Received 2023-07-14 (a Friday): due 2023-08-11; handled by ``handler``."""
    case = make_case(agency, clerk)
    services.set_handler(case=case, actor=approver, handler=handler)
    case.refresh_from_db()
    assert case.reply_due == date(2023, 8, 11)
    return case
