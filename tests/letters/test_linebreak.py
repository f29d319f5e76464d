"""Chinese line breaking (禁则) with the shipped body font (no database)."""

from __future__ import annotations

import pytest

from letters.fonts import register_fonts
from letters.linebreak import (
    NO_LINE_END,
    NO_LINE_START,
    break_balanced,
    break_lines,
    clusters,
    text_width,
)

SIZE = 16.0


@pytest.fixture(scope="module")
def font() -> str:
    return register_fonts().body


def chars(n: int) -> float:
    """Width of ``n`` full-width characters."""
    return n * SIZE


def check_rules(lines: list[str]) -> None:
    for line in lines:
        if line:
            assert line[0] not in NO_LINE_START, lines
            assert line[-1] not in NO_LINE_END, lines


def test_plain_chinese_fills_each_line(font: str) -> None:
    assert break_lines("一二三四五六七八九十" * 2, chars(10), font, SIZE) == [
        "一二三四五六七八九十",
        "一二三四五六七八九十",
    ]


def test_closing_mark_pulls_the_previous_character_down(font: str) -> None:
    lines = break_lines("一二三四五六七八九十，十一十二", chars(10), font, SIZE)
    assert lines == ["一二三四五六七八九", "十，十一十二"]


def test_several_closing_marks_stay_together(font: str) -> None:
    lines = break_lines("一二三四五六七八九十。”他说", chars(10), font, SIZE)
    assert lines == ["一二三四五六七八九", "十。”他说"]
    check_rules(lines)


def test_opening_mark_moves_to_the_next_line(font: str) -> None:
    lines = break_lines("一二三四五六七八九《条例》", chars(10), font, SIZE)
    assert lines == ["一二三四五六七八九", "《条例》"]


def test_opening_and_closing_marks_everywhere(font: str) -> None:
    text = (
        "根据《中华人民共和国政府信息公开条例》（国务院令第711号）第三十六条第（二）项的规定，"
        "“予以公开”。所需费用为0.5元/页，合计12.5%……〔2023〕12号文件——见附件「一」『二』。"
    ) * 3
    for width in range(4, 30):
        check_rules(break_lines(text, chars(width), font, SIZE))


def test_digit_runs_and_codes_are_not_split(font: str) -> None:
    text = "邮件号EMS1234567890CN已于2023年9月26日寄出"
    for width in range(12, 24):
        lines = break_lines(text, chars(width), font, SIZE)
        joined = "|".join(lines)
        assert "EMS1234567890CN" in joined
        assert "2023" in joined
        assert "".join(lines) == text


def test_date_may_break_between_year_and_month(font: str) -> None:
    width = text_width("收到申请的日期为2023年", font, SIZE)
    lines = break_lines("收到申请的日期为2023年9月26日", width, font, SIZE)
    assert lines == ["收到申请的日期为2023年", "9月26日"]


def test_ellipsis_and_dash_pairs_never_split(font: str) -> None:
    assert "……" in clusters("等等……")[-1]
    assert clusters("甲——乙") == ["甲", "——", "乙"]
    for width in range(4, 9):
        for line in break_lines("一二三四五六……七八——九十", chars(width), font, SIZE):
            assert not line.endswith("—") or line.endswith("——")
            assert not line.startswith("…")


def test_too_long_token_is_split_without_overflow(font: str) -> None:
    url = "https://www.tancheng.gov.cn/xxgk/ysqgk/2023/09/26/index.html"
    width = chars(10)
    lines = break_lines(f"网址：{url}。", width, font, SIZE)
    assert "".join(lines) == f"网址：{url}。"
    assert all(text_width(line, font, SIZE) <= width + 0.01 for line in lines)
    check_rules(lines)


def test_spaces_are_dropped_at_line_ends(font: str) -> None:
    width = max(text_width("Freedom of", font, SIZE), text_width("information", font, SIZE)) + 1
    lines = break_lines("Freedom of information act", width, font, SIZE)
    assert lines == ["Freedom of", "information", "act"]


def test_first_line_indent_and_newlines(font: str) -> None:
    lines = break_lines("一二三四五六七八\n九十", chars(6), font, SIZE, first_line_width=chars(4))
    assert lines == ["一二三四", "五六七八", "九十"]
    assert break_lines("", chars(6), font, SIZE) == [""]


def test_char_space_narrows_what_fits(font: str) -> None:
    width = chars(10)
    assert len(break_lines("一" * 10, width, font, SIZE, char_space=0.5)) == 2
    pitch = 156 / 28 * 72 / 25.4
    grid = break_lines("一" * 56, pitch * 28, font, SIZE, char_space=pitch - SIZE)
    assert [len(line) for line in grid] == [28, 28]


def test_balanced_title(font: str) -> None:
    title = "关于张三申请公开郯城县2023年度城乡建设用地增减挂钩项目相关信息的答复"
    lines = break_balanced(title, chars(20), font, SIZE)
    assert len(lines) == 2
    assert "".join(lines) == title
    assert abs(len(lines[0]) - len(lines[1])) <= 3
    assert break_balanced("短标题", chars(20), font, SIZE) == ["短标题"]


def test_random_realistic_text_obeys_the_rules(font: str) -> None:
    import random

    rng = random.Random(9704)
    words = [
        "政府",
        "信息",
        "公开",
        "申请",
        "答复",
        "2023",
        "EMS1234567890CN",
        "第三十六条",
        "12.5%",
    ]
    pairs = ["“”", "（）", "《》", "〔〕", "「」", "‘’"]
    for _ in range(200):
        pieces = []
        for _ in range(rng.randint(3, 30)):
            word = rng.choice(words)
            if rng.random() < 0.3:
                left, right = rng.choice(pairs)
                word = left + word + right
            if rng.random() < 0.3:
                word += rng.choice(["，", "。", "、", "；", "：", "？", "！", "……", "。”"])
            pieces.append(word)
        text = "".join(pieces)
        lines = break_lines(text, chars(rng.randint(8, 28)), font, SIZE)
        assert "".join(lines) == text
        check_rules(lines)
