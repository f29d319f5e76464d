"""Remove the files kept on intake forms longer than ``INTAKE_STAGING_HOURS`` (cases.intake):
the clerk never came back to register them. Run daily (cron or a systemd timer)."""

from django.core.management.base import BaseCommand

from cases import intake


class Command(BaseCommand):
    help = "删除登记时暂存、已超过保存时限的文件。"

    def handle(self, *args, **options) -> None:
        removed = intake.purge_expired()
        self.stdout.write(f"删除了{removed}个过期的暂存文件。")
