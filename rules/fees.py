"""信息处理费 (information-processing fee), 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号).

Pure functions, no ORM. An application is charged by exactly one of two progressive methods:

* ``per_piece`` (按件计收): by how many applications (pieces) the same applicant filed in one
  calendar month. Pieces 1-10 are free, 11-30 cost 100元 each, and from the 31st on every further
  band of 10 pieces costs 100元 more per piece (31-40: 200元, 41-50: 300元, 51-60: 400元 …).
* ``per_page`` (按量计收): by the pages of one application. Pages 1-30 are free, 31-100 cost
  10元 each, 101-200 cost 20元 each, 201 and up 40元 each; each price applies only to the pages
  inside its own band (progressive, like income tax).

``compute_fee`` returns a ``FeeComputation`` whose ``bands`` and Chinese ``explanation`` show how
the amount was reached, for the 收费通知书 and ``FeeNotice.computation``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = [
    "METHOD_LABELS",
    "PER_PAGE",
    "PER_PAGE_BANDS",
    "PER_PIECE",
    "FeeBand",
    "FeeComputation",
    "compute_fee",
    "per_page_fee",
    "per_page_unit_price",
    "per_piece_band",
    "per_piece_fee",
]

PER_PAGE: Final = "per_page"
PER_PIECE: Final = "per_piece"
METHOD_LABELS: Final[dict[str, str]] = {PER_PAGE: "按量", PER_PIECE: "按件"}

# (first page, last page or None when open-ended, price per page in yuan)
PER_PAGE_BANDS: Final[tuple[tuple[int, int | None, int], ...]] = (
    (1, 30, 0),
    (31, 100, 10),
    (101, 200, 20),
    (201, None, 40),
)

_FREE_PIECES: Final = 10
_FIRST_PAID_BAND_LAST: Final = 30  # pieces 11-30 form the first (wider) paid band
_PIECE_BAND_SIZE: Final = 10
_PIECE_PRICE_STEP: Final = 100


@dataclass(frozen=True, slots=True)
class FeeBand:
    """One band of a fee schedule as applied to this application.

    ``first``/``last`` are the band's bounds (``last`` is ``None`` for an open-ended band),
    ``count`` is how many pages or pieces of this application fall in it, and
    ``subtotal == count * unit_price`` (yuan).
    """

    first: int
    last: int | None
    unit_price: int
    count: int
    subtotal: int

    @property
    def is_free(self) -> bool:
        return self.unit_price == 0


@dataclass(frozen=True, slots=True)
class FeeComputation:
    """The result of ``compute_fee``: the amount (whole yuan) and how it was reached."""

    method: str
    quantity: int
    amount: int
    bands: tuple[FeeBand, ...]
    explanation: str

    @property
    def method_label(self) -> str:
        return METHOD_LABELS[self.method]


def _check_quantity(quantity: int) -> None:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise ValueError(f"quantity must be an integer, got {quantity!r}")
    if quantity < 1:
        raise ValueError(f"quantity must be at least 1, got {quantity}")


# ---------------------------------------------------------------------------------------------
# Per piece (按件)
# ---------------------------------------------------------------------------------------------


def per_piece_band(piece_number: int) -> tuple[int, int, int]:
    """The band ``(first, last, price per piece)`` containing the ``piece_number``-th piece."""
    _check_quantity(piece_number)
    if piece_number <= _FREE_PIECES:
        return 1, _FREE_PIECES, 0
    if piece_number <= _FIRST_PAID_BAND_LAST:
        return _FREE_PIECES + 1, _FIRST_PAID_BAND_LAST, _PIECE_PRICE_STEP
    step = (piece_number - _FIRST_PAID_BAND_LAST - 1) // _PIECE_BAND_SIZE
    first = _FIRST_PAID_BAND_LAST + 1 + step * _PIECE_BAND_SIZE
    return first, first + _PIECE_BAND_SIZE - 1, (step + 2) * _PIECE_PRICE_STEP


def per_piece_fee(piece_number: int) -> int:
    """Fee in yuan for the application that is the applicant's ``piece_number``-th this month."""
    return per_piece_band(piece_number)[2]


