"""The archived case file (一件一档; statute.md "Archiving", letters.md ``case_file_cover``).

One PDF, built once when the case is archived and stored as a :class:`~letters.models.CaseFile`:

1. the cover (案卷封面): agency, case number, applicant, dates, decision, retention period;
2. the 卷内目录: every document, numbered, with its page range, grouped in the statute's order
   (application and identity proof, register record, receipt, correction / extension /
   consultation documents and answers, assistance documents, department answers with their
   confidentiality review, the signed draft, the reply, delivery), then other material and
   the audit trail;
3. the documents: issued letters as stored (their PDFs, checked against their SHA-256),
   uploaded PDFs, images placed on A4 pages, other files (Word, Excel) as a page naming the
   file and its SHA-256 with the file itself attached to the PDF, and generated pages for
   records that are not letters (the register, department and consultation answers, the
   signed draft, the audit trail).

The documents are numbered 1..n in the top right corner, as archivists number a 卷; the cover
and the 卷内目录 are not numbered. The page ranges are taken after the documents are composed.

The output depends only on the case's record: reportlab runs with ``invariant=1``, pypdf's
writer adds no time or random ID, and the audit trail stops before the ``archive`` event (which
records the file's SHA-256), so rendering an archived case again gives the same bytes. A
document whose stored file does not match its recorded SHA-256 stops the archiving (a tampered
file never enters the case file).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, ImageSequence
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from agencies.models import display_name
from letters.fonts import FontSet, missing_glyphs, register_fonts
from letters.models import CaseFile, Letter
from rules.deadline import format_cn_date
from rules.states import Decision, Status
from workflow.actions import event_label
from workflow.errors import Conflict

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = 28 * mm  # binding side, as on the letters
MARGIN_RIGHT = 20 * mm
MARGIN_TOP = 25 * mm
MARGIN_BOTTOM = 22 * mm
FRAME_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 162 mm
HASH_PREFIX = 16  # hex digits of an event's hash printed in the trail

# 卷内目录 sections, in the order of statute.md "Archiving".
SECTIONS = {
    "application": "申请材料及身份证明",
    "register": "登记记录",
    "receipt": "接收回执",
    "procedure": "补正、延期、征求意见等文书及答复",
    "assistance": "协助调查文书（交办单、协办函）",
    "review": "部门答复及保密审查意见",
    "draft": "签发稿",
    "reply": "答复文书",
    "delivery": "送达回证",
    "other": "其他材料",
    "trail": "办理过程记录",
}

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


@dataclass
class Document:
    """One entry of the 卷内目录 and its pages."""

    section: str
    title: str
    pdf: bytes
    number: str = ""  # 文号
    on: date | None = None
    note: str = ""
    attachment: tuple[str, bytes] | None = None  # a file carried inside the PDF
    rank: int = 0  # order inside a section on the same day
    pages: int = 0
    first_page: int = 0

    @property
    def page_range(self) -> str:
        last = self.first_page + self.pages - 1
        return str(self.first_page) if last == self.first_page else f"{self.first_page}-{last}"


# -- rendering helpers ---------------------------------------------------------------------------


@dataclass
class _Styles:
    fonts: FontSet
    body: ParagraphStyle = field(init=False)
    small: ParagraphStyle = field(init=False)
    small_heading: ParagraphStyle = field(init=False)
    title: ParagraphStyle = field(init=False)
    heading: ParagraphStyle = field(init=False)

    def __post_init__(self) -> None:
        f = self.fonts
        self.body = ParagraphStyle("body", fontName=f.body, fontSize=12, leading=18, wordWrap="CJK")
        self.small = ParagraphStyle(
            "small", fontName=f.body, fontSize=8.5, leading=11.5, wordWrap="CJK"
        )
        self.small_heading = ParagraphStyle("small_heading", parent=self.small, fontName=f.heading)
        self.title = ParagraphStyle(
            "title",
            fontName=f.title,
            fontSize=20,
            leading=30,
            alignment=TA_CENTER,
            wordWrap="CJK",
            spaceAfter=8 * mm,
        )
        self.heading = ParagraphStyle(
            "heading", fontName=f.heading, fontSize=12, leading=18, wordWrap="CJK"
        )


def _fonts() -> FontSet:
    return register_fonts(settings.LETTER_FONTS)


def _printable(text: str, fonts: FontSet, role: str = "body") -> str:
    """reportlab prints a character its font lacks as a blank box: name it instead."""
    for char in missing_glyphs(text, role, fonts):
        text = text.replace(char, f"[U+{ord(char):04X}]")
    return text


def _para(text: str, style: ParagraphStyle, fonts: FontSet, role: str = "body") -> Paragraph:
    safe = escape(_printable(str(text), fonts, role)).replace("\n", "<br/>")
    return Paragraph(safe, style)


def _render(flowables: list, fonts: FontSet, *, title: str) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        invariant=1,
        initialFontName=fonts.body,  # never reference the unembedded Helvetica
        title=title,
        creator="yishenqing case file",
    )
    doc.build(flowables)
    return buffer.getvalue()


def _grid(rows: list[list], widths: list[float], fonts: FontSet, *, header: bool = False) -> Table:
    # splitInRow: a long answer or description may run over a page break.
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, splitInRow=1)
    style = [
        ("FONT", (0, 0), (-1, -1), fonts.body),  # not reportlab's default, unembedded Helvetica
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)))
    table.setStyle(TableStyle(style))
    return table


def _form_page(
    title: str,
    rows: Iterable[tuple[str, str]],
    fonts: FontSet,
    *,
    lead: str = "",
    note: str = "",
) -> bytes:
    """A generated record page: a title, an optional lead paragraph, a two-column table of
    labels and values, and an optional note in small print."""
    s = _Styles(fonts)
    cells = [
        [_para(label, s.heading, fonts, "heading"), _para(value or "—", s.body, fonts)]
        for label, value in rows
    ]
    flowables = [_para(title, s.title, fonts, "title")]
    if lead:
        flowables += [_para(lead, s.body, fonts), Spacer(1, 4 * mm)]
    flowables.append(_grid(cells, [40 * mm, FRAME_WIDTH - 40 * mm], fonts))
    if note:
        flowables += [Spacer(1, 4 * mm), _para(note, s.small, fonts)]
    return _render(flowables, fonts, title=title)


def _page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _cn(d) -> str:
    return format_cn_date(d) if d else ""


def _when(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M:%S") if dt else ""


def _person(user) -> str:
    return display_name(user)


def _status(code: str) -> str:
    return str(Status(code).label) if code in Status.values else code


def decision_label(code: str) -> str:
    return str(Decision(code).label) if code in Decision.values else (code or "")


# -- reading stored files ------------------------------------------------------------------------


def _read_checked(field_file, expected: str, what: str) -> bytes:
    try:
        with field_file.open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, OSError, ValueError):
        raise CaseFileError(_("%(what)s的文件缺失，不能归档。") % {"what": what}) from None
    if hashlib.sha256(data).hexdigest() != expected:
        raise CaseFileError(
            _("%(what)s的文件与登记的 SHA-256 不符（可能被改动），不能归档。") % {"what": what}
        )
    return data


def _electronic_file_page(attachment, data: bytes, fonts: FontSet, reason: str = "") -> bytes:
    from cases.uploads import ALLOWED_TYPES

    rows = [
        (_("文件名"), attachment.original_name),
        (_("类型"), ALLOWED_TYPES.get(attachment.content_type, attachment.content_type)),
        (_("大小"), _("%(n)s 字节") % {"n": f"{attachment.size:,}"}),
        (_("SHA-256"), attachment.sha256),
        (_("上传人"), _person(attachment.uploaded_by)),
        (_("上传时间"), _when(attachment.uploaded_at)),
    ]
    lead = _("电子文件，见附件（SHA-256 %(sha)s）。") % {"sha": attachment.sha256}
    note = _("原文件以 PDF 附件形式嵌入本案卷，文件名前加卷内序号。")
    if reason:
        note = f"{reason}{note}"
    return _form_page(_("电子文件"), rows, fonts, lead=lead, note=note)


def _image_pages(attachment, data: bytes, fonts: FontSet) -> bytes:
    """Each image (each frame of a TIFF) fitted on its own A4 page under a caption."""
    source = Image.open(io.BytesIO(data))
    frames = [frame.copy() for frame in ImageSequence.Iterator(source)]
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=A4,
        invariant=1,
        pageCompression=1,
        initialFontName=fonts.body,
        initialFontSize=9,
    )
    canvas.setTitle(attachment.original_name)
    box_top = PAGE_HEIGHT - MARGIN_TOP - 8 * mm
    box_width, box_height = FRAME_WIDTH, box_top - MARGIN_BOTTOM
    for index, frame in enumerate(frames, start=1):
        upright = ImageOps.exif_transpose(frame)
        if upright.mode not in ("RGB", "L", "1"):
            upright = upright.convert("RGB")
        plain_jpeg = source.format == "JPEG" and len(frames) == 1 and upright.size == frame.size
        reader = ImageReader(io.BytesIO(data) if plain_jpeg else upright)
        width, height = upright.size
        scale = min(box_width / width, box_height / height)
        drawn_w, drawn_h = width * scale, height * scale
        x = MARGIN_LEFT + (box_width - drawn_w) / 2
        y = box_top - drawn_h
        caption = f"{attachment.original_name}（SHA-256 {attachment.sha256[:HASH_PREFIX]}…）"
        if len(frames) > 1:
            caption += f" 第{index}/{len(frames)}页"
        canvas.setFont(fonts.body, 9)
        canvas.drawString(MARGIN_LEFT, PAGE_HEIGHT - MARGIN_TOP, _printable(caption, fonts))
        canvas.drawImage(reader, x, y, width=drawn_w, height=drawn_h)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _attachment_document(
    attachment, section: str, fonts: FontSet, *, on: date | None = None, rank: int = 0
) -> Document:
    what = _("附件“%(name)s”") % {"name": attachment.original_name}
    data = _read_checked(attachment.file, attachment.sha256, what)
    title = f"{attachment.get_kind_display()}：{attachment.original_name}"
    on = on or timezone.localtime(attachment.uploaded_at).date()
    pdf, reason = b"", ""
    if attachment.content_type == "application/pdf":
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise PyPdfError("encrypted")
            pdf = _copy_pages(reader)
        except (PyPdfError, ValueError, KeyError, TypeError, OSError):
            reason = _("PDF 文件无法解析或已加密，未能逐页编入。")
    elif attachment.content_type in IMAGE_TYPES:
        try:
            pdf = _image_pages(attachment, data, fonts)
        except (OSError, ValueError, Image.DecompressionBombError):
            reason = _("图像文件无法解析，未能逐页编入。")
    if pdf:
        return Document(section, title, pdf, on=on, rank=rank)
    # Word, Excel, or a file that cannot be shown page by page: carried inside the PDF.
    page = _electronic_file_page(attachment, data, fonts, reason)
    return Document(
        section, title, page, on=on, attachment=(attachment.original_name, data), rank=rank
    )


def _copy_pages(reader: PdfReader) -> bytes:
    """An uploaded PDF's pages only (no forms, outlines or scripts), rotation made upright."""
    writer = PdfWriter()
    for page in reader.pages:
        added = writer.add_page(page)
        added.transfer_rotation_to_content()
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# -- generated records ---------------------------------------------------------------------------


