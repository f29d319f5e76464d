"""The pages of the case file (``letters.bundle``): its layout, the generated record pages (the
register, department and consultation answers, the signed draft, the audit trail, electronic
files, images), the cover and the 卷内目录, and the page numbers. Pure rendering: every
function turns data it is given into PDF bytes, reading nothing from the database."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, ImageSequence
from pypdf import PdfReader, PdfWriter
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from agencies.models import person_name
from cases.uploads import ALLOWED_TYPES
from letters.fonts import FontSet, markup, missing_glyphs, register_fonts
from rules.deadline import format_cn_date
from rules.states import Decision, Status
from rules.text import normalize_text
from workflow.actions import event_label

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


def case_file_fonts() -> FontSet:
    return register_fonts(settings.LETTER_FONTS)


def _printable(text: str, fonts: FontSet, role: str = "body") -> str:
    """reportlab prints a character its font lacks as a blank box: name it instead (for text
    drawn straight on the canvas, which has no fallback font)."""
    for char in missing_glyphs(text, role, fonts, fallback=False):
        text = text.replace(char, f"[U+{ord(char):04X}]")
    return text


def _para(text: str, style: ParagraphStyle, fonts: FontSet, role: str = "body") -> Paragraph:
    # Rare characters in the role's fallback font, as on the letters; none ever as a box.
    safe = markup(normalize_text(str(text)), role, fonts).replace("\n", "<br/>")
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


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _cn(d) -> str:
    return format_cn_date(d) if d else ""


def _when(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M:%S") if dt else ""


def _person(user) -> str:
    """A person in the case file: the real name, never the login name."""
    if user is None:
        return ""
    return person_name(user) or _("用户%(id)s（未填写姓名）") % {"id": user.pk}


def _status(code: str) -> str:
    return str(Status(code).label) if code in Status.values else code


def decision_label(code: str) -> str:
    return str(Decision(code).label) if code in Decision.values else (code or "")


def electronic_file_page(attachment, data: bytes, fonts: FontSet, reason: str = "") -> bytes:
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


def image_pages(attachment, data: bytes, fonts: FontSet) -> bytes:
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


def copy_pages(reader: PdfReader) -> bytes:
    """An uploaded PDF's pages only (no forms, outlines or scripts), rotation made upright."""
    writer = PdfWriter()
    for page in reader.pages:
        added = writer.add_page(page)
        added.transfer_rotation_to_content()
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# -- generated records ---------------------------------------------------------------------------


def register_page(case, fonts: FontSet) -> bytes:
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


def task_answer_page(task, fonts: FontSet) -> bytes:
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


def consultation_page(consultation, fonts: FontSet) -> bytes:
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
        (_("送达日期"), _cn(consultation.served_on) or _("未登记")),
        (_("答复期限"), _cn(consultation.answer_due) or _("送达日期未登记")),
        (_("答复日期"), _cn(consultation.answered_on)),
        (_("意见"), opinion),
        (_("同意公开的部分"), consultation.consented_parts),
        (_("意见内容"), consultation.text),
    ]
    return _form_page(_("征求意见答复记录"), rows, fonts)


def draft_page(case, events, reply_number: str, fonts: FontSet) -> bytes:
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


def _trail_label(event) -> str:
    label = str(event_label(event.name))
    payload = event.payload if isinstance(event.payload, dict) else {}
    if payload.get("late_entry"):
        label += _("（补录）")
    if payload.get("replied_late"):
        label += _("（逾期答复）")
    return label


def _trail_note(event) -> str:
    payload = event.payload if isinstance(event.payload, dict) else {}
    parts = [event.note] if event.note else []
    if payload.get("late_entry"):
        parts.append(_("补录原因：%(r)s") % {"r": payload.get("late_entry_reason", "")})
    if payload.get("replied_late"):
        parts.append(_("逾期原因：%(r)s") % {"r": payload.get("late_reason", "")})
    return "\n".join(parts)


def trail_pages(events, fonts: FontSet) -> bytes:
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
                _para(_trail_label(e), s.small, fonts),
                _para(change, s.small, fonts),
                _para(_trail_note(e), s.small, fonts),
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


# -- cover and 卷内目录 ----------------------------------------------------------------------------


COVER_DESCRIPTION_CHARS = 120  # the full text is on the register record


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cover(case, docs: list[Document], archivist, fonts: FontSet) -> bytes:
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


def toc(docs: list[Document], fonts: FontSet) -> bytes:
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


def stamp_numbers(writer: PdfWriter, first_index: int, fonts: FontSet) -> None:
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
