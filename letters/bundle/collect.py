"""Collecting the case file's documents (``letters.bundle``) from the case's record, in the
order of the 卷内目录: every letter as issued and every uploaded file, each read back and checked
against its recorded SHA-256 (a tampered or missing file never enters the case file), and the
generated record pages. Also the check the ``archive`` transaction runs before it seals the
case, so that the build after the commit cannot fail on a stored file."""

from __future__ import annotations

import hashlib
import io
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from infra import storage
from letters.bundle import pages
from letters.bundle.pages import SECTIONS, Document
from letters.fonts import FontSet
from letters.models import Letter
from workflow.errors import Conflict

LETTER_SECTIONS = {
    "receipt": "receipt",
    "correction_notice": "procedure",
    "reasons_notice": "procedure",
    "extension_notice": "procedure",
    "fee_notice": "procedure",
    "consultation_third_party": "procedure",
    "consultation_agency": "procedure",
    "consultation_notice": "procedure",
    "third_party_disclosure_notice": "procedure",
    "assistance_request": "assistance",
    "reply": "reply",
    "termination_notice": "reply",
    "delivery_receipt": "delivery",
}

ATTACHMENT_SECTIONS = {
    "application": "application",
    "identity": "application",
    "correction": "procedure",
    "task_answer": "review",
    "other": "other",
}

IMAGE_TYPES = {"image/jpeg", "image/png", "image/tiff"}


class CaseFileError(Conflict):
    """The case file cannot be built (a stored file is missing or does not match its hash)."""


def _missing(what: str) -> CaseFileError:
    return CaseFileError(_("%(what)s的文件缺失，不能归档。") % {"what": what})


def _altered(what: str) -> CaseFileError:
    return CaseFileError(
        _("%(what)s的文件与登记的 SHA-256 不符（可能被改动），不能归档。") % {"what": what}
    )


def _letter_name(letter: Letter) -> str:
    return _("文书“%(t)s%(n)s”") % {"t": letter.title, "n": letter.number}


def _attachment_name(attachment) -> str:
    return _("附件“%(name)s”") % {"name": attachment.original_name}


def check_sources(case) -> None:
    """Every stored file the case file will carry is there as recorded (its SHA-256), or a
    CaseFileError (409) naming it: run by the ``archive`` transaction, so that a tampered or
    missing file stops the archiving and never the build after the commit."""
    stored = [(x.pdf.name, x.sha256, _letter_name(x)) for x in case.letters.all()]
    stored += [(a.file.name, a.sha256, _attachment_name(a)) for a in case.attachments.all()]
    for name, expected, what in stored:
        actual = storage.sha256_of(name)
        if actual is None:
            raise _missing(what)
        if actual != expected:
            raise _altered(what)


def _read_checked(field_file, expected: str, what: str) -> bytes:
    try:
        with field_file.open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, OSError, ValueError):
        raise _missing(what) from None
    if hashlib.sha256(data).hexdigest() != expected:
        raise _altered(what)
    return data


def _attachment_document(
    attachment, section: str, fonts: FontSet, *, on: date | None = None, rank: int = 0
) -> Document:
    data = _read_checked(attachment.file, attachment.sha256, _attachment_name(attachment))
    title = f"{attachment.get_kind_display()}：{attachment.original_name}"
    on = on or timezone.localtime(attachment.uploaded_at).date()
    pdf, reason = b"", ""
    if attachment.content_type == "application/pdf":
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise PyPdfError("encrypted")
            pdf = pages.copy_pages(reader)
        except (PyPdfError, ValueError, KeyError, TypeError, OSError):
            reason = _("PDF 文件无法解析或已加密，未能逐页编入。")
    elif attachment.content_type in IMAGE_TYPES:
        try:
            pdf = pages.image_pages(attachment, data, fonts)
        except (OSError, ValueError, Image.DecompressionBombError):
            reason = _("图像文件无法解析，未能逐页编入。")
    if pdf:
        return Document(section, title, pdf, on=on, rank=rank)
    # Word, Excel, or a file that cannot be shown page by page: carried inside the PDF.
    page = pages.electronic_file_page(attachment, data, fonts, reason)
    return Document(
        section, title, page, on=on, attachment=(attachment.original_name, data), rank=rank
    )


