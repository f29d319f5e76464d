"""Build the TrueType letter fonts shipped in ``letters/fonts/``.

reportlab only reads TrueType (``glyf``) outlines, while the good open Chinese fonts (Noto Serif
CJK / Noto Sans CJK, SIL OFL 1.1) are CFF-based OpenType collections. This script takes the
Simplified Chinese face out of each collection, subsets it to the characters a letter needs, and
converts the cubic CFF outlines to quadratic TrueType outlines with fontTools' cu2qu (the approach
of fontTools' ``Snippets/otf2ttf.py``).

Source: Debian's ``fonts-noto-cjk`` and ``fonts-noto-cjk-extra`` packages (Noto Serif CJK 2.001,
Noto Sans CJK 2.004). To rebuild (as root, nothing gets installed system-wide)::

    python scripts/build_fonts.py --download          # apt-get download + dpkg-deb -x into /tmp
    python scripts/build_fonts.py --source-dir DIR    # DIR holds the NotoSerifCJK-*.ttc files

Each font takes about half a minute; the output is written to ``letters/fonts/``.

The fallback for rare characters (CJK Extensions B–F, which no Noto CJK face covers) comes from
Debian's ``fonts-hanazono`` (HanaMinB 2017-09-04, GlyphWiki; SIL OFL 1.1 or the Hanazono Font
License). It is already TrueType: the script keeps only those blocks, drops the vertical metrics
and hinting, scales the outlines from 1024 to 256 units per em (a unit is then 0.02 mm at 16 pt,
far below what a printer resolves, and the file packs a quarter smaller), and renames the family,
since the OFL reserves the name "HanaMinB" for the unmodified font. ``--download`` fetches that
package too; with ``--source-dir`` put ``HanaMinB.ttf`` next to the Noto collections.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable
from fontTools.ttLib.scaleUpem import scale_upem

REPO = Path(__file__).resolve().parent.parent
OUTPUT_DIR = REPO / "letters" / "fonts"
DEBIAN_PACKAGES = ("fonts-noto-cjk", "fonts-noto-cjk-extra", "fonts-hanazono")

# Maximum distance (in font units, 1000 per em) between a cubic curve and its quadratic
# approximation. 1.0 is what otf2ttf uses and is invisible at letter sizes.
MAX_ERROR = 1.0


@dataclass(frozen=True)
class FontSpec:
    collection: str  # file name of the source .ttc
    family: str  # typographic family name of the face to take out of the collection
    output: str  # file name written to letters/fonts/


FONTS = (
    # Body text (仿宋 substitute).
    FontSpec("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC", "NotoSerifSC-Regular.ttf"),
    # Titles (小标宋 substitute).
    FontSpec("NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC", "NotoSerifSC-Bold.ttf"),
    # Headings (黑体 substitute).
    FontSpec("NotoSansCJK-Medium.ttc", "Noto Sans CJK SC", "NotoSansSC-Medium.ttf"),
)

# Code point ranges kept in the subset (inclusive).
UNICODE_RANGES = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement (×, ÷, °, §, ·)
    (0x0391, 0x03C9),  # Greek letters (α, β, Ω in units and formulas)
    (0x2000, 0x206F),  # general punctuation (“ ” ‘ ’ — … ‰ ※)
    (0x2100, 0x218F),  # letterlike symbols and number forms (℃, №, Ⅰ, Ⅱ)
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators (≤, ≥, √)
    (0x2460, 0x24FF),  # enclosed alphanumerics (①, ⑴, ⒈)
    (0x2500, 0x257F),  # box drawing
    (0x25A0, 0x25FF),  # geometric shapes (□, ■, ○, △) used in check boxes
    (0x2600, 0x26FF),  # miscellaneous symbols (★, ☆, ☑)
    (0x2700, 0x27BF),  # dingbats (✓, ✔)
    (0x3000, 0x303F),  # CJK symbols and punctuation (、。〈〉《》「」『』【】〔〕〖〗)
    (0x3200, 0x33FF),  # enclosed CJK letters and CJK compatibility (㈠, ㊣, ㎡, ㎏)
    (0x3400, 0x4DBF),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # halfwidth and fullwidth forms (，：；？！（）０-９)
)

# Characters common in personal names that a GB2312-only font would miss; checked after the build.
NAME_CHARACTERS = "喆堃昇犇淼玥珺琤曌燊赟镕祎頔"

# The fallback face: the supplementary ideographic plane as far as HanaMinB covers it.
FALLBACK_SOURCE = "HanaMinB.ttf"
FALLBACK_OUTPUT = "SIPMing-Regular.ttf"
FALLBACK_FAMILY = "SIP Ming"  # not "HanaMinB": a Reserved Font Name of the OFL original
FALLBACK_UNITS_PER_EM = 256
FALLBACK_RANGES = (
    (0x20000, 0x2A6DF),  # CJK Unified Ideographs Extension B
    (0x2A700, 0x2B73F),  # Extension C
    (0x2B740, 0x2B81F),  # Extension D
    (0x2B820, 0x2CEAF),  # Extension E
    (0x2CEB0, 0x2EBEF),  # Extension F (HanaMinB has no compatibility supplement, nor G)
)
# Checked after the build: the first of Extension B, 𠮷 (a 吉 variant found in names), one each
# of Extensions C, D, E and F.
FALLBACK_CHECK = "\U00020000\U00020BB7\U0002A700\U0002B740\U0002B820\U0002CEB0"
FALLBACK_COPYRIGHT = (
    "Copyright (c) 2011, GlyphWiki Project (kamichi@fonts.jp), with Reserved Font Name "
    "\"Hanazono Font\", \"HanaMinA\", \"HanaMinB\", \"花園フォント\", \"花園明朝A\", and "
    "\"花園明朝B\". Subset of HanaMinB 2017-09-04 (scripts/build_fonts.py)."
)
FALLBACK_LICENSE = (
    "This Font Software is licensed under the SIL Open Font License, Version 1.1, or, at your "
    "option, the Hanazono Font License (see LICENSE-Hanazono.txt)."
)


def find_face(collection_path: Path, family: str) -> TTFont:
    """Return the face whose typographic family name (name ID 16, else 1) is ``family``."""
    collection = TTCollection(str(collection_path))
    for face in collection.fonts:
        names = face["name"]
        if (names.getDebugName(16) or names.getDebugName(1)) == family:
            return face
    raise SystemExit(f"{family!r} not found in {collection_path}")


def subset_face(font: TTFont) -> None:
    """Keep only the wanted characters and drop what reportlab never reads."""
    options = subset.Options()
    options.layout_features = []  # reportlab does no OpenType shaping
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG"]
    options.hinting = False
    options.desubroutinize = True
    options.notdef_outline = True
    options.name_IDs = ["*"]  # keep the copyright and licence notices
    options.name_languages = ["*"]
    options.glyph_names = False
    unicodes = [cp for lo, hi in UNICODE_RANGES for cp in range(lo, hi + 1)]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)


def cff_to_truetype(font: TTFont) -> None:
    """Replace the CFF table with quadratic ``glyf`` outlines (after fontTools' otf2ttf)."""
    if "CFF " not in font:
        raise SystemExit("expected a CFF-based font")
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in glyph_order:
        tt_pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(tt_pen, MAX_ERROR, reverse_direction=True))
        glyphs[name] = tt_pen.glyph()

    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    del font["CFF "]
    glyf.compile(font)

    # Left side bearings must equal each glyph's xMin in a TrueType font.
    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():
        advance, _ = hmtx.metrics[name]
        hmtx.metrics[name] = (advance, getattr(glyph, "xMin", 0))

    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    maxp.maxTwilightPoints = 0
    maxp.maxStorage = 0
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxStackElements = 0
    maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = 0
    maxp.compile(font)

    post = font["post"]
    post.formatType = 3.0  # no glyph names: smaller, and reportlab maps through cmap
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = glyph_order

    head = font["head"]
    head.glyphDataFormat = 0
    head.indexToLocFormat = 1
    font.sfntVersion = "\x00\x01\x00\x00"


