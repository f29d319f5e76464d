import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from agencies.models import Agency, Department, Membership, Role

DEMO_USERS = {"clerk", "handler", "approver", "dept_a", "dept_b", "auditor", "admin"}


@pytest.mark.django_db
def test_seed_demo_creates_agency_departments_and_users(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    assert Agency.objects.count() == 1
    assert Department.objects.count() == 2
    users = get_user_model().objects.filter(username__in=DEMO_USERS)
    assert {u.username for u in users} == DEMO_USERS
    assert all(u.check_password("demo1234") for u in users)
    dept_a = Membership.objects.get(user__username="dept_a")
    assert dept_a.role == Role.LIAISON and dept_a.department is not None
    assert get_user_model().objects.get(username="handler").groups.get().name == "handler"


@pytest.mark.django_db
def test_seed_demo_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    assert Agency.objects.count() == 1
    assert Department.objects.count() == 2
    assert get_user_model().objects.count() == 7
    assert Membership.objects.count() == 7


@pytest.mark.django_db
def test_seed_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("seed_demo")
    assert Agency.objects.count() == 0


@pytest.mark.django_db
def test_seed_demo_runs_with_force(settings):
    settings.DEBUG = False
    call_command("seed_demo", "--force")
    assert get_user_model().objects.count() == 7
