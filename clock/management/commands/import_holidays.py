from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from clock import services
from clock.models import CalendarYear


class Command(BaseCommand):
    help = (
        "Load a year of the mainland-China holiday calendar from the `holidays` package "
        "(provisional unless --confirm), or confirm a loaded year as official."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--confirm", action="store_true",
            help="mark the year official (checked against the State Council notice)",
        )
        parser.add_argument(
            "--replace", action="store_true", help="reload the days of a year already stored"
        )
        parser.add_argument("--user", help="username of the person confirming")
        parser.add_argument("--source", help="the notice, e.g. 国办发明电〔2025〕7号")

    def handle(self, *args, year: int, confirm: bool, replace: bool, user, source, **options):
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"no such user: {user}")
        exists = CalendarYear.objects.filter(year=year).exists()
        try:
            if exists and confirm and not replace:
                services.confirm_year(year=year, actor=actor, source=source)
                self.stdout.write(f"{year}: confirmed as official")
                return
            obj = services.import_year(
                year=year, official=confirm, replace=replace, actor=actor, source=source
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            f"{year}: {obj.days.count()} days loaded, {obj.get_status_display()} ({obj.source})"
        )
