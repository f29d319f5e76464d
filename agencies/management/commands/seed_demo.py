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
}
DEPARTMENTS = {"a": "县自然资源局", "b": "县住房和城乡建设局"}

# username, display name, role, department key
USERS = [
    ("clerk", "王登记", Role.CLERK, None),
    ("handler", "李承办", Role.HANDLER, None),
    ("approver", "张审批", Role.APPROVER, None),
    ("dept_a", "赵联络", Role.LIAISON, "a"),
    ("dept_b", "钱联络", Role.LIAISON, "b"),
    ("auditor", "孙监督", Role.AUDITOR, None),
    ("admin", "周管理", Role.AGENCY_ADMIN, None),
]


class Command(BaseCommand):
    help = "Create the demo agency, its two departments and the seven demo users (idempotent)."

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
        agency, _ = Agency.objects.update_or_create(name=AGENCY["name"], defaults=AGENCY)
        departments = {
            key: Department.objects.get_or_create(agency=agency, name=name)[0]
            for key, name in DEPARTMENTS.items()
        }
        User = get_user_model()
        for username, display, role, dept in USERS:
            user, _ = User.objects.get_or_create(username=username)
            user.last_name, user.first_name = display[0], display[1:]
            user.is_staff = user.is_superuser = role == Role.AGENCY_ADMIN
            user.is_active = True
            user.set_password(DEMO_PASSWORD)
            user.save()
            Membership.objects.update_or_create(
                user=user,
                defaults={
                    "agency": agency,
                    "role": role,
                    "department": departments[dept] if dept else None,
                },
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {agency.name}, {len(departments)} departments, "
                f"{len(USERS)} users (password {DEMO_PASSWORD})."
            )
        )
