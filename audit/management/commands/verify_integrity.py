"""Check cases' stored records against their recorded hashes (workflow.integrity).

    manage.py verify_integrity --all
    manage.py verify_integrity 郯政办依申〔2023〕12号 ...

Prints every problem with its case number and exits with status 1 when there is any, so it can
run from cron or a monitoring check."""

from django.core.management.base import BaseCommand, CommandError

from cases.models import Case
from workflow.integrity import check_case


class Command(BaseCommand):
    help = "校验案件的办理记录哈希链、文书、附件和电子案卷是否与记录的哈希一致。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("numbers", nargs="*", metavar="CASE_NUMBER", help="案件编号")
        parser.add_argument("--all", action="store_true", dest="all_cases", help="校验全部案件")

    def handle(self, *args, numbers: list[str], all_cases: bool, **options) -> None:
        if all_cases == bool(numbers):
            raise CommandError("请给出案件编号，或使用 --all 校验全部案件（二者选一）。")
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
        if damaged:
            raise CommandError(f"校验了{checked}个案件，其中{damaged}个发现问题。")
        self.stdout.write(self.style.SUCCESS(f"校验了{checked}个案件，未发现问题。"))
