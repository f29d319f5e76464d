"""Anchor every agency's chains (audit.anchors); run daily, e.g. from cron:

    15 1 * * *  manage.py anchor_chains --file /var/lib/yishenqing-anchors/anchors.csv

``--file`` appends the new anchors to a CSV outside the database (created with its header), the
copy ``verify_integrity --anchors --anchor-file`` compares against. Keep that file where the
database's users cannot write (another host, WORM storage, or printed and filed)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from audit.anchors import anchor_chains, write_csv


class Command(BaseCommand):
    help = "记录每个机关办理记录链和监督查阅记录链的当前链头（每日锚点）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--file", default="", help="将新锚点追加写入此 CSV 文件")

    def handle(self, *args, file: str, **options) -> None:
        anchors = anchor_chains()
        if file:
            path = Path(file)
            header = not path.exists() or path.stat().st_size == 0
            with path.open("a", newline="", encoding="utf-8") as handle:
                write_csv(handle, anchors, header=header)
        for anchor in anchors:
            self.stdout.write(
                f"{anchor.agency.name}：第{anchor.seq}号锚点，{anchor.cases}个案件，"
                f"查阅记录至第{anchor.read_seq}条，{anchor.hash}"
            )
        self.stdout.write(self.style.SUCCESS(f"已记录{len(anchors)}个锚点。"))
