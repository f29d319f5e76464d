"""Edits behind the application's back, by raw SQL on the rows of a case's record, are found by
``manage.py verify_integrity --all`` (issue 11, Integrity): each of these went unnoticed before
the chain was keyed and sealed the case's state."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit.models import ArchiveNote, AuditView
from cases.models import Applicant, Attachment, Case
from letters.models import CaseFile, Letter
from reports.models import ReviewRecord
from workflow.models import Consultation, Event, FeeNotice, Task

pytestmark = pytest.mark.django_db


def sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def table(model) -> str:
    return model._meta.db_table


def verify_all() -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        call_command("verify_integrity", "--all", stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def replace_file_and_its_hash(case) -> None:
    attachment = Attachment.objects.filter(case=case).order_by("pk").first()
    with open(attachment.file.path, "ab") as handle:
        handle.write(b"%replaced\n")
    with open(attachment.file.path, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    sql(f"UPDATE {table(Attachment)} SET sha256 = %s WHERE id = %s", [digest, attachment.pk])  # noqa: S608


def replace_letter_and_its_hash(case) -> None:
    letter = Letter.objects.filter(case=case, kind="reply").order_by("pk").last()
    with open(letter.pdf.path, "ab") as handle:
        handle.write(b"%replaced\n")
    with open(letter.pdf.path, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    sql(f"UPDATE {table(Letter)} SET sha256 = %s WHERE id = %s", [digest, letter.pk])  # noqa: S608


def delete_the_case(case) -> None:
    """Every row of the archived case, in an order the foreign keys allow."""
    ids = [case.pk]
    for model in (AuditView, ArchiveNote, ReviewRecord, CaseFile, Event):
        sql(f"DELETE FROM {table(model)} WHERE case_id = %s", ids)  # noqa: S608
    sql(f"DELETE FROM {table(Letter)} WHERE case_id = %s AND supersedes_id IS NOT NULL", ids)  # noqa: S608
    sql(f"DELETE FROM {table(Letter)} WHERE case_id = %s", ids)  # noqa: S608
    sql(f"DELETE FROM {table(Attachment)} WHERE case_id = %s", ids)  # noqa: S608
    for model in (Consultation, FeeNotice):
        sql(f"DELETE FROM {table(model)} WHERE case_id = %s", ids)  # noqa: S608
    sql(
        "DELETE FROM workflow_taskuserobjectpermission WHERE content_object_id IN "
        f"(SELECT id FROM {table(Task)} WHERE case_id = %s)",  # noqa: S608
        ids,
    )
    sql(
        "DELETE FROM workflow_taskgroupobjectpermission WHERE content_object_id IN "
        f"(SELECT id FROM {table(Task)} WHERE case_id = %s)",  # noqa: S608
        ids,
    )
    sql(f"DELETE FROM {table(Task)} WHERE case_id = %s", ids)  # noqa: S608
    sql(f"DELETE FROM {table(Case)} WHERE id = %s", ids)  # noqa: S608
    sql(f"DELETE FROM {table(Applicant)} WHERE id = %s", [case.applicant_id])  # noqa: S608


def delete_a_read(case) -> None:
    second = AuditView.objects.filter(case=case).order_by("seq")[1]
    sql(f"DELETE FROM {table(AuditView)} WHERE id = %s", [second.pk])  # noqa: S608


def update(model, column: str, value, **where):
    def edit(case) -> None:
        lookup = where or {"case_id": case.pk}
        if model is Applicant:
            lookup = {"id": case.applicant_id}
        if model is Case:
            lookup = {"id": case.pk}
        (key, target), = lookup.items()
        sql(
            f"UPDATE {table(model)} SET {column} = %s WHERE {key} = %s",  # noqa: S608
            [value, target],
        )

    return edit


STATE = "与最后一条办理记录封存时不符（数据被改动）"

EDITS = {
    "applicant name": (update(Applicant, "name", "李四"), STATE),
    "applicant id number": (update(Applicant, "id_number", "110105194912310021"), STATE),
    "description": (update(Case, "description", "另一项信息"), STATE),
    "decision": (update(Case, "decision", "disclosed"), STATE),
    "reply text": (update(Case, "reply_text", "予以公开。"), STATE),
    "date received": (update(Case, "received_on", "2023-07-10"), STATE),
    "date delivered": (update(Case, "delivered_on", "2023-08-30"), STATE),
    "task answer": (update(Task, "answer", "我局未保存该信息。"), STATE),
    "consultation opinion": (update(Consultation, "opinion", "consent"), STATE),
    "review result": (update(ReviewRecord, "result", "corrected"), STATE),
    "archive note text": (update(ArchiveNote, "text", "另一段补正说明。"), STATE),
    "fee notice amount": (update(FeeNotice, "amount", 1), STATE),
    "attachment replaced with its hash": (replace_file_and_its_hash, STATE),
    "letter replaced with its hash": (replace_letter_and_its_hash, "与其密钥封印不符"),
    "archived case deleted": (delete_the_case, "郯政办：2023年已编号至第1号，但现存案件只到第0号"),
    "read-log row deleted": (delete_a_read, "郯政办：监督查阅记录序号不连续：期望第2条"),
}


def test_the_untouched_record_verifies(whole):
    output, error = verify_all()
    assert error is None, output
    assert "未发现问题" in output


@pytest.mark.parametrize(("edit", "expected"), EDITS.values(), ids=EDITS.keys())
def test_an_sql_edit_is_found_by_verify_integrity_all(whole, edit, expected):
    edit(whole)
    output, error = verify_all()
    assert error is not None and error.returncode == 1, output
    assert expected in output
