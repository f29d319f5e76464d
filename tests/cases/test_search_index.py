"""Search finds Chinese substrings on both databases; PostgreSQL has gram indexes for it."""

import pytest
from django.db import connection

from tests.cases.helpers import make_case

pytestmark = pytest.mark.django_db


def test_chinese_substring_search_finds_number_name_and_description(api_as, agency, handler):
    case = make_case(agency, handler, description="关于城区道路改造工程立项批复的申请")
    make_case(agency, handler, description="关于教育经费的申请")
    api = api_as(handler)
    for q in ("道路改造", "张三", case.number[3:9]):
        body = api.get("/api/v1/cases/", {"q": q}).json()
        assert case.number in [c["number"] for c in body["results"]], q
    assert api.get("/api/v1/cases/", {"q": "道路改造"}).json()["count"] == 1


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="gram indexes are PostgreSQL's")
def test_gram_indexes_replace_the_trigram_ones_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE %s", ["cases_%"])
        names = {row[0] for row in cursor.fetchall()}
    assert {
        "cases_case_description_grams", "cases_case_number_grams", "cases_applicant_name_grams"
    } <= names
    assert not {n for n in names if n.endswith("_trgm")}
