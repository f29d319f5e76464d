"""Where user text meets template text: punctuation, quotes and numbered items (no database)."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from letters.typography import clause, items, listing, numbered, sentence, tidy


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("请写明文件名称。", "请写明文件名称"),
        ("请写明文件名称；", "请写明文件名称"),
        ("需要调取历史档案，", "需要调取历史档案"),
        ("是否已经批复？", "是否已经批复？"),
        ("  道路改造\r\n工程概算。\r\n", "道路改造；工程概算"),
        ("", ""),
    ],
)
def test_clause_drops_the_users_closing_mark(value, expected):
    assert clause(value) == expected


def test_sentence_ends_with_one_stop():
    assert sentence("合计720元。") == "合计720元。"
    assert sentence("合计720元") == "合计720元。"
    assert sentence("是吗？") == "是吗？"
    assert sentence("") == ""


@pytest.mark.parametrize(
    "value",
    [
        "1. 立项批复\n2. 工程概算",
        "1、立项批复；\r\n2、工程概算。",
        "（1）立项批复\n（2）工程概算",
        "(一)立项批复\n(二)工程概算",
        "一、立项批复\n二、工程概算",
        "①立项批复\n②工程概算",
        "- 立项批复\n• 工程概算",
        "\n立项批复\n\n工程概算\n",
        ["1.立项批复", " 工程概算。 "],
    ],
)
def test_items_drop_the_users_own_numbering(value):
    assert items(value) == ["立项批复", "工程概算"]


def test_numbers_that_are_content_stay():
    expected = ["1.5万元的合同", "2023年批复", "10号楼"]
    assert items("1.5万元的合同\n2023年批复\n10号楼") == expected


def test_numbered_paragraphs():
    assert numbered(["甲", "乙", "丙"]) == ["1.甲；", "2.乙；", "3.丙。"]


def test_listing_one_item_inline_several_numbered():
    assert listing("请补正：", "写明文号。") == ["请补正：写明文号。"]
    several = listing("请补正：", "写明文号\r\n写明年份")
    assert several == ["请补正：", "1.写明文号；", "2.写明年份。"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("申请获取“工程概算。”。", "申请获取“工程概算”。"),
        ("申请。。", "申请。"),
        ("因需要调取档案。，本机关", "因需要调取档案，本机关"),
        ("材料；。", "材料。"),
        ("是否批复？。", "是否批复？"),
        ("申请获取“是否批复？”。", "申请获取“是否批复？”"),
        ("（见附件1。）。", "（见附件1）。"),
        ("他说：“好。”", "他说：“好。”"),  # nothing follows: the quote keeps its stop
        ("“甲”、“乙”", "“甲”、“乙”"),
    ],
)
def test_tidy_punctuation(text, expected):
    assert tidy(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("申请获取“关于“道路”的批复”。", "申请获取“关于‘道路’的批复”。"),
        ("“甲‘乙“丙”乙’甲”", "“甲‘乙“丙”乙’甲”"),
        ("“一“二“三”二”一”", "“一‘二“三”二’一”"),
        ('申请获取“关于"道路"的批复”。', "申请获取“关于‘道路’的批复”。"),
        ('申请获取"道路批复"。', "申请获取“道路批复”。"),
        ("“Don’t”", "“Don’t”"),  # an apostrophe is no quote
        ("单独的”引号", "单独的”引号"),
    ],
)
def test_tidy_nests_quotes(text, expected):
    assert tidy(text) == expected


PAUSES = "。；，、："


@given(
    st.lists(
        st.one_of(
            st.sampled_from(["申请", "政府信息", "批复", "2023", "“", "”", "（", "）"]),
            st.sampled_from(list(PAUSES) + ["？", "！"]),
        ),
        max_size=40,
    )
)
def test_tidy_never_leaves_two_pauses_in_a_row(parts):
    text = tidy("".join(parts))
    assert not re.search(f"[{PAUSES}]{{2}}", text)
    assert tidy(text) == text