def _register_page(case, fonts: FontSet) -> bytes:
    a = case.applicant
    rows = [
        (_("案件编号"), case.number),
        (_("申请人类型"), a.get_kind_display()),
        (_("姓名或名称"), a.name),
        (_("证件类型"), a.get_id_type_display()),
        (_("证件号码"), a.id_number),
    ]
    if a.kind == "organization":
        rows += [(_("组织类别"), a.get_org_category_display()), (_("联系人"), a.contact_name)]
    rows += [
        (_("联系电话"), a.phone),
        (_("电子邮箱"), a.email),
        (_("通信地址"), " ".join(filter(None, [a.address, a.postcode]))),
        (_("申请方式"), case.get_channel_display()),
        (_("收到申请日期"), _cn(case.received_on)),
    ]
    if case.first_received_on != case.received_on:
        rows.append((_("首次收到日期"), _cn(case.first_received_on)))
    rows += [
        (_("工作机构实际收到日期"), _cn(case.office_received_on)),
        (
            _("代为填写"),
            _("是，代填人：%(who)s") % {"who": case.filled_by}
            if case.filled_on_behalf
            else _("否"),
        ),
        (_("所需政府信息描述"), case.description),
        (_("用途"), case.purpose),
        (_("信息提供形式"), case.get_delivery_format_display()),
        (_("获取信息方式"), case.get_delivery_method_display()),
        (_("重复申请所对应的案件"), case.repeat_of.number if case.repeat_of_id else ""),
        (_("登记人"), _person(case.registered_by)),
        (_("登记时间"), _when(case.registered_at)),
    ]
    note = _("登记信息以归档时为准；登记后的更正见办理过程记录。")
    return _form_page(_("政府信息公开申请登记表"), rows, fonts, note=note)


