"""Find (and with --delete remove) stray files: files in storage that no record names.

    manage.py sweep_storage                 # report
    manage.py sweep_storage --delete        # report and remove

Files are written after the commit that records them, so a crash in between can leave one (a
case file written whose record was not completed, a render raced by another). Every model's
file fields are consulted, so a file any record names is never touched; files younger than
``--older-than`` hours (default 24) are left alone, as they may belong to work in progress."""

from datetime import timedelta

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models
from django.utils import timezone

from cases.models import StagedUpload
from infra import storage


def referenced_names() -> set[str]:
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                manager = model._base_manager
                names.update(
                    manager.exclude(**{field.name: ""}).values_list(field.name, flat=True)
                )
    names.update(StagedUpload.objects.values_list("path", flat=True))  # kept intake files
    return names


class Command(BaseCommand):
    help = "查找（加 --delete 则删除）存储中没有任何记录引用的文件。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--delete", action="store_true", help="删除找到的文件")
        parser.add_argument("--older-than", type=float, default=24, metavar="HOURS")

    def handle(self, *args, delete: bool, older_than: float, **options) -> None:
        cutoff = timezone.now() - timedelta(hours=older_than)
        known = referenced_names()
        strays = [
            name
            for name in storage.walk()
            if name not in known and storage.modified_at(name) <= cutoff
        ]
        for name in strays:
            if delete:
                storage.delete(name)
            self.stdout.write(f"{'已删除' if delete else '无引用'}：{name}")
        verb = "删除了" if delete else "发现"
        self.stdout.write(f"{verb}{len(strays)}个无引用的文件。")
