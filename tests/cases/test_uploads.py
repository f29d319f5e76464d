"""Uploads (cases/uploads.py): checked by content and size before anything is written, stored
with their SHA-256; through register_case and through a department's task answer."""

import hashlib
import io
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cases.models import Attachment, Case
from cases.uploads import UploadTooLarge
from tests.cases.helpers import make_case
from workflow import services
from workflow.models import Event, Task

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n"
    b"3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj\n"
    b"trailer <</Root 1 0 R>>\n"
    b"%%EOF\n"
)
NOT_A_PDF = "这是一个文本文件，不是PDF。\n".encode()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def stored_files(media: Path) -> list[Path]:
    return [p for p in (media / "attachments").rglob("*") if p.is_file()]


# -- through register_case ---------------------------------------------------------------------


def test_register_case_stores_a_pdf_and_a_png_with_their_sha256(agency, clerk, media):
    png = png_bytes()
    case = make_case(
        agency,
        clerk,
        files_by_kind={
            "application": [upload("申请书.pdf", PDF)],
            "identity": [upload("身份证.png", png, "image/png")],
        },
    )
    attachments = {a.kind: a for a in Attachment.objects.filter(case=case)}
    assert set(attachments) == {"application", "identity"}
    application, identity = attachments["application"], attachments["identity"]
    assert application.sha256 == hashlib.sha256(PDF).hexdigest()
    assert application.content_type == "application/pdf"
    assert application.size == len(PDF)
    assert application.original_name == "申请书.pdf"
    assert application.uploaded_by == clerk
    assert identity.sha256 == hashlib.sha256(png).hexdigest()
    assert identity.content_type == "image/png"
    # The stored bytes are the uploaded bytes.
    assert Path(application.file.path).read_bytes() == PDF
    assert Path(identity.file.path).read_bytes() == png
    assert Path(application.file.path).is_relative_to(media / "attachments")
    assert len(stored_files(media)) == 2


def test_register_case_rejects_a_text_file_named_pdf_and_writes_nothing(agency, clerk, media):
    with pytest.raises(ValidationError) as exc:
        make_case(
            agency,
            clerk,
            files_by_kind={
                "identity": [upload("身份证.png", png_bytes(), "image/png")],
                "application": [upload("申请书.pdf", NOT_A_PDF)],
            },
        )
    assert "application" in exc.value.message_dict
    assert "申请书.pdf" in exc.value.message_dict["application"][0]
    assert not Case.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files(media) == []


def test_register_case_rejects_a_file_over_the_limit_and_writes_nothing(
    agency, clerk, media, settings
):
    settings.UPLOAD_MAX_BYTES = len(PDF) - 1
    with pytest.raises(UploadTooLarge):
        make_case(agency, clerk, files_by_kind={"application": [upload("申请书.pdf", PDF)]})
    assert not Case.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files(media) == []


def test_an_empty_file_is_rejected(agency, clerk, media):
    with pytest.raises(ValidationError):
        make_case(agency, clerk, files_by_kind={"application": [upload("空.pdf", b"")]})
    assert stored_files(media) == []


# -- through POST /api/v1/tasks/{id}/respond/ ---------------------------------------------------


@pytest.fixture
def task(agency, clerk, handler, department_a) -> Task:
    case = make_case(agency, clerk)
    services.assign(
        case=case,
        actor=handler,
        assigned_on=date(2023, 7, 17),
        tasks=[
            {"department": department_a.pk, "instructions": "请检索", "due_on": date(2023, 7, 24)}
        ],
    )
    return Task.objects.get(case=case)


def respond(api, task, files):
    return api.post(
        f"/api/v1/tasks/{task.pk}/respond/",
        {
            "holds_information": "true",
            "answer": "我局保存有该批复，见附件",
            "responded_on": "2023-07-20",
            "files": files,
        },
        format="multipart",
    )


