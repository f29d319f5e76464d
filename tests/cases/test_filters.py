"""cases.filters: one FilterSet behind the API list (/api/v1/cases/), the web list (/cases/) and
the auditor's search (/audit/, extending it): same parameters, same answers, field errors for
bad values (a 400 on the API, a Chinese message beside the field on the page), never a 500."""

from datetime import date

import pytest
from django.utils import timezone

from audit.filters import AuditCaseFilter
from cases.filters import CaseFilter, CaseSearchFilter, parse_flag
from cases.models import Case
from tests.cases.helpers import make_case
from workflow import clock

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(agency, clerk):
    """One overdue case of 2023 and one due soon (received 18 working days ago)."""
    calendar = clock.get_calendar()
    day = timezone.localdate()
    for _ in range(18):
        day = calendar.previous_working_day(day)
    late = make_case(agency, clerk, received_on=date(2023, 7, 14), description="道路改造")
    soon = make_case(agency, clerk, received_on=day, description="绿化规划")
    return late, soon


def api_ids(client, **params) -> set[int]:
    response = client.get("/api/v1/cases/", params)
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def web_ids(client, **params) -> set[int]:
    params.setdefault("scope", "all")  # a handler's page opens on 我的案件 (the API's ?mine=true)
    response = client.get("/cases/", params)
    assert response.status_code == 200
    return {case.pk for case in response.context["cases"]}


def test_the_api_and_the_page_use_the_same_filterset():
    from audit import views as audit_views
    from cases import api, views

    assert api.CaseListCreateView.filterset_class is CaseFilter
    assert views.CaseFilter is CaseFilter
    assert issubclass(audit_views.AuditCaseFilter, CaseSearchFilter)


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "道路"}, {"status": "registered"}, {"overdue": "true"}, {"due_soon": "true"}],
)
def test_the_api_and_the_page_list_the_same_cases(api_as, client, handler, two, params):
    client.force_login(handler)
    assert api_ids(api_as(handler), **params) == web_ids(client, **params)
    mine = web_ids(client, scope="mine", **params)
    assert api_ids(api_as(handler), mine="true", **params) == mine


def test_the_checkbox_value_on_and_the_api_value_true_mean_the_same(client, handler, two):
    late, soon = two
    client.force_login(handler)
    assert web_ids(client, overdue="on") == web_ids(client, overdue="true") == {late.pk}
    assert web_ids(client, due_soon="on") == {soon.pk}  # overdue is not "soon"
    assert web_ids(client, overdue="false") == {late.pk, soon.pk}


def test_the_api_offers_due_soon_too(api_as, handler, two):
    late, soon = two
    assert api_ids(api_as(handler), due_soon="true") == {soon.pk}


@pytest.mark.parametrize(
    "params,field",
    [
        ({"overdue": "maybe"}, "overdue"),
        ({"due_soon": "2"}, "due_soon"),
        ({"due_before": "tomorrow"}, "due_before"),
        ({"status": "lost"}, "status"),
        ({"q": "长" * 101}, "q"),
    ],
)
def test_a_bad_value_is_a_400_naming_the_field(api_as, handler, params, field):
    response = api_as(handler).get("/api/v1/cases/", params)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [field]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in errors[field][0])  # in Chinese


@pytest.mark.parametrize(
    "params,message",
    [
        ({"overdue": "maybe"}, "请填写 true 或 false。"),
        ({"due_before": "2023-02-30"}, "输入一个有效的日期"),
        ({"status": "lost"}, "选择一个有效的选项"),
    ],
)
def test_a_bad_value_shows_a_chinese_message_and_filters_nothing(
    client, handler, two, params, message
):
    client.force_login(handler)
    response = client.get("/cases/", params)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert {c.pk for c in response.context["cases"]} == {c.pk for c in two}


def test_a_ticked_checkbox_stays_ticked(client, handler, two):
    client.force_login(handler)
    html = client.get("/cases/", {"overdue": "on"}).content.decode()
    assert 'name="overdue" value="on"' in html and "checked" in html
    assert "清除条件" in html
    assert "清除条件" not in client.get("/cases/", {"q": ""}).content.decode()


@pytest.mark.parametrize(
    "value,flag",
    [("on", True), ("TRUE", True), ("1", True), ("", False), ("false", False), ("x", None)],
)
def test_parse_flag(value, flag):
    assert parse_flag(value) is flag


def test_the_filters_add_no_query_of_their_own(
    api_as, agency, clerk, handler, django_assert_num_queries
):
    make_case(agency, clerk)
    client = api_as(handler)
    client.get("/api/v1/cases/")  # warm the user's permission cache
    params = {"q": "道路", "status": "registered", "overdue": "true", "due_before": "2030-01-01"}
    # 1. the capped count of the visible, filtered matches  2. the page's rows with their
    # applicants and handlers, whose ids a subquery finds first (cases.search.CaseSearch)
    with django_assert_num_queries(2):
        assert client.get("/api/v1/cases/", params).status_code == 200


def test_the_auditor_filter_keeps_the_shared_search(rf, auditor, agency, clerk, two):
    late, _soon = two
    request = rf.get("/audit/")
    request.user = auditor
    found = AuditCaseFilter({"q": "道路"}, queryset=Case.objects.all(), request=request).qs
    assert list(found) == [late]
    form = AuditCaseFilter(None, queryset=Case.objects.none(), request=request).form
    assert list(form.fields)[:3] == ["q", "applicant", "year"]
    assert form.fields["q"].label == "编号或关键词"
