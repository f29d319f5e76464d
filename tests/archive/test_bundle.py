"""The case file (letters.bundle): built once by archive(), in the statute's order, with page
ranges that match the pages, byte-identical on every download and on a rebuild."""

import hashlib
import io

import pytest
from pypdf import PdfReader

from letters.bundle.compose import render_case_file
from letters.models import CaseFile
from rules.states import Status
from tests.archive.helpers import fresh
from workflow import services
from workflow.models import Event

pytestmark = pytest.mark.django_db


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def download(api, case):
    response = api.get(f"/api/v1/cases/{case.pk}/bundle/")
    return response, b"".join(response.streaming_content) if response.status_code == 200 else b""


def test_archive_builds_one_case_file_and_records_its_hash(archived, clerk):
    case_file = CaseFile.objects.get(case=archived)
    pdf = case_file.pdf.read()
    assert pdf.startswith(b"%PDF")
    assert hashlib.sha256(pdf).hexdigest() == case_file.sha256
    assert case_file.page_count == len(reader(pdf).pages)
    assert case_file.built_by == clerk
    # Built after the archive commit; the event that records it carries its hash.
    archive_event = Event.objects.get(case=archived, name="build_case_file")
    assert archive_event.payload["case_file"] == {
        "sha256": case_file.sha256,
        "pages": case_file.page_count,
    }


def test_rendering_again_gives_the_same_bytes(archived, clerk):
    stored = CaseFile.objects.get(case=archived).pdf.read()
    again, _docs = render_case_file(fresh(archived), archivist=clerk)
    assert again == stored


def test_download_is_byte_identical_and_matches_the_hash(archived, api_as, handler):
    api = api_as(handler)
    first, one = download(api, archived)
    second, two = download(api, archived)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert one == two
    assert hashlib.sha256(one).hexdigest() == first["X-Content-SHA256"]
    assert first["X-Content-SHA256"] == CaseFile.objects.get(case=archived).sha256


def test_no_bundle_before_archiving(full, api_as, handler):
    response, _ = download(api_as(handler), full)
    assert response.status_code == 404


def test_outsiders_and_liaisons_do_not_get_the_bundle(archived, api_as, outsider, dept_a):
    assert download(api_as(outsider), archived)[0].status_code == 404
    assert download(api_as(dept_a), archived)[0].status_code == 404


def test_bundle_needs_authentication(archived, api):
    assert api.get(f"/api/v1/cases/{archived.pk}/bundle/").status_code == 401


def test_the_contents_follow_the_statute_order(full, clerk):
    services.archive(case=full, actor=clerk)
    contents = CaseFile.objects.get(case=full).contents
    sections = []
    for row in contents:
        if not sections or sections[-1] != row["section"]:
            sections.append(row["section"])
    assert sections == [
        "申请材料及身份证明",
        "登记记录",
        "接收回执",
        "补正、延期、征求意见等文书及答复",
        "协助调查文书（交办单、协办函）",
        "部门答复及保密审查意见",
        "签发稿",
        "答复文书",
        "送达回证",
        "办理过程记录",
    ]
    titles = [row["title"] for row in contents]
    assert titles[:3] == [
        "申请书扫描件：申请表.pdf",
        "身份证明：身份证.jpg",
        "政府信息公开申请登记表",
    ]
    review = [row["title"] for row in contents if row["section"] == "部门答复及保密审查意见"]
    assert review == [
        "协助调查答复（县自然资源局）",
        "协办答复材料：批复扫描.tif",
        "协助调查答复（县住房和城乡建设局）",
        "协办答复材料：概算说明.docx",
    ]
    assert [row["index"] for row in contents] == list(range(1, len(contents) + 1))


def test_page_ranges_cover_every_document_page_once(full, clerk):
    services.archive(case=full, actor=clerk)
    case_file = CaseFile.objects.get(case=full)
    pdf = reader(case_file.pdf.read())
    expected_first = 1
    for row in case_file.contents:
        first, _, last = row["pages"].partition("-")
        assert int(first) == expected_first, row
        expected_first = int(last or first) + 1
    document_pages = expected_first - 1
    # The cover and the 卷内目录 come first and are not numbered.
    front = len(pdf.pages) - document_pages
    assert front >= 2
    assert "卷内目录" in pdf.pages[1].extract_text()
    # Each document page carries its number; the TIFF's two frames are two pages.
    tiff = next(row for row in case_file.contents if row["title"].endswith(".tif"))
    first, last = (int(n) for n in tiff["pages"].split("-"))
    assert last - first == 1
    for number in (1, first, document_pages):
        assert str(number) in pdf.pages[front + number - 1].extract_text()