def _task_answer_page(task, fonts: FontSet) -> bytes:
    holds = {True: _("掌握"), False: _("不掌握"), None: ""}[task.holds_information]
    rows = [
        (_("承办/协办部门"), task.department.name),
        (_("交办日期"), _cn(task.assigned_on)),
        (_("答复期限"), _cn(task.due_on)),
        (_("交办要求"), task.instructions),
        (_("是否掌握该信息"), holds),
        (_("答复及保密审查意见"), task.answer),
        (_("答复日期"), _cn(task.responded_on)),
        (_("答复人"), _person(task.responded_by)),
    ]
    return _form_page(_("协助调查答复及保密审查意见"), rows, fonts)


def _consultation_page(consultation, fonts: FontSet) -> bytes:
    if consultation.answered:
        opinion = consultation.get_opinion_display()
    elif consultation.kind == "agency":
        opinion = _("逾期未答复，视为同意公开（条例第三十四条）")
    else:
        opinion = _("逾期未答复，由本机关依法决定（条例第三十二条）")
    rows = [
        (_("征求意见对象"), f"{consultation.name}（{consultation.get_kind_display()}）"),
        (_("地址"), consultation.address),
        (_("发出日期"), _cn(consultation.sent_on)),
        (_("答复期限"), _cn(consultation.answer_due)),
        (_("答复日期"), _cn(consultation.answered_on)),
        (_("意见"), opinion),
        (_("意见内容"), consultation.text),
    ]
    return _form_page(_("征求意见答复记录"), rows, fonts)


