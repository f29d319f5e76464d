"""The cast of the account tests: the agency admins of both agencies, a second admin of the
first agency, the platform superuser, and a superuser who was (wrongly) given a membership."""

import pytest
from django.contrib.auth import get_user_model

from agencies.models import Membership, Role
from tests.factories import UserFactory, make_member


@pytest.fixture
def admin2(other_agency):
    return make_member("admin2", Role.AGENCY_ADMIN, other_agency)


@pytest.fixture
def clerk2(other_agency):
    return make_member("clerk2", Role.CLERK, other_agency)


@pytest.fixture
def co_admin(agency):
    """Another agency admin of the same agency: the first one must not manage them."""
    return make_member("co_admin", Role.AGENCY_ADMIN, agency)


@pytest.fixture
def sysadmin(db):
    return get_user_model().objects.create_superuser("sysadmin", "root@example.cn", "demo1234")


@pytest.fixture
def member_superuser(agency):
    """A superuser who also holds a membership in the agency (the old demo `admin`)."""
    user = UserFactory(username="super_member", is_superuser=True, is_staff=True)
    Membership.objects.create(user=user, agency=agency, role=Role.AGENCY_ADMIN)
    return get_user_model().objects.get(pk=user.pk)
