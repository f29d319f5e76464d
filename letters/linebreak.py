"""Chinese line breaking (禁则) for letters.

Text is cut into clusters that must stay on one line:

- a closing mark (，。、；：？！）》」』”’… and the like) sticks to what precedes it, so no line
  starts with one (行首禁则);
- an opening mark (（《「『“‘〔 and the like) sticks to what follows it, so no line ends with
  one (行尾禁则);
- a run of Latin letters and digits (a date's year, an EMS number, a phone number) is one
  cluster;
- a document number (文号: 机关代字〔年份〕序号号, e.g. 郯政办依申〔2023〕12号) is one cluster,
  its issuing-agency code (up to six characters before the 〔) included;
- a URL breaks only after a ``/`` or before a ``?``, ``&`` or ``#``, never inside a segment;
- a doubled dash ―― or ellipsis …… is never split.

Between clusters a line may break anywhere, as Chinese allows between any two characters. Lines
are filled greedily; when a cluster does not fit, it moves whole to the next line (the previous
line then ends short; the layout justifies it only when that needs no visible letter-spacing).
Only a cluster wider than a whole line is split, character by character.

Widths are measured with reportlab's ``stringWidth`` plus ``char_space`` per character, which is
how the layout sets Chinese on a fixed character grid. ``font`` is a registered font name or a
:class:`letters.fonts.FontChain` (a font and its fallbacks for rare characters).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from reportlab.pdfbase.pdfmetrics import stringWidth

from letters.fonts import FontChain

Font = str | FontChain

# Characters that must not begin a line.
NO_LINE_START = frozenset(
    "，。、；：？！）》」』”’〕】〗〙〛〉｝］〞〟…‥·・～％‰℃°′″"  # full-width and CJK marks
    ",.;:?!)]}%"  # their half-width forms
    "々〻ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"  # iteration mark, small kana
)

# Characters that must not end a line.
NO_LINE_END = frozenset("（《「『“‘〔【〖〘〚〈｛［〝([{￥¥$＄£€№#＃")

# Marks written doubled (破折号 ——, 省略号 ……) whose halves never part.
_DOUBLED_MARKS = frozenset("—…―")

_WORD_CHAR = r"0-9A-Za-z\u00C0-\u024F\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A"
_URL_CHAR = r"A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%"
_TOKEN = re.compile(
    # A URL, without trailing sentence punctuation.
    rf"(?:https?://|www\.)[{_URL_CHAR}]*[A-Za-z0-9/_\-=#~%]"
    # A document number, with its agency code when that is set off from the text before it
    # (by punctuation, a space or the start): （编号：郯政办依申〔2023〕12号）.
    r"|(?:(?<![\u3400-\u4DBF\u4E00-\u9FFF])[\u3400-\u4DBF\u4E00-\u9FFF]{1,6})?"
    r"〔[0-9]{4}〕[0-9]+号"
    rf"|[{_WORD_CHAR}]+(?:[.,:/\\\-_@&+'=?~][{_WORD_CHAR}]+)*"  # word, number, code
    r"|[ \t]+"  # spaces (break opportunities, dropped at line ends)
    r"|.",  # any other single character
    re.DOTALL,
)
_URL_START = re.compile(r"https?://|www\.")
# Where a URL may break: after a slash (not those of "://"), or before ? & #.
_URL_BREAK = re.compile(r"(?<=[^:/]/)(?=[^/])|(?=[?&#])")

_WORD_CHAR_RE = re.compile(rf"[{_WORD_CHAR}]")

# Tolerance for floating-point widths, in points.
_EPSILON = 0.01


def text_width(text: str, font: Font, font_size: float, char_space: float = 0.0) -> float:
    """Advance width of ``text`` with ``char_space`` added after every character."""
    if isinstance(font, FontChain):
        return font.width(text, font_size, char_space)
    return stringWidth(text, font, font_size) + char_space * len(text)


def is_word_char(char: str) -> bool:
    """True for Latin letters and digits, which are set tight (never spread when justifying)."""
    return _WORD_CHAR_RE.match(char) is not None


def clusters(text: str) -> list[str]:
    """Cut ``text`` into the pieces that a line break may not split (see the module doc)."""
    result: list[str] = []
    tokens: list[tuple[str, bool]] = []  # (token, continues a URL)
    for token in _TOKEN.findall(text):
        if _URL_START.match(token):
            parts = [part for part in _URL_BREAK.split(token) if part]
            tokens += [(part, index > 0) for index, part in enumerate(parts)]
        else:
            tokens.append((token, False))
    for token, url_part in tokens:
        if url_part:
            result.append(token)  # "?a=1" may start a line: it is no punctuation here
        elif not result:
            result.append(token)
        elif token[0] in NO_LINE_START and result[-1].isspace() and len(result) > 1:
            # "abc ，" - keep the stray space and the mark with the preceding text.
            space = result.pop()
            result[-1] += space + token
        elif _joins_previous(result[-1], token):
            result[-1] += token
        else:
            result.append(token)
    return result


def _joins_previous(previous: str, token: str) -> bool:
    if token.isspace() or previous.isspace():
        return False
    if token[0] in NO_LINE_START or previous[-1] in NO_LINE_END:
        return True
    return token[0] in _DOUBLED_MARKS and previous[-1] == token[0]


def break_lines(
    text: str,
    width: float,
    font_name: Font,
    font_size: float,
    *,
    char_space: float = 0.0,
    first_line_width: float | None = None,
) -> list[str]:
    """Split ``text`` into lines no wider than ``width`` points, obeying the 禁则 rules.

    ``first_line_width`` narrows the first line (for a paragraph indent). A newline in ``text``
    forces a break. Spaces at the start and end of a line are dropped. Always returns at least
    one line (possibly empty).
    """

    def measure(piece: str) -> float:
        return text_width(piece, font_name, font_size, char_space)

    lines: list[str] = []
    available = width if first_line_width is None else first_line_width
    for part in text.split("\n"):
        lines.extend(_break_part(part, available, width, measure))
        available = width
    return lines


def _break_part(
    text: str, first_width: float, width: float, measure: Callable[[str], float]
) -> list[str]:
    lines: list[str] = []
    current = ""
    current_width = 0.0
    available = first_width

    def flush() -> None:
        nonlocal current, current_width, available
        lines.append(current.rstrip(" \t"))
        current, current_width, available = "", 0.0, width

    for cluster in clusters(text):
        if cluster.isspace() and not current:
            continue
        cluster_width = measure(cluster)
        if current_width + cluster_width <= available + _EPSILON:
            current += cluster
            current_width += cluster_width
        elif cluster.isspace():
            flush()
        elif current and cluster_width <= width + _EPSILON:
            flush()
            current, current_width = cluster, cluster_width
        else:
            # Wider than the room left on an empty line, or than any line: split it here.
            for char in cluster:
                char_width = measure(char)
                if current and current_width + char_width > available + _EPSILON:
                    # Carry characters down until the break is allowed (or one is left).
                    carried = ""
                    while len(current) > 1 and (
                        current[-1] in NO_LINE_END or (carried or char)[0] in NO_LINE_START
                    ):
                        current, carried = current[:-1], current[-1] + carried
                    flush()
                    current = carried
                    current_width = measure(carried)
                current += char
                current_width += char_width
    if current or not lines:
        lines.append(current.rstrip(" \t"))
    return lines


def break_balanced(
    text: str,
    width: float,
    font_name: Font,
    font_size: float,
    *,
    char_space: float = 0.0,
) -> list[str]:
    """Like :func:`break_lines`, but with lines of similar length (for centred titles).

    Finds the narrowest width that needs no more lines than ``width`` does, so a two-line title
    is split near its middle instead of leaving a short second line.
    """
    lines = break_lines(text, width, font_name, font_size, char_space=char_space)
    if len(lines) < 2:
        return lines
    low, high = width / len(lines) * 0.9, width
    for _ in range(16):
        middle = (low + high) / 2
        trial = break_lines(text, middle, font_name, font_size, char_space=char_space)
        if len(trial) <= len(lines):
            high, lines = middle, trial
        else:
            low = middle
    return lines