def _per_piece(quantity: int) -> FeeComputation:
    first, last, price = per_piece_band(quantity)
    band = FeeBand(first=first, last=last, unit_price=price, count=1, subtotal=price)
    charge = "免费" if price == 0 else f"每件{price}元"
    explanation = (
        f"按件收费：本申请为申请人本自然月第{quantity}件；"
        "1—10件免费，11—30件每件100元，此后每10件为一档、每档每件增加100元；"
        f"第{quantity}件属{first}—{last}件档，{charge}；合计{price}元。"
    )
    return FeeComputation(
        method=PER_PIECE, quantity=quantity, amount=price, bands=(band,), explanation=explanation
    )


# ---------------------------------------------------------------------------------------------
# Per page (按量)
# ---------------------------------------------------------------------------------------------


def per_page_unit_price(page_number: int) -> int:
    """The price of the ``page_number``-th page of an application (its band's price)."""
    _check_quantity(page_number)
    for first, last, price in PER_PAGE_BANDS:
        if first <= page_number and (last is None or page_number <= last):
            return price
    raise AssertionError("PER_PAGE_BANDS must cover every page")  # pragma: no cover


def _per_page_bands(pages: int) -> tuple[FeeBand, ...]:
    bands = []
    for first, last, price in PER_PAGE_BANDS:
        if pages < first:
            break
        count = (pages if last is None else min(pages, last)) - first + 1
        bands.append(
            FeeBand(first=first, last=last, unit_price=price, count=count, subtotal=count * price)
        )
    return tuple(bands)


def per_page_fee(pages: int) -> int:
    """Fee in yuan for an application of ``pages`` pages."""
    _check_quantity(pages)
    return sum(band.subtotal for band in _per_page_bands(pages))


def _per_page(quantity: int) -> FeeComputation:
    bands = _per_page_bands(quantity)
    amount = sum(band.subtotal for band in bands)
    parts = [f"按量收费：共{quantity}页"]
    for band in bands:
        span = f"{band.first}页以上" if band.last is None else f"{band.first}—{band.last}页"
        if band.is_free:
            parts.append(f"{span}免费")
        else:
            parts.append(f"{span}{band.count}页×{band.unit_price}元={band.subtotal}元")
    parts.append(f"合计{amount}元")
    return FeeComputation(
        method=PER_PAGE,
        quantity=quantity,
        amount=amount,
        bands=bands,
        explanation="；".join(parts) + "。",
    )


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


def compute_fee(method: str, quantity: int) -> FeeComputation:
    """Compute the 信息处理费 for one application.

    ``method`` is ``"per_page"`` (按量) or ``"per_piece"`` (按件); ``quantity`` follows the
    ``request_fee`` payload in api.md:

    * per_page: the number of pages of this application. The fee is progressive: each band's
      price applies only to the pages within that band (100 pages → 70×10 = 700元;
      101 → 720元; 200 → 2700元; 201 → 2740元).
    * per_piece: the applicant's pieces this calendar month *including this application*, i.e.
      this application is the ``quantity``-th piece. The fee charged for this application is the
      unit price of the band its own number falls in (1-10: 0; 11-30: 100元; 31-40: 200元;
      41-50: 300元; …). Charged one application at a time, the applicant's month total comes out
      progressive exactly as the 办法 intends (the 31st piece costs 200元, not all 31).

    Raises ``ValueError`` for an unknown method or a quantity that is not an integer ≥ 1.
    """
    # str() so Django TextChoices members (e.g. FeeMethod.PER_PAGE) are stored as plain values.
    method = str(method)
    _check_quantity(quantity)
    if method == PER_PAGE:
        return _per_page(quantity)
    if method == PER_PIECE:
        return _per_piece(quantity)
    raise ValueError(f"unknown fee method {method!r}; expected 'per_page' or 'per_piece'")
