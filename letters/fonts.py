"""Fonts for statutory letters, registered with reportlab by role.

Roles (GB/T 9704 names the faces; the shipped open fonts stand in for them):

- ``body``: 仿宋 (default: Noto Serif SC Regular)
- ``title``: 小标宋 (default: Noto Serif SC Bold)
- ``heading``: 黑体 (default: Noto Sans SC Medium)
- ``kai``: 楷体 (no open face is shipped; falls back to the body font)

The shipped files live in ``letters/fonts/`` (SIL OFL 1.1, built by ``scripts/build_fonts.py``).
An office that owns licensed fonts can point roles at their TrueType files (the Django setting
``LETTER_FONTS`` is passed here as ``overrides``). reportlab embeds a subset of each font in every
PDF, so a letter looks the same in every viewer.

Rare characters: no Noto CJK face covers CJK Extension B and beyond (王𠮷, 王𠀀), so every role
falls back, character by character, to the fonts of ``fallbacks``: an optional office font
(``LETTER_FONTS`` role ``fallback``), then the shipped ``SIPMing-Regular.ttf`` (Extensions B–F,
from Hanazono Mincho B). reportlab itself has no per-glyph fallback (a character its font lacks
is drawn as an empty box), so :func:`runs` splits text into runs by font and the layout draws
each run in its own font. :func:`missing_glyphs` reports what no font can draw; issuing refuses
such a letter.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"

ROLES = ("body", "title", "heading", "kai")
# An extra LETTER_FONTS key: a font tried before the shipped fallback, for every role.
FALLBACK_ROLE = "fallback"

DEFAULT_FONT_FILES: dict[str, Path] = {
    "body": FONT_DIR / "NotoSerifSC-Regular.ttf",
    "title": FONT_DIR / "NotoSerifSC-Bold.ttf",
    "heading": FONT_DIR / "NotoSansSC-Medium.ttf",
}

# Tried in order for a character the role's own font lacks.
DEFAULT_FALLBACK_FILES: tuple[Path, ...] = (FONT_DIR / "SIPMing-Regular.ttf",)

# A role without a font file of its own uses the font of another role.
FALLBACK_ROLES = {"kai": "body"}

# Characters that are never drawn, so need no glyph.
_NOT_DRAWN = frozenset("\n\r\t\u200b\u200c\u200d\ufeff")


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with characters beyond U+FFFF written as UTF-16 surrogate
    pairs as the PDF specification requires. reportlab writes them as five hex digits, which
    viewers reject, so 𠮷 could not be copied or searched in a letter."""
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{code:02X}> <{chr(cp).encode('utf-16-be').hex().upper()}>"
          for code, cp in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


# Only the text encoding of code points beyond the BMP changes; BMP entries are identical.
ttfonts.makeToUnicodeCMap = _to_unicode_cmap


class FontError(ValueError):
    """A font file is missing, unreadable or not TrueType."""


@dataclass(frozen=True)
class FontSet:
    """reportlab font names for each role, as returned by :func:`register_fonts`, and the
    fallback fonts tried for characters a role's font lacks."""

    body: str
    title: str
    heading: str
    kai: str
    fallbacks: tuple[str, ...] = ()

    def for_role(self, role: str) -> str:
        if role not in ROLES:
            raise KeyError(f"unknown font role {role!r}; expected one of {', '.join(ROLES)}")
        return getattr(self, role)

    def chain(self, role_or_name: str) -> FontChain:
        """The font of a role (or a registered font name) followed by the fallbacks."""
        primary = self.for_role(role_or_name) if role_or_name in ROLES else role_or_name
        return FontChain((primary, *(f for f in self.fallbacks if f != primary)))


@dataclass(frozen=True)
class FontChain:
    """A primary font and its fallbacks, tried character by character."""

    names: tuple[str, ...]

    @property
    def primary(self) -> str:
        return self.names[0]

    def font_for(self, char: str) -> str | None:
        """The first font of the chain that has a glyph for ``char``; None if none has."""
        if char in _NOT_DRAWN:
            return self.primary
        for name in self.names:
            if _has_glyph(name, char):
                return name
        return None

    def runs(self, text: str) -> list[tuple[str, str]]:
        """``text`` as (font name, characters) runs. A character no font has stays in the
        primary font (it prints as a box: only drafts may do that)."""
        result: list[tuple[str, str]] = []
        for char in text:
            name = self.font_for(char) or self.primary
            if result and result[-1][0] == name:
                result[-1] = (name, result[-1][1] + char)
            else:
                result.append((name, char))
        return result

    def width(self, text: str, size: float, char_space: float = 0.0) -> float:
        """Advance width of ``text``, each run in its font, plus ``char_space`` per character."""
        if len(self.names) == 1 or _all_in(self.primary, text):
            return pdfmetrics.stringWidth(text, self.primary, size) + char_space * len(text)
        total = sum(pdfmetrics.stringWidth(run, name, size) for name, run in self.runs(text))
        return total + char_space * len(text)

    def missing(self, text: str) -> list[str]:
        """Characters of ``text`` that no font of the chain can draw, once each, in order."""
        missing: list[str] = []
        for char in dict.fromkeys(text):
            if self.font_for(char) is None:
                missing.append(char)
        return missing


