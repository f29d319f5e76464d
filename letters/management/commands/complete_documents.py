"""Complete what actions left to do after their commit: letters still without their PDF and
case files still being built (a render that failed, a broker that was down).

    manage.py complete_documents

Safe to run at any time (cron, after an outage): rendering is deterministic and written once,
so nothing is numbered again or rendered differently. Exits with status 1 when something could
not be completed, naming it."""

from django.core.management.base import BaseCommand, CommandError

from letters import rendering
from letters.bundle import compose
from letters.models import CaseFile, CaseFileStatus, Letter


class Command(BaseCommand):
    help = "补全办理后尚未生成的文书 PDF 和电子案卷。"

    def handle(self, *args, **options) -> None:
        failures: list[str] = []
        rendered = 0
        for letter in Letter.objects.filter(sha256="").select_related("case").order_by("pk"):
            try:
                rendering.ensure_rendered(letter)
                rendered += 1
            except Exception as exc:  # reported below, the others still get done
                failures.append(f"{letter.case.number} {letter.title} {letter.number}：{exc}")
        built = 0
        pending = CaseFile.objects.filter(status=CaseFileStatus.BUILDING).select_related("case")
        for case_file in pending.order_by("pk"):
            try:
                compose.build(case_file)
                built += 1
            except Exception as exc:
                failures.append(f"{case_file.case.number} 电子案卷：{exc}")
        for failure in failures:
            self.stdout.write(failure)
        done = f"生成了{rendered}份文书、{built}份电子案卷"
        if failures:
            raise CommandError(f"{done}，{len(failures)}项未能完成。")
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"{done}。"))