def mark_converted(font: TTFont) -> None:
    """Note the modification in the version string (OFL: modified versions say so)."""
    name = font["name"]
    version = name.getDebugName(5) or ""
    name.setName(
        f"{version}; subset + TrueType conversion (scripts/build_fonts.py)", 5, 3, 1, 0x409
    )


def build_one(spec: FontSpec, source_dir: Path, output_dir: Path) -> Path:
    started = time.monotonic()
    font = find_face(source_dir / spec.collection, spec.family)
    subset_face(font)
    cff_to_truetype(font)
    mark_converted(font)
    output = output_dir / spec.output
    font.recalcTimestamp = False  # keep the source's date: rebuilding gives the same bytes
    font.save(str(output), reorderTables=True)
    check(output)
    size_mb = output.stat().st_size / 1e6
    print(f"{output.name}: {size_mb:.1f} MB in {time.monotonic() - started:.0f} s", flush=True)
    return output


def check(path: Path) -> None:
    """The file loads in reportlab and covers the name characters."""
    from reportlab.pdfbase.ttfonts import TTFont as ReportlabTTFont

    face = ReportlabTTFont(f"check-{path.stem}", str(path))
    cmap = face.face.charToGlyph
    missing = [c for c in NAME_CHARACTERS + "〔〕，。“”" if ord(c) not in cmap]
    if missing:
        raise SystemExit(f"{path.name} lacks {''.join(missing)}")


