"""Builders for archive tests: sample uploads of every accepted type, and cases taken through
the real services to the archive (a short walk and one with every kind of document)."""

import io
import zipfile
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.forms.models import model_to_dict
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from cases.models import Case
from cases.uploads import store_attachments
from letters.fonts import register_fonts
from letters.models import CaseFile
from tests.cases.helpers import make_case
from workflow import services


def pdf_bytes(pages: int = 2, *, landscape: bool = False) -> bytes:
    buffer = io.BytesIO()
    size = (842, 595) if landscape else (595, 842)
    font = register_fonts().body
    canvas = Canvas(buffer, pagesize=size, invariant=1, initialFontName=font)
    for page in range(1, pages + 1):
        canvas.setFont(font, 16)
        canvas.drawString(72, size[1] - 100, f"政府信息公开申请表（扫描件）第{page}页")
        canvas.rect(72, 72, size[0] - 144, size[1] - 200)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def image_bytes(fmt: str, size=(1200, 1600), frames: int = 1) -> bytes:
    buffer = io.BytesIO()
    images = [Image.new("RGB", size, (230, 230 - 40 * i, 200)) for i in range(frames)]
    for image in images:
        for y in range(100, size[1] - 100, 80):
            for x in range(100, size[0] - 100):
                image.putpixel((x, y), (20, 20, 20))
    if frames > 1:
        images[0].save(buffer, format=fmt, save_all=True, append_images=images[1:])
    else:
        images[0].save(buffer, format=fmt)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def fresh(case) -> Case:
    return Case.objects.get(pk=case.pk)


def archived_case(agency, *, clerk, handler, approver, received_on=date(2023, 7, 14)):
    """Registered, answered (unavailable.not_held), delivered and archived."""
    case = make_case(agency, clerk, received_on=received_on)
    services.submit_reply(
        case=case,
        actor=handler,
        decision="unavailable.not_held",
        text="经检索，本机关未制作、获取该信息。",
    )
    services.approve_reply(case=case, actor=approver, issued_on=date(2023, 8, 1))
    services.record_delivery(
        case=case,
        actor=clerk,
        method="mail",
        delivered_on=date(2023, 8, 2),
        tracking_number="1100123456789",
    )
    services.archive(case=case, actor=clerk)
    return fresh(case)


def full_case(agency, *, clerk, handler, approver, dept_a, dept_b, department_a, department_b):
    """A case with every kind of document, taken up to delivery (not archived)."""
    case = make_case(
        agency,
        clerk,
        files_by_kind={
            "application": [upload("申请表.pdf", pdf_bytes(2))],
            "identity": [upload("身份证.jpg", image_bytes("JPEG", (1600, 1000)))],
        },
    )
    services.request_correction(
        case=case,
        actor=handler,
        items="请明确所需文件的名称或文号。",
        correction_due=date(2023, 7, 28),
        notice_on=date(2023, 7, 18),
    )
    with transaction.atomic():
        store_attachments(
            case=case,
            files=[upload("补正材料.png", image_bytes("PNG", (800, 600)))],
            kind="correction",
            actor=clerk,
        )
    services.receive_correction(
        case=case,
        actor=clerk,
        received_on=date(2023, 7, 20),
        description="2023年郯城县城区道路改造工程的立项批复（郯发改投资〔2023〕15号）",
    )
    services.assign(
        case=case,
        actor=handler,
        assigned_on=date(2023, 7, 21),
        tasks=[
            {
                "department": department_a.pk,
                "instructions": "请检索立项批复并做保密审查",
                "due_on": date(2023, 7, 28),
            },
            {
                "department": department_b.pk,
                "instructions": "请检索工程概算",
                "due_on": date(2023, 7, 28),
            },
        ],
    )
    task_a, task_b = case.tasks.order_by("department__name")
    services.respond_task(
        task=task_a if task_a.department == department_a else task_b,
        actor=dept_a,
        holds_information=True,
        answer="我局保存有该批复，经保密审查可以公开。",
        responded_on=date(2023, 7, 24),
        files=[upload("批复扫描.tif", image_bytes("TIFF", (900, 1200), frames=2))],
    )
    services.respond_task(
        task=task_b if task_a.department == department_a else task_a,
        actor=dept_b,
        holds_information=True,
        answer="概算表中投标报价部分涉及商业秘密。",
        responded_on=date(2023, 7, 25),
        files=[upload("概算说明.docx", docx_bytes())],
    )
    services.extend(
        case=case,
        actor=approver,
        working_days=10,
        reason="需征求第三方意见",
        decided_on=date(2023, 7, 26),
        late_entry_reason="按纸质登记簿补录",
    )
    services.consult(
        case=case,
        actor=handler,
        parties=[
            {
                "kind": "third_party",
                "name": "临沂某某建设有限公司",
                "address": "临沂市兰山区",
                "sent_on": date(2023, 7, 26),
            }
        ],
    )
    consultation = case.consultations.get()
    services.answer_consultation(
        consultation=consultation,
        actor=handler,
        answered_on=date(2023, 8, 2),
        opinion="objection",
        text="报价属于商业秘密，不同意公开。",
    )
    services.conclude_consultation(case=case, actor=handler)
    services.request_fee(
        case=case, actor=handler, method="per_page", quantity=120, notice_on=date(2023, 8, 3)
    )
    services.receive_payment(case=case, actor=clerk, paid_on=date(2023, 8, 7))
    details = {
        "disclosed_items": ["立项批复（郯发改投资〔2023〕15号）", "工程概算表（删除报价部分）"],
        "withheld": "概算表中投标单位报价属于商业秘密",
    }
    services.submit_reply(
        case=case,
        actor=handler,
        decision="partially_disclosed",
        text="部分公开。",
        details=details,
    )
    services.reject_reply(case=case, actor=approver, comment="请写明不予公开部分的法律依据。")
    services.submit_reply(
        case=case,
        actor=handler,
        decision="partially_disclosed",
        text="部分公开，不予公开部分依据条例第十五条。",
        details=details,
    )
    services.approve_reply(case=case, actor=approver, issued_on=date(2023, 8, 10))
    services.record_delivery(
        case=case,
        actor=clerk,
        method="mail",
        delivered_on=date(2023, 8, 11),
        tracking_number="1100123456789",
    )
    return fresh(case)


def snapshot(case) -> dict:
    """Everything of the case's record, as stored."""
    case = Case.objects.get(pk=case.pk)

    def rows(queryset):
        return [model_to_dict(row) for row in queryset.order_by("pk")]

    case_file = CaseFile.objects.filter(case=case).first()
    return {
        "case": model_to_dict(case),
        "archived_at": case.archived_at,
        "applicant": model_to_dict(case.applicant),
        "tasks": rows(case.tasks.all()),
        "consultations": rows(case.consultations.all()),
        "fee_notices": rows(case.fee_notices.all()),
        "attachments": [(a.pk, a.file.name, a.sha256) for a in case.attachments.order_by("pk")],
        "letters": [(x.pk, x.number, x.sha256) for x in case.letters.order_by("pk")],
        "events": [(e.seq, e.hash) for e in case.events.order_by("seq")],
        "case_file": case_file.sha256 if case_file else None,
    }
