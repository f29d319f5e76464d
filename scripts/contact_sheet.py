"""Render every letter kind of the sample case and lay the pages out as contact sheets.

    .venv/bin/python scripts/contact_sheet.py            # writes docs/letters-*.png
    .venv/bin/python scripts/contact_sheet.py --dpi 100 --out /tmp/sheets

The letters are those of ``tests/letters/sample.py`` (the snapshot the proof tests read back),
one per kind, and the reply twice: a disclosure dated 2023 (reconsideration or suit) and a
refusal dated 2024 (reconsideration first). Pages go through ``pdftoppm`` (poppler-utils) and
Pillow; the sheets are quantised to a small palette to stay small in the repository.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from PIL import Image, ImageDraw, ImageFont  # noqa: E402

from letters.fonts import DEFAULT_FONT_FILES  # noqa: E402
from letters.kinds import KINDS  # noqa: E402
from letters.layout import render_letter  # noqa: E402
from tests.letters.sample import context  # noqa: E402

# (label, kind, overrides)
LETTERS = [
    ("receipt 接收回执", "receipt", {}),
    ("correction_notice 补正告知书", "correction_notice", {}),
    ("reasons_notice 说明理由告知书", "reasons_notice", {}),
    ("later_reply_notice 确定答复期限告知书", "later_reply_notice", {}),
    ("assistance_request 协助调查函", "assistance_request", {}),
    ("consultation_third_party 征求意见书", "consultation_third_party", {}),
    (
        "consultation_agency 征求意见书（共同制作）",
        "consultation_agency",
        {
            "party": {
                "kind": "agency",
                "name": "县财政局",
                "sent_on": "2023-07-20",
                "answer_due": "2023-08-10",
                "jointly_made": True,
            }
        },
    ),
    ("consultation_notice 征求意见告知书", "consultation_notice", {}),
    (
        "third_party_disclosure_notice 依申请公开告知书",
        "third_party_disclosure_notice",
        {
            "party": {
                "kind": "third_party",
                "name": "临沂某某建设有限公司",
                "sent_on": "2023-07-20",
                "answer_due": "2023-08-10",
                "override_reason": "该工程使用财政资金，概算表关系公众对公共资金使用的监督",
            }
        },
    ),
    ("extension_notice 延期答复告知书", "extension_notice", {}),
    ("fee_notice 收费通知书", "fee_notice", {}),
    ("reply 答复书（予以公开，2023）", "reply", {}),
    (
        "reply 答复书（部分公开，2024：复议前置）",
        "reply",
        {
            "decision": "partially_disclosed",
            "issued_on": "2024-01-08",
            "details": {
                "disclosed_items": [
                    "立项批复（郯发改投资〔2023〕15号）",
                    "工程概算表（删除报价部分）",
                ],
                "withheld": "工程概算表中涉及投标单位报价的部分属于商业秘密",
                "withheld_grounds": ["withheld.third_party_rights"],
            },
        },
    ),
    (
        "reply 答复书（已主动公开）",
        "reply",
        {
            "decision": "already_public",
            "details": {
                "public_route": {
                    "where": "郯城县人民政府网站“政府信息公开”专栏",
                    "published_on": "2023-05-06",
                }
            },
        },
    ),
    (
        "reply 答复书（不予公开，2024：复议前置）",
        "reply",
        {"decision": "withheld.third_party_rights", "issued_on": "2024-01-08"},
    ),
    (
        "termination_notice 终止办理告知书",
        "termination_notice",
        {"decision": "other.no_correction"},
    ),
    ("delivery_receipt 送达回证", "delivery_receipt", {}),
]

PER_SHEET = 8  # pages per sheet: two rows of four
COLUMNS = 4
LABEL_HEIGHT = 28
GAP = 12


def page_images(pdf: bytes, dpi: int, workdir: Path, stem: str) -> list[Image.Image]:
    path = workdir / f"{stem}.pdf"
    path.write_bytes(pdf)
    subprocess.run(  # noqa: S603
        ["pdftoppm", "-r", str(dpi), "-png", str(path), str(workdir / stem)],  # noqa: S607
        check=True,
    )
    return [Image.open(p).convert("RGB") for p in sorted(workdir.glob(f"{stem}-*.png"))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dpi", type=int, default=50)
    parser.add_argument("--out", type=Path, default=REPO / "docs")
    args = parser.parse_args(argv)
    font = ImageFont.truetype(str(DEFAULT_FONT_FILES["heading"]), 13)

    tiles: list[tuple[str, Image.Image]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for index, (label, kind, overrides) in enumerate(LETTERS):
            ctx = context(**overrides)
            document = KINDS[kind].document(ctx, number="郯政办公开〔2023〕12号", draft=False)
            pdf = render_letter(document)
            pages = page_images(pdf, args.dpi, Path(tmp), f"l{index:02d}")
            for number, image in enumerate(pages, start=1):
                suffix = f" · {number}/{len(pages)}" if len(pages) > 1 else ""
                tiles.append((label + suffix, image))

    args.out.mkdir(parents=True, exist_ok=True)
    width, height = tiles[0][1].size
    for sheet_index in range(0, len(tiles), PER_SHEET):
        chunk = tiles[sheet_index : sheet_index + PER_SHEET]
        rows = (len(chunk) + COLUMNS - 1) // COLUMNS
        sheet = Image.new(
            "RGB",
            (COLUMNS * (width + GAP) + GAP, rows * (height + LABEL_HEIGHT + GAP) + GAP),
            (236, 236, 236),
        )
        draw = ImageDraw.Draw(sheet)
        for position, (label, image) in enumerate(chunk):
            x = GAP + (position % COLUMNS) * (width + GAP)
            y = GAP + (position // COLUMNS) * (height + LABEL_HEIGHT + GAP)
            draw.text((x, y + 4), label, fill=(40, 40, 40), font=font)
            sheet.paste(image, (x, y + LABEL_HEIGHT))
        name = args.out / f"letters-{sheet_index // PER_SHEET + 1}.png"
        sheet.quantize(colors=48, method=Image.Quantize.MEDIANCUT).save(name, optimize=True)
        print(f"{name}: {name.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
