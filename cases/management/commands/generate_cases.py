import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from agencies.models import Agency, Membership, Role
from cases import generate
from cases.models import Case
from clock import store as clock_store


class Command(BaseCommand):
    help = (
        "Fill the database with realistic synthetic cases for benchmarks: applicants, every "
        "state and decision, tasks, consultations, fee notices, hash-chained events and letter "
        "records (no PDFs). PostgreSQL COPY; bulk_create on other databases or with --no-copy. "
        "Needs agencies with a clerk, a handler and an approver (manage.py seed_demo)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--agency", help="short name (简称) of the one agency to fill")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch", type=int, default=20_000)
        parser.add_argument("--no-copy", action="store_true", help="use bulk_create")

    def handle(self, *args, count, agency, seed, batch, no_copy, **options):
        if count < 1:
            raise CommandError("--count must be at least 1")
        agencies = self._agencies(agency)
        use_copy = connection.vendor == "postgresql" and not no_copy
        sequences = {
            (row["agency_id"], row["year"]): row["last"]
            for row in Case.objects.values("agency_id", "year").annotate(
                last=generate.models.Max("sequence")
            )
        }
        for family, agency_id, year, last in generate.Letter.objects.exclude(family="").values_list(
            "family", "agency_id", "year"
        ).annotate(last=generate.models.Max("sequence")):
            sequences[(family, agency_id, year)] = last or 0
        generator = generate.Generator(
            agencies=agencies, seed=seed, calendar=clock_store.get_calendar(),
            today=timezone.localdate(), first_ids=generate.first_ids(), sequences=sequences,
        )
        started = time.perf_counter()
        dropped = generate.drop_search_indexes() if use_copy else []
        made = 0
        try:
            for rows in generator.batches(count, batch):
                generate.write(rows, use_copy=use_copy)
                made += len(rows.rows[Case])
                self.stdout.write(f"{made:,} cases ({time.perf_counter() - started:.0f} s)")
        finally:
            if dropped:
                self.stdout.write("Rebuilding the search indexes …")
                generate.restore_indexes(dropped)
        generate.reset_sequences()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"Generated {made:,} cases in {time.perf_counter() - started:.1f} s "
            f"({'COPY' if use_copy else 'bulk_create'})."
        )

    def _agencies(self, short: str | None) -> list[generate.AgencyInfo]:
        queryset = Agency.objects.order_by("pk")
        if short:
            queryset = queryset.filter(short_name=short)
            if not queryset.exists():
                raise CommandError(f"No agency with the short name {short!r}.")
        found = []
        for agency in queryset:
            by_role = {}
            for user_id, role in Membership.objects.filter(agency=agency).values_list(
                "user_id", "role"
            ):
                by_role.setdefault(role, user_id)
            if not {Role.CLERK, Role.HANDLER, Role.APPROVER} <= by_role.keys():
                continue
            found.append(
                generate.AgencyInfo(
                    pk=agency.pk,
                    short=agency.short_name,
                    pattern=agency.case_number_pattern,
                    clerk=by_role[Role.CLERK],
                    handler=by_role[Role.HANDLER],
                    approver=by_role[Role.APPROVER],
                    departments=list(agency.departments.values_list("pk", flat=True)),
                )
            )
        if not found:
            raise CommandError(
                "No agency has a clerk, a handler and an approver; run manage.py seed_demo first."
            )
        return found
