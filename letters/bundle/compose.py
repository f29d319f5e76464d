"""Composing the case file (``letters.bundle``): the cover, the 卷内目录 and every document in one
PDF, numbered page by page; and building it once, after the ``archive`` commit.

The ``archive`` transaction checks every stored file (``collect.check_sources``) and creates the
:class:`~letters.models.CaseFile` as ``building``; once it has committed, :func:`build` (run for
the ``archive`` event, ``letters.subscribers``) renders the PDF, writes it, completes the row and
records its SHA-256 in the ``build_case_file`` event, so the hash chain vouches for it. The
output depends only on the archived record, so a build that failed is simply run again
(``manage.py complete_documents``) and gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy
from pypdf import PdfReader, PdfWriter

from cases.models import Case
from infra import storage
from letters import rendering
from letters.bundle import pages
from letters.bundle.collect import collect_documents, trail_events
from letters.bundle.pages import SECTIONS, Document
from letters.models import CaseFile, CaseFileStatus
from rules.states import Status
from workflow.actions import action
from workflow.audit import record_event

EVENT = "build_case_file"


def render_case_file(case, *, archivist) -> tuple[bytes, list[Document]]:
    """The case file's PDF and its 卷内目录; reads the case's record, writes nothing. The same
    archived case and archivist (the actor of its ``archive`` event) give the same bytes."""
    fonts = pages.case_file_fonts()
    events = trail_events(case)
    docs = collect_documents(case, fonts, events)
    writer = PdfWriter()
    for part in (pages.cover(case, docs, archivist, fonts), pages.toc(docs, fonts)):
        for page in PdfReader(io.BytesIO(part)).pages:
            writer.add_page(page)
    first_document = len(writer.pages)
    for index, doc in enumerate(docs, start=1):
        start = len(writer.pages)
        for page in PdfReader(io.BytesIO(doc.pdf)).pages:
            writer.add_page(page)
        writer.add_outline_item(title=f"{index}. {doc.title}", page_number=start)
        if doc.attachment is not None:
            name, data = doc.attachment
            writer.add_attachment(f"{index:02d}-{name}", data)
    pages.stamp_numbers(writer, first_document, fonts)
    writer.add_metadata({"/Title": f"{case.number} 案卷", "/Creator": "yishenqing case file"})
    writer.page_mode = "/UseOutlines"
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue(), docs


def contents_of(docs: list[Document]) -> list[dict]:
    return [
        {
            "index": index,
            "section": SECTIONS[doc.section],
            "title": doc.title,
            "number": doc.number,
            "date": doc.on.isoformat() if doc.on else None,
            "pages": doc.page_range,
            "note": doc.note,
        }
        for index, doc in enumerate(docs, start=1)
    ]


def _case_of(case_file: CaseFile) -> Case:
    return Case.objects.select_related("agency", "applicant", "repeat_of", "registered_by").get(
        pk=case_file.case_id
    )


# A step of the system after the archive, not an action anyone takes: no policy.
@action(name=EVENT, label=gettext_lazy("生成电子案卷"))
def build(case_file: CaseFile) -> CaseFile:
    """Render, write and record the case file of an archived case, once; the case file as
    built (by this call or by another that finished first)."""
    if case_file.ready:
        return case_file
    case = _case_of(case_file)
    rendering.render_pending(case.pk)  # the case file carries every letter as issued
    pdf, docs = render_case_file(case, archivist=case_file.built_by)
    wanted = case_file.pdf.field.generate_filename(case_file, f"{case.pk}-case-file.pdf")
    name = storage.write_once(wanted, pdf)
    digest, count = hashlib.sha256(pdf).hexdigest(), len(PdfReader(io.BytesIO(pdf)).pages)
    with transaction.atomic():
        locked = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        done = CaseFile.objects.filter(pk=case_file.pk).complete(
            status=CaseFileStatus.READY,
            pdf=name,
            sha256=digest,
            page_count=count,
            contents=contents_of(docs),
            built_at=timezone.now(),
        )
        if done:
            record_event(
                locked,
                actor=case_file.built_by,
                name=EVENT,
                source=Status.ARCHIVED,
                target=Status.ARCHIVED,
                payload={"case_file": {"sha256": digest, "pages": count}},
            )
    built = CaseFile.objects.get(pk=case_file.pk)
    if built.pdf.name != name:  # another build finished first; this copy is a stray
        storage.delete(name)
    return built


def build_pending(case_id: int | None = None) -> list[CaseFile]:
    """Build the case files still ``building`` (of one case, or all)."""
    pending = CaseFile.objects.filter(status=CaseFileStatus.BUILDING).select_related("built_by")
    if case_id is not None:
        pending = pending.filter(case_id=case_id)
    return [build(case_file) for case_file in pending.order_by("pk")]