def test_a_department_answers_with_a_pdf_and_a_png(api_as, dept_a, task, media):
    png = png_bytes()
    response = respond(
        api_as(dept_a), task, [upload("批复.pdf", PDF), upload("照片.png", png, "image/png")]
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "answered"
    assert response.json()["holds_information"] is True
    stored = list(Attachment.objects.filter(task=task).order_by("id"))
    assert [(a.original_name, a.kind, a.sha256) for a in stored] == [
        ("批复.pdf", "task_answer", hashlib.sha256(PDF).hexdigest()),
        ("照片.png", "task_answer", hashlib.sha256(png).hexdigest()),
    ]
    assert all(a.case_id == task.case_id and a.uploaded_by == dept_a for a in stored)
    assert Path(stored[0].file.path).read_bytes() == PDF
    event = Event.objects.filter(case=task.case).latest("seq")
    assert event.payload["files"] == ["批复.pdf", "照片.png"]


def test_a_text_file_named_pdf_is_400_and_nothing_is_written(api_as, dept_a, task, media):
    response = respond(api_as(dept_a), task, [upload("批复.pdf", PDF), upload("假.pdf", NOT_A_PDF)])
    assert response.status_code == 400, response.json()
    assert "假.pdf" in response.json()["errors"]["files"][0]
    assert not Attachment.objects.exists()
    assert stored_files(media) == []
    fresh = Task.objects.get(pk=task.pk)
    assert fresh.status == "open" and fresh.answer == ""
    assert not Event.objects.filter(case=task.case, name="respond_task").exists()


def test_a_file_over_the_limit_is_413_and_nothing_is_written(
    api_as, dept_a, task, media, settings
):
    settings.UPLOAD_MAX_BYTES = 1024
    big = PDF + b"%" + b"x" * 2048 + b"\n"
    response = respond(api_as(dept_a), task, [upload("批复.pdf", PDF), upload("大.pdf", big)])
    assert response.status_code == 413, response.json()
    assert "大.pdf" in response.json()["detail"]
    assert not Attachment.objects.exists()
    assert stored_files(media) == []
    assert Task.objects.get(pk=task.pk).status == "open"


def test_an_answer_without_files_stores_none(api_as, dept_a, task, media):
    response = api_as(dept_a).post(
        f"/api/v1/tasks/{task.pk}/respond/",
        {"holds_information": "false", "answer": "我局未保存", "responded_on": "2023-07-20"},
        format="multipart",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["holds_information"] is False
    assert not Attachment.objects.exists()


def test_a_scan_larger_than_the_in_memory_limit_is_stored(api_as, dept_a, task, media, settings):
    # Over FILE_UPLOAD_MAX_MEMORY_SIZE Django spools the upload to a temporary file; the view
    # must pass it on, not copy it (a deep copy of an open file was a 500).
    big = PDF + b"%" + b"x" * (settings.FILE_UPLOAD_MAX_MEMORY_SIZE + 1) + b"\n"
    response = respond(api_as(dept_a), task, [upload("扫描件.pdf", big)])
    assert response.status_code == 200, response.json()
    attachment = Attachment.objects.get(task=task)
    assert attachment.size == len(big)
    assert attachment.sha256 == hashlib.sha256(big).hexdigest()
    assert Path(attachment.file.path).read_bytes() == big


def test_more_than_20_files_is_400_and_nothing_is_written(api_as, dept_a, task, media):
    files = [upload(f"批复{i}.pdf", PDF) for i in range(21)]
    response = respond(api_as(dept_a), task, files)
    assert response.status_code == 400, response.json()
    assert list(response.json()["errors"]) == ["files"]
    assert not Attachment.objects.exists()
    assert stored_files(media) == []
    files = [upload(f"批复{i}.pdf", PDF) for i in range(20)]  # fresh: the others were read
    assert respond(api_as(dept_a), task, files).status_code == 200
    assert Attachment.objects.count() == 20


def test_a_registration_refused_after_its_files_were_checked_leaves_no_file(
    agency, clerk, media, monkeypatch
):
    """The files go into storage only after the commit: a refusal later in the transaction
    (here the event record, made to fail) leaves none. (A receipt the fonts cannot print no
    longer refuses a registration: tests/cases/test_invisible_and_rare_names.)"""
    from cases import services
    from workflow.errors import Conflict

    def refuse(*args, **kwargs):
        raise Conflict("refused")

    monkeypatch.setattr(services, "record_event", refuse)
    with pytest.raises(Conflict):
        make_case(agency, clerk, files_by_kind={"application": [upload("申请书.pdf", PDF)]})
    assert not Case.objects.exists() and not Attachment.objects.exists()
    assert stored_files(media) == []


def test_two_uploads_of_the_same_name_get_files_of_their_own(agency, clerk, media):
    files = [upload("申请书.pdf", PDF), upload("申请书.pdf", PDF + b" ")]
    case = make_case(agency, clerk, files_by_kind={"application": files})
    first, second = case.attachments.order_by("pk")
    assert first.file.name != second.file.name
    assert first.file.read() == PDF and second.file.read() == PDF + b" "
