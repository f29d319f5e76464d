"""Letter layout: PDF structure, text, pagination, fonts and determinism (no database)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from letters.fonts import FontError, missing_glyphs, register_fonts
from letters.layout import (
    BODY_CHAR_SPACE,
    BODY_SIZE,
    CHAR_PITCH,
    LINE_PITCH,
    LINES_PER_PAGE,
    LetterDocument,
    MissingGlyphsError,
    find_missing_glyphs,
    render_letter,
)
from letters.linebreak import NO_LINE_END, NO_LINE_START

A4_WIDTH, A4_HEIGHT = 595.27, 841.89


def sample_reply(**changes) -> LetterDocument:
    """A reply long enough to need two pages."""
    paragraphs = [
        "本机关于2023年9月26日收到您通过邮政EMS（邮件号EMS1234567890CN）提交的政府信息公开申请，"
        "申请获取“郯城县2022年度城乡建设用地增减挂钩项目的立项批复、实施方案及验收文件”。",
        "经审查，根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，"
        "您申请获取的信息属于可以公开的政府信息，现予以公开。具体如下：",
        "一、《关于郯城县2022年度城乡建设用地增减挂钩项目立项的批复》（郯政办发〔2022〕15号），"
        "见附件1；",
        "二、《郯城县2022年度城乡建设用地增减挂钩项目实施方案》，见附件2；",
        "三、项目验收文件尚在制作过程中，根据《中华人民共和国政府信息公开条例》第三十六条"
        "第（四）项的规定，本机关经检索没有找到所申请公开的验收文件，该政府信息不存在。",
        "本机关提供的信息以纸质形式邮寄至您提供的地址（山东省临沂市郯城县人民路100号，"
        "邮政编码276100），请注意查收。如对本答复有疑问，可在工作日上午8:30至12:00、"
        "下午14:00至17:30致电0539-6212345咨询。",
        "如对本答复不服，可以自收到本答复之日起60日内向郯城县人民政府申请行政复议，"
        "或者在6个月内向郯城县人民法院提起行政诉讼。",
        "特此告知。",
    ]
    doc = LetterDocument(
        letterhead="郯城县人民政府办公室",
        number="郯政办公开〔2023〕12号",
        title="关于张喆堃政府信息公开申请的答复",
        addressee="张喆堃：",
        paragraphs=paragraphs,
        attachments=[
            "关于郯城县2022年度城乡建设用地增减挂钩项目立项的批复",
            "郯城县2022年度城乡建设用地增减挂钩项目实施方案",
        ],
        signature="郯城县人民政府办公室",
        date_text="2023年10月16日",
        footer_note="联系人：李淼，电话：0539-6212345",
    )
    return replace(doc, **changes)


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def issued() -> bytes:
    return render_letter(sample_reply())


@pytest.fixture(scope="module")
def draft() -> bytes:
    return render_letter(sample_reply(draft=True))


def test_two_a4_pages_with_page_numbers(issued: bytes) -> None:
    reader = PdfReader(io.BytesIO(issued))
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(A4_WIDTH, abs=0.01)
        assert float(page.mediabox.height) == pytest.approx(A4_HEIGHT, abs=0.01)
    first, second = page_texts(issued)
    # GB/T 9704 10.1: no number on the first page of a 信函; 7.5: 一字线 either side.
    assert "—" not in first and "- 1 -" not in first
    assert second.rstrip().endswith("— 2 —")


def test_text_is_extractable(issued: bytes) -> None:
    text = "\n".join(page_texts(issued))
    compact = text.replace(" ", "").replace("\n", "")
    for expected in [
        "郯城县人民政府办公室",
        "郯政办公开〔2023〕12号",
        "关于张喆堃政府信息公开申请的答复",
        "张喆堃：",
        "2023年10月16日",
        "EMS1234567890CN",
        "附件：1.",
        "（联系人：李淼，电话：0539-6212345）",
    ]:
        assert expected in compact, expected


def test_metadata(issued: bytes) -> None:
    info = PdfReader(io.BytesIO(issued)).metadata
    assert info.title == "关于张喆堃政府信息公开申请的答复"
    assert info.author == "郯城县人民政府办公室"


def test_deterministic_bytes(issued: bytes) -> None:
    assert render_letter(sample_reply()) == issued
    assert render_letter(sample_reply()) == render_letter(sample_reply())


def test_deterministic_across_processes(issued: bytes, tmp_path) -> None:
    script = (
        "import sys; from tests.letters.test_layout import sample_reply; "
        "from letters.layout import render_letter; "
        "sys.stdout.buffer.write(render_letter(sample_reply()))"
    )
    repo = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, check=False, cwd=repo
    )
    # A crash is a failure, never a skip: a second interpreter that cannot render the letter
    # is exactly what this test is here to notice.
    assert result.returncode == 0, f"the second interpreter failed: {result.stderr[-600:]!r}"
    assert result.stdout == issued


def test_draft_has_watermark_and_no_number(issued: bytes, draft: bytes) -> None:
    texts = page_texts(draft)
    assert all("草稿" in text for text in texts)
    assert "郯政办公开" not in "".join(texts)
    assert "草稿" not in "".join(page_texts(issued))
    # A draft paginates exactly like the issued letter.
    assert len(texts) == len(page_texts(issued))


def test_no_line_starts_with_closing_punctuation(issued: bytes) -> None:
    for text in page_texts(issued):
        for line in text.splitlines():
            line = line.strip()
            if line:
                assert line[0] not in NO_LINE_START, line
                assert line[-1] not in NO_LINE_END, line


def test_body_lines_hold_28_characters() -> None:
    doc = sample_reply(paragraphs=["政" * 28 * 3], attachments=[], footer_note=None)
    text = page_texts(render_letter(doc))[0]
    lines = [line.strip() for line in text.splitlines() if set(line.strip()) == {"政"}]
    # The first line is indented two characters; the rest are full.
    assert [len(line) for line in lines] == [26, 28, 28, 2]


def test_long_body_flows_onto_many_pages() -> None:
    # One line per paragraph (26 characters after the indent): 66 lines need four pages.
    doc = sample_reply(paragraphs=["信息" * 13] * (LINES_PER_PAGE * 3))
    texts = page_texts(render_letter(doc))
    assert len(texts) == 4
    assert "— 4 —" in texts[-1] and "— 3 —" in texts[2]
    assert "郯城县人民政府办公室" in texts[-1].replace(" ", "")
    # The name and the date never part.
    assert "2023年10月16日" in texts[-1].replace(" ", "")


def test_every_font_is_embedded(issued: bytes, draft: bytes, tmp_path) -> None:
    pdffonts = shutil.which("pdffonts")
    if pdffonts is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    for name, pdf in [("issued", issued), ("draft", draft)]:
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(pdf)
        output = subprocess.run(
            [pdffonts, str(path)], capture_output=True, text=True, check=True
        ).stdout
        rows = output.splitlines()[2:]
        assert rows, output
        for row in rows:
            assert "Helvetica" not in row, output
            # Columns: name type encoding emb sub uni object-id generation.
            assert row.split()[-5] == "yes", output


def test_every_font_has_an_embedded_file(issued: bytes, draft: bytes) -> None:
    """The same check as pdffonts, with pypdf: every font of every page carries its file."""
    for pdf in (issued, draft):
        for page in PdfReader(io.BytesIO(pdf)).pages:
            fonts = page["/Resources"]["/Font"]
            assert fonts
            for ref in fonts.values():
                font = ref.get_object()
                assert "Helvetica" not in str(font["/BaseFont"])
                assert "/FontFile2" in font["/FontDescriptor"].get_object()


def test_seal_only_on_issued_letters() -> None:
    png = _seal_png()
    with_seal = render_letter(sample_reply(seal_image=png))
    assert b"/Subtype /Image" in with_seal
    draft = render_letter(sample_reply(seal_image=png, draft=True))
    assert b"/Subtype /Image" not in draft
    # By default the space stays blank for the physical stamp: nothing imitates a seal.
    assert b"/Subtype /Image" not in render_letter(sample_reply())


def test_missing_glyphs_refuse_issuing_but_allow_drafts() -> None:
    # 𠮷 (Extension B) has a fallback glyph; 𰀀 (Extension G) and 😀 have none anywhere.
    doc = sample_reply(addressee="𠮷野家𰀀😀：")
    assert find_missing_glyphs(doc) == ["𰀀", "😀"]
    with pytest.raises(MissingGlyphsError) as excinfo:
        render_letter(doc)
    assert "U+30000" in str(excinfo.value) and "U+20BB7" not in str(excinfo.value)
    assert render_letter(replace(doc, draft=True)).startswith(b"%PDF")


def test_missing_glyphs_by_role() -> None:
    assert missing_glyphs("张喆堃昇犇淼，〔2023〕12号") == []
    assert missing_glyphs("喆堃", "title") == []
    assert missing_glyphs("喆堃", "heading") == []
    assert missing_glyphs("abc😀x😀") == ["😀"]
    # CJK Extension B and beyond come from the fallback font, for every role.
    for role in ("body", "title", "heading", "kai"):
        assert missing_glyphs("王𠮷王𠀀\U0002A700\U0002B740\U0002B820\U0002CEB0", role) == []
    assert missing_glyphs("𠀀", fallback=False) == ["𠀀"]  # not in the Noto subset itself


def test_register_fonts_is_idempotent_and_validates(tmp_path) -> None:
    fonts = register_fonts()
    assert register_fonts() is fonts
    assert register_fonts({}) is fonts
    assert fonts.kai == fonts.body
    assert len({fonts.body, fonts.title, fonts.heading}) == 3
    with pytest.raises(FontError, match="unknown font role"):
        register_fonts({"bold": "x.ttf"})
    with pytest.raises(FontError, match="not found"):
        register_fonts({"body": str(tmp_path / "missing.ttf")})
    not_a_font = tmp_path / "broken.ttf"
    not_a_font.write_bytes(b"not a font")
    with pytest.raises(FontError, match="cannot be used"):
        register_fonts({"kai": str(not_a_font)})


def test_font_override_is_used(tmp_path) -> None:
    # Point "kai" at the shipped bold face, as an office would point it at a licensed 楷体.
    from letters.fonts import DEFAULT_FONT_FILES

    fonts = register_fonts({"kai": str(DEFAULT_FONT_FILES["title"])})
    assert fonts.kai == fonts.title
    assert fonts.body == register_fonts().body


# -- typography and the closing (issue 13) -------------------------------------------------------

def _char_spaces(pdf: bytes) -> list[float]:
    values = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        data = page.get_contents().get_data()
        values += [float(v) for v in re.findall(rb"(-?\d*\.?\d+) Tc", data)]
    return values


def _lines(pdf: bytes) -> list[str]:
    return [line.strip() for text in page_texts(pdf) for line in text.splitlines()]


@pytest.mark.parametrize(
    "token",
    [
        "EMS1234567890123CN",  # a long number
        "0539-62212345678",  # a phone number with its area code
        "（郯发改投资〔2023〕15号）",  # a 文号 with its agency code
    ],
)
def test_a_long_token_moves_whole_without_spreading_the_line_before(token) -> None:
    limit = BODY_CHAR_SPACE + 0.125 * BODY_SIZE + 1e-6
    core = token.strip("（）")
    for lead in range(4, 27):
        paragraph = "字" * lead + token + "字" * 30
        pdf = render_letter(sample_reply(paragraphs=[paragraph], attachments=[], footer_note=None))
        assert max(_char_spaces(pdf)) <= limit, (lead, max(_char_spaces(pdf)))
        assert any(core in line for line in _lines(pdf)), (lead, _lines(pdf))


def test_a_url_breaks_only_between_its_segments() -> None:
    url = "https://www.tancheng.gov.cn/xxgk/ysqgk/2023/index.html?id=12&page=3"
    segments = ["https://www.tancheng.gov.cn/", "xxgk/", "ysqgk/", "2023/", "index.html", "?id=12"]
    for lead in range(0, 27, 3):
        pdf = render_letter(
            sample_reply(paragraphs=["字" * lead + "网址：" + url + "。"], footer_note=None)
        )
        text = "\n".join(_lines(pdf))
        assert url in text.replace("\n", "")
        for segment in segments:
            assert segment in text, (lead, segment, text)


def test_the_closing_and_its_note_never_part() -> None:
    note = (
        "联系单位：郯城县人民政府办公室政务公开科，联系电话：0539-6221234，"
        "地址：山东省临沂市郯城县人民路1号"
    )
    for count in range(0, 40):
        doc = sample_reply(paragraphs=["信息" * 13] * count, attachments=[], footer_note=note)
        texts = [re.sub(r"\s+", "", t) for t in page_texts(render_letter(doc))]
        last = texts[-1]
        assert "郯城县人民政府办公室2023年10月16日（联系单位" in last, (count, texts)
        assert last.endswith("人民路1号）") or re.search(r"人民路1号）—\d+—$", last), last
        if len(texts) > 1:
            assert last.count("信息" * 13) >= 2, (count, last)  # never a closing alone


def test_seal_is_placed_at_its_size_over_the_name_and_date() -> None:
    png = _seal_png()
    for diameter in (42.0, 45.0):
        pdf = render_letter(sample_reply(seal_image=png, seal_diameter_mm=diameter))
        page = PdfReader(io.BytesIO(pdf)).pages[-1]
        data = page.get_contents().get_data()
        match = re.search(rb"([\d.]+) 0 0 ([\d.]+) ([\d.]+) ([\d.]+) cm\s*/\S+ Do", data)
        assert match, "no seal image drawn"
        width, height, x, y = (float(v) for v in match.groups())
        assert width == pytest.approx(diameter * 72 / 25.4, abs=0.1) == height
        lines: dict[float, list] = {}  # baseline -> [x of the first run, text]

        def visit(text, cm, tm, font, size, lines=lines):
            if text.strip():
                lines.setdefault(round(tm[5], 1), [tm[4], ""])[1] += text

        page.extract_text(visitor_text=visit)
        at = {text.strip(): (x, y) for y, (x, text) in lines.items()}
        name_y = at["郯城县人民政府办公室"][1]
        date_x, date_y = at["2023年10月16日"]
        centre_x, centre_y = x + width / 2, y + height / 2
        # The name and the date sit below the seal's centre, within its circle.
        assert name_y < centre_y < name_y + LINE_PITCH
        assert centre_y - height / 2 < date_y < name_y < centre_y
        assert date_x < centre_x < date_x + 7 * CHAR_PITCH


def _seal_png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, 392, 392), outline=(220, 0, 0, 255), width=14)
    draw.regular_polygon((200, 200, 60), 5, fill=(220, 0, 0, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
