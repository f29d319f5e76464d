"""manage.py sweep_storage: stray files (named by no record) are reported, and removed with
--delete; files any record names, and recent ones, are never touched."""

import io
import os
import time

import pytest
from django.core.management import call_command

from tests.cases.helpers import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def sweep(*args) -> str:
    out = io.StringIO()
    call_command("sweep_storage", *args, stdout=out)
    return out.getvalue()


def stray(media, name: str, hours_old: float = 48):
    path = media / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF stray")
    then = time.time() - hours_old * 3600
    os.utime(path, (then, then))
    return path


def test_strays_are_reported_then_removed_and_records_files_kept(agency, clerk, media):
    case = make_case(agency, clerk)
    receipt = case.letters.get()
    old = stray(media, "case_files/2023/99-case-file.pdf")
    young = stray(media, "letters/2023/98-receipt-1.pdf", hours_old=1)
    report = sweep()
    assert "无引用：case_files/2023/99-case-file.pdf" in report and "发现1个" in report
    assert old.exists()
    assert "已删除：case_files/2023/99-case-file.pdf" in sweep("--delete")
    assert not old.exists() and young.exists()
    assert os.path.exists(receipt.pdf.path)
    assert "无引用：letters/2023/98-receipt-1.pdf" in sweep("--older-than", "0.5")
