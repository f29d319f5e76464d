import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from agencies.models import Agency, Department, Membership, Role

AGENCY_1 = {"clerk", "handler", "approver", "dept_a", "dept_b", "auditor", "admin"}
AGENCY_2 = {"clerk2", "admin2"}
DEMO_USERS = AGENCY_1 | AGENCY_2 | {"sysadmin"}


@pytest.mark.django_db
def test_seed_demo_creates_what_api_md_describes(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first, second = Agency.objects.get(short_name="郯政办"), Agency.objects.get(short_name="兰政办")
    assert Department.objects.filter(agency=first).count() == 2
    users = get_user_model().objects.filter(username__in=DEMO_USERS)
    assert {u.username for u in users} == DEMO_USERS
    assert all(u.check_password("demo1234") for u in users)
    assert {m.user.username for m in Membership.objects.filter(agency=first)} == AGENCY_1
    assert {m.user.username for m in Membership.objects.filter(agency=second)} == AGENCY_2
    dept_a = Membership.objects.get(user__username="dept_a")
    assert dept_a.role == Role.LIAISON and dept_a.department is not None
    assert get_user_model().objects.get(username="handler").groups.get().name == "handler"


@pytest.mark.django_db
def test_the_demo_admin_is_an_agency_admin_and_not_a_superuser(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    admin = get_user_model().objects.get(username="admin")
    assert admin.membership.role == Role.AGENCY_ADMIN and not admin.is_superuser
    assert admin.is_staff  # the restricted Django admin of their agency
    admin2 = get_user_model().objects.get(username="admin2")
    assert admin2.membership.role == Role.AGENCY_ADMIN and not admin2.is_superuser
    sysadmin = get_user_model().objects.get(username="sysadmin")
    assert sysadmin.is_superuser and not Membership.objects.filter(user=sysadmin).exists()
    superusers = get_user_model().objects.filter(is_superuser=True)
    assert [u.username for u in superusers] == ["sysadmin"]


@pytest.mark.django_db
def test_seed_demo_demotes_an_admin_seeded_as_superuser_before(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    get_user_model().objects.filter(username="admin").update(is_superuser=True)
    call_command("seed_demo")
    assert not get_user_model().objects.get(username="admin").is_superuser


@pytest.mark.django_db
def test_seed_demo_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    assert Agency.objects.count() == 2
    assert Department.objects.count() == 2
    assert get_user_model().objects.count() == 10
    assert Membership.objects.count() == 9


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
    assert get_user_model().objects.count() == 10
