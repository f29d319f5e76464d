"""Which remedy a letter states (statute.md, "Remedies"), and whether an agency's remedy settings
look right for its level. Pure functions: no models, no settings.

Since 2024-01-01 the 行政复议法 (2023 revision) Art. 23(1)(4) makes reconsideration compulsory
before suing when an agency does not disclose, and Art. 23(2) obliges the agency to say so in the
act. Acts dated before that day, and every other act, state the alternative of the 2019
Regulations Art. 51: reconsideration within 60 days or suit within 6 months (行政诉讼法 Art. 46).
"""

from __future__ import annotations

import enum
import re
from datetime import date

# 行政复议法 (2023) in force.
REVIEW_FIRST_SINCE = date(2024, 1, 1)


class Remedy(enum.Enum):
    NONE = "none"
    REVIEW_OR_SUIT = "review_or_suit"  # 60日内复议，或者6个月内诉讼
    REVIEW_FIRST = "review_first"  # 先复议（60日内），对复议决定不服再诉讼（15日内）


# Letter kinds that are acts affecting the addressee's rights, and so state a remedy. Why each
# kind is in or out:
# - reply: the agency's decision on the application (Art. 36-39); remedy by decision and date.
# - termination_notice (逾期不补正 / 逾期未缴费, Art. 30, 42): it ends the application, so it is
#   an adverse act; but it is not a decision "不予公开" (Art. 36(3)), so Art. 23(1)(4) does not
#   apply and the applicant may choose reconsideration or suit.
# - fee_notice (信息处理费, Art. 42): charging a fee is an act of its own, challengeable by the
#   applicant; not a refusal either, so the alternative.
# - third_party_disclosure_notice (Art. 32): the decision to disclose over a third party's
#   objection; the third party has standing against it. A decision to disclose is not a refusal.
# Out: receipt, correction_notice and reasons_notice (procedural requests that decide nothing;
# 最高人民法院法释〔2011〕17号 Art. 2(1) excludes such 告知 from suit), extension_notice and the
# consultation letters (steps of the procedure), assistance_request (internal), delivery_receipt.
_REMEDY_KINDS = frozenset(
    {"reply", "termination_notice", "fee_notice", "third_party_disclosure_notice"}
)


def is_refusal(decision: str | None) -> bool:
    """Decisions not to disclose (不予公开): ``withheld.*`` and the withheld part of a partial
    disclosure. ``unavailable.*`` and ``not_processed.*`` are not refusals in this sense."""
    return bool(decision) and (
        decision.startswith("withheld.") or decision == "partially_disclosed"
    )


def remedy_for(kind: str, decision: str | None, act_date: date) -> Remedy:
    """The remedy a letter of ``kind`` states for ``decision``, dated ``act_date`` (the date of
    the act, i.e. the letter's 成文日期)."""
    if kind not in _REMEDY_KINDS:
        return Remedy.NONE
    if kind == "reply" and is_refusal(decision) and act_date >= REVIEW_FIRST_SINCE:
        return Remedy.REVIEW_FIRST
    return Remedy.REVIEW_OR_SUIT


# -- the agency's settings -----------------------------------------------------------------------


class Level(enum.Enum):
    """Where an agency sits, which decides its reconsideration body (行政复议法 Art. 24, 27)
    and the first-instance court (行政诉讼法 Art. 14, 15)."""

    TOWNSHIP = "township"  # 乡镇人民政府、街道办事处
    COUNTY_DEPARTMENT = "county_department"  # 县级人民政府工作部门（含办公室）
    COUNTY_GOVERNMENT = "county_government"  # 县级人民政府
    CITY_DEPARTMENT = "city_department"  # 设区的市人民政府工作部门
    CITY_GOVERNMENT = "city_government"  # 设区的市人民政府
    PROVINCIAL_DEPARTMENT = "provincial_department"  # 省级人民政府工作部门
    PROVINCIAL_GOVERNMENT = "provincial_government"  # 省级人民政府
    VERTICAL = "vertical"  # 实行垂直领导的机关（海关、税务、金融、外汇、国家安全等）


_GOVERNMENT = re.compile(r"(人民政府|行政公署)$")
_COUNTY_GOVERNMENT = re.compile(r"[县区旗市]人民政府$")
_CITY_GOVERNMENT = re.compile(r"(市|州|盟)人民政府$|行政公署$")
_PROVINCIAL_GOVERNMENT = re.compile(
    r"(省|自治区)人民政府$|^(北京|天津|上海|重庆)市人民政府$"
)
_REGION = re.compile(r"^(.{1,12}?(?:县|自治县|区|旗|市))")