def test_cover_names_case_dates_decision_and_retention(full, clerk, settings):
    settings.CASE_FILE_RETENTION = "30年"
    clerk.last_name, clerk.first_name = "王", "登记"
    clerk.save()
    services.archive(case=full, actor=clerk)
    pdf = reader(CaseFile.objects.get(case=full).pdf.read())
    cover = pdf.pages[0].extract_text()
    for text in (
        "郯城县人民政府办公室",
        full.number,
        "张三",
        "2023年7月20日",  # the corrected receipt date
        "答复日期",
        "2023年8月10日",
        "部分公开",
        "30年",
        "王登记",  # the archivist by name
    ):
        assert text in cover, text
    assert "clerk" not in cover  # never a login name


def test_the_case_file_prints_no_login_name(full, clerk):
    services.archive(case=full, actor=clerk)
    pdf = reader(CaseFile.objects.get(case=full).pdf.read())
    text = "".join(page.extract_text() for page in pdf.pages)
    for login in ("clerk", "handler", "approver", "dept_a"):
        assert login not in text, login
    assert "（未填写姓名）" in text.replace("\n", "")


def test_the_case_file_carries_the_letters_as_issued(full, clerk):
    services.archive(case=full, actor=clerk)
    case_file = CaseFile.objects.get(case=full)
    text = "".join(page.extract_text() for page in reader(case_file.pdf.read()).pages)
    for letter in fresh(full).letters.all():
        if letter.number:
            assert letter.number in text
    assert "政府信息公开申请答复签发稿" in text
    assert "请写明不予公开部分的法律依据。" in text  # the approver's rejection, in the draft
    assert "办理过程记录" in text


def test_other_files_are_named_with_their_hash_and_carried_inside(full, clerk):
    services.archive(case=full, actor=clerk)
    pdf = reader(CaseFile.objects.get(case=full).pdf.read())
    docx = fresh(full).attachments.get(original_name="概算说明.docx")
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "电子文件，见附件（SHA-256" in text and docx.sha256 in text.replace("\n", "")
    ((name, data),) = [(n, d[0]) for n, d in pdf.attachments.items()]
    assert name.endswith("概算说明.docx")
    assert hashlib.sha256(data).hexdigest() == docx.sha256


def test_every_font_is_embedded(full, clerk):
    services.archive(case=full, actor=clerk)
    pdf = reader(CaseFile.objects.get(case=full).pdf.read())
    for number, page in enumerate(pdf.pages, start=1):
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get(
                "/FontDescriptor"
            )
            assert descriptor is not None, (number, font.get("/BaseFont"))
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), (
                number,
                font.get("/BaseFont"),
            )


def test_a_withdrawn_case_shows_its_closing_date(agency, clerk):
    from datetime import date

    from tests.cases.helpers import make_case

    case = make_case(agency, clerk)
    services.withdraw(
        case=case, actor=clerk, reason="申请人书面撤回", withdrawn_on=date(2023, 7, 20)
    )
    services.archive(case=case, actor=clerk)
    case_file = CaseFile.objects.get(case=case)
    cover = reader(case_file.pdf.read()).pages[0].extract_text()
    assert "终止日期" in cover and "2023年7月20日" in cover and "申请人撤回申请" in cover
    assert not any(row["section"] == "签发稿" for row in case_file.contents)


def test_a_tampered_letter_file_stops_the_archiving(agency, clerk, handler, approver, api_as):
    from datetime import date

    from tests.cases.helpers import make_case

    case = make_case(agency, clerk)
    services.withdraw(case=case, actor=clerk, reason="撤回", withdrawn_on=date(2023, 7, 20))
    receipt = case.letters.get(kind="receipt")
    with open(receipt.pdf.path, "ab") as handle:
        handle.write(b"% tampered")
    response = api_as(clerk).post(
        f"/api/v1/cases/{case.pk}/transitions/archive/", {}, format="json"
    )
    assert response.status_code == 409
    assert "政府信息公开申请接收回执" in response.json()["detail"]
    assert fresh(case).status == Status.CLOSED
    assert not CaseFile.objects.filter(case=case).exists()
    assert not Event.objects.filter(case=case, name="archive").exists()


def test_a_character_the_fonts_lack_is_named_not_dropped(agency, clerk, handler, approver):
    from datetime import date

    from tests.cases.helpers import make_case

    case = make_case(agency, clerk)
    services.submit_reply(
        case=case, actor=handler, decision="unavailable.not_held", text="经检索无"
    )
    # U+20000 (Extension B) prints in the fallback font; U+30000 (Extension G) in none.
    services.reject_reply(case=case, actor=approver, comment="申请人姓名中的𠀀字、𰀀字请核对")
    services.submit_reply(
        case=case, actor=handler, decision="unavailable.not_held", text="经检索无"
    )
    services.approve_reply(case=case, actor=approver, issued_on=date(2023, 8, 1))
    services.record_delivery(
        case=case, actor=clerk, method="in_person", delivered_on=date(2023, 8, 2)
    )
    services.archive(case=case, actor=clerk)
    pdf = reader(CaseFile.objects.get(case=case).pdf.read())
    text = "".join(page.extract_text() for page in pdf.pages).replace("\n", "")
    assert "𠀀字" in text and "[U+20000]" not in text
    assert "[U+30000]" in text
