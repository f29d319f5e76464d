"""Search at scale: any term length, ids first, counts capped, constant queries."""

import pytest

from tests.cases.helpers import ORGANIZATION, make_case

pytestmark = pytest.mark.django_db


def numbers(response) -> list[str]:
    return [c["number"] for c in response.json()["results"]]


def test_one_and_two_character_terms_find_substrings(api_as, agency, handler):
    road = make_case(agency, handler, description="关于城区道路改造工程立项批复的申请")
    school = make_case(agency, handler, description="关于中小学校舍建设资金的申请")
    api = api_as(handler)
    assert numbers(api.get("/api/v1/cases/", {"q": "路"})) == [road.number]
    assert numbers(api.get("/api/v1/cases/", {"q": "校舍"})) == [school.number]
    assert set(numbers(api.get("/api/v1/cases/", {"q": "申请"}))) == {road.number, school.number}


def test_latin_letters_match_in_any_case(api_as, agency, handler):
    case = make_case(agency, handler, description="2023年PM2.5监测数据")
    assert numbers(api_as(handler).get("/api/v1/cases/", {"q": "pm2.5"})) == [case.number]


def test_like_wildcards_in_a_term_are_literal(api_as, agency, handler):
    make_case(agency, handler, description="关于道路改造的申请")
    assert numbers(api_as(handler).get("/api/v1/cases/", {"q": "道%造"})) == []
    assert numbers(api_as(handler).get("/api/v1/cases/", {"q": "_"})) == []


def test_a_case_matching_in_two_tables_is_listed_once(api_as, agency, handler):
    case = make_case(agency, handler, applicant=ORGANIZATION, description="律师事务所的申请")
    assert numbers(api_as(handler).get("/api/v1/cases/", {"q": "律师"})) == [case.number]


def test_search_pages_are_newest_first_and_do_not_overlap(api_as, agency, handler):
    from datetime import date

    made = [make_case(agency, handler, received_on=date(2023, 7, d)) for d in range(3, 10)]
    api = api_as(handler)
    first = api.get("/api/v1/cases/", {"q": "道路", "page_size": 3}).json()
    second = api.get("/api/v1/cases/", {"q": "道路", "page_size": 3, "page": 2}).json()
    assert first["count"] == 7
    listed = [c["number"] for c in first["results"] + second["results"]]
    assert listed == [c.number for c in reversed(made)][:6]


def test_counts_stop_at_the_cap(api_as, client, agency, handler, settings):
    settings.LIST_COUNT_CAP = 3
    for _ in range(5):
        make_case(agency, handler)
    api = api_as(handler)
    for params in ({}, {"q": "道路"}):
        response = api.get("/api/v1/cases/", params)
        assert response.json()["count"] == 4, params
        assert response["X-Count-Capped"] == "true"
    few = api.get("/api/v1/cases/", {"q": "不存在的内容"})
    assert few.json()["count"] == 0 and "X-Count-Capped" not in few
    client.force_login(handler)
    html = client.get("/cases/", {"q": "道路", "scope": "all"}).content.decode()
    assert "共 3+ 件" in html


def test_a_search_page_costs_the_same_queries_for_5_and_50_matches(
    api_as, agency, clerk, handler, django_assert_num_queries
):
    api = api_as(handler)
    api.get("/api/v1/cases/")  # warm the user's permission cache
    for count in (5, 50):
        while len(numbers(api.get("/api/v1/cases/", {"q": "道路", "page_size": 200}))) < count:
            make_case(agency, clerk)
        # 1. the capped count of the UNION of matches
        # 2. the page's cases with their applicants, by the ids a subquery finds first
        with django_assert_num_queries(2):
            response = api.get("/api/v1/cases/", {"q": "道路"})
        assert len(response.json()["results"]) == count
