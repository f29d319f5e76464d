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

reportlab has no per-glyph fallback: a character the font lacks is drawn as an empty box. Use
:func:`missing_glyphs` before issuing and refuse to issue when it reports anything.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"

ROLES = ("body", "title", "heading", "kai")

DEFAULT_FONT_FILES: dict[str, Path] = {
    "body": FONT_DIR / "NotoSerifSC-Regular.ttf",
    "title": FONT_DIR / "NotoSerifSC-Bold.ttf",
    "heading": FONT_DIR / "NotoSansSC-Medium.ttf",
}

# A role without a font file of its own uses the font of another role.
FALLBACK_ROLES = {"kai": "body"}

# Characters that are never drawn, so need no glyph.
_NOT_DRAWN = frozenset("\n\r\t\u200b\u200c\u200d\ufeff")


class FontError(ValueError):
    """A font file is missing, unreadable or not TrueType."""


@dataclass(frozen=True)
class FontSet:
    """reportlab font names for each role, as returned by :func:`register_fonts`."""

    body: str
    title: str
    heading: str
    kai: str

    def for_role(self, role: str) -> str:
        if role not in ROLES:
            raise KeyError(f"unknown font role {role!r}; expected one of {', '.join(ROLES)}")
        return getattr(self, role)


_lock = threading.Lock()
_names_by_path: dict[Path, str] = {}
_font_sets: dict[tuple[tuple[str, Path], ...], FontSet] = {}


def register_fonts(overrides: Mapping[str, str | Path] | None = None) -> FontSet:
    """Register the letter fonts with reportlab and return their names by role.

    ``overrides`` maps roles to TrueType (.ttf, or .ttc for its first face) files that replace
    the shipped fonts, e.g. ``{"body": "/srv/fonts/simfang.ttf"}``. Calling again with the same
    arguments is cheap and returns the same names; each file is loaded once per process.
    """
    overrides = dict(overrides or {})
    unknown = sorted(set(overrides) - set(ROLES))
    if unknown:
        raise FontError(f"unknown font role(s) {', '.join(unknown)}; expected {', '.join(ROLES)}")

    files: dict[str, Path] = {}
    for role in ROLES:
        if overrides.get(role):
            files[role] = Path(overrides[role]).expanduser().resolve()
        elif role in DEFAULT_FONT_FILES:
            files[role] = DEFAULT_FONT_FILES[role]
    for role, fallback in FALLBACK_ROLES.items():
        files.setdefault(role, files[fallback])

    key = tuple(sorted(files.items()))
    with _lock:
        cached = _font_sets.get(key)
        if cached is not None:
            return cached
        names = {role: _register_file(role, path) for role, path in files.items()}
        font_set = FontSet(**names)
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


def missing_glyphs(text: str, role: str = "body", fonts: FontSet | None = None) -> list[str]:
    """Characters of ``text`` that the font of ``role`` cannot draw, once each, in text order.

    An empty list means the text renders without blank boxes.
    """
    font_set = fonts or register_fonts()
    font = pdfmetrics.getFont(font_set.for_role(role))
    char_to_glyph = font.face.charToGlyph
    missing: list[str] = []
    seen: set[str] = set()
    for char in text:
        if char in seen or char in _NOT_DRAWN:
            continue
        seen.add(char)
        if not char_to_glyph.get(ord(char)):
            missing.append(char)
    return missing


def describe_characters(chars: Iterable[str]) -> str:
    """Human-readable list of characters for error messages: ``𠮷 (U+20BB7), 😀 (U+1F600)``."""
    return ", ".join(f"{char} (U+{ord(char):04X})" for char in chars)
