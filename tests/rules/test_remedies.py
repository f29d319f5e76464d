"""Which remedy each letter states (statute.md "Remedies"), and the agency-settings check."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.remedies import (
    REVIEW_FIRST_SINCE,
    Level,
    Remedy,
    is_refusal,
    remedy_for,
    settings_problems,
)
from rules.states import Decision

REFUSALS = {d.value for d in Decision if d.value.startswith("withheld.")} | {
    "partially_disclosed"
}
EVERY_DECISION = [d.value for d in Decision]
KINDS_WITH_REMEDY = ("reply", "termination_notice", "fee_notice", "third_party_disclosure_notice")
KINDS_WITHOUT = (
    "receipt",
    "correction_notice",
    "reasons_notice",
    "assistance_request",
    "consultation_third_party",
    "consultation_agency",
    "consultation_notice",
    "extension_notice",
    "delivery_receipt",
)
EDGES = [
    date(2019, 5, 15),  # the 2019 Regulations in force
    date(2023, 12, 31),
    REVIEW_FIRST_SINCE,  # 2024-01-01
    date(2024, 1, 2),
    date(2031, 6, 30),
]


def test_the_review_first_rule_starts_on_1_january_2024():
    assert REVIEW_FIRST_SINCE == date(2024, 1, 1)


def test_refusals_are_the_withheld_codes_and_partial_disclosure():
    assert {d for d in EVERY_DECISION if is_refusal(d)} == REFUSALS
    assert len(REFUSALS) == 9
    assert not is_refusal(None) and not is_refusal("")


@pytest.mark.parametrize("decision", EVERY_DECISION)
@pytest.mark.parametrize("act_date", EDGES)
def test_reply_remedy_by_decision_and_date(decision, act_date):
    expected = (
        Remedy.REVIEW_FIRST
        if decision in REFUSALS and act_date >= date(2024, 1, 1)
        else Remedy.REVIEW_OR_SUIT
    )
    assert remedy_for("reply", decision, act_date) is expected


@pytest.mark.parametrize("kind", KINDS_WITH_REMEDY[1:])
@pytest.mark.parametrize("decision", [*EVERY_DECISION, None])
@pytest.mark.parametrize("act_date", EDGES)
def test_adverse_notices_keep_the_alternative(kind, decision, act_date):
    # Termination, fees and a disclosure over a third party's objection are no refusals.
    assert remedy_for(kind, decision, act_date) is Remedy.REVIEW_OR_SUIT


@pytest.mark.parametrize("kind", KINDS_WITHOUT)
@pytest.mark.parametrize("act_date", EDGES)
def test_procedural_letters_state_no_remedy(kind, act_date):
    for decision in [*EVERY_DECISION, None]:
        assert remedy_for(kind, decision, act_date) is Remedy.NONE


@given(st.dates(min_value=date(2008, 5, 1), max_value=date(2100, 1, 1)))
def test_a_refusal_never_offers_suing_directly_from_2024(act_date):
    for decision in REFUSALS:
        remedy = remedy_for("reply", decision, act_date)
        assert (remedy is Remedy.REVIEW_FIRST) == (act_date >= REVIEW_FIRST_SINCE)


@given(st.dates(min_value=date(2008, 5, 1), max_value=date(2100, 1, 1)))
def test_the_day_before_and_the_day_itself(act_date):
    before = remedy_for("reply", "withheld.state_secret", act_date - timedelta(days=1))
    on = remedy_for("reply", "withheld.state_secret", act_date)
    # Monotone: once reconsideration comes first, it stays first.
    assert not (before is Remedy.REVIEW_FIRST and on is Remedy.REVIEW_OR_SUIT)


# -- settings ------------------------------------------------------------------------------------

GOOD = {
    Level.COUNTY_DEPARTMENT: ("郯城县人民政府办公室", "郯城县人民政府", "临沂市兰山区人民法院"),
    Level.TOWNSHIP: ("郯城县马头镇人民政府", "郯城县人民政府", "郯城县人民法院"),
    Level.COUNTY_GOVERNMENT: ("郯城县人民政府", "临沂市人民政府", "临沂市中级人民法院"),
    Level.CITY_DEPARTMENT: ("临沂市自然资源和规划局", "临沂市人民政府", "临沂市兰山区人民法院"),
    Level.CITY_GOVERNMENT: ("临沂市人民政府", "山东省人民政府", "临沂市中级人民法院"),
    Level.PROVINCIAL_DEPARTMENT: ("山东省自然资源厅", "山东省人民政府", "济南市市中区人民法院"),
    Level.PROVINCIAL_GOVERNMENT: ("山东省人民政府", "山东省人民政府", "济南市中级人民法院"),
    Level.VERTICAL: ("国家税务总局郯城县税务局", "国家税务总局临沂市税务局", "郯城县人民法院"),
}


def problems(level, name, body, court):
    return settings_problems(
        level=level.value if isinstance(level, Level) else level,
        name=name,
        reconsideration_body=body,
        court=court,
    )


@pytest.mark.parametrize("level", list(Level))
def test_sound_settings_raise_no_warning(level):
    assert problems(level, *GOOD[level]) == []


def test_every_level_has_a_sound_example():
    assert set(GOOD) == set(Level)


def test_no_level_means_nothing_can_be_checked():
    assert problems("", "郯城县人民政府办公室", "郯城县人民政府", "临沂市兰山区人民法院") == [
        "未设置机关层级，无法核对行政复议机关和管辖法院是否适当。"
    ]
    assert len(problems("nonsense", "x", "y", "z人民法院")) == 1


DEPT, GOV = Level.COUNTY_DEPARTMENT, Level.COUNTY_GOVERNMENT
LAND = "郯城县自然资源局"
TAN = "郯城县人民政府"
BASIC, MIDDLE = "郯城县人民法院", "临沂市中级人民法院"


@pytest.mark.parametrize(
    ("level", "name", "body", "court", "fragment"),
    [
        (DEPT, LAND, "临沂市人民政府", BASIC, "同一行政区域"),  # the city, not the county
        (DEPT, LAND, "山东省人民政府", BASIC, "本级人民政府"),  # a province
        (DEPT, LAND, LAND, BASIC, "不能是本机关"),  # itself
        (DEPT, LAND, TAN, MIDDLE, "基层人民法院"),  # an intermediate court
        (GOV, TAN, TAN, MIDDLE, "上一级"),  # a government reviewing itself
        (GOV, TAN, "兰陵县人民政府", MIDDLE, "上一级"),  # ... or its neighbour
        (GOV, TAN, "临沂市人民政府", BASIC, "中级人民法院"),  # sued in a basic court
        (Level.CITY_GOVERNMENT, "临沂市人民政府", "临沂市人民政府", MIDDLE, "上一级"),
        (Level.PROVINCIAL_GOVERNMENT, "山东省人民政府", "国务院", "济南市中级人民法院", "本机关"),
        (Level.VERTICAL, "国家税务总局郯城县税务局", TAN, BASIC, "上一级主管部门"),
        (DEPT, LAND, TAN, "兰山区", "人民法院全称"),  # a court named without 法院
    ],
)
def test_wrong_settings_are_named(level, name, body, court, fragment):
    found = problems(level, name, body, court)
    assert found, (level, body, court)
    assert any(fragment in p for p in found), found


def test_an_agency_without_a_place_name_is_only_checked_for_the_level():
    # "县自然资源局" names no county: the region check cannot apply, the level check does.
    assert problems(DEPT, "县自然资源局", TAN, BASIC) == []
    assert problems(DEPT, "县自然资源局", "某某局", BASIC)
