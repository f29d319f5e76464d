from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from agencies.models import Agency, Department, Membership, Role

DEMO_PASSWORD = "demo1234"

AGENCY = {
    "name": "郯城县人民政府办公室",
    "short_name": "郯政办",
    "address": "山东省临沂市郯城县人民路1号",
    "postcode": "276100",
    "phone": "0539-6221234",
    "disclosure_office": "郯城县人民政府办公室政务公开科",
    "reconsideration_body": "郯城县人民政府",
    "court": "临沂市兰山区人民法院",
    "level": "county_department",  # the office works for the county government
}
DEPARTMENTS = {"a": "县自然资源局", "b": "县住房和城乡建设局"}

# A second agency, so that every boundary between agencies can be tried in the demo.
SECOND_AGENCY = {
    "name": "兰陵县人民政府办公室",
    "short_name": "兰政办",
    "address": "山东省临沂市兰陵县文化路1号",
    "postcode": "277700",
    "phone": "0539-5221234",
    "disclosure_office": "兰陵县人民政府办公室政务公开科",
    "reconsideration_body": "兰陵县人民政府",
    "court": "临沂市罗庄区人民法院",
}

# username, display name, role, department key, agency key
USERS = [
    ("clerk", "王登记", Role.CLERK, None, 1),
    ("handler", "李承办", Role.HANDLER, None, 1),
    ("approver", "张审批", Role.APPROVER, None, 1),
    ("dept_a", "赵联络", Role.LIAISON, "a", 1),
    ("dept_b", "钱联络", Role.LIAISON, "b", 1),
    ("auditor", "孙监督", Role.AUDITOR, None, 1),
    ("admin", "周管理", Role.AGENCY_ADMIN, None, 1),
    ("clerk2", "吴登记", Role.CLERK, None, 2),
    ("admin2", "郑管理", Role.AGENCY_ADMIN, None, 2),
]
# The platform's superuser: no agency, no cases; the Django admin and the national calendar.
SYSADMIN = ("sysadmin", "冯系统")


class Command(BaseCommand):
    help = (
        "Create the demo agencies, departments and users (api.md 'Demo data'); idempotent. "
        "`admin` is agency 1's administrator, not a superuser; `sysadmin` is the superuser."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="run even with DEBUG off (never in production)"
        )

    @transaction.atomic
    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: it creates users with a known "
                "password. Use --force only on a throw-away installation."
            )
        agencies = {
            1: Agency.objects.update_or_create(name=AGENCY["name"], defaults=AGENCY)[0],
            2: Agency.objects.update_or_create(
                name=SECOND_AGENCY["name"], defaults=SECOND_AGENCY
            )[0],
        }
        departments = {
            key: Department.objects.get_or_create(agency=agencies[1], name=name)[0]
            for key, name in DEPARTMENTS.items()
        }
        for username, display, role, dept, agency_key in USERS:
            user = self._user(username, display, superuser=False)
            Membership.objects.update_or_create(
                user=user,
                defaults={
                    "agency": agencies[agency_key],
                    "role": role,
                    "department": departments[dept] if dept else None,
                },
            )
        sysadmin = self._user(*SYSADMIN, superuser=True)
        Membership.objects.filter(user=sysadmin).delete()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(agencies)} agencies, {len(departments)} departments, "
                f"{len(USERS) + 1} users (password {DEMO_PASSWORD})."
            )
        )

    def _user(self, username: str, display: str, *, superuser: bool):
        user, _ = get_user_model().objects.get_or_create(username=username)
        user.last_name, user.first_name = display[0], display[1:]
        user.is_staff = user.is_superuser = superuser
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        return user
