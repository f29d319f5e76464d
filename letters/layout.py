"""GB/T 9704-2012 letter layout: a :class:`LetterDocument` rendered to PDF bytes.

Page and grid (A4, all pages):

- margins top 37 mm, left (binding) 28 mm, right 26 mm, bottom 35 mm: a 156 x 225 mm type area;
- body 3号 (16 pt) in the body font, on a grid of 22 lines x 28 characters: character pitch
  156/28 mm, line pitch 225/22 mm. Every line of the letter, title included, sits on this grid,
  so a draft and the issued letter paginate alike;
- page numbers 4号 (14 pt) between 一字线 (``— 2 —``), 7 mm below the type area, odd pages
  right and even pages left, one character in from the type area's edge (GB/T 9704 7.5, for
  two-sided printing); the first page of a 信函 carries none (GB/T 9704 10.1).

First page, 信函 style (GB/T 9704 10.1): the agency's name in red title font with its top 30 mm
from the top edge, a red double line (thick over thin) 4 mm below it and another (thin over
thick) 20 mm above the bottom edge, both 170 mm long. On the first grid line under the red line
the letter number sits flush right (the line stays empty on drafts); one blank line; the title,
2号 (22 pt) title font, centred, on as many lines as needed (balanced); one blank line; the
addressee flush left; the body paragraphs, indented two characters and justified.

Closing: attachments one blank line below the body ("附件：1. …", wrapped lines aligned with
the first name). Two blank lines (room for the seal), then the date right-aligned four
characters in from the right edge, with the agency's name centred over it (GB/T 9704 7.3.5.1;
moved left if it would come closer than two characters to the edge). By default the seal space
stays blank for the physical stamp. An agency's authorised seal image, on issued letters only,
is placed as GB/T 9704 7.3.5.1 places the stamp: at its true diameter, centred over the name and
date, which sit a little below its centre, its top within one line of the body. The 附注 (the
contact note) follows the date, indented two characters, in parentheses. The closing, note
included, never parts, and keeps at least the last two body lines on its page.

Body text is set on the grid and justified, but a line that ends short because a long number,
文号 or URL moved whole to the next line stays ragged rather than spreading its characters.
Characters the body or title font lacks (CJK Extension B and beyond) are drawn, run by run, in
the fallback fonts (:class:`letters.fonts.FontChain`).

Drafts carry a light grey diagonal 草稿 on every page, no number and no seal.

Text is normalised once more here (line breaks, control characters, doubled punctuation,
nested quotes; :mod:`letters.typography`), whatever the caller passed.

Output is deterministic: the same document and fonts give byte-identical PDFs.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from letters.fonts import FontChain, FontSet, describe_characters, register_fonts
from letters.linebreak import break_balanced, break_lines, is_word_char, text_width
from letters.typography import tidy
from rules.text import normalize_line, printable_text

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_TOP = 37 * mm
MARGIN_LEFT = 28 * mm
MARGIN_RIGHT = 26 * mm
MARGIN_BOTTOM = 35 * mm
TYPE_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 156 mm
TYPE_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM  # 225 mm
TYPE_LEFT = MARGIN_LEFT
TYPE_RIGHT = MARGIN_LEFT + TYPE_WIDTH
TYPE_TOP = PAGE_HEIGHT - MARGIN_TOP
TYPE_BOTTOM = MARGIN_BOTTOM
TYPE_CENTRE = MARGIN_LEFT + TYPE_WIDTH / 2

CHARS_PER_LINE = 28
LINES_PER_PAGE = 22
CHAR_PITCH = TYPE_WIDTH / CHARS_PER_LINE  # 5.57 mm = 15.8 pt
LINE_PITCH = TYPE_HEIGHT / LINES_PER_PAGE  # 10.23 mm = 29.0 pt

BODY_SIZE = 16.0  # 3号
TITLE_SIZE = 22.0  # 2号
PAGE_NUMBER_SIZE = 14.0  # 4号
LETTERHEAD_MAX_SIZE = 30.0
BODY_CHAR_SPACE = CHAR_PITCH - BODY_SIZE  # slightly negative: 16 pt glyphs on a 15.8 pt grid

LETTERHEAD_TOP = 30 * mm  # from the top edge
RED_LINE_GAP = 4 * mm  # letterhead to the first red line
RED_LINE_LENGTH = 170 * mm
BOTTOM_RED_LINE = 20 * mm  # from the bottom edge
PAGE_NUMBER_GAP = 7 * mm  # type area to page number
SEAL_DIAMETER_MM = 42.0  # a county department's seal; agencies set their own
RED = (0.85, 0.0, 0.0)
WATERMARK_GREY = 0.88
WATERMARK_SIZE = 200.0

# Share of the em box above the baseline: the box is centred on its grid line.
_EM_ABOVE_BASELINE = 0.88
_EM_CENTRE = 0.38
# A justified line spreads its characters by at most this share of the font size each: about
# what a line three characters short needs, and below what reads as letter-spacing.
_MAX_JUSTIFY_SPACE = 0.125
PAGE_NUMBER_DASH = "\u2014"  # 一字线


@dataclass
class LetterDocument:
    """Everything printed on a letter; plain data, no database objects."""

    letterhead: str  # the agency's name, printed in red at the top
    title: str
    addressee: str  # salutation line, e.g. "张三："
    paragraphs: list[str]  # body, one string per paragraph
    signature: str  # issuing agency's name
    date_text: str  # e.g. "2023年8月1日"
    number: str | None = None  # e.g. "郯政办公开〔2023〕12号"; never printed on drafts
    attachments: list[str] = field(default_factory=list)
    draft: bool = False
    seal_image: bytes | None = None  # PNG with transparency; never printed on drafts
    footer_note: str | None = None  # 附注, e.g. "联系人：李四，电话：0539-1234567"
    seal_diameter_mm: float = SEAL_DIAMETER_MM  # the seal's true size


class MissingGlyphsError(ValueError):
    """The fonts cannot draw some characters of a letter that is being issued."""

    def __init__(self, characters: list[str]) -> None:
        self.characters = characters
        super().__init__(f"the letter font cannot print {describe_characters(characters)}")


def find_missing_glyphs(doc: LetterDocument, fonts: FontSet | None = None) -> list[str]:
    """Characters of ``doc`` that no configured font can draw (they would print as boxes)."""
    fonts = fonts or register_fonts()
    doc = normalized(doc)
    body_text = "".join(
        [doc.addressee, *doc.paragraphs, *doc.attachments, doc.signature, doc.date_text]
        + [doc.number or "", doc.footer_note or "", f"附件：（）{PAGE_NUMBER_DASH} 0123456789"]
    )
    missing = fonts.chain("title").missing(doc.letterhead + doc.title + "草稿")
    missing += [c for c in fonts.chain("body").missing(body_text) if c not in missing]
    return missing


def normalized(doc: LetterDocument) -> LetterDocument:
    """``doc`` with every text as a letter prints it: one-line fields on one line, paragraphs
    with ``\\n`` breaks only, no control characters, no doubled punctuation, nested quotes."""

    def line(text: str | None) -> str | None:
        return None if text is None else tidy(normalize_line(text))

    return replace(
        doc,
        letterhead=line(doc.letterhead),
        title=line(doc.title),
        addressee=line(doc.addressee),
        paragraphs=[tidy(printable_text(p)) for p in doc.paragraphs],
        signature=line(doc.signature),
        date_text=line(doc.date_text),
        number=line(doc.number),
        attachments=[line(a) for a in doc.attachments],
        footer_note=line(doc.footer_note),
    )


def render_letter(
    doc: LetterDocument,
    fonts: FontSet | None = None,
    *,
    allow_missing_glyphs: bool | None = None,
) -> bytes:
    """Render ``doc`` to PDF bytes.

    Raises :class:`MissingGlyphsError` when the fonts lack characters of the letter, unless
    ``allow_missing_glyphs`` (default: only for drafts, whose preview then shows the boxes).
    """
    fonts = fonts or register_fonts()
    if allow_missing_glyphs is None:
        allow_missing_glyphs = doc.draft
    if not allow_missing_glyphs:
        missing = find_missing_glyphs(doc, fonts)
        if missing:
            raise MissingGlyphsError(missing)
    return _Renderer(normalized(doc), fonts).render()


def _justified_segments(
    text: str, slack: float, char_space: float, size: float
) -> list[tuple[str, float]] | None:
    """Spread ``slack`` points over the gaps of a line, none inside a Latin word or number.

    Returns runs of characters with their character spacing, or None when the line should stay
    as it is (it is full, or would spread too far).
    """
    stretchable = [
        i for i in range(len(text) - 1) if not (is_word_char(text[i]) and is_word_char(text[i + 1]))
    ]
    if slack <= 0.01 or not stretchable:
        return None
    extra = slack / len(stretchable)
    if extra > _MAX_JUSTIFY_SPACE * size:
        return None
    spread = set(stretchable)
    segments: list[tuple[str, float]] = []
    for index, char in enumerate(text):
        char_space_here = char_space + extra if index in spread else char_space
        if segments and segments[-1][1] == char_space_here:
            segments[-1] = (segments[-1][0] + char, char_space_here)
        else:
            segments.append((char, char_space_here))
    return segments


@dataclass
class _Line:
    """One line of the grid. ``draw`` gets the canvas and the 0-based grid line on the page."""

    draw: Callable[[Canvas, int], None] | None  # None for a blank line
    keep_with_next: bool = False
    anchor: str = ""  # names lines whose page and position are needed later ("signature")


@dataclass
class _Placed:
    page: int
    slot: int  # 0-based grid line on its page
    line: _Line


class _Renderer:
    def __init__(self, doc: LetterDocument, fonts: FontSet) -> None:
        self.doc = doc
        self.fonts = fonts
        self.body = fonts.chain("body")
        self.title = fonts.chain("title")
        self.letterhead_size = min(
            LETTERHEAD_MAX_SIZE,
            TYPE_WIDTH / max(1.0, text_width(doc.letterhead, self.title, 1.0)),
        )

    # ----- geometry

    def letterhead_baseline(self) -> float:
        return PAGE_HEIGHT - LETTERHEAD_TOP - _EM_ABOVE_BASELINE * self.letterhead_size

    def red_line_y(self) -> float:
        bottom = self.letterhead_baseline() - (1 - _EM_ABOVE_BASELINE) * self.letterhead_size
        return bottom - RED_LINE_GAP

    def first_free_slot(self) -> int:
        """First grid line on page 1 entirely below the red double line."""
        slot = 0
        while TYPE_TOP - slot * LINE_PITCH > self.red_line_y() - 2:
            slot += 1
        return slot

    @staticmethod
    def baseline(slot: int, size: float) -> float:
        centre = TYPE_TOP - (slot + 0.5) * LINE_PITCH
        return centre - _EM_CENTRE * size

    # ----- building lines

    def text_line(
        self,
        text: str,
        *,
        font: FontChain | None = None,
        size: float = BODY_SIZE,
        align: str = "left",
        indent: float = 0.0,
        right_indent: float = 0.0,
        justify: bool = False,
        char_space: float | None = None,
    ) -> _Line:
        chain = font or self.body
        space = BODY_CHAR_SPACE if char_space is None else char_space

        def draw(canvas: Canvas, slot: int) -> None:
            y = self.baseline(slot, size)
            advance = text_width(text, chain, size, space)
            room = TYPE_WIDTH - indent - right_indent
            segments = [(text, space)]
            if align == "right":
                x = TYPE_RIGHT - right_indent - advance
            elif align == "center":
                x = TYPE_CENTRE - (advance - space) / 2
            else:
                x = TYPE_LEFT + indent
                if justify:
                    segments = _justified_segments(text, room - advance, space, size) or segments
            draw_runs(canvas, x, y, segments, chain, size)

        return _Line(draw)

    def paragraph_lines(self, text: str, *, indent_chars: int = 2) -> list[_Line]:
        lines: list[_Line] = []
        for part in text.split("\n"):
            wrapped = break_lines(
                part,
                TYPE_WIDTH,
                self.body,
                BODY_SIZE,
                char_space=BODY_CHAR_SPACE,
                first_line_width=TYPE_WIDTH - indent_chars * CHAR_PITCH,
            )
            for index, line_text in enumerate(wrapped):
                lines.append(
                    self.text_line(
                        line_text,
                        indent=indent_chars * CHAR_PITCH if index == 0 else 0.0,
                        justify=index < len(wrapped) - 1,
                    )
                )
        return lines

    def attachment_lines(self) -> list[_Line]:
        """附件：1.名称 / 2.名称 under it; a wrapped name lines up with its own first character."""
        font = self.body

        def width(text: str) -> float:
            return text_width(text, font, BODY_SIZE, BODY_CHAR_SPACE)

        label = "附件："
        label_indent = 2 * CHAR_PITCH
        item_indent = label_indent + width(label)
        numbered = len(self.doc.attachments) > 1
        lines: list[_Line] = []
        for number, name in enumerate(self.doc.attachments, start=1):
            prefix = f"{number}." if numbered else ""
            name_indent = item_indent + width(prefix)
            wrapped = break_lines(
                name, TYPE_WIDTH - name_indent, font, BODY_SIZE, char_space=BODY_CHAR_SPACE
            )
            for index, line_text in enumerate(wrapped):
                if index > 0:
                    lines.append(self.text_line(line_text, indent=name_indent))
                elif number == 1:
                    lines.append(self.text_line(label + prefix + line_text, indent=label_indent))
                else:
                    lines.append(self.text_line(prefix + line_text, indent=item_indent))
        return lines

    def closing_lines(self) -> list[_Line]:
        doc = self.doc
        font = self.body
        date_width = text_width(doc.date_text, font, BODY_SIZE, BODY_CHAR_SPACE)
        name_width = text_width(doc.signature, font, BODY_SIZE, BODY_CHAR_SPACE)
        date_right = 4 * CHAR_PITCH
        # Centre the name over the date, but keep it two characters from the edge.
        name_right = max(2 * CHAR_PITCH, date_right + (date_width - name_width) / 2)
        lines = [
            _Line(None),
            _Line(None),
            self.text_line(doc.signature, align="right", right_indent=name_right),
            self.text_line(doc.date_text, align="right", right_indent=date_right),
        ]
        lines[2].anchor = "signature"
        if doc.footer_note:
            note = doc.footer_note.strip()
            if not note.startswith(("（", "(")):
                note = f"（{note}）"
            lines += self.paragraph_lines(note)
        return lines

    def build_lines(self) -> list[_Line]:
        doc = self.doc
        number = "" if doc.draft or not doc.number else doc.number
        lines = [self.text_line(number, align="right") if number else _Line(None), _Line(None)]
        title_lines = break_balanced(doc.title, TYPE_WIDTH, self.title, TITLE_SIZE)
        lines += [
            self.text_line(t, font=self.title, size=TITLE_SIZE, align="center", char_space=0)
            for t in title_lines
        ]
        lines.append(_Line(None))
        lines.append(self.text_line(doc.addressee))
        body: list[_Line] = []
        for paragraph in doc.paragraphs:
            body += self.paragraph_lines(paragraph)
        for line in body[-2:]:
            line.keep_with_next = True
        lines += body
        closing: list[_Line] = []
        if doc.attachments:
            closing += [_Line(None), *self.attachment_lines()]
        closing += self.closing_lines()
        # The closing never parts: attachments, name, date and the 附注 stay on one page (a note
        # alone on a page of its own reads as a stray half sentence).
        for index, line in enumerate(closing):
            line.keep_with_next = index < len(closing) - 1
        return lines + closing

    # ----- pagination

    def paginate(self, lines: list[_Line]) -> list[_Placed]:
        placed: list[_Placed] = []
        page, slot = 1, self.first_free_slot()
        index = 0
        while index < len(lines):
            line = lines[index]
            if slot == 0 and line.draw is None and page > 1 and not line.keep_with_next:
                index += 1  # no blank line at the top of a page
                continue
            chain = 1
            while index + chain - 1 < len(lines) - 1 and lines[index + chain - 1].keep_with_next:
                chain += 1
            if slot > 0 and slot + chain > LINES_PER_PAGE and chain <= LINES_PER_PAGE - 2:
                page, slot = page + 1, 0
                continue
            if slot >= LINES_PER_PAGE:
                page, slot = page + 1, 0
                continue
            placed.append(_Placed(page, slot, line))
            slot += 1
            index += 1
        return placed

    # ----- drawing

    def render(self) -> bytes:
        doc = self.doc
        buffer = io.BytesIO()
        canvas = Canvas(
            buffer,
            pagesize=A4,
            invariant=1,
            pageCompression=1,
            initialFontName=self.fonts.body,  # never reference the unembedded Helvetica
            initialFontSize=BODY_SIZE,
        )
        canvas.setTitle(doc.title)
        canvas.setAuthor(doc.signature or doc.letterhead)
        canvas.setSubject(doc.number or "")
        canvas.setCreator("yishenqing letters")

        placed = self.paginate(self.build_lines())
        page_count = max(p.page for p in placed) if placed else 1
        for page in range(1, page_count + 1):
            if doc.draft:
                self.draw_watermark(canvas)
            if page == 1:
                self.draw_letterhead(canvas)
            for item in placed:
                if item.page == page and item.line.draw is not None:
                    item.line.draw(canvas, item.slot)
            anchor = next(
                (p for p in placed if p.page == page and p.line.anchor == "signature"), None
            )
            if anchor is not None and doc.seal_image and not doc.draft:
                self.draw_seal(canvas, anchor)
            self.draw_page_number(canvas, page)
            canvas.showPage()
        canvas.save()
        return buffer.getvalue()

    def draw_letterhead(self, canvas: Canvas) -> None:
        size = self.letterhead_size
        canvas.saveState()
        canvas.setFillColorRGB(*RED)
        canvas.setStrokeColorRGB(*RED)
        width = text_width(self.doc.letterhead, self.title, size)
        x, y = TYPE_CENTRE - width / 2, self.letterhead_baseline()
        draw_runs(canvas, x, y, [(self.doc.letterhead, 0.0)], self.title, size)
        left, right = TYPE_CENTRE - RED_LINE_LENGTH / 2, TYPE_CENTRE + RED_LINE_LENGTH / 2
        top = self.red_line_y()
        self._double_line(canvas, left, right, top, thick_first=True)
        self._double_line(canvas, left, right, BOTTOM_RED_LINE + 4.0, thick_first=False)
        canvas.restoreState()

    @staticmethod
    def _double_line(canvas: Canvas, left: float, right: float, top: float, thick_first: bool):
        thick, gap, thin = 2.0, 1.5, 0.75
        widths = (thick, thin) if thick_first else (thin, thick)
        y = top - widths[0] / 2
        canvas.setLineWidth(widths[0])
        canvas.line(left, y, right, y)
        y -= widths[0] / 2 + gap + widths[1] / 2
        canvas.setLineWidth(widths[1])
        canvas.line(left, y, right, y)

    def draw_watermark(self, canvas: Canvas) -> None:
        canvas.saveState()
        canvas.setFillGray(WATERMARK_GREY)
        canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        canvas.rotate(45)
        canvas.setFont(self.fonts.title, WATERMARK_SIZE)
        canvas.drawCentredString(0, -_EM_CENTRE * WATERMARK_SIZE, "草稿")
        canvas.restoreState()

    def draw_seal(self, canvas: Canvas, signature: _Placed) -> None:
        """GB/T 9704 7.3.5.1: the stamp presses on the name and the date, which sit a little
        below its centre; its top stays within one line of the body above."""
        diameter = self.doc.seal_diameter_mm * mm
        centre_y = TYPE_TOP - (signature.slot + 0.5) * LINE_PITCH  # the name line's middle
        date_right = TYPE_RIGHT - 4 * CHAR_PITCH
        date_width = text_width(self.doc.date_text, self.body, BODY_SIZE, BODY_CHAR_SPACE)
        centre_x = date_right - date_width / 2
        image = ImageReader(io.BytesIO(self.doc.seal_image or b""))
        canvas.drawImage(
            image,
            centre_x - diameter / 2,
            centre_y - diameter / 2,
            width=diameter,
            height=diameter,
            mask="auto",
            preserveAspectRatio=True,
            anchor="c",
        )

    def draw_page_number(self, canvas: Canvas, page: int) -> None:
        if page == 1:
            return  # GB/T 9704 10.1: the first page of a 信函 shows no page number
        text = f"{PAGE_NUMBER_DASH} {page} {PAGE_NUMBER_DASH}"
        size = PAGE_NUMBER_SIZE
        # The dashes (about a third of an em above the baseline) sit 7 mm below the type area.
        y = TYPE_BOTTOM - PAGE_NUMBER_GAP - 0.3 * size
        width = text_width(text, self.body, size)
        # Odd pages right, even pages left, one character in from the type area's edge.
        x = TYPE_RIGHT - size - width if page % 2 else TYPE_LEFT + size
        draw_runs(canvas, x, y, [(text, 0.0)], self.body, size)


def draw_runs(
    canvas: Canvas,
    x: float,
    y: float,
    segments: list[tuple[str, float]],
    chain: FontChain,
    size: float,
) -> None:
    """Draw (text, character spacing) segments from ``x`` on, each run in the font of the chain
    that has its glyphs (reportlab has no per-glyph fallback of its own)."""
    text_object = canvas.beginText(x, y)
    for segment, char_space in segments:
        text_object.setCharSpace(char_space)
        for font_name, run in chain.runs(segment):
            text_object.setFont(font_name, size)
            text_object.textOut(run)
    canvas.drawText(text_object)
