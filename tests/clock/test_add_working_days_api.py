import pytest

from clock import services

URL = "/api/v1/calendar/add-working-days/"


@pytest.mark.django_db
def test_it_skips_national_day_2023(api_as, clerk):
    # 29 Sep-6 Oct 2023 off (中秋节、国庆节); Sat 7 Oct is a working day (调休).
    response = api_as(clerk).get(URL, {"start": "2023-09-28", "days": 1})
    assert response.status_code == 200
    assert response.json() == {"date": "2023-10-07", "provisional": False}


@pytest.mark.django_db
def test_it_counts_twenty_working_days_over_spring_festival_2024(api_as, handler):
    response = api_as(handler).get(URL, {"start": "2024-02-01", "days": 20})
    assert response.json() == {"date": "2024-03-05", "provisional": False}


@pytest.mark.django_db
def test_zero_days_is_the_start_itself(api_as, clerk):
    response = api_as(clerk).get(URL, {"start": "2024-02-10", "days": 0})
    assert response.json() == {"date": "2024-02-10", "provisional": False}


@pytest.mark.django_db
def test_it_flags_a_result_in_a_provisional_year(api_as, clerk):
    # 2027 is seeded as provisional (the package's estimate, not yet confirmed).
    response = api_as(clerk).get(URL, {"start": "2026-12-20", "days": 20})
    assert response.status_code == 200
    assert response.json()["provisional"] is True


@pytest.mark.django_db
def test_it_flags_a_year_that_is_not_loaded_at_all(api_as, clerk):
    response = api_as(clerk).get(URL, {"start": "2031-03-03", "days": 1})
    assert response.json() == {"date": "2031-03-04", "provisional": True}


@pytest.mark.django_db
def test_confirming_the_year_clears_the_flag(api_as, clerk, agency_admin):
    services.confirm_year(year=2027, actor=agency_admin)
    response = api_as(clerk).get(URL, {"start": "2026-12-20", "days": 20})
    assert response.json()["provisional"] is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, field, message",
    [
        ({"days": 1}, "start", "请提供起始日期"),
        ({"start": "2023-09-28"}, "days", "请提供工作日天数"),
        ({"start": "2023-02-30", "days": 1}, "start", "起始日期无效"),
        ({"start": "28/09/2023", "days": 1}, "start", "起始日期无效"),
        ({"start": "", "days": 1}, "start", "起始日期无效"),
        ({"start": "2023-09-28T10:00:00", "days": 1}, "start", "起始日期无效"),
        ({"start": "9999-12-31", "days": 366}, "start", "之间"),
        ({"start": "2023-09-28", "days": "abc"}, "days", "必须是整数"),
        ({"start": "2023-09-28", "days": "1.5"}, "days", "必须是整数"),
        ({"start": "2023-09-28", "days": "-1"}, "days", "不能为负数"),
        ({"start": "2023-09-28", "days": "367"}, "days", "不能超过 366"),
        ({"start": "2023-09-28", "days": "9" * 5000}, "days", "必须是整数"),
    ],
)
def test_bad_parameters_are_400_with_a_chinese_message(api_as, clerk, params, field, message):
    response = api_as(clerk).get(URL, params)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [field]
    assert message in errors[field][0]


@pytest.mark.django_db
def test_both_missing_reports_both(api_as, clerk):
    response = api_as(clerk).get(URL)
    assert set(response.json()["errors"]) == {"start", "days"}


@pytest.mark.django_db
def test_anonymous_is_401(api):
    response = api.get(URL, {"start": "2023-09-28", "days": 1})
    assert response.status_code == 401


@pytest.mark.django_db
def test_every_role_may_ask(api_as, request):
    for who in ["clerk", "handler", "approver", "dept_a", "auditor", "agency_admin", "outsider"]:
        response = api_as(request.getfixturevalue(who)).get(
            URL, {"start": "2023-09-28", "days": 1}
        )
        assert response.status_code == 200, who


@pytest.mark.django_db
def test_post_is_not_allowed(api_as, clerk):
    assert api_as(clerk).post(URL, {"start": "2023-09-28", "days": 1}).status_code == 405


@pytest.mark.django_db
def test_it_is_in_the_schema(client, clerk):
    client.force_login(clerk)
    schema = client.get("/api/v1/schema/").content.decode()
    assert "/api/v1/calendar/add-working-days/" in schema
    assert "AddWorkingDaysResult" in schema
