from datetime import date as date_type

from django.core.management.base import BaseCommand

from notifications import scan
from notifications.models import Notification


class Command(BaseCommand):
    help = (
        "The daily deadline scan: notices for cases, tasks and consultations due soon or "
        "overdue and for lapsed correction and fee periods (idempotent: run it as often as "
        "you like). Celery beat runs it every morning (config/celery.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="scan as of this day (YYYY-MM-DD); default today")

    def handle(self, *args, date=None, **options):
        before = Notification.objects.count()
        scan.scan(date_type.fromisoformat(date) if date else None)
        self.stdout.write(f"{Notification.objects.count() - before} new notification(s)")
