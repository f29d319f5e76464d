from django.core.management.base import BaseCommand

from workflow.clock import recompute_open_cases


class Command(BaseCommand):
    help = (
        "Recompute the stored due date of every open case. While a consultation or a fee "
        "notice is outstanding the clock is paused up to today, so the due date moves every "
        "working day: run this daily (cron or a systemd timer), e.g. at 00:05."
    )

    def handle(self, *args, **options):
        changed = recompute_open_cases()
        self.stdout.write(f"{changed} open case(s) got a new due date.")
