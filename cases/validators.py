"""Validators for applicant identity numbers and contact details.

Pure functions, no ORM. Each check has two faces:

* ``is_valid_*(value) -> bool`` needs no Django settings (safe anywhere);
* ``validate_*(value)`` is a Django validator that raises ``ValidationError`` with a Chinese
  message and a stable ``code`` (usable on model fields, forms and DRF serializers).

The validators check the value as given; callers normalise user input first with
``normalize_id_number`` / ``normalize_uscc`` (strip whitespace, upper-case).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

__all__ = [
    "ID_NUMBER_LENGTH",
    "USCC_CHARSET",
    "USCC_LENGTH",
    "id_number_check_character",
    "id_number_error",
    "is_valid_phone",
    "is_valid_resident_id",
    "is_valid_uscc",
    "normalize_id_number",
    "normalize_uscc",
    "uscc_check_character",
    "uscc_error",
    "validate_phone",
    "validate_resident_id",
    "validate_uscc",
]

# China has used UTC+8 without daylight saving since 1991; a fixed offset avoids needing tzdata
# or Django settings just to know "today" for the birth-date check.
_CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")


def _today_in_china() -> date:
    return datetime.now(_CHINA_TZ).date()


def _strip_and_upper(value: str) -> str:
    # str.split() with no argument also splits on full-width spaces (U+3000) and tabs.
    return "".join(str(value).split()).upper()


# ---------------------------------------------------------------------------------------------
# Resident identity card number (公民身份号码), GB 11643-1999
# ---------------------------------------------------------------------------------------------

ID_NUMBER_LENGTH = 18
# ISO 7064 MOD 11-2: weight of position i (1-based, left to right) is 2**(18 - i) mod 11.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
# Check character indexed by (weighted sum mod 11).
_ID_CHECK_MAP = "10X98765432"
# [0-9] rather than \d: \d would also match full-width and other Unicode digits.
_ID_SHAPE = re.compile(r"[0-9]{17}[0-9Xx]")
_ID_MIN_BIRTH_DATE = date(1900, 1, 1)

_ID_MESSAGES = {
    "length": _("身份证号码应为18位"),
    "format": _("身份证号码前17位应为数字，最后一位应为数字或X"),
    "birth_date": _("身份证号码中的出生日期无效"),
    "checksum": _("身份证号码校验位不正确"),
}


def normalize_id_number(value: str) -> str:
    """Remove all whitespace and upper-case (so a trailing ``x`` becomes ``X``)."""
    return _strip_and_upper(value)


def id_number_check_character(first17: str) -> str:
    """The GB 11643-1999 check character ('0'-'9' or 'X') for the first 17 digits."""
    if len(first17) != ID_NUMBER_LENGTH - 1 or not first17.isascii() or not first17.isdigit():
        raise ValueError("expected exactly 17 ASCII digits")
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_MAP[total % 11]


def id_number_error(value: object, *, today: date | None = None) -> str | None:
    """Return the error code for an invalid ID number, or ``None`` when it is valid.

    Codes: ``length``, ``format``, ``birth_date``, ``checksum`` (checked in that order).
    The birth date (positions 7-14, YYYYMMDD) must be a real date from 1900-01-01 up to
    ``today`` (default: the current date in China). A lowercase ``x`` check character is
    accepted, but stored values should be normalised with ``normalize_id_number``.
    Only 18-digit second-generation numbers are accepted (no 15-digit first-generation ones).
    """
    if not isinstance(value, str) or len(value) != ID_NUMBER_LENGTH:
        return "length"
    if not _ID_SHAPE.fullmatch(value):
        return "format"
    try:
        birth = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return "birth_date"
    if not _ID_MIN_BIRTH_DATE <= birth <= (today or _today_in_china()):
        return "birth_date"
    if id_number_check_character(value[:17]) != value[17].upper():
        return "checksum"
    return None


def is_valid_resident_id(value: str, *, today: date | None = None) -> bool:
    """True when ``value`` is a well-formed 18-character resident ID number."""
    return id_number_error(value, today=today) is None


def validate_resident_id(value: str) -> None:
    """Django validator for 公民身份号码; raises ``ValidationError`` in Chinese."""
    code = id_number_error(value)
    if code is not None:
        raise ValidationError(_ID_MESSAGES[code], code=f"id_number_{code}")


# ---------------------------------------------------------------------------------------------
# Unified social credit code (统一社会信用代码), GB 32100-2015
# ---------------------------------------------------------------------------------------------

USCC_LENGTH = 18
# The 31 characters allowed: digits and upper-case letters without I, O, Z, S, V.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUES = {char: index for index, char in enumerate(USCC_CHARSET)}
# Weight of position i (0-based) is 3**i mod 31.
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

_USCC_MESSAGES = {
    "length": _("统一社会信用代码应为18位"),
    "charset": _("统一社会信用代码含有无效字符"),
    "checksum": _("统一社会信用代码校验码不正确"),
}


def normalize_uscc(value: str) -> str:
    """Remove all whitespace and upper-case."""
    return _strip_and_upper(value)


def uscc_check_character(first17: str) -> str:
    """The GB 32100-2015 check character for the first 17 characters of a USCC."""
    if len(first17) != USCC_LENGTH - 1 or any(char not in _USCC_VALUES for char in first17):
        raise ValueError("expected exactly 17 characters from USCC_CHARSET")
    total = sum(
        _USCC_VALUES[char] * weight for char, weight in zip(first17, _USCC_WEIGHTS, strict=True)
    )
    # 31 - (total mod 31), where a result of 31 is written as 0.
    return USCC_CHARSET[(31 - total % 31) % 31]


def uscc_error(value: object) -> str | None:
    """Return the error code for an invalid USCC, or ``None`` when it is valid.

    Codes: ``length``, ``charset``, ``checksum``. Only the length, the character set (upper-case;
    normalise first with ``normalize_uscc``) and the check character are enforced. The
    registration-authority code (1st char), the institution-category code (2nd), the division
    code (3rd-8th) and the embedded organisation code's own check digit are deliberately not
    checked: authorities other than 1/5/9/Y exist (e.g. 2 外交, 3 司法行政, N 农业, A …) and
    older or special codes would be rejected for no good reason.
    """
    if not isinstance(value, str) or len(value) != USCC_LENGTH:
        return "length"
    if any(char not in _USCC_VALUES for char in value):
        return "charset"
    if uscc_check_character(value[:17]) != value[17]:
        return "checksum"
    return None


def is_valid_uscc(value: str) -> bool:
    """True when ``value`` is an 18-character USCC with a correct check character."""
    return uscc_error(value) is None


def validate_uscc(value: str) -> None:
    """Django validator for 统一社会信用代码; raises ``ValidationError`` in Chinese."""
    code = uscc_error(value)
    if code is not None:
        raise ValidationError(_USCC_MESSAGES[code], code=f"uscc_{code}")


# ---------------------------------------------------------------------------------------------
# Telephone numbers
# ---------------------------------------------------------------------------------------------

# Mainland mobile: 11 digits starting 13-19. No +86 prefix, spaces or hyphens.
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
# Landline: a 3- or 4-digit area code starting with 0 (never 00, the international prefix),
# an optional hyphen,
# a 7-8 digit local number, optional extension written "-123" or "转123".
# [0-9] rather than \d keeps full-width and other Unicode digits out.
_LANDLINE = re.compile(r"0[1-9][0-9]{1,2}-?[0-9]{7,8}(?:(?:-|转)[0-9]{1,6})?")

_PHONE_MESSAGE = _("请输入有效的手机号码或固定电话号码")


def is_valid_phone(value: str) -> bool:
    """True for a mainland mobile number or a landline with area code (ASCII digits only)."""
    if not isinstance(value, str):
        return False
    return bool(_MOBILE.fullmatch(value) or _LANDLINE.fullmatch(value))


def validate_phone(value: str) -> None:
    """Django validator for a contact telephone number; raises ``ValidationError`` in Chinese."""
    if not is_valid_phone(value):
        raise ValidationError(_PHONE_MESSAGE, code="phone")
