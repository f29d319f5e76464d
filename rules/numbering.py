"""Number patterns (案件编号格式, 文书文号格式): which placeholders an agency may use, and filling
them in without ever evaluating anything else.

``str.format`` on a stored pattern would follow ``{short.__class__}`` into the interpreter and
pad ``{seq:>100000}`` to 100,000 characters. Here a pattern is parsed, checked against a short
list of names and a bounded width, and filled in by hand.
"""

from __future__ import annotations

import re
import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CASE_PLACEHOLDERS = ("short", "year", "seq")
LETTER_PLACEHOLDERS = ("short", "family", "year", "seq")
MAX_WIDTH = 9
# An optional zero fill and a width up to MAX_WIDTH, e.g. {seq:03} or {seq:3d}; numbers only.
_NUMBER_SPEC = re.compile(r"(0?)([1-9]?)d?")
_NUMERIC = frozenset({"year", "seq"})


def _parse(pattern: str):
    """``(literal, name, spec, conversion)`` tuples, or ``None`` if the braces do not pair."""
    try:
        return list(string.Formatter().parse(pattern))
    except ValueError:
        return None


def pattern_errors(pattern: str, allowed: tuple[str, ...]) -> list[str]:
    """What is wrong with ``pattern`` (Chinese messages), empty when it may be saved."""
    parts = _parse(pattern)
    if parts is None:
        return [_("花括号不成对；占位符应写成 {seq} 这样的形式，字面的花括号写成 {{ 或 }}。")]
    names = "、".join(f"{{{name}}}" for name in allowed)
    errors: list[str] = []
    seen: set[str] = set()
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in allowed:
            errors.append(
                _("不支持的占位符 {%(name)s}；可用占位符：%(names)s。")
                % {"name": name, "names": names}
            )
            continue
        seen.add(name)
        if conversion is not None or (spec and not _valid_spec(name, spec)):
            errors.append(
                _(
                    "占位符 {%(name)s} 的格式“%(spec)s”不受支持；"
                    "序号和年份只能指定不超过%(max)d位的宽度，如 {seq:03}。"
                )
                % {"name": name, "spec": spec or "!" + (conversion or ""), "max": MAX_WIDTH}
            )
    if "seq" not in seen and not errors:
        errors.append(_("格式中必须包含序号占位符 {seq}，否则编号会重复。"))
    return errors


def _valid_spec(name: str, spec: str) -> bool:
    return name in _NUMERIC and _NUMBER_SPEC.fullmatch(spec) is not None


def validate_case_number_pattern(value: str) -> None:
    if errors := pattern_errors(value, CASE_PLACEHOLDERS):
        raise ValidationError(errors)


def validate_letter_number_pattern(value: str) -> None:
    if errors := pattern_errors(value, LETTER_PLACEHOLDERS):
        raise ValidationError(errors)


def format_number(pattern: str, *, short: str, year: int, seq: int, family: str = "") -> str:
    """Fill a number pattern; no leading zeros unless the pattern asks, no 第 (GB/T 9704).

    Safe for any stored pattern, even one saved before patterns were checked: unknown
    placeholders print nothing, a format the checks would refuse is ignored, and a pattern
    whose braces do not pair prints as it stands with the sequence number after it.
    """
    values = {"short": short, "year": year, "seq": seq, "family": family}
    parts = _parse(pattern)
    if parts is None:
        return f"{pattern}{seq}"
    out = []
    for literal, name, spec, _conversion in parts:
        out.append(literal)
        if name is None or name not in values:
            continue
        value = values[name]
        if spec and _valid_spec(name, spec):
            zero, width = _NUMBER_SPEC.fullmatch(spec).groups()
            out.append(str(value).rjust(int(width or 0), "0" if zero else " "))
        else:
            out.append(str(value))
    return "".join(out)
