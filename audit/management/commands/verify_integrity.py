"""Check the stored record against its keyed hashes (workflow.integrity, audit.integrity,
audit.anchors).

    manage.py verify_integrity --all
    manage.py verify_integrity --anchors [--anchor-file anchors.csv]
    manage.py verify_integrity --all --anchors
    manage.py verify_integrity 郯政办依申〔2023〕12号 ...

``--all`` checks every case (its keyed event chain, the state its last event sealed, letters,
attachments, the case file) and every agency's register (no case deleted) and read log;
``--anchors`` checks that the chains still hold every head ``anchor_chains`` recorded (and, with
``--anchor-file``, that the anchors exported earlier are all still there). Prints every problem
and exits with status 1 when there is any, so it can run from cron or a monitoring check. Rows
are streamed, so memory stays flat however many cases there are."""

from django.core.management.base import BaseCommand, CommandError

from agencies.models import Agency
from audit.anchors import anchor_file_problems, anchor_problems
from audit.integrity import agency_problems
from cases.models import Case
from workflow.integrity import check_case


class Command(BaseCommand):
    help = "校验案件的办理记录密钥哈希链、案件数据、文书、附件、电子案卷、监督查阅记录与锚点。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("numbers", nargs="*", metavar="CASE_NUMBER", help="案件编号")
        parser.add_argument("--all", action="store_true", dest="all_cases", help="校验全部案件")
        parser.add_argument(
            "--anchors", action="store_true", help="校验办理记录链是否仍包含每个已锚定的链头"
        )
        parser.add_argument(
            "--anchor-file", dest="anchor_file", default="", help="此前导出的锚点 CSV 文件"
        )

    def handle(
        self, *args, numbers: list[str], all_cases: bool, anchors: bool, anchor_file: str, **options
    ) -> None:
        anchors = anchors or bool(anchor_file)
        if (all_cases and numbers) or not (all_cases or numbers or anchors):
            raise CommandError("请给出案件编号，或使用 --all 校验全部案件（二者选一）。")
        checked = damaged = 0
        if numbers or all_cases:
            checked, damaged = self.check_cases(numbers)
        other = 0
        if all_cases:
            for agency in Agency.objects.order_by("pk").iterator():
                for problem in agency_problems(agency):
                    other += 1
                    self.stdout.write(f"{agency.short_name or agency.name}：{problem}")
        if anchors:
            for problem in anchor_problems():
                other += 1
                self.stdout.write(f"锚点：{problem}")
            if anchor_file:
                for problem in anchor_file_problems(anchor_file):
                    other += 1
                    self.stdout.write(f"锚点文件：{problem}")
        if damaged or other:
            parts = []
            if numbers or all_cases:
                parts.append(f"校验了{checked}个案件，其中{damaged}个发现问题")
            if other:
                parts.append(f"机关记录与锚点发现{other}处问题")
            raise CommandError("；".join(parts) + "。")
        done = f"校验了{checked}个案件，" if numbers or all_cases else ""
        self.stdout.write(self.style.SUCCESS(f"{done}未发现问题。"))

    def check_cases(self, numbers: list[str]) -> tuple[int, int]:
        cases = Case.objects.select_related("agency").order_by("agency_id", "year", "sequence")
        if numbers:
            cases = cases.filter(number__in=numbers)
            unknown = sorted(set(numbers) - set(cases.values_list("number", flat=True)))
            if unknown:
                raise CommandError(f"没有这些案件：{'、'.join(unknown)}")
        checked = damaged = 0
        for case in cases.iterator(chunk_size=200):
            checked += 1
            problems = check_case(case)
            if problems:
                damaged += 1
                for problem in problems:
                    self.stdout.write(f"{case.number}：{problem}")
        return checked, damaged