def _cmap(name: str) -> dict[int, int]:
    return pdfmetrics.getFont(name).face.charToGlyph


def _has_glyph(name: str, char: str) -> bool:
    return bool(_cmap(name).get(ord(char)))


def _all_in(name: str, text: str) -> bool:
    cmap = _cmap(name)
    return all(cmap.get(ord(char)) or char in _NOT_DRAWN for char in text)


_lock = threading.Lock()
_names_by_path: dict[Path, str] = {}
_font_sets: dict[tuple, FontSet] = {}


def register_fonts(overrides: Mapping[str, str | Path] | None = None) -> FontSet:
    """Register the letter fonts with reportlab and return their names by role.

    ``overrides`` maps roles to TrueType (.ttf, or .ttc for its first face) files that replace
    the shipped fonts, e.g. ``{"body": "/srv/fonts/simfang.ttf"}``; the key ``fallback`` names a
    font tried, for every role, before the shipped fallback. Calling again with the same
    arguments is cheap and returns the same names; each file is loaded once per process.
    """
    overrides = dict(overrides or {})
    unknown = sorted(set(overrides) - set(ROLES) - {FALLBACK_ROLE})
    if unknown:
        raise FontError(
            f"unknown font role(s) {', '.join(unknown)}; expected {', '.join(ROLES)} "
            f"or {FALLBACK_ROLE}"
        )

    files: dict[str, Path] = {}
    for role in ROLES:
        if overrides.get(role):
            files[role] = Path(overrides[role]).expanduser().resolve()
        elif role in DEFAULT_FONT_FILES:
            files[role] = DEFAULT_FONT_FILES[role]
    for role, fallback in FALLBACK_ROLES.items():
        files.setdefault(role, files[fallback])
    fallback_files = list(DEFAULT_FALLBACK_FILES)
    if overrides.get(FALLBACK_ROLE):
        fallback_files.insert(0, Path(overrides[FALLBACK_ROLE]).expanduser().resolve())

    key = (tuple(sorted(files.items())), tuple(fallback_files))
    with _lock:
        cached = _font_sets.get(key)
        if cached is not None:
            return cached
        names = {role: _register_file(role, path) for role, path in files.items()}
        fallbacks = tuple(_register_file(FALLBACK_ROLE, path) for path in fallback_files)
        font_set = FontSet(**names, fallbacks=fallbacks)
        _font_sets[key] = font_set
        return font_set


def _register_file(role: str, path: Path) -> str:
    """Register one file (once per process) and return its reportlab name. Caller holds _lock."""
    name = _names_by_path.get(path)
    if name is not None:
        return name
    if not path.is_file():
        raise FontError(f"font file for role {role!r} not found: {path}")
    digest = hashlib.sha1(str(path).encode(), usedforsecurity=False).hexdigest()[:8]
    name = f"Letter-{path.stem}-{digest}"
    try:
        font = TTFont(name, str(path))
    except (TTFError, OSError) as exc:
        raise FontError(
            f"font file for role {role!r} cannot be used ({exc}); reportlab needs TrueType "
            f"outlines, convert CFF/OpenType fonts first (see scripts/build_fonts.py): {path}"
        ) from exc
    pdfmetrics.registerFont(font)
    _names_by_path[path] = name
    return name


def missing_glyphs(
    text: str, role: str = "body", fonts: FontSet | None = None, *, fallback: bool = True
) -> list[str]:
    """Characters of ``text`` that no font of ``role``'s chain can draw (only the role's own
    font with ``fallback=False``), once each, in text order.

    An empty list means the text renders without blank boxes.
    """
    font_set = fonts or register_fonts()
    chain = font_set.chain(role)
    if not fallback:
        chain = FontChain(chain.names[:1])
    return chain.missing(text)


def markup(text: str, role: str = "body", fonts: FontSet | None = None) -> str:
    """``text`` escaped for a reportlab ``Paragraph``, with ``<font>`` tags around the runs
    that need a fallback font; a character no font has is named (``[U+20000]``), never a box."""
    font_set = fonts or register_fonts()
    chain = font_set.chain(role)
    parts = []
    for name, run in chain.runs(text):
        safe = "".join(
            c if chain.font_for(c) else f"[U+{ord(c):04X}]" for c in run
        )
        safe = escape(safe)
        parts.append(safe if name == chain.primary else f'<font name="{name}">{safe}</font>')
    return "".join(parts)


def describe_characters(chars: Iterable[str]) -> str:
    """Human-readable list of characters for error messages: ``𠮷 (U+20BB7), 😀 (U+1F600)``."""
    return ", ".join(f"{char} (U+{ord(char):04X})" for char in chars)
