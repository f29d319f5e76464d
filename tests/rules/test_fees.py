"""Tests for rules.fees: the 信息处理费 of 国办函〔2020〕109号."""

import pytest
from django.db.models import TextChoices
from hypothesis import given
from hypothesis import strategies as st

from rules.fees import (
    METHOD_LABELS,
    PER_PAGE,
    PER_PIECE,
    FeeBand,
    compute_fee,
    per_page_fee,
    per_page_unit_price,
    per_piece_band,
    per_piece_fee,
)

# ---------------------------------------------------------------------------------------------
# Per piece (按件): the fee of the quantity-th piece this month is its band's unit price.
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("piece", "amount", "band"),
    [
        (1, 0, (1, 10)),
        (10, 0, (1, 10)),
        (11, 100, (11, 30)),
        (30, 100, (11, 30)),
        (31, 200, (31, 40)),
        (40, 200, (31, 40)),
        (41, 300, (41, 50)),
        (50, 300, (41, 50)),
        (51, 400, (51, 60)),
        (60, 400, (51, 60)),
        (61, 500, (61, 70)),
        (71, 600, (71, 80)),
        (100, 800, (91, 100)),
        (101, 900, (101, 110)),
    ],
)
def test_per_piece_band_edges(piece, amount, band):
    result = compute_fee(PER_PIECE, piece)
    assert result.method == "per_piece"
    assert result.quantity == piece
    assert result.amount == amount
    assert per_piece_fee(piece) == amount
    assert per_piece_band(piece) == (*band, amount)
    assert result.bands == (
        FeeBand(first=band[0], last=band[1], unit_price=amount, count=1, subtotal=amount),
    )
    assert f"第{piece}件" in result.explanation
    assert f"{band[0]}—{band[1]}件" in result.explanation
    assert result.explanation.endswith(f"合计{amount}元。")


def test_per_piece_explanation_text():
    assert compute_fee(PER_PIECE, 31).explanation == (
        "按件收费：本申请为申请人本自然月第31件；"
        "1—10件免费，11—30件每件100元，此后每10件为一档、每档每件增加100元；"
        "第31件属31—40件档，每件200元；合计200元。"
    )
    assert "第5件属1—10件档，免费；合计0元。" in compute_fee(PER_PIECE, 5).explanation


def test_per_piece_month_total_is_progressive():
    # Charging each application by its own number adds up to the 办法's progressive month total:
    # 10×0 + 20×100 + 10×200 + 10×300 = 7000 for 50 pieces.
    assert sum(per_piece_fee(n) for n in range(1, 51)) == 7000


@given(st.integers(min_value=1, max_value=10_000))
def test_per_piece_fee_never_decreases(piece):
    assert per_piece_fee(piece + 1) >= per_piece_fee(piece)
    first, last, price = per_piece_band(piece)
    assert first <= piece <= last
    if piece > 30:
        assert last - first == 9
        assert price == 100 * ((piece - 31) // 10 + 2)


# ---------------------------------------------------------------------------------------------
# Per page (按量): progressive bands.
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pages", "amount"),
    [
        (1, 0),
        (30, 0),
        (31, 10),
        (100, 700),
        (101, 720),
        (200, 2700),
        (201, 2740),
        (250, 2700 + 50 * 40),
    ],
)
def test_per_page_band_edges(pages, amount):
    result = compute_fee(PER_PAGE, pages)
    assert result.method == "per_page"
    assert result.quantity == pages
    assert result.amount == amount
    assert per_page_fee(pages) == amount
    assert sum(band.subtotal for band in result.bands) == amount
    assert sum(band.count for band in result.bands) == pages
    assert f"共{pages}页" in result.explanation
    assert result.explanation.endswith(f"合计{amount}元。")


def test_per_page_bands_and_explanation_for_101_pages():
    result = compute_fee(PER_PAGE, 101)
    assert result.bands == (
        FeeBand(first=1, last=30, unit_price=0, count=30, subtotal=0),
        FeeBand(first=31, last=100, unit_price=10, count=70, subtotal=700),
        FeeBand(first=101, last=200, unit_price=20, count=1, subtotal=20),
    )
    assert result.explanation == (
        "按量收费：共101页；1—30页免费；31—100页70页×10元=700元；101—200页1页×20元=20元；"
        "合计720元。"
    )


def test_per_page_open_ended_band():
    result = compute_fee(PER_PAGE, 201)
    assert result.bands[-1] == FeeBand(first=201, last=None, unit_price=40, count=1, subtotal=40)
    assert "201页以上1页×40元=40元" in result.explanation
    assert compute_fee(PER_PAGE, 30).explanation == "按量收费：共30页；1—30页免费；合计0元。"


@pytest.mark.parametrize(
    ("page", "price"),
    [(1, 0), (30, 0), (31, 10), (100, 10), (101, 20), (200, 20), (201, 40), (10_000, 40)],
)
def test_per_page_unit_price(page, price):
    assert per_page_unit_price(page) == price


@given(st.integers(min_value=1, max_value=5_000))
def test_per_page_fee_is_monotonic_and_increments_by_band_price(pages):
    this, following = per_page_fee(pages), per_page_fee(pages + 1)
    assert following >= this
    assert following - this == per_page_unit_price(pages + 1)


@given(st.integers(min_value=1, max_value=5_000))
def test_per_page_fee_matches_closed_form(pages):
    expected = (
        10 * max(0, min(pages, 100) - 30)
        + 20 * max(0, min(pages, 200) - 100)
        + 40 * max(0, pages - 200)
    )
    assert per_page_fee(pages) == expected


# ---------------------------------------------------------------------------------------------
# Input checking and labels
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", [PER_PAGE, PER_PIECE])
@pytest.mark.parametrize("quantity", [0, -1, -100])
def test_zero_and_negative_quantities_are_rejected(method, quantity):
    with pytest.raises(ValueError):
        compute_fee(method, quantity)


@pytest.mark.parametrize("quantity", [1.5, "3", None, True])
def test_non_integer_quantities_are_rejected(quantity):
    with pytest.raises(ValueError):
        compute_fee(PER_PAGE, quantity)


@pytest.mark.parametrize("method", ["", "page", "PER_PAGE", "按量", None])
def test_unknown_methods_are_rejected(method):
    with pytest.raises(ValueError):
        compute_fee(method, 10)


@pytest.mark.parametrize("function", [per_page_fee, per_piece_fee, per_page_unit_price])
def test_helpers_reject_zero(function):
    with pytest.raises(ValueError):
        function(0)


def test_method_labels():
    assert METHOD_LABELS == {"per_page": "按量", "per_piece": "按件"}
    assert compute_fee(PER_PAGE, 1).method_label == "按量"
    assert compute_fee(PER_PIECE, 1).method_label == "按件"


def test_accepts_text_choices_and_stores_plain_value():
    # Mirrors workflow.models.FeeMethod without importing the models.
    class Method(TextChoices):
        PER_PIECE = "per_piece", "按件计收"
        PER_PAGE = "per_page", "按量计收"

    result = compute_fee(Method.PER_PAGE, 31)
    assert result.amount == 10
    assert type(result.method) is str
    assert result.method == "per_page"
    assert compute_fee(Method.PER_PIECE, 11).amount == 100
