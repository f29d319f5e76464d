"""Tests for cases.validators: resident ID numbers, USCC and telephone numbers.

Check characters of synthetic samples are computed with independent reference formulations
(below), not with the code under test; the published samples are verified by hand in comments.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from cases.validators import (
    USCC_CHARSET,
    id_number_check_character,
    id_number_error,
    is_valid_phone,
    is_valid_resident_id,
    is_valid_uscc,
    normalize_id_number,
    normalize_uscc,
    uscc_check_character,
    uscc_error,
    validate_phone,
    validate_resident_id,
    validate_uscc,
)

# ---------------------------------------------------------------------------------------------
# Independent references
# ---------------------------------------------------------------------------------------------


def ref_id_check(first17: str) -> str:
    """ISO 7064 MOD 11-2 in its textbook form: weight_i = 2**(17 - i) mod 11, i = 0..16, and
    check value = (12 - sum mod 11) mod 11, written 'X' for 10."""
    total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(first17))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


def ref_uscc_check(first17: str) -> str:
    """GB 32100-2015 with weights derived as 3**i mod 31 and code values looked up in a
    hand-written table (I, O, S, V, Z absent)."""
    table = {str(d): d for d in range(10)}
    letters = "A10 B11 C12 D13 E14 F15 G16 H17 J18 K19 L20 M21 N22 P23 Q24 R25 T26 U27 W28 X29 Y30"
    table.update((pair[0], int(pair[1:])) for pair in letters.split())
    total = sum(table[c] * pow(3, i, 31) for i, c in enumerate(first17))
    value = 31 - total % 31
    if value == 31:
        value = 0
    inverse = {v: k for k, v in table.items()}
    return inverse[value]


def with_id_check(first17: str) -> str:
    return first17 + ref_id_check(first17)


def with_uscc_check(first17: str) -> str:
    return first17 + ref_uscc_check(first17)


def message_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> str:
    return str(excinfo.value.messages[0])


# ---------------------------------------------------------------------------------------------
# Resident identity card numbers (GB 11643-1999)
# ---------------------------------------------------------------------------------------------

# 11010519491231002X — the example in GB 11643-1999 itself.
#   digits  1 1 0 1 0 5 1 9 4 9  1  2  3  1  0  0  2
#   weights 7 9 10 5 8 4 2 1 6 3  7  9 10  5  8  4  2
#   products 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2 → map "10X98765432"[2]
#   = X ✓
GB_EXAMPLE = "11010519491231002X"

# 110101200002290018 — born 2000-02-29 (2000 is a leap year).
#   7+9+0+5+0+4+4+0+0+0+0+18+20+45+0+0+2 = 114; 114 mod 11 = 4 → "8" ✓
LEAP_DAY = "110101200002290018"

# 110101190001010014 — born 1900-01-01, the earliest date accepted.
#   7+9+0+5+0+4+2+9+0+0+0+9+0+5+0+0+2 = 52; 52 mod 11 = 8 → "4" ✓
FIRST_ALLOWED_DAY = "110101190001010014"

# 440524188001010014 — the widely copied textbook number; checksum right, but born 1880.
#   28+36+0+25+16+16+2+8+48+0+0+9+0+5+0+0+2 = 195; 195 mod 11 = 8 → "4" ✓
BORN_1880 = "440524188001010014"

# 110101190002290011 — 1900-02-29 does not exist (1900 is not a leap year); the check character
# is right, so only the date is wrong.
#   7+9+0+5+0+4+2+9+0+0+0+18+20+45+0+0+2 = 121; 121 mod 11 = 0 → "1" ✓
NOT_LEAP_1900 = with_id_check("11010119000229001")


@pytest.mark.parametrize(
    "number",
    [
        GB_EXAMPLE,
        LEAP_DAY,
        FIRST_ALLOWED_DAY,
        with_id_check("44030519990101001"),
        with_id_check("32010219800615002"),
        with_id_check("65010220101231123"),
    ],
)
def test_valid_resident_ids(number):
    assert is_valid_resident_id(number)
    validate_resident_id(number)  # does not raise


def test_reference_agrees_with_hand_computed_samples():
    assert ref_id_check(GB_EXAMPLE[:17]) == "X"
    assert ref_id_check(LEAP_DAY[:17]) == "8"
    assert ref_id_check(FIRST_ALLOWED_DAY[:17]) == "4"
    assert ref_id_check(BORN_1880[:17]) == "4"
    assert NOT_LEAP_1900 == "110101190002290011"


def test_lowercase_x_is_accepted_and_normalised():
    lower = GB_EXAMPLE.lower()
    assert is_valid_resident_id(lower)
    validate_resident_id(lower)
    assert normalize_id_number(" 110105 19491231 002x\u3000") == GB_EXAMPLE


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("", "身份证号码应为18位"),
        ("11010519491231002", "身份证号码应为18位"),
        ("11010519491231002X1", "身份证号码应为18位"),
        ("110105194912310021X", "身份证号码应为18位"),
        # 15-digit first-generation numbers are not accepted.
        ("110105491231002", "身份证号码应为18位"),
        ("1101051949123100XX", "身份证号码前17位应为数字，最后一位应为数字或X"),
        ("11010519491231002Y", "身份证号码前17位应为数字，最后一位应为数字或X"),
        (" 11010519491231002", "身份证号码前17位应为数字，最后一位应为数字或X"),
        # Full-width digits are not ASCII digits.
        ("１１０１０５１９４９１２３１００２X", "身份证号码前17位应为数字，最后一位应为数字或X"),
        (BORN_1880, "身份证号码中的出生日期无效"),
        (NOT_LEAP_1900, "身份证号码中的出生日期无效"),
        (with_id_check("11010119491301002"), "身份证号码中的出生日期无效"),  # month 13
        (with_id_check("11010119490100002"), "身份证号码中的出生日期无效"),  # day 0
        (with_id_check("11010119990431002"), "身份证号码中的出生日期无效"),  # 31 April
        (with_id_check("11010118991231002"), "身份证号码中的出生日期无效"),  # 1899-12-31
        (with_id_check("11010129990101002"), "身份证号码中的出生日期无效"),  # future
        ("110105194912310021", "身份证号码校验位不正确"),
        ("110105194912310020", "身份证号码校验位不正确"),
        ("11010519491231003X", "身份证号码校验位不正确"),  # one digit mistyped
        ("11010519491213002X", "身份证号码校验位不正确"),  # adjacent digits swapped
    ],
)
def test_invalid_resident_ids(number, message):
    assert not is_valid_resident_id(number)
    with pytest.raises(ValidationError) as excinfo:
        validate_resident_id(number)
    assert message_of(excinfo) == message
    assert excinfo.value.code.startswith("id_number_")


def test_birth_date_in_the_future_depends_on_today():
    born_2024_01_02 = with_id_check("11010120240102001")
    assert id_number_error(born_2024_01_02, today=date(2024, 1, 1)) == "birth_date"
    assert id_number_error(born_2024_01_02, today=date(2024, 1, 2)) is None
    assert is_valid_resident_id(born_2024_01_02)  # it is after 2024-01-02 by now


def test_non_strings_are_rejected():
    assert not is_valid_resident_id(None)  # type: ignore[arg-type]
    assert not is_valid_resident_id(110105194912310020)  # type: ignore[arg-type]


def test_check_character_helper_rejects_bad_input():
    with pytest.raises(ValueError):
        id_number_check_character("1101051949123100")
    with pytest.raises(ValueError):
        id_number_check_character("1101051949123100A")


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_id_check_character_matches_reference(first17):
    assert id_number_check_character(first17) == ref_id_check(first17)


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2020, 12, 31)),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet="0123456789", min_size=3, max_size=3),
)
def test_any_real_birth_date_with_right_check_is_valid(birth, region, sequence):
    number = with_id_check(region + birth.strftime("%Y%m%d") + sequence)
    assert is_valid_resident_id(number)
    # Every other check character is wrong.
    for wrong in "0123456789X":
        if wrong != number[17]:
            assert id_number_error(number[:17] + wrong) == "checksum"


# ---------------------------------------------------------------------------------------------
# Unified social credit codes (GB 32100-2015)
# ---------------------------------------------------------------------------------------------
# Code values: 0-9 → 0-9, A10 B11 C12 D13 E14 F15 G16 H17 J18 K19 L20 M21 N22 P23 Q24 R25 T26
# U27 W28 X29 Y30. Weights: 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28.
# Check = 31 - (sum mod 31), 31 written as 0.

# 91350100M000100Y43
#   values 9 1 3 5 0 1 0 0 21 0 0 0 1 0 0 30 4
#   9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1640; 1640 mod 31 = 28; 31-28 = 3 → "3" ✓
# 914403001922038216
#   values 9 1 4 4 0 3 0 0 1 9 2 2 0 3 8 2 1
#   9+3+36+108+0+78+0+0+20+261+50+26+0+72+80+60+28 = 831; 831 mod 31 = 25; 31-25 = 6 → "6" ✓
# 91440300708461136T
#   values 9 1 4 4 0 3 0 0 7 0 8 4 6 1 1 3 6
#   9+3+36+108+0+78+0+0+140+0+200+52+48+24+10+90+168 = 966; 966 mod 31 = 5; 31-5 = 26 → "T" ✓
# 91330100716105852F
#   values 9 1 3 3 0 1 0 0 7 1 6 1 0 5 8 5 2
#   9+3+27+81+0+26+0+0+140+29+150+13+0+120+80+150+56 = 884; 884 mod 31 = 16; 31-16 = 15 → "F" ✓
# 91110000802100433B
#   values 9 1 1 1 0 0 0 0 8 0 2 1 0 0 4 3 3
#   9+3+9+27+0+0+0+0+160+0+50+13+0+0+40+90+84 = 485; 485 mod 31 = 20; 31-20 = 11 → "B" ✓
# 91110108551385082Q
#   values 9 1 1 1 0 1 0 8 5 5 1 3 8 5 0 8 2
#   9+3+9+27+0+26+0+136+100+145+25+39+64+120+0+240+56 = 999; 999 mod 31 = 7; 31-7 = 24 → "Q" ✓
PUBLISHED_USCCS = [
    "91350100M000100Y43",
    "914403001922038216",
    "91440300708461136T",
    "91330100716105852F",
    "91110000802100433B",
    "91110108551385082Q",
]

# 9131011500000000P0 (synthetic): the sum is a multiple of 31, so the check is 31 → "0".
#   values 9 1 3 1 0 1 1 5 0 0 0 0 0 0 0 0 23
#   9+3+27+27+0+26+16+85+0+0+0+0+0+0+0+0+644 = 837 = 27×31; 31-0 = 31 → "0" ✓
CHECK_ZERO = "9131011500000000P0"


@pytest.mark.parametrize("code", [*PUBLISHED_USCCS, CHECK_ZERO])
def test_valid_usccs(code):
    assert ref_uscc_check(code[:17]) == code[17]
    assert is_valid_uscc(code)
    validate_uscc(code)  # does not raise


@pytest.mark.parametrize(
    "first17",
    [
        # Registration authorities other than 1/5/9/Y and various category codes are accepted.
        "11100000000013127",  # 1 机构编制 / 1 机关
        "12100000400000624",  # 1 机构编制 / 2 事业单位
        "31110000MD0123456",  # 3 司法行政 / 1 律师事务所
        "51110000500000000",  # 5 民政 / 1 社会团体
        "52110000MJ0000000",  # 5 民政 / 2 民办非企业单位
        "92110105MA0000000",  # 9 工商 / 2 个体工商户
        "93110000MA0000000",  # 9 工商 / 3 农民专业合作社
        "N2110000MA0000000",  # N 农业 / 2
        "Y1110000MA0000000",  # Y 其他
        "A1110000MA0000000",  # A 中央军委改革和编制办公室
    ],
)
def test_authority_and_category_codes_are_not_restricted(first17):
    assert is_valid_uscc(with_uscc_check(first17))


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "统一社会信用代码应为18位"),
        ("91350100M000100Y4", "统一社会信用代码应为18位"),
        ("91350100M000100Y433", "统一社会信用代码应为18位"),
        ("91350100I000100Y43", "统一社会信用代码含有无效字符"),  # I
        ("91350100O000100Y43", "统一社会信用代码含有无效字符"),  # O
        ("91350100Z000100Y43", "统一社会信用代码含有无效字符"),  # Z
        ("91350100S000100Y43", "统一社会信用代码含有无效字符"),  # S
        ("91350100V000100Y43", "统一社会信用代码含有无效字符"),  # V
        ("91350100m000100y43", "统一社会信用代码含有无效字符"),  # lower case: normalise first
        ("91350100M000100Y4-", "统一社会信用代码含有无效字符"),
        ("91350100M000100Y44", "统一社会信用代码校验码不正确"),
        ("91350100M000100Y40", "统一社会信用代码校验码不正确"),
        ("91350100M000010Y43", "统一社会信用代码校验码不正确"),  # transposition
        ("914403001922038217", "统一社会信用代码校验码不正确"),
    ],
)
def test_invalid_usccs(code, message):
    assert not is_valid_uscc(code)
    with pytest.raises(ValidationError) as excinfo:
        validate_uscc(code)
    assert message_of(excinfo) == message
    assert excinfo.value.code.startswith("uscc_")


def test_normalize_uscc():
    assert normalize_uscc(" 91350100m000100y43 ") == "91350100M000100Y43"
    assert is_valid_uscc(normalize_uscc("9135 0100 m000 100y 43"))


def test_uscc_non_strings_and_helper_input():
    assert uscc_error(None) == "length"
    with pytest.raises(ValueError):
        uscc_check_character("91350100M000100Y")
    with pytest.raises(ValueError):
        uscc_check_character("91350100I000100Y4")


@given(st.text(alphabet=USCC_CHARSET, min_size=17, max_size=17))
def test_uscc_check_character_matches_reference(first17):
    assert uscc_check_character(first17) == ref_uscc_check(first17)
    code = first17 + ref_uscc_check(first17)
    assert is_valid_uscc(code)
    for wrong in USCC_CHARSET:
        if wrong != code[17]:
            assert uscc_error(first17 + wrong) == "checksum"


# ---------------------------------------------------------------------------------------------
# Telephone numbers
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "13800138000",
        "19912345678",
        "16600001111",
        "010-12345678",
        "01012345678",
        "021-62345678",
        "0755-86013388",
        "0591-8765432",  # 7-digit local number
        "05918765432",
        "010-12345678-123",
        "010-12345678转123",
        "0755-86013388转8001",
    ],
)
def test_valid_phones(number):
    assert is_valid_phone(number)
    validate_phone(number)  # does not raise


@pytest.mark.parametrize(
    "number",
    [
        "",
        "1380013800",  # 10 digits
        "138001380000",  # 12 digits
        "12800138000",  # 12x is not a mobile prefix
        "23800138000",
        "+8613800138000",
        "138 0013 8000",
        "138-0013-8000",
        "１３８００１３８０００",  # full-width digits
        "12345678",  # no area code
        "010-123456",  # local number too short
        "010-123456789",  # local number too long
        "0012-12345678",  # 00 is the international prefix
        "010--12345678",
        "010-12345678-",
        "010-12345678转",
        "010-12345678ext123",
        "13800138000\n",
        "abc",
    ],
)
def test_invalid_phones(number):
    assert not is_valid_phone(number)
    with pytest.raises(ValidationError) as excinfo:
        validate_phone(number)
    assert message_of(excinfo) == "请输入有效的手机号码或固定电话号码"
    assert excinfo.value.code == "phone"
