"""The one text normaliser (api.md: line breaks as \\n, no other control characters)."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from rules.text import normalize_data, normalize_line, normalize_text, printable_text


def test_every_line_break_becomes_one_newline():
    assert normalize_text("甲\r\n乙\r丙\n丁\u2028戊\u2029己\x0b庚\x0c辛\x85壬") == (
        "甲\n乙\n丙\n丁\n戊\n己\n庚\n辛\n壬"
    )
    assert normalize_text("a\r\n\r\nb") == "a\n\nb"


def test_control_and_invisible_characters_go():
    text = "张\x00三\x07\x1b[31m\u200b\u200d\ufeff\u202e\u2066\u00ad\x7f\x9f"
    assert normalize_text(text) == "张三[31m"
    assert normalize_text("a\tb") == "a b"


def test_rare_characters_spaces_and_punctuation_stay():
    for text in ("王𠮷", "王𠀀", "全角　空格", "“引号”、（括号）……——", "葛\U000e0100", "\ue000"):
        assert normalize_text(text) == text


def test_lone_surrogates_are_left_to_validation_but_never_printed():
    assert normalize_text("a\ud800b") == "a\ud800b"
    assert printable_text("a\ud800b\r\n") == "ab\n"


def test_one_line_values_lose_their_breaks():
    assert normalize_line(" 临沂某某\r\n建设有限公司 ") == "临沂某某 建设有限公司"
    assert normalize_line("一  二") == "一 二"
    assert normalize_line("") == ""


def test_nested_data():
    data = {"a": "x\r\ny", "b": ["\x00z", {"c": "\t"}], "n": 3, "t": ("\r",), "none": None}
    assert normalize_data(data) == {"a": "x\ny", "b": ["z", {"c": " "}], "n": 3, "t": ("\n",),
                                    "none": None}


@given(st.text())
def test_idempotent_and_clean(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert "\r" not in once and "\t" not in once
    for char in once:
        assert char == "\n" or unicodedata.category(char) not in ("Cc", "Cf")


@given(st.text())
def test_nothing_visible_is_lost(text):
    visible = [c for c in text if unicodedata.category(c)[0] in "LNPS"]
    assert [c for c in normalize_text(text) if unicodedata.category(c)[0] in "LNPS"] == visible
