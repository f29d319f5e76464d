from django.core.management.base import BaseCommand

from notifications import services


class Command(BaseCommand):
    help = (
        "Send each person one e-mail with the notices not yet mailed (the daily digest); "
        "nothing is sent to those without an address or who want no mail."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{services.send_digests()} digest(s) sent")