def trail_events(case) -> list:
    """The events the case file prints: those before the ``archive`` event, which is recorded
    after the file is built and carries its SHA-256 (so later events never change the file)."""
    events = []
    for event in case.events.select_related("actor").order_by("seq"):
        if event.name == "archive":
            break
        events.append(event)
    return events


def _letter_note(letter: Letter) -> str:
    replaced = getattr(letter, "superseded_by", None)
    if replaced is not None:
        return _("已被%(n)s取代") % {"n": replaced.number or _("重新生成的文书")}
    if letter.supersedes_id:
        return _("取代%(n)s") % {"n": letter.supersedes.number or _("原文书")}
    return ""


def collect_documents(case, fonts: FontSet, events: list) -> list[Document]:
    """Every document of the case, in the order of the 卷内目录."""
    docs: list[Document] = []
    letters = case.letters.select_related("supersedes", "superseded_by").order_by("issued_on", "id")
    reply_number = ""
    for rank, letter in enumerate(letters):
        pdf = _read_checked(letter.pdf, letter.sha256, _letter_name(letter))
        if letter.kind == "reply" and letter.supersedes_id is None:
            reply_number = reply_number or letter.number
        docs.append(
            Document(
                LETTER_SECTIONS.get(letter.kind, "other"),
                letter.title,
                pdf,
                number=letter.number,
                on=letter.issued_on,
                note=_letter_note(letter),
                rank=rank,
            )
        )
    attachments = case.attachments.select_related("uploaded_by", "task").order_by(
        "uploaded_at", "id"
    )
    by_task: dict[int, list] = {}
    for attachment in attachments:
        if attachment.task_id is not None:
            by_task.setdefault(attachment.task_id, []).append(attachment)
            continue
        section = ATTACHMENT_SECTIONS.get(attachment.kind, "other")
        rank = 0 if attachment.kind == "application" else 1
        # The date the applicant's papers were received, where the record has it.
        on = {"application": case.first_received_on, "identity": case.first_received_on}.get(
            attachment.kind,
            case.received_on if attachment.kind == "correction" else None,
        )
        docs.append(_attachment_document(attachment, section, fonts, on=on, rank=rank))
    docs.append(
        Document(
            "register",
            _("政府信息公开申请登记表"),
            pages.register_page(case, fonts),
            on=case.first_received_on,
        )
    )
    for consultation in case.consultations.order_by("sent_on", "id"):
        docs.append(
            Document(
                "procedure",
                _("征求意见答复记录（%(name)s）") % {"name": consultation.name},
                pages.consultation_page(consultation, fonts),
                on=consultation.answered_on or consultation.answer_due or consultation.sent_on,
                rank=10_000,
            )
        )
    tasks = case.tasks.select_related("department", "responded_by").order_by("assigned_on", "id")
    for index, task in enumerate(tasks):
        docs.append(
            Document(
                "review",
                _("协助调查答复（%(dept)s）") % {"dept": task.department.name},
                pages.task_answer_page(task, fonts),
                on=task.responded_on,
                rank=index * 1000,
            )
        )
        for offset, attachment in enumerate(by_task.get(task.pk, []), start=1):
            rank = index * 1000 + offset
            docs.append(
                _attachment_document(attachment, "review", fonts, on=task.responded_on, rank=rank)
            )
    if any(e.name == "submit_reply" for e in events):
        docs.append(
            Document(
                "draft",
                _("政府信息公开申请答复签发稿"),
                pages.draft_page(case, events, reply_number, fonts),
                on=case.replied_on,
            )
        )
    docs.append(
        Document(
            "trail",
            _("办理过程记录"),
            pages.trail_pages(events, fonts),
            on=timezone.localtime(events[-1].at).date() if events else None,
        )
    )
    order = list(SECTIONS)

    def key(doc: Document):
        section = order.index(doc.section)
        if doc.section in ("application", "review"):
            # the application before the identity proof; task by task, answer then files
            return (section, doc.rank, doc.on or date.min)
        return (section, doc.on or date.min, doc.rank)

    docs.sort(key=key)
    page = 1
    for doc in docs:
        doc.pages = pages.page_count(doc.pdf)
        doc.first_page = page
        page += doc.pages
    return docs
