"""/cases/<id>/correct/ (cases:correct): an audited edit of the registration while open."""

import pytest
from django.forms.models import model_to_dict

from cases.forms import CASE_FIELDS
from cases.models import Case
from tests.cases.helpers import make_case
from workflow import services
from workflow.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(agency, clerk):
    return make_case(agency, clerk)


def current(case, **changes) -> dict:
    """The form as shown, with ``changes`` typed in."""
    case = Case.objects.select_related("applicant").get(pk=case.pk)
    data = {k: v for k, v in model_to_dict(case, fields=CASE_FIELDS).items() if v is not None}
    data["received_on"] = case.received_on.isoformat()
    data["filled_on_behalf"] = "on" if case.filled_on_behalf else ""
    for name, value in model_to_dict(case.applicant).items():
        if name != "id":
            data[f"applicant-{name}"] = value
    data["note"] = "申请人来电更正"
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_it_shows_the_registration_as_it_is(client, case, clerk):
    client.force_login(clerk)
    html = client.get(f"/cases/{case.pk}/correct/").content.decode()
    assert 'value="11010519491231002X"' in html and 'value="2023-07-14"' in html
    assert "道路改造工程" in html and 'type="file"' not in html


def test_it_corrects_and_records_the_change(client, case, clerk):
    client.force_login(clerk)
    response = client.post(
        f"/cases/{case.pk}/correct/",
        current(case, **{"applicant-phone": "13900139000"}, received_on="2023-07-13"),
    )
    assert response.status_code == 302 and response.url == f"/cases/{case.pk}/"
    case.refresh_from_db()
    assert case.applicant.phone == "13900139000" and str(case.received_on) == "2023-07-13"
    event = Event.objects.filter(case=case).last()
    assert event.name == "correct_registration" and event.note == "申请人来电更正"
    assert "登记信息已更正" in client.get(response.url).content.decode()


def test_a_bad_value_keeps_what_was_typed(client, case, handler):
    client.force_login(handler)
    response = client.post(
        f"/cases/{case.pk}/correct/",
        current(case, **{"applicant-phone": "12345"}, description="新的描述"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_applicant-phone_error"' in html and 'value="12345"' in html
    assert "新的描述" in html
    assert Case.objects.get(pk=case.pk).applicant.phone == "13800138000"


def test_a_concluded_case_cannot_be_corrected(client, case, clerk):
    services.withdraw(case=case, actor=clerk, reason="撤回")
    client.force_login(clerk)
    get = client.get(f"/cases/{case.pk}/correct/")
    assert get.status_code == 409 and "不能再修改" in get.content.decode()
    post = client.post(f"/cases/{case.pk}/correct/", current(case, description="改"))
    assert post.status_code == 409 and "不能再修改" in post.content.decode()
    assert "更正登记信息</a>" not in client.get(f"/cases/{case.pk}/").content.decode()


@pytest.mark.parametrize("who,status", [
    ("approver", 403), ("auditor", 403), ("dept_a", 404), ("outsider", 404),
])
def test_others_are_refused(client, request, case, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(f"/cases/{case.pk}/correct/").status_code == status
    assert client.post(f"/cases/{case.pk}/correct/", current(case)).status_code == status


def test_wrong_method(client, case, clerk):
    client.force_login(clerk)
    assert client.delete(f"/cases/{case.pk}/correct/").status_code == 405


def test_receipt_before_the_first_receipt_after_a_correction_is_400(client, case, clerk, handler):
    from datetime import date

    services.request_correction(
        case=case,
        actor=handler,
        items="请补充文号",
        correction_due=date(2023, 8, 4),
        notice_on=date(2023, 7, 18),
    )
    services.receive_correction(
        case=case, actor=clerk, received_on=date(2023, 7, 28), description="补正后"
    )
    client.force_login(clerk)
    response = client.post(f"/cases/{case.pk}/correct/", current(case, received_on="2023-07-10"))
    assert response.status_code == 400
    assert "不能早于首次收到申请日期" in response.content.decode()
    assert str(Case.objects.get(pk=case.pk).received_on) == "2023-07-28"
