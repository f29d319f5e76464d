"""Where user text meets template text: punctuation, quotes and numbered items (GB/T 15834).

Pure string functions, used by :mod:`letters.kinds` to build sentences and by
:mod:`letters.layout` (:func:`tidy`) as a last pass over every paragraph:

- :func:`clause` trims the sentence punctuation a user ended a value with, so that
  ``申请获取“{description}”。`` never prints “…。”。 and ``因{reason}，`` never prints 。，;
- :func:`items` reads a multi-line field (or a list) as items, dropping the numbering the user
  typed, and :func:`listing` prints them the one way every letter does: a single item inline,
  several as numbered paragraphs ``1.…；`` … ``n.…。``;
- :func:`tidy` collapses doubled punctuation, drops a mark before a closing quote or bracket that
  another mark follows, turns straight double quotes into “”, and nests quotes (quotes inside
  “” become ‘’, and inside those “” again).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rules.text import normalize_line, normalize_text

# Marks that end or divide a sentence; a user's value loses them where a template goes on.
_TRAILING = "。．.；;，,、：: \u3000"
# Of two such marks in a row, only one stays (the template's, which comes second).
_PAUSES = "。；，、："
_DOUBLED = re.compile(f"[{_PAUSES}]+(?=[{_PAUSES}])")
_QUESTION_THEN_STOP = re.compile(r"([？！])[。；，]")
_MARK_BEFORE_CLOSE = re.compile(f"[{_PAUSES}]+(?=[”’」』）》〕】]+[{_PAUSES}？！])")
_QUOTED_QUESTION = re.compile(r"([？！][”’」』]+)。")

# Numbering a user typed at the start of a line: 1. 1、 1) （1） (一) 一、 ① ⑴ ⒈ - • ·
_ENUMERATOR = re.compile(
    r"^\s*(?:"
    r"[（(]\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[)）]"
    r"|(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*(?:[、:：)）]|[.．](?!\d))"
    r"|[\u2460-\u2473\u2474-\u2487\u2488-\u249b]"
    r"|[-•·*▪●○◆■□]"
    r")\s*"
)


def clause(text: str) -> str:
    """``text`` to be continued by a template: on one line, without trailing , 。 ； ： 、
    (a ？ or ！ of the user's stays). Several lines are joined with ；."""
    lines = [normalize_line(line) for line in normalize_text(text or "").split("\n")]
    joined = "；".join(line.strip().rstrip(_TRAILING) for line in lines if line.strip())
    return joined.rstrip(_TRAILING)


def sentence(text: str) -> str:
    """``text`` ending with exactly one 。 (or the user's own ？ ！ or closing quote)."""
    text = clause(text)
    if not text:
        return ""
    return text if text[-1] in "？！?!”’）)" else text + "。"


def items(value: str | Iterable[str] | None) -> list[str]:
    """The items of a multi-line field or a list: one per non-empty line, the user's own
    numbering and trailing punctuation removed."""
    if value is None:
        return []
    lines = normalize_text(value).split("\n") if isinstance(value, str) else list(value)
    result = []
    for line in lines:
        for part in normalize_text(str(line)).split("\n"):
            part = clause(_ENUMERATOR.sub("", part, count=1))
            if part:
                result.append(part)
    return result


def numbered(entries: list[str], *, end: str = "。") -> list[str]:
    """``1.甲；`` ``2.乙；`` … ``n.…。``: one paragraph per item (GB/T 9704 7.3.3 numbering)."""
    last = len(entries)
    return [
        f"{index}.{entry}{end if index == last else '；'}"
        for index, entry in enumerate(entries, start=1)
    ]


def listing(lead: str, value, *, end: str = "。", inline_lead: str | None = None) -> list[str]:
    """``lead`` (ending with ：) followed by the items of ``value``: one item inline
    (``lead`` + item + ``end``), several as numbered paragraphs after ``lead``.

    ``inline_lead`` replaces ``lead`` for the one-item form when the wording differs.
    """
    entries = items(value)
    if len(entries) <= 1:
        item = entries[0] if entries else ""
        return [f"{inline_lead if inline_lead is not None else lead}{item}{end}"]
    return [lead, *numbered(entries, end=end)]


def tidy(paragraph: str) -> str:
    """Punctuation where texts meet, and quotes nested as GB/T 15834 4.1.3 requires."""
    text = _nest_quotes(_straight_quotes(paragraph))
    while True:  # each pass may bring two marks together: repeat until nothing changes
        tidied = _QUOTED_QUESTION.sub(r"\1", text)
        tidied = _MARK_BEFORE_CLOSE.sub("", tidied)
        tidied = _DOUBLED.sub("", tidied)
        tidied = _QUESTION_THEN_STOP.sub(r"\1", tidied)
        if tidied == text:
            return text
        text = tidied


def _straight_quotes(text: str) -> str:
    """Pairs of ASCII double quotes in Chinese text become “ ”; an odd one is left alone."""
    if '"' not in text or text.count('"') % 2:
        return text
    parts = text.split('"')
    return "".join(
        part + ("" if index == len(parts) - 1 else "“" if index % 2 == 0 else "”")
        for index, part in enumerate(parts)
    )


_OPEN = {"“": "”", "‘": "’"}
_SWAP = {"“": "‘", "‘": "“"}


def _nest_quotes(text: str) -> str:
    """Alternate double and single quotes by depth: “…‘…“…”…’…”. An apostrophe or a quote
    closing nothing is left as it is."""
    out: list[str] = []
    stack: list[str] = []  # the opening marks as printed
    for char in text:
        if char in _OPEN:
            mark = _SWAP[stack[-1]] if stack else char
            stack.append(mark)
            out.append(mark)
        elif char in "”’" and stack and (char == "”" or stack[-1] == "‘"):
            out.append(_OPEN[stack.pop()])
        else:
            out.append(char)
    return "".join(out)
