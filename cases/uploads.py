"""Uploaded files: size limit, type checked by content, recorded with their SHA-256 in the
action's transaction and put into storage only once it commits (a rolled-back action leaves no
file; ``infra.storage``)."""

import hashlib
import secrets

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cases.models import Attachment
from infra import storage

# MIME types we accept, by what the bytes say (not the file name).
ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/tiff": "TIFF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/msword": "DOC",
    "application/vnd.ms-excel": "XLS",
    "application/x-ole-storage": "DOC/XLS",
}


class UploadTooLarge(Exception):
    def __init__(self, name: str, limit: int) -> None:
        super().__init__(name)
        self.message = _("文件“%(name)s”超过大小限制（%(mb)d MB）。") % {
            "name": name,
            "mb": limit // (1024 * 1024),
        }


def sniff(upload) -> str | None:
    """The MIME type the content says, or None when it is not an allowed type."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return None
    return kind.mime if kind.mime in ALLOWED_TYPES else None


def check_uploads(files, field: str = "files") -> list[tuple[object, str]]:
    """Validate every file before anything is written: a rejected upload writes nothing."""
    limit = settings.UPLOAD_MAX_BYTES
    checked = []
    for upload in files:
        if upload.size > limit:
            raise UploadTooLarge(upload.name, limit)
        if upload.size == 0:
            raise ValidationError({field: [_("文件“%(name)s”是空文件。") % {"name": upload.name}]})
        mime = sniff(upload)
        if mime is None:
            message = _("文件“%(name)s”的类型不被接受（允许 PDF、JPEG、PNG、TIFF、Word、Excel）。")
            raise ValidationError({field: [message % {"name": upload.name}]})
        checked.append((upload, mime))
    return checked


def store_attachments(*, case, files, kind: str, actor, task=None) -> list[Attachment]:
    """Record the uploads as attachments of ``case``; each file is written under a name of its
    own when the caller's transaction commits, so the uploads must stay open until then."""
    stored = []
    for upload, mime in check_uploads(files):
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        attachment = Attachment(
            case=case,
            kind=kind,
            original_name=upload.name[:255],
            content_type=mime,
            size=upload.size,
            sha256=digest.hexdigest(),
            task=task,
            uploaded_by=actor,
        )
        # A name of its own now (a token keeps two uploads of the same name apart); the bytes
        # follow after the commit.
        name = f"{secrets.token_hex(6)}-{upload.name}"
        attachment.file.name = attachment.file.field.generate_filename(attachment, name)
        attachment.save()
        storage.save_after_commit(attachment.file.name, upload)
        stored.append(attachment)
    return stored