def _region(name: str) -> str:
    """The leading place name of an agency's or government's name ("郯城县" of 郯城县人民政府)."""
    match = _REGION.match(name)
    return match.group(1) if match else ""


def settings_problems(
    *, level: str, name: str, reconsideration_body: str, court: str
) -> list[str]:
    """Warnings (in Chinese) about remedy settings that look wrong for the agency's ``level``.

    Heuristics on names, so they warn and never refuse: an agency with an unusual arrangement
    (a designated reconsideration body, concentrated court jurisdiction) may keep its settings.
    """
    body, court = reconsideration_body.strip(), court.strip()
    problems: list[str] = []
    try:
        lvl = Level(level)
    except ValueError:
        return ["未设置机关层级，无法核对行政复议机关和管辖法院是否适当。"]

    if not court.endswith("法院"):
        problems.append("管辖法院应填写人民法院全称，如“临沂市兰山区人民法院”。")
    if body == name.strip() and lvl is not Level.PROVINCIAL_GOVERNMENT:
        problems.append("行政复议机关不能是本机关。")

    if lvl in (Level.COUNTY_DEPARTMENT, Level.CITY_DEPARTMENT, Level.PROVINCIAL_DEPARTMENT):
        expected = {
            Level.COUNTY_DEPARTMENT: _COUNTY_GOVERNMENT,
            Level.CITY_DEPARTMENT: _CITY_GOVERNMENT,
            Level.PROVINCIAL_DEPARTMENT: _PROVINCIAL_GOVERNMENT,
        }[lvl]
        agency_place, body_place = _region(name), _GOVERNMENT.sub("", body)
        if not expected.search(body) or (
            lvl is Level.COUNTY_DEPARTMENT and _PROVINCIAL_GOVERNMENT.search(body)
        ):
            problems.append(
                "政府工作部门的行政复议机关一般为本级人民政府（行政复议法第二十四条第一款"
                "第一项），如“郯城县人民政府”。"
            )
        elif agency_place and agency_place not in body and body_place not in name:
            problems.append(
                f"行政复议机关“{body}”与本机关“{name}”不属于同一行政区域，请核对是否为本级"
                "人民政府。"
            )
    elif lvl in (Level.TOWNSHIP, Level.COUNTY_GOVERNMENT, Level.CITY_GOVERNMENT):
        expected = {
            Level.TOWNSHIP: _COUNTY_GOVERNMENT,
            Level.COUNTY_GOVERNMENT: _CITY_GOVERNMENT,
            Level.CITY_GOVERNMENT: _PROVINCIAL_GOVERNMENT,
        }[lvl]
        if not expected.search(body) or body == name.strip():
            problems.append(
                "人民政府（乡镇人民政府、街道办事处）的行政复议机关一般为上一级人民政府（行政"
                "复议法第二十四条第一款第二项、第三项）。"
            )
    elif lvl is Level.PROVINCIAL_GOVERNMENT:
        if body != name.strip():
            problems.append(
                "对省级人民政府的行政行为不服的，由该省级人民政府管辖行政复议（行政复议法第二十四条"
                "第二款）：行政复议机关应为本机关。"
            )
    elif lvl is Level.VERTICAL and _GOVERNMENT.search(body):
        problems.append(
            "实行垂直领导的机关的行政复议机关为上一级主管部门（行政复议法第二十七条），"
            "不是人民政府。"
        )

    if court.endswith("法院"):
        intermediate = "中级" in court or "高级" in court
        if lvl in (Level.COUNTY_GOVERNMENT, Level.CITY_GOVERNMENT, Level.PROVINCIAL_GOVERNMENT):
            if not intermediate:
                problems.append(
                    "以县级以上地方人民政府为被告的第一审行政案件由中级人民法院管辖（行政诉讼法"
                    "第十五条第一项）。"
                )
        elif lvl is not Level.VERTICAL and intermediate:
            problems.append(
                "政府工作部门、乡镇人民政府为被告的第一审行政案件一般由基层人民法院管辖（行政"
                "诉讼法第十四条），请核对是否应为中级或高级人民法院。"
            )
    return problems
