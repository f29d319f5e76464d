"""POST and GET /api/v1/cases/: registration, validation, numbering, duplicates, the list."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cases.models import Case
from rules.states import Status
from tests.cases.helpers import ORGANIZATION, PERSON, make_case, registration_payload
from tests.factories import make_member
from workflow import services

pytestmark = pytest.mark.django_db

DEADLINE_KEYS = {
    "received_on",
    "base_working_days",
    "extension_working_days",
    "paused_working_days",
    "due",
    "provisional",
    "explanation",
}


def register(api, **overrides):
    return api.post("/api/v1/cases/", registration_payload(**overrides), format="json")


def applicant(**changes):
    return {**PERSON, **changes}


def organization(**changes):
    return {**ORGANIZATION, **changes}


def errors_of(response) -> dict:
    assert response.status_code == 400, response.json()
    return response.json()["errors"]


# -- happy paths -------------------------------------------------------------------------------


def test_it_registers_a_person_with_a_resident_id(api_as, clerk):
    response = register(api_as(clerk))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"] == "郯政办依申〔2023〕1号"
    assert body["status"] == "registered"
    assert body["applicant"]["name"] == "张三"
    assert body["applicant"]["id_number"] == "11010519491231002X"
    assert body["applicant"]["org_category"] == ""
    assert body["received_on"] == "2023-07-14"
    assert body["decision"] is None
    # 20 working days after Friday 2023-07-14 (no holiday in between): Friday 2023-08-11.
    assert body["reply_due"] == "2023-08-11"
    assert DEADLINE_KEYS <= set(body["deadline"])
    assert body["deadline"]["base_working_days"] == 20
    assert body["deadline"]["extension_working_days"] == 0
    assert body["deadline"]["paused_working_days"] == 0
    assert body["deadline"]["due"] == "2023-08-11"
    assert body["deadline"]["provisional"] is False
    assert body["deadline"]["explanation"]
    assert set(body["transitions"]) == {"request_correction", "withdraw"}  # a clerk's
    assert body["tasks"] == [] and body["consultations"] == []
    assert isinstance(body["letters"], list)
    assert [e["name"] for e in body["events"]] == ["register"]
    assert body["possible_duplicates"] == []
    case = Case.objects.get(pk=body["id"])
    assert case.registered_by == clerk and case.first_received_on == date(2023, 7, 14)


def test_it_registers_an_organisation_with_a_uscc(api_as, handler):
    # A lower-case USCC is normalised before it is checked and stored.
    payload = organization(id_number="91350100m000100y43")
    response = register(api_as(handler), applicant=payload)
    assert response.status_code == 201, response.json()
    applicant_data = response.json()["applicant"]
    assert applicant_data["kind"] == "organization"
    assert applicant_data["id_number"] == "91350100M000100Y43"
    assert applicant_data["org_category"] == "legal_service"
    assert applicant_data["contact_name"] == "李四"


def test_a_lower_case_x_in_the_resident_id_is_normalised(api_as, clerk):
    response = register(api_as(clerk), applicant=applicant(id_number="11010519491231002x"))
    assert response.status_code == 201, response.json()
    assert response.json()["applicant"]["id_number"] == "11010519491231002X"


# -- validation --------------------------------------------------------------------------------


def test_a_bad_id_check_digit_is_400_on_applicant_id_number(api_as, clerk):
    errors = errors_of(register(api_as(clerk), applicant=applicant(id_number="110105194912310021")))
    assert errors == {"applicant.id_number": ["身份证号码校验位不正确"]}
    assert not Case.objects.exists()


def test_a_bad_uscc_is_400(api_as, clerk):
    errors = errors_of(
        register(api_as(clerk), applicant=organization(id_number="91350100M000100Y44"))
    )
    assert errors == {"applicant.id_number": ["统一社会信用代码校验码不正确"]}


def test_a_person_cannot_use_a_uscc(api_as, clerk):
    errors = errors_of(
        register(api_as(clerk), applicant=applicant(id_type="uscc", id_number="91350100M000100Y43"))
    )
    assert "applicant.id_type" in errors


def test_an_organisation_needs_its_category(api_as, clerk):
    errors = errors_of(register(api_as(clerk), applicant=organization(org_category=None)))
    assert list(errors) == ["applicant.org_category"]


def test_an_organisation_cannot_use_a_resident_id(api_as, clerk):
    errors = errors_of(
        register(api_as(clerk), applicant=organization(id_type="resident_id"))
    )
    assert "applicant.id_type" in errors


@pytest.mark.parametrize(
    "phone", ["12345", "138001380001", "+8613800138000", "１３８００１３８０００"]
)
def test_a_bad_phone_is_400(api_as, clerk, phone):
    errors = errors_of(register(api_as(clerk), applicant=applicant(phone=phone)))
    assert errors == {"applicant.phone": ["请输入有效的手机号码或固定电话号码"]}


def test_received_on_in_the_future_is_400(api_as, clerk):
    tomorrow = timezone.localdate() + timedelta(days=1)
    errors = errors_of(register(api_as(clerk), received_on=tomorrow.isoformat()))
    assert errors == {"received_on": ["收到申请日期不能晚于今天。"]}


@pytest.mark.parametrize("value", ["2023-02-30", "2023-13-01", "14/07/2023", "", None, 20230714])
def test_an_impossible_or_malformed_received_on_is_400(api_as, clerk, value):
    assert "received_on" in errors_of(register(api_as(clerk), received_on=value))


@pytest.mark.parametrize("value", ["", "   \n "])
def test_an_empty_description_is_400(api_as, clerk, value):
    assert list(errors_of(register(api_as(clerk), description=value))) == ["description"]


def test_a_too_long_description_is_400(api_as, clerk):
    assert register(api_as(clerk), description="文" * 5000).status_code == 201
    errors = errors_of(register(api_as(clerk), description="文" * 5001))
    assert list(errors) == ["description"]


def test_an_unknown_field_is_400(api_as, clerk):
    assert errors_of(register(api_as(clerk), priority="high")) == {"priority": ["不允许的字段。"]}
    nested = errors_of(register(api_as(clerk), applicant=applicant(gender="男")))
    assert nested == {"applicant.gender": ["不允许的字段。"]}
    assert not Case.objects.exists()


def test_a_missing_applicant_is_400(api_as, clerk):
    payload = registration_payload()
    del payload["applicant"]
    response = api_as(clerk).post("/api/v1/cases/", payload, format="json")
    assert "applicant" in errors_of(response)


@pytest.mark.parametrize("body", [[], "x", {"applicant": "张三"}, {"applicant": None}])
def test_a_body_of_the_wrong_shape_is_400(api_as, clerk, body):
    response = api_as(clerk).post("/api/v1/cases/", body, format="json")
    assert response.status_code == 400, response.content


def test_the_form_of_a_filled_on_behalf_application_names_who_filled_it(api_as, clerk):
    errors = errors_of(register(api_as(clerk), filled_on_behalf=True))
    assert "filled_by" in errors
    ok = register(api_as(clerk), filled_on_behalf=True, filled_by="王五")
    assert ok.status_code == 201 and ok.json()["filled_by"] == "王五"


# -- who may register --------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["approver", "auditor", "dept_a", "agency_admin"])
def test_roles_that_do_not_register_get_403(api_as, request, who):
    response = register(api_as(request.getfixturevalue(who)))
    assert response.status_code == 403, response.json()
    assert not Case.objects.exists()


def test_unauthenticated_is_401(api, agency):
    response = api.post("/api/v1/cases/", registration_payload(), format="json")
    assert response.status_code == 401
    assert api.get("/api/v1/cases/").status_code == 401


def test_the_list_does_not_accept_put_or_delete(api_as, clerk):
    assert api_as(clerk).put("/api/v1/cases/", {}, format="json").status_code == 405
    assert api_as(clerk).delete("/api/v1/cases/").status_code == 405


# -- numbering ---------------------------------------------------------------------------------


def test_numbers_follow_the_agency_pattern_and_restart_each_year(api_as, clerk, agency):
    client = api_as(clerk)
    numbers = [
        register(client, received_on="2023-07-14").json()["number"],
        register(client, received_on="2023-07-15").json()["number"],
        register(client, received_on="2022-12-30").json()["number"],
        register(client, received_on="2023-07-17").json()["number"],
    ]
    assert numbers == [
        "郯政办依申〔2023〕1号",
        "郯政办依申〔2023〕2号",
        "郯政办依申〔2022〕1号",
        "郯政办依申〔2023〕3号",
    ]


def test_the_number_pattern_is_configurable_per_agency(api_as, clerk, agency):
    agency.case_number_pattern = "{short}申〔{year}〕第{seq}号"
    agency.save()
    assert register(api_as(clerk)).json()["number"] == "郯政办申〔2023〕第1号"


def test_numbers_are_counted_per_agency(api_as, clerk, outsider):
    assert register(api_as(clerk)).json()["number"] == "郯政办依申〔2023〕1号"
    assert register(api_as(outsider)).json()["number"] == "兰政办依申〔2023〕1号"


# -- duplicates --------------------------------------------------------------------------------


def test_possible_duplicates_list_a_similar_earlier_case_of_the_same_applicant(
    api_as, clerk, agency, other_agency, outsider
):
    similar = make_case(agency, clerk, description="郯城县城区道路改造工程立项批复文件及附件")
    make_case(agency, clerk, description="郯城县2022年度财政预算执行情况和决算报告")
    someone_else = applicant(name="李四", id_number="110105194912310011")
    make_case(agency, clerk, applicant=someone_else)  # same text, another applicant
    make_case(other_agency, outsider)  # same applicant and text, another agency
    # A lower-case x is the same ID number.
    response = register(api_as(clerk), applicant=applicant(id_number="11010519491231002x"))
    # Registration never refuses a likely duplicate (anyone may apply again).
    assert response.status_code == 201, response.json()
    duplicates = response.json()["possible_duplicates"]
    assert [d["id"] for d in duplicates] == [similar.pk]
    assert duplicates[0]["number"] == similar.number
    assert duplicates[0]["received_on"] == "2023-07-14"
    assert 0.5 <= duplicates[0]["similarity"] < 1
    assert Case.objects.filter(agency=agency).count() == 4


def test_an_identical_repeat_is_registered_and_may_be_linked(api_as, clerk, agency):
    first = make_case(agency, clerk)
    response = register(api_as(clerk), repeat_of=first.pk)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert [d["id"] for d in body["possible_duplicates"]] == [first.pk]
    assert body["possible_duplicates"][0]["similarity"] == 1.0
    assert body["repeat_of"] == first.number
    assert body["number"] == "郯政办依申〔2023〕2号"


def test_repeat_of_an_invisible_case_is_400(api_as, clerk, other_agency, outsider):
    foreign = make_case(other_agency, outsider)
    assert "repeat_of" in errors_of(register(api_as(clerk), repeat_of=foreign.pk))


# -- the list ----------------------------------------------------------------------------------


@pytest.fixture
def listed(agency, clerk, handler):
    """Four cases: three of 2023 (all overdue by now) in different states, one received today."""
    road = make_case(agency, clerk)
    budget = make_case(
        agency,
        clerk,
        received_on=date(2023, 3, 1),
        description="郯城县2022年度财政预算执行情况和决算报告",
        applicant=applicant(name="王小明", id_number="110105194912310011"),
    )
    withdrawn = make_case(
        agency, clerk, received_on=date(2023, 5, 10), description="征地补偿安置方案"
    )
    services.withdraw(
        case=withdrawn, actor=clerk, reason="申请人撤回", withdrawn_on=date(2023, 5, 11)
    )
    fresh = make_case(
        agency, clerk, received_on=timezone.localdate(), description="本年度城市绿化规划"
    )
    return {"road": road, "budget": budget, "withdrawn": withdrawn, "fresh": fresh}


def ids(response) -> set[int]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def test_the_list_is_paginated_newest_first(api_as, handler, listed):
    body = api_as(handler).get("/api/v1/cases/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 4 and body["next"] is None and body["previous"] is None
    order = [row["id"] for row in body["results"]]
    assert order == [listed[k].pk for k in ("fresh", "road", "withdrawn", "budget")]
    row = body["results"][0]
    assert {"id", "number", "status", "applicant_name", "received_on", "reply_due"} <= set(row)
    page = api_as(handler).get("/api/v1/cases/?page_size=3&page=2").json()
    assert page["count"] == 4 and len(page["results"]) == 1
    assert page["next"] is None and "page_size=3" in page["previous"]


def test_the_list_filters_by_status(api_as, handler, listed):
    client = api_as(handler)
    assert ids(client.get("/api/v1/cases/?status=closed")) == {listed["withdrawn"].pk}
    assert len(ids(client.get("/api/v1/cases/?status=registered"))) == 3
    assert "status" in errors_of(client.get("/api/v1/cases/?status=sleeping"))


@pytest.mark.parametrize(
    "q,expected",
    [
        ("道路改造", {"road"}),  # a Chinese substring of the description
        ("小明", {"budget"}),  # of the applicant's name
        ("〔2023〕2号", {"budget"}),  # of the number
        ("郯政办依申", {"road", "budget", "withdrawn", "fresh"}),
        ("  绿化 ", {"fresh"}),
        ("不存在的内容", set()),
    ],
)
def test_the_list_searches_with_q(api_as, handler, listed, q, expected):
    response = api_as(handler).get("/api/v1/cases/", {"q": q})
    assert ids(response) == {listed[k].pk for k in expected}


def test_the_list_filters_overdue_open_cases(api_as, handler, listed):
    client = api_as(handler)
    # The closed case is past its old due date but no longer open; the fresh one is not yet due.
    expected = {listed["road"].pk, listed["budget"].pk}
    assert ids(client.get("/api/v1/cases/?overdue=true")) == expected
    assert len(ids(client.get("/api/v1/cases/?overdue=false"))) == 4


def test_the_list_filters_by_due_before(api_as, handler, listed):
    client = api_as(handler)
    # Due 2023-03-29 (budget) and 2023-08-11 (road).
    assert ids(client.get("/api/v1/cases/?due_before=2023-03-29")) == {listed["budget"].pk}
    assert ids(client.get("/api/v1/cases/?due_before=2023-08-11")) == {
        listed["budget"].pk,
        listed["road"].pk,
    }
    assert "due_before" in errors_of(client.get("/api/v1/cases/?due_before=2023-02-30"))


def test_empty_filters_filter_nothing(api_as, handler, listed):
    # api.md writes the list URL with every parameter present and empty.
    response = api_as(handler).get("/api/v1/cases/?status=&q=&overdue=&due_before=&page=")
    assert len(ids(response)) == 4


@pytest.mark.parametrize("who", ["clerk", "handler", "approver", "auditor"])
def test_case_roles_see_the_agency_cases(api_as, request, listed, who):
    assert len(ids(api_as(request.getfixturevalue(who)).get("/api/v1/cases/"))) == 4


@pytest.mark.parametrize("who", ["dept_a", "outsider"])
def test_liaisons_and_outsiders_see_no_case(api_as, request, listed, who):
    client = api_as(request.getfixturevalue(who))
    assert ids(client.get("/api/v1/cases/")) == set()
    for case in listed.values():
        response = client.get(f"/api/v1/cases/{case.pk}/")
        assert response.status_code == 404
        assert set(response.json()) == {"detail"}


def test_a_user_without_membership_sees_nothing(api_as, listed):
    from tests.factories import UserFactory

    nobody = UserFactory(username="nobody")
    assert ids(api_as(nobody).get("/api/v1/cases/")) == set()
    assert register(api_as(nobody)).status_code == 403


def test_an_unknown_case_is_404(api_as, handler):
    assert api_as(handler).get("/api/v1/cases/999999/").status_code == 404


def test_the_detail_lists_events_oldest_first(api_as, handler, listed):
    body = api_as(handler).get(f"/api/v1/cases/{listed['withdrawn'].pk}/").json()
    assert [e["name"] for e in body["events"]] == ["register", "withdraw"]
    assert body["decision"] == "other.withdrawn"
    assert body["status"] == Status.CLOSED


# -- query counts ------------------------------------------------------------------------------


def test_the_list_runs_the_same_queries_for_5_and_50_cases(
    api_as, agency, clerk, django_assert_num_queries
):
    client = api_as(make_member("reader", "handler", agency))
    client.get("/api/v1/cases/")  # warm the user's permission cache
    for count in (5, 50):
        while Case.objects.count() < count:
            make_case(agency, clerk)
        # 1. COUNT(*) of the visible, filtered cases (pagination)
        # 2. the page of cases joined with their applicants
        with django_assert_num_queries(2):
            response = client.get("/api/v1/cases/")
        assert response.json()["count"] == count