def _draft_page(case, events, reply_number: str, fonts: FontSet) -> bytes:
    """签发稿: the reply as drafted and signed off, with who drafted, returned and signed."""
    details = case.decision_details or {}
    rows = [
        (_("案件编号"), case.number),
        (_("申请人"), case.applicant.name),
        (_("办理结果"), decision_label(case.decision)),
        (_("答复正文要点"), case.reply_text),
    ]
    if details.get("disclosed_items"):
        items = details["disclosed_items"]
        rows.append((_("提供的信息"), "\n".join(f"{i}. {x}" for i, x in enumerate(items, 1))))
    if details.get("withheld"):
        rows.append((_("不予公开的内容及理由"), details["withheld"]))
    if details.get("referral"):
        referral = details["referral"]
        rows.append(
            (_("告知的机关"), f"{referral.get('agency', '')} {referral.get('contact', '')}")
        )
    if details.get("channel"):
        rows.append((_("告知的渠道"), details["channel"]))
    for event in events:
        if event.name == "submit_reply":
            rows.append((_("拟稿送审"), f"{_person(event.actor)}  {_when(event.at)}\n{event.note}"))
        elif event.name == "reject_reply":
            rows.append((_("退回修改"), f"{_person(event.actor)}  {_when(event.at)}\n{event.note}"))
        elif event.name == "approve_reply":
            rows.append((_("签发"), f"{_person(event.actor)}  {_when(event.at)}"))
    rows.append((_("答复书文号"), reply_number))
    return _form_page(_("政府信息公开申请答复签发稿"), rows, fonts)


