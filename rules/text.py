"""Text as it is stored: line breaks as ``\\n`` and no other control characters (api.md, Wave 2).

Browsers send CRLF from every ``<textarea>``; pasted text brings tabs, form feeds, zero-width
spaces, byte-order marks and bidirectional overrides. None of these belongs in a record or a
letter (a stray ``\\r`` prints as a missing-glyph box, and an issued letter is frozen). One
function, :func:`normalize_text`, is applied at the boundary (forms and serializers) and again
by the letters before they print; it is idempotent, so applying it twice is harmless.
"""

from __future__ import annotations

import re
import unicodedata

# Every way of ending a line: CRLF, CR, NEL, vertical tab, form feed, and the Unicode line and
# paragraph separators.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")

# Removed outright: C0/C1 controls other than \n and \t, DEL, and the invisible format
# characters (zero-width space and joiners, BOM, soft hyphen, bidi embeddings and isolates).
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf"})


def normalize_text(value: str) -> str:
    """Line breaks as ``\\n``; tabs as one space; no other control or format characters.

    Nothing else changes: spaces, punctuation and line structure are the author's. Lone
    surrogates (JSON can carry them as escapes) are left for validation to refuse; letters
    drop them with :func:`printable_text`.
    """
    if not value:
        return value
    value = _LINE_BREAKS.sub("\n", value)
    if value.isprintable():
        return value  # the common case, without a character-by-character pass
    out = []
    for char in value:
        if char == "\n":
            out.append(char)
        elif char == "\t":
            out.append(" ")
        elif unicodedata.category(char) not in _DROPPED_CATEGORIES:
            out.append(char)
    return "".join(out)


# Blank "letters" that print nothing: Hangul fillers, the braille blank, the combining grapheme
# joiner, the Mongolian vowel separator.
_BLANK_LETTERS = frozenset("\u034f\u115f\u1160\u180e\u2800\u3164\uffa0")
# Not private-use or unassigned code points: rare characters of newer Unicode versions and
# legacy private-use mappings of 生僻字 are real names.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def invisible_characters(value: str) -> list[str]:
    """The characters of ``value`` a reader cannot see (each once, in order): format characters
    (zero-width space and joiners, BOM, bidi controls, U+2060), controls, line separators,
    lone surrogates, and blank fillers. A name or an identifier
    with one of these looks like another one, so forms and serializers refuse them there
    (infra.forms); tabs and line breaks are left to :func:`normalize_line`."""
    if value.isprintable() and _BLANK_LETTERS.isdisjoint(value):
        return []
    found: list[str] = []
    for char in value:
        if char in "\t\n\r" or char in found:
            continue
        if char in _BLANK_LETTERS or unicodedata.category(char) in _INVISIBLE_CATEGORIES:
            found.append(char)
    return found


def printable_text(value: str) -> str:
    """:func:`normalize_text`, and no lone surrogates either (for text about to be printed)."""
    value = normalize_text(value)
    if value and not value.isprintable():
        value = "".join(c for c in value if unicodedata.category(c) != "Cs")
    return value


def normalize_line(value: str) -> str:
    """:func:`printable_text` for a one-line value (a name, a number): line breaks become one
    space, and runs of spaces collapse."""
    value = printable_text(value)
    if "\n" in value or "  " in value:
        value = re.sub(r"[ \n]+", " ", value).strip()
    return value


def normalize_data(data):
    """:func:`normalize_text` applied to every string inside ``data`` (dicts, lists, tuples);
    other values (numbers, dates, uploaded files) pass through unchanged."""
    if isinstance(data, str):
        return normalize_text(data)
    if isinstance(data, dict):
        return {key: normalize_data(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return type(data)(normalize_data(value) for value in data)
    return data


# A spreadsheet reads a cell that starts with one of these as a formula (or, for tab and
# carriage return, skips to one): =HYPERLINK(...) in an agency name would become a live link.
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """``value`` for a spreadsheet cell (XLSX or CSV): text that a spreadsheet would run as a
    formula gets a leading apostrophe, so it shows as the text it is (OWASP's CSV injection
    advice). Numbers and other values pass through; every export writes through this."""
    if isinstance(value, str) and value.startswith(_FORMULA_TRIGGERS):
        return "'" + value
    return value
