"""Letter rendering speed: ``letters.layout.render_letter`` against a bare reportlab page.

Run from the repository root: ``.venv/bin/python bench/bench_letters.py [--n 1000]``.

Both sides embed subsets of the same TrueType fonts and draw the same text; the bare page only
calls ``drawString`` line by line (no line breaking, justification, pagination or letterhead), so
the ratio is the cost of the layout itself.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from letters.fonts import register_fonts  # noqa: E402
from letters.layout import LetterDocument, render_letter  # noqa: E402

PARAGRAPHS = [
    "本机关于2023年9月26日收到您通过邮政EMS（邮件号EMS1234567890CN）提交的政府信息公开申请，"
    "申请获取“郯城县2022年度城乡建设用地增减挂钩项目的立项批复、实施方案及验收文件”。",
    "经审查，根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，"
    "您申请获取的信息属于可以公开的政府信息，现予以公开，见附件。",
    "本机关提供的信息以纸质形式邮寄至您提供的地址，请注意查收。",
    "如对本答复不服，可以自收到本答复之日起60日内向郯城县人民政府申请行政复议，"
    "或者在6个月内向郯城县人民法院提起行政诉讼。",
]


def sample(index: int) -> LetterDocument:
    return LetterDocument(
        letterhead="郯城县人民政府办公室",
        number=f"郯政办公开〔2023〕{index + 1}号",
        title="政府信息公开申请答复书",
        addressee=f"申请人{index % 97}号：",
        paragraphs=PARAGRAPHS,
        attachments=["关于郯城县2022年度城乡建设用地增减挂钩项目立项的批复"],
        signature="郯城县人民政府办公室",
        date_text="2023年10月16日",
        footer_note="联系人：李淼，电话：0539-6212345",
    )


def bare_page(doc: LetterDocument, body: str, title: str) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, initialFontName=body)
    texts = [doc.letterhead, doc.number or "", doc.title, doc.addressee]
    texts += [p[i : i + 28] for p in doc.paragraphs for i in range(0, len(p), 28)]
    texts += doc.attachments + [doc.signature, doc.date_text, doc.footer_note or ""]
    y = 760.0
    for index, text in enumerate(texts):
        canvas.setFont(title if index in (0, 2) else body, 16)
        canvas.drawString(80, y, text)
        y -= 29
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def timed(function, n: int) -> float:
    started = time.perf_counter()
    for index in range(n):
        function(index)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    args = parser.parse_args()

    started = time.perf_counter()
    fonts = register_fonts()
    print(f"registering the fonts: {(time.perf_counter() - started) * 1000:.0f} ms (once)")
    pdf = render_letter(sample(0), fonts)
    draft = render_letter(replace(sample(0), draft=True), fonts)
    print(f"one letter: {len(pdf):,} bytes ({len(draft):,} as a draft)")

    letters = timed(lambda i: render_letter(sample(i), fonts), args.n)
    bare = timed(lambda i: bare_page(sample(i), fonts.body, fonts.title), args.n)
    for label, seconds in [("render_letter", letters), ("bare reportlab page", bare)]:
        print(f"{label}: {args.n / seconds:,.0f}/s ({seconds / args.n * 1000:.1f} ms each)")
    print(f"ratio letter / bare page: {letters / bare:.2f}")


if __name__ == "__main__":
    main()