def _trail_pages(events, fonts: FontSet) -> bytes:
    s = _Styles(fonts)
    header = [_("序号"), _("时间"), _("操作人"), _("操作"), _("状态变化"), _("备注"), _("哈希")]
    rows = [[_para(h, s.small_heading, fonts, "heading") for h in header]]
    for e in events:
        change = (
            _status(e.target)
            if e.source == e.target or not e.source
            else (f"{_status(e.source)}→{_status(e.target)}")
        )
        rows.append(
            [
                _para(str(e.seq), s.small, fonts),
                _para(_when(e.at), s.small, fonts),
                _para(_person(e.actor), s.small, fonts),
                _para(str(event_label(e.name)), s.small, fonts),
                _para(change, s.small, fonts),
                _para(e.note, s.small, fonts),
                _para(e.hash[:HASH_PREFIX], s.small, fonts),
            ]
        )
    widths = [9 * mm, 20 * mm, 18 * mm, 24 * mm, 24 * mm, 35 * mm, 32 * mm]
    note = _(
        "每条记录的哈希由其内容和上一条记录的哈希计算（SHA-256，此处仅印前%(n)d位），"
        "完整哈希链可在系统中校验。"
    ) % {"n": HASH_PREFIX}
    flowables = [
        _para(_("办理过程记录"), s.title, fonts, "title"),
        _grid(rows, widths, fonts, header=True),
        Spacer(1, 4 * mm),
        _para(note, s.small, fonts),
    ]
    return _render(flowables, fonts, title=_("办理过程记录"))


