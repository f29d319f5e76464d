"""Tamper evidence (workflow.integrity): edits behind the application's back, to an event row
or a stored file, are found by the API and by ``manage.py verify_integrity``."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from letters.models import CaseFile
from workflow.integrity import check_case
from workflow.models import Event

pytestmark = pytest.mark.django_db


def integrity(api, case):
    response = api.get(f"/api/v1/cases/{case.pk}/integrity/")
    assert response.status_code == 200
    return response.json()


def verify(*args) -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        call_command("verify_integrity", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def edit_event_behind_the_back(case, seq: int, note: str) -> None:
    """Raw SQL: the model and queryset guards would refuse the change."""
    table = Event._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET note = %s WHERE case_id = %s AND seq = %s",  # noqa: S608
            [note, case.pk, seq],
        )


def append_to(path, data: bytes = b"%tampered\n") -> None:
    with open(path, "ab") as handle:
        handle.write(data)


def test_an_intact_case_is_ok(archived, api_as, handler):
    assert integrity(api_as(handler), archived) == {"ok": True, "problems": []}
    output, error = verify(archived.number)
    assert error is None and "未发现问题" in output


def test_an_edited_event_is_found_by_the_api_and_the_command(archived, api_as, auditor):
    edit_event_behind_the_back(archived, 2, "改过的备注")
    body = integrity(api_as(auditor), archived)
    assert body["ok"] is False
    assert body["problems"] == ["第2条办理记录的内容与其哈希不符（记录被改动）"]
    output, error = verify(archived.number)
    assert error is not None and error.returncode == 1
    assert f"{archived.number}：第2条办理记录的内容与其哈希不符" in output


def test_an_edited_letter_file_is_found_by_the_api_and_the_command(archived, api_as, handler):
    reply = archived.letters.get(kind="reply")
    append_to(reply.pdf.path)
    body = integrity(api_as(handler), archived)
    assert body["ok"] is False
    assert body["problems"] == [
        f"文书“政府信息公开申请答复书”（{reply.number}）的文件与记录的 SHA-256 不符"
        "（文件被改动或替换）。"
    ]
    output, error = verify("--all")
    assert error is not None and "1个发现问题" in str(error)
    assert reply.number in output


def test_both_edits_are_reported_together(archived, api_as, handler):
    edit_event_behind_the_back(archived, 1, "x")
    append_to(archived.letters.get(kind="receipt").pdf.path)
    problems = integrity(api_as(handler), archived)["problems"]
    assert len(problems) == 2
    assert "第1条办理记录" in problems[0] and "接收回执" in problems[1]
    output, error = verify(archived.number)
    assert error is not None
    assert output.splitlines() == [f"{archived.number}：{problem}" for problem in problems]


def test_a_missing_letter_file_is_named(archived):
    import os

    receipt = archived.letters.get(kind="receipt")
    os.remove(receipt.pdf.path)
    assert check_case(archived) == [
        f"文书“政府信息公开申请接收回执”（{receipt.number}）的文件缺失。"
    ]


def test_an_edited_attachment_is_found(full):
    attachment = full.attachments.get(original_name="申请表.pdf")
    append_to(attachment.file.path)
    assert check_case(full) == ["附件“申请表.pdf”的文件与记录的 SHA-256 不符（文件被改动或替换）。"]


def test_an_edited_case_file_is_found(archived):
    append_to(CaseFile.objects.get(case=archived).pdf.path)
    assert check_case(archived) == ["电子案卷的文件与记录的 SHA-256 不符（文件被改动或替换）。"]


def test_a_replaced_case_file_with_a_matching_hash_row_is_still_found(archived):
    """Replacing the file and its hash column together: the archive event vouches for it."""
    case_file = CaseFile.objects.get(case=archived)
    append_to(case_file.pdf.path)
    import hashlib

    with open(case_file.pdf.path, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {CaseFile._meta.db_table} SET sha256 = %s WHERE id = %s",  # noqa: S608
            [digest, case_file.pk],
        )
    assert check_case(archived) == ["电子案卷记录的 SHA-256 与归档时写入办理记录的不符。"]


def test_a_status_edited_in_the_database_is_found(archived):
    from cases.models import Case

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Case._meta.db_table} SET status = 'replied' WHERE id = %s",  # noqa: S608
            [archived.pk],
        )
    problems = check_case(Case.objects.get(pk=archived.pk))
    assert "案件状态“已答复”与办理记录最后一条的状态“已归档”不符。" in problems
    assert "案件已归档" not in "".join(problems)  # the case file is still checked


def test_a_deleted_event_breaks_the_chain(archived):
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {Event._meta.db_table} WHERE case_id = %s AND seq = 2",  # noqa: S608
            [archived.pk],
        )
    problems = check_case(archived)
    assert "办理记录序号不连续：期望第2条，实际为第3条" in problems


def test_the_command_needs_numbers_or_all(archived):
    for args in [(), ("--all", archived.number)]:
        _output, error = verify(*args)
        assert error is not None and "二者选一" in str(error)
    _output, error = verify("不存在的编号")
    assert error is not None and "不存在的编号" in str(error)


def test_integrity_needs_a_visible_case(archived, api_as, outsider, api):
    assert api_as(outsider).get(f"/api/v1/cases/{archived.pk}/integrity/").status_code == 404
    api.force_authenticate(user=None)
    assert api.get(f"/api/v1/cases/{archived.pk}/integrity/").status_code == 401


def test_integrity_is_json_with_ok_and_problems(archived, api_as, handler):
    response = api_as(handler).get(f"/api/v1/cases/{archived.pk}/integrity/")
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"ok": True, "problems": []}