def build_fallback(source_dir: Path, output_dir: Path) -> Path:
    """The rare-character fallback: HanaMinB reduced to the supplementary ideographs."""
    started = time.monotonic()
    font = TTFont(str(source_dir / FALLBACK_SOURCE))
    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG", "FFTM"]
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.glyph_names = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[cp for lo, hi in FALLBACK_RANGES for cp in range(lo, hi + 1)])
    subsetter.subset(font)
    scale_upem(font, FALLBACK_UNITS_PER_EM)
    rename(font, FALLBACK_FAMILY)
    output = output_dir / FALLBACK_OUTPUT
    font.recalcTimestamp = False
    font.save(str(output), reorderTables=True)
    check_fallback(output)
    size_mb = output.stat().st_size / 1e6
    print(f"{output.name}: {size_mb:.1f} MB in {time.monotonic() - started:.0f} s", flush=True)
    return output


def rename(font: TTFont, family: str) -> None:
    """A new family name (OFL: a modified version must not use the Reserved Font Names)."""
    name = font["name"]
    version = name.getDebugName(5) or ""
    postscript = family.replace(" ", "") + "-Regular"
    name.names = []  # drop every old record, Japanese ones included, that carries the old name
    for name_id, value in (
        (0, FALLBACK_COPYRIGHT),
        (1, family),
        (2, "Regular"),
        (3, f"{postscript};{version}"),
        (4, f"{family} Regular"),
        (5, f"{version}; subset of HanaMinB (scripts/build_fonts.py)"),
        (6, postscript),
        (13, FALLBACK_LICENSE),
        (14, "https://openfontlicense.org"),
    ):
        name.setName(value, name_id, 3, 1, 0x409)


def check_fallback(path: Path) -> None:
    from reportlab.pdfbase.ttfonts import TTFont as ReportlabTTFont

    face = ReportlabTTFont(f"check-{path.stem}", str(path))
    missing = [c for c in FALLBACK_CHECK if ord(c) not in face.face.charToGlyph]
    if missing:
        raise SystemExit(f"{path.name} lacks {', '.join(f'U+{ord(c):04X}' for c in missing)}")


def download(target: Path) -> Path:
    """Fetch the Debian packages and unpack them (no installation)."""
    subprocess.run(["apt-get", "download", *DEBIAN_PACKAGES], cwd=target, check=True)  # noqa: S603,S607
    for deb in sorted(target.glob("*.deb")):
        subprocess.run(["dpkg-deb", "-x", str(deb), str(target / "x")], check=True)  # noqa: S603,S607
    source = target / "x" / "usr" / "share" / "fonts" / "opentype" / "noto"
    hanazono = target / "x" / "usr" / "share" / "fonts" / "truetype" / "hanazono"
    (source / FALLBACK_SOURCE).symlink_to(hanazono / FALLBACK_SOURCE)
    return source


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--source-dir", type=Path, help="directory holding the Noto CJK .ttc files")
    source.add_argument("--download", action="store_true", help="fetch Debian's fonts-noto-cjk")
    parser.add_argument("--output-dir", type=Path, default=OUTPUT_DIR)
    parser.add_argument("--only", help="build only this output file name")
    args = parser.parse_args(argv)

    source_dir = args.source_dir
    if args.download:
        source_dir = download(Path(tempfile.mkdtemp(prefix="noto-cjk-")))
    args.output_dir.mkdir(parents=True, exist_ok=True)
    for spec in FONTS:
        if args.only and spec.output != args.only:
            continue
        build_one(spec, source_dir, args.output_dir)
    if not args.only or args.only == FALLBACK_OUTPUT:
        build_fallback(source_dir, args.output_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