# -- collecting the documents --------------------------------------------------------------------


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
        what = _("文书“%(t)s%(n)s”") % {"t": letter.title, "n": letter.number}
        pdf = _read_checked(letter.pdf, letter.sha256, what)
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
            _register_page(case, fonts),
            on=case.first_received_on,
        )
    )
    for consultation in case.consultations.order_by("sent_on", "id"):
        docs.append(
            Document(
                "procedure",
                _("征求意见答复记录（%(name)s）") % {"name": consultation.name},
                _consultation_page(consultation, fonts),
                on=consultation.answered_on or consultation.answer_due,
                rank=10_000,
            )
        )
    tasks = case.tasks.select_related("department", "responded_by").order_by("assigned_on", "id")
    for index, task in enumerate(tasks):
        docs.append(
            Document(
                "review",
                _("协助调查答复（%(dept)s）") % {"dept": task.department.name},
                _task_answer_page(task, fonts),
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
                _draft_page(case, events, reply_number, fonts),
                on=case.replied_on,
            )
        )
    docs.append(
        Document(
            "trail",
            _("办理过程记录"),
            _trail_pages(events, fonts),
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
        doc.pages = _page_count(doc.pdf)
        doc.first_page = page
        page += doc.pages
    return docs


# -- cover and 卷内目录 ----------------------------------------------------------------------------


COVER_DESCRIPTION_CHARS = 120  # the full text is on the register record


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cover(case, docs: list[Document], archivist, fonts: FontSet) -> bytes:
    s = _Styles(fonts)
    concluded_label = _("答复日期") if case.replied_on else _("终止日期")
    concluded_on = case.replied_on or case.closed_on
    pages = sum(d.pages for d in docs)
    rows = [
        (_("机关"), case.agency.name),
        (_("案件编号"), case.number),
        (_("申请人"), case.applicant.name),
        (_("申请内容"), _shorten(case.description, COVER_DESCRIPTION_CHARS)),
        (_("收到申请日期"), _cn(case.received_on)),
        (concluded_label, _cn(concluded_on)),
        (_("办理结果"), decision_label(case.decision)),
        (_("保管期限"), settings.CASE_FILE_RETENTION),
        (
            _("归档日期"),
            _cn(timezone.localtime(case.archived_at).date()) if case.archived_at else "",
        ),
        (_("立卷人"), _person(archivist)),
        (_("本卷"), _("共%(docs)d件，%(pages)d页") % {"docs": len(docs), "pages": pages}),
    ]
    cover_title = ParagraphStyle(
        "cover", parent=s.title, fontSize=26, leading=40, spaceBefore=30 * mm, spaceAfter=20 * mm
    )
    agency = ParagraphStyle(
        "agency", parent=s.heading, fontSize=16, leading=24, alignment=TA_CENTER
    )
    value = ParagraphStyle("value", parent=s.body, fontSize=13, leading=20)
    label = ParagraphStyle("label", parent=s.heading, fontSize=13, leading=20)
    cells = [[_para(k, label, fonts, "heading"), _para(v or "—", value, fonts)] for k, v in rows]
    table = Table(cells, colWidths=[34 * mm, FRAME_WIDTH - 44 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), fonts.body),
                ("LINEBELOW", (1, 0), (1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    flowables = [
        _para(case.agency.name, agency, fonts, "heading"),
        _para(_("政府信息公开申请办理案卷"), cover_title, fonts, "title"),
        table,
    ]
    return _render(flowables, fonts, title=_("案卷封面"))


def _toc(docs: list[Document], fonts: FontSet) -> bytes:
    s = _Styles(fonts)
    header = [_("序号"), _("文件名称"), _("文号"), _("日期"), _("页号"), _("备注")]
    rows = [[_para(h, s.small_heading, fonts, "heading") for h in header]]
    spans = []
    section = None
    for index, doc in enumerate(docs, start=1):
        if doc.section != section:
            section = doc.section
            heading = _para(SECTIONS[section], s.small_heading, fonts, "heading")
            rows.append([heading, "", "", "", "", ""])
            spans.append(len(rows) - 1)
        rows.append(
            [
                _para(str(index), s.small, fonts),
                _para(doc.title, s.small, fonts),
                _para(doc.number, s.small, fonts),
                _para(doc.on.strftime("%Y%m%d") if doc.on else "", s.small, fonts),
                _para(doc.page_range, s.small, fonts),
                _para(doc.note, s.small, fonts),
            ]
        )
    widths = [9 * mm, 62 * mm, 40 * mm, 17 * mm, 14 * mm, 20 * mm]
    table = _grid(rows, widths, fonts, header=True)
    table.setStyle(
        TableStyle(
            [
                cmd
                for row in spans
                for cmd in (
                    ("SPAN", (0, row), (-1, row)),
                    ("BACKGROUND", (0, row), (-1, row), colors.Color(0.97, 0.97, 0.97)),
                )
            ]
        )
    )
    note = _(
        "日期为文件形成日期（8位数字）。页号为卷内文件页号，标注在每页右上角；"
        "封面和卷内目录不编页号。"
    )
    flowables = [
        _para(_("卷内目录"), s.title, fonts, "title"),
        table,
        Spacer(1, 4 * mm),
        _para(note, s.small, fonts),
    ]
    return _render(flowables, fonts, title=_("卷内目录"))


def _stamp_numbers(writer: PdfWriter, first_index: int, fonts: FontSet) -> None:
    """Number the document pages (1..n) in the top right corner of each page."""
    pages = writer.pages[first_index:]
    boxes = [page.cropbox for page in pages]
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1, pageCompression=1, initialFontName=fonts.body)
    for number, box in enumerate(boxes, start=1):
        width, height = float(box.width), float(box.height)
        canvas.setPageSize((width, height))
        canvas.setFont(fonts.body, 12)
        canvas.drawRightString(width - 12 * mm, height - 12 * mm, str(number))
        canvas.showPage()
    canvas.save()
    overlay = PdfReader(io.BytesIO(buffer.getvalue()))
    for page, box, stamp in zip(pages, boxes, overlay.pages, strict=True):
        page.merge_translated_page(stamp, float(box.left), float(box.bottom))


# -- the case file -------------------------------------------------------------------------------


def render_case_file(case, *, archivist) -> tuple[bytes, list[Document]]:
    """The case file's PDF and its 卷内目录; reads the case's record, writes nothing. The same
    archived case and archivist (the actor of its ``archive`` event) give the same bytes."""
    fonts = _fonts()
    events = trail_events(case)
    docs = collect_documents(case, fonts, events)
    writer = PdfWriter()
    for part in (_cover(case, docs, archivist, fonts), _toc(docs, fonts)):
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
    _stamp_numbers(writer, first_document, fonts)
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


def build_case_file(case, *, actor) -> CaseFile:
    """Render and store the case file; runs inside the ``archive`` transaction, before its
    event is recorded (the event carries the file's SHA-256)."""
    pdf, docs = render_case_file(case, archivist=actor)
    case_file = CaseFile(
        case=case,
        sha256=hashlib.sha256(pdf).hexdigest(),
        page_count=len(PdfReader(io.BytesIO(pdf)).pages),
        contents=contents_of(docs),
        built_by=actor,
    )
    case_file.pdf.save(f"{case.pk}-case-file.pdf", ContentFile(pdf), save=False)
    case_file.save()
    return case_file
