"""承办人: named at assignment or by an approver, changed with a reason (recorded), listed as
我的案件, and handed over in one step."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agencies.models import Role
from cases.models import Case
from tests.cases.helpers import make_case
from tests.factories import make_member
from workflow import services
from workflow.errors import Conflict

pytestmark = pytest.mark.django_db


@pytest.fixture
def handler2(agency):
    return make_member("handler2", Role.HANDLER, agency)


def assign(case, handler, department):
    return services.assign(case=case, actor=handler, assigned_on=date(2023, 7, 17), tasks=[
        {"department": department.pk, "instructions": "请检索", "due_on": date(2023, 7, 24)}])


def test_the_handler_who_assigns_an_unowned_case_becomes_its_handler(
    agency, clerk, handler, handler2, department_a
):
    case = make_case(agency, clerk)
    assert case.handler is None
    assign(case, handler, department_a)
    case.refresh_from_db()
    assert case.handler_id == handler.pk
    # A later assignment by someone else keeps the named handler.
    assign(case, handler2, department_a)
    case.refresh_from_db()
    assert case.handler_id == handler.pk


def test_an_approver_changes_the_handler_with_a_reason_recorded(
    agency, clerk, handler, handler2, approver
):
    case = make_case(agency, clerk)
    services.set_handler(case=case, actor=approver, handler=handler)
    with pytest.raises(ValidationError) as error:
        services.set_handler(case=case, actor=approver, handler=handler2)
    assert "reason" in error.value.message_dict
    services.set_handler(case=case, actor=approver, handler=handler2, reason="原承办人休假")
    case.refresh_from_db()
    assert case.handler_id == handler2.pk
    event = case.events.order_by("-seq").first()
    assert event.name == "set_handler" and event.note == "原承办人休假"
    assert event.payload["from"]["id"] == handler.pk and event.payload["to"]["id"] == handler2.pk


def test_only_a_handler_of_the_agency_can_be_named(agency, clerk, approver, outsider, auditor):
    case = make_case(agency, clerk)
    for nobody in (outsider, auditor, clerk):
        with pytest.raises(ValidationError) as error:
            services.set_handler(case=case, actor=approver, handler=nobody)
        assert "handler" in error.value.message_dict


def test_a_handler_takes_an_unowned_case_but_not_anothers(
    agency, clerk, handler, handler2, approver
):
    case = make_case(agency, clerk)
    services.set_handler(case=case, actor=handler, handler=handler)
    with pytest.raises(PermissionDenied):
        services.set_handler(case=case, actor=handler2, handler=handler2, reason="想接手")
    with pytest.raises(PermissionDenied):
        services.set_handler(case=case, actor=clerk, handler=handler2, reason="x")


def test_naming_the_same_handler_twice_is_a_conflict(agency, clerk, handler, approver):
    case = make_case(agency, clerk)
    services.set_handler(case=case, actor=approver, handler=handler)
    with pytest.raises(Conflict):
        services.set_handler(case=case, actor=approver, handler=handler, reason="again")


def test_hand_over_moves_every_open_case_in_one_step(
    agency, clerk, handler, handler2, approver
):
    open_cases = [make_case(agency, clerk) for _ in range(3)]
    closed = make_case(agency, clerk)
    for case in [*open_cases, closed]:
        services.set_handler(case=case, actor=approver, handler=handler)
    services.withdraw(case=closed, actor=clerk, reason="撤回")
    moved = services.hand_over_cases(
        agency=agency, actor=handler, from_user=handler, to_user=handler2, reason="休假两周"
    )
    assert sorted(c.pk for c in moved) == sorted(c.pk for c in open_cases)
    assert set(Case.objects.filter(pk__in=[c.pk for c in open_cases])
               .values_list("handler", flat=True)) == {handler2.pk}
    closed.refresh_from_db()
    assert closed.handler_id == handler.pk
    for case in open_cases:
        last = case.events.order_by("-seq").first()
        assert last.name == "hand_over_cases" and last.note == "休假两周"


def test_hand_over_needs_a_reason_and_the_right_person(agency, clerk, handler, handler2, approver):
    with pytest.raises(ValidationError):
        services.hand_over_cases(
            agency=agency, actor=approver, from_user=handler, to_user=handler2, reason=" "
        )
    with pytest.raises(PermissionDenied):  # a handler hands over only his or her own cases
        services.hand_over_cases(
            agency=agency, actor=handler2, from_user=handler, to_user=handler2, reason="x"
        )
    with pytest.raises(ValidationError):
        services.hand_over_cases(
            agency=agency, actor=approver, from_user=handler, to_user=clerk, reason="x"
        )


# -- the API ---------------------------------------------------------------------------------


def test_api_sets_the_handler_and_lists_mine(api_as, agency, clerk, handler, handler2, approver):
    case = make_case(agency, clerk)
    other = make_case(agency, clerk)
    response = api_as(approver).post(
        f"/api/v1/cases/{case.pk}/handler/", {"handler": handler.pk}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["handler"] == {"id": handler.pk, "name": "handler"}
    response = api_as(approver).post(
        f"/api/v1/cases/{case.pk}/handler/", {"handler": handler2.pk}, format="json"
    )
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    listed = api_as(handler).get("/api/v1/cases/", {"mine": "true"}).json()
    assert [c["id"] for c in listed["results"]] == [case.pk]
    assert listed["results"][0]["handler"]["id"] == handler.pk
    everything = api_as(handler).get("/api/v1/cases/").json()
    assert {c["id"] for c in everything["results"]} == {case.pk, other.pk}


def test_api_refuses_a_stranger_as_handler(api_as, agency, clerk, approver, outsider):
    case = make_case(agency, clerk)
    response = api_as(approver).post(
        f"/api/v1/cases/{case.pk}/handler/", {"handler": outsider.pk}, format="json"
    )
    assert response.status_code == 400 and "handler" in response.json()["errors"]
    response = api_as(approver).post(
        f"/api/v1/cases/{case.pk}/handler/", {"handler": "x"}, format="json"
    )
    assert response.status_code == 400


def test_api_hand_over(api_as, agency, clerk, handler, handler2, approver):
    case = make_case(agency, clerk)
    services.set_handler(case=case, actor=approver, handler=handler)
    response = api_as(approver).post("/api/v1/handover/", {
        "from_user": handler.pk, "to_user": handler2.pk, "reason": "调岗"}, format="json")
    assert response.status_code == 200 and response.json() == {"count": 1, "cases": [case.pk]}
    response = api_as(handler).post("/api/v1/handover/", {
        "from_user": handler2.pk, "to_user": handler.pk, "reason": "x"}, format="json")
    assert response.status_code == 403


# -- the web ---------------------------------------------------------------------------------


def test_case_page_offers_the_change_to_approvers_only(client, agency, clerk, handler, approver):
    case = make_case(agency, clerk)
    client.force_login(approver)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "尚未指定承办人" in html and f'action="/cases/{case.pk}/handler/"' in html
    response = client.post(f"/cases/{case.pk}/handler/", {"handler": handler.pk})
    assert response.status_code == 302
    client.force_login(clerk)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'action="/cases/{case.pk}/handler/"' not in html
    assert client.post(f"/cases/{case.pk}/handler/", {"handler": handler.pk}).status_code == 403


def test_web_change_without_reason_shows_the_field_error(
    client, agency, clerk, handler, handler2, approver
):
    case = make_case(agency, clerk)
    services.set_handler(case=case, actor=approver, handler=handler)
    client.force_login(approver)
    response = client.post(f"/cases/{case.pk}/handler/", {"handler": handler2.pk})
    assert response.status_code == 400
    assert "更换承办人请填写理由。" in response.content.decode()
    response = client.post(f"/cases/{case.pk}/handler/", {"handler": ""})
    assert response.status_code == 400 and "请选择承办人。" in response.content.decode()
    assert client.get(f"/cases/{case.pk}/handler/").status_code == 405


def test_web_hand_over(client, agency, clerk, handler, handler2, approver):
    case = make_case(agency, clerk)
    services.set_handler(case=case, actor=approver, handler=handler)
    client.force_login(handler)
    assert client.get("/handover/").status_code == 200
    response = client.post("/handover/", {"from_user": handler.pk, "to_user": handler2.pk,
                                          "reason": ""})
    assert response.status_code == 400 and "请填写移交理由。" in response.content.decode()
    response = client.post("/handover/", {"from_user": handler.pk, "to_user": handler2.pk,
                                          "reason": "休假"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.handler_id == handler2.pk
    client.force_login(clerk)
    assert client.get("/handover/").status_code == 403


def test_the_timeline_names_the_old_and_new_handler(client, agency, clerk, handler, handler2,
                                                    approver):
    case = make_case(agency, clerk)
    services.set_handler(case=case, actor=approver, handler=handler)
    services.set_handler(case=case, actor=approver, handler=handler2, reason="原承办人休假")
    client.force_login(approver)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "原承办人" in html and "新承办人" in html and "原承办人休假" in html
    assert "指定承办人" in html and "'id'" not in html
