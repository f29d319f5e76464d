"""Nothing of an archived case changes (workflow.md: "case file sealed; read-only for
everyone"): every write path fails, through the models, the querysets, the services, the API,
the web pages and the admin, and leaves the record as it was."""

import copy
from datetime import date

import pytest

from cases.models import Applicant, Attachment, Case
from cases.services import correct_registration
from letters.issuing import issue_letter, reissue_letter
from letters.models import CaseFile, Letter
from rules.states import Status
from tests.archive.helpers import fresh, snapshot, upload
from tests.cases.helpers import make_case
from tests.factories import UserFactory
from workflow import services
from workflow.audit import record_event
from workflow.machine import TRANSITION_NAMES
from workflow.models import Consultation, Event, FeeNotice, Task
from workflow.sealing import CaseSealed, ImmutableRecordError

pytestmark = pytest.mark.django_db


@pytest.fixture
def sealed(full, clerk):
    """The case with every kind of record, archived."""
    services.archive(case=full, actor=clerk)
    case = fresh(full)
    assert case.status == Status.ARCHIVED
    return case


@pytest.fixture
def sealed_open_work(agency, clerk, handler, department_a):
    """Withdrawn while a task and a consultation were still open, then archived: the only way
    an archived case keeps something a department or a handler could still answer."""
    case = make_case(agency, clerk)
    services.assign(
        case=case,
        actor=handler,
        assigned_on=date(2023, 7, 17),
        tasks=[
            {"department": department_a.pk, "instructions": "请检索", "due_on": date(2023, 7, 24)}
        ],
    )
    services.consult(
        case=case,
        actor=handler,
        parties=[{"kind": "agency", "name": "县发改局", "sent_on": date(2023, 7, 18)}],
    )
    services.withdraw(case=case, actor=clerk, reason="撤回", withdrawn_on=date(2023, 7, 20))
    services.archive(case=case, actor=clerk)  # a withdrawal has nothing to deliver
    return fresh(case)


# -- the model layer -----------------------------------------------------------------------------


def test_saving_any_record_of_an_archived_case_is_refused(sealed):
    before = snapshot(sealed)
    records = [
        (Case.objects.get(pk=sealed.pk), "description"),
        (Applicant.objects.get(case=sealed), "name"),
        (sealed.attachments.first(), "original_name"),
        (sealed.tasks.first(), "answer"),
        (sealed.consultations.first(), "text"),
        (sealed.fee_notices.first(), "computation"),
    ]
    for record, field in records:
        setattr(record, field, "改动")
        with pytest.raises(CaseSealed, match="已归档"):
            record.save()
    assert snapshot(sealed) == before


def test_deleting_any_record_of_an_archived_case_is_refused(sealed):
    before = snapshot(sealed)
    for record in [
        sealed.attachments.first(),
        sealed.tasks.first(),
        sealed.consultations.first(),
        sealed.fee_notices.first(),
        Applicant.objects.get(case=sealed),
        Case.objects.get(pk=sealed.pk),
    ]:
        with pytest.raises(CaseSealed):
            record.delete()
    with pytest.raises(ImmutableRecordError):
        sealed.letters.first().delete()
    with pytest.raises(ImmutableRecordError):
        sealed.events.first().delete()
    assert snapshot(sealed) == before


def test_no_new_records_on_an_archived_case(sealed, handler, department_a):
    before = snapshot(sealed)
    with pytest.raises(CaseSealed):
        Task.objects.create(
            case=sealed,
            department=department_a,
            instructions="x",
            assigned_on=date(2023, 9, 1),
            due_on=date(2023, 9, 8),
            created_by=handler,
        )
    with pytest.raises(CaseSealed):
        Consultation.objects.create(
            case=sealed,
            kind="agency",
            name="x",
            sent_on=date(2023, 9, 1),
            answer_due=date(2023, 9, 20),
        )
    with pytest.raises(CaseSealed):
        issue_letter(sealed, "reply", actor=handler, issued_on=date(2023, 9, 1))
    with pytest.raises(CaseSealed):
        record_event(sealed, actor=handler, name="respond_task", source="x", target="x")
    with pytest.raises(CaseSealed):
        Task.objects.bulk_create(
            [
                Task(
                    case=sealed,
                    department=department_a,
                    instructions="x",
                    assigned_on=date(2023, 9, 1),
                    due_on=date(2023, 9, 8),
                    created_by=handler,
                )
            ]
        )
    assert snapshot(sealed) == before


# -- the querysets -------------------------------------------------------------------------------


def test_queryset_update_and_delete_are_refused(sealed):
    before = snapshot(sealed)
    for model, lookup, values in [
        (Case, "pk", {"description": "改动"}),
        (Applicant, "case", {"name": "改动"}),
        (Attachment, "case", {"original_name": "改动"}),
        (Task, "case", {"answer": "改动"}),
        (Consultation, "case", {"text": "改动"}),
        (FeeNotice, "case", {"amount": 1}),
    ]:
        rows = model.objects.filter(**{lookup: sealed.pk})
        assert rows.exists(), model
        with pytest.raises(CaseSealed):
            rows.update(**values)
        with pytest.raises(CaseSealed):
            rows.delete()
        with pytest.raises(CaseSealed):
            model.objects.bulk_update(list(rows), list(values))
    assert snapshot(sealed) == before


def test_a_mixed_queryset_is_refused_as_a_whole(archived, agency, clerk):
    other = make_case(agency, clerk)
    with pytest.raises(CaseSealed):
        Case.objects.filter(pk__in=[archived.pk, other.pk]).update(purpose="x")
    assert Case.objects.get(pk=other.pk).purpose == ""


@pytest.mark.parametrize("model", [Letter, Event, CaseFile])
def test_letters_events_and_the_case_file_are_never_updated_or_deleted(archived, model):
    before = snapshot(archived)
    rows = model.objects.filter(case=archived)
    with pytest.raises(ImmutableRecordError):
        rows.update(case=archived)
    with pytest.raises(ImmutableRecordError):
        rows.delete()
    assert snapshot(archived) == before


def test_open_cases_still_change(agency, clerk):
    case = make_case(agency, clerk)
    assert Case.objects.filter(pk=case.pk).update(purpose="用于研究") == 1
    assert fresh(case).purpose == "用于研究"


# -- the services and the API --------------------------------------------------------------------

PAYLOADS = {
    "request_correction": {
        "items": "补正",
        "correction_due": "2023-07-30",
        "notice_on": "2023-07-17",
    },
    "receive_correction": {"received_on": "2023-07-20"},
    "assign": {
        "assigned_on": "2023-07-17",
        "tasks": [{"department": None, "instructions": "x", "due_on": "2023-07-24"}],
    },
    "consult": {"parties": [{"kind": "agency", "name": "x", "sent_on": "2023-07-18"}]},
    "request_fee": {"method": "per_page", "quantity": 100, "notice_on": "2023-07-18"},
    "receive_payment": {"paid_on": "2023-07-20"},
    "request_reasons": {"reasons_due": "2023-07-30", "notice_on": "2023-07-17"},
    "record_reasons": {"answered_on": "2023-07-20", "answer": "x", "reasonable": False},
    "submit_reply": {"decision": "unavailable.not_held", "text": "x"},
    "reply_on_the_spot": {"decision": "unavailable.not_held", "text": "x"},
    "reject_reply": {"comment": "x"},
    "approve_reply": {"issued_on": "2023-08-01"},
    "extend": {"working_days": 5, "reason": "x"},
    "withdraw": {"reason": "x", "withdrawn_on": "2023-07-20"},
    "record_delivery": {"method": "in_person", "delivered_on": "2023-08-05"},
}
# A user who may fire each transition in some state, so the refusal is the archived state's.
ACTORS = {
    "reject_reply": "approver",
    "approve_reply": "approver",
    "extend": "approver",
}


def test_every_transition_is_a_409_on_an_archived_case(archived, request, api_as, department_a):
    before = snapshot(archived)
    for name in TRANSITION_NAMES:
        payload = copy.deepcopy(PAYLOADS.get(name, {}))
        if name == "assign":
            payload["tasks"][0]["department"] = department_a.pk
        user = request.getfixturevalue(ACTORS.get(name, "handler"))
        response = api_as(user).post(
            f"/api/v1/cases/{archived.pk}/transitions/{name}/", payload, format="json"
        )
        assert response.status_code == 409, (name, response.json())
    assert snapshot(archived) == before


def test_a_department_cannot_answer_its_task_after_archiving(sealed_open_work, api_as, dept_a):
    before = snapshot(sealed_open_work)
    task = sealed_open_work.tasks.get()
    response = api_as(dept_a).post(
        f"/api/v1/tasks/{task.pk}/respond/",
        {"holds_information": True, "answer": "找到了", "responded_on": "2023-07-22"},
        format="json",
    )
    assert response.status_code == 409
    assert snapshot(sealed_open_work) == before


def test_a_task_answer_with_files_is_refused_and_stores_nothing(
    sealed_open_work, api_as, dept_a, media
):
    from tests.archive.helpers import pdf_bytes

    task = sealed_open_work.tasks.get()
    response = api_as(dept_a).post(
        f"/api/v1/tasks/{task.pk}/respond/",
        {"holds_information": "true", "answer": "见附件", "files": [upload("a.pdf", pdf_bytes(1))]},
        format="multipart",
    )
    assert response.status_code == 409
    assert not Attachment.objects.filter(task=task).exists()


def test_a_consultation_answer_is_refused_after_archiving(sealed_open_work, api_as, handler):
    before = snapshot(sealed_open_work)
    consultation = sealed_open_work.consultations.get()
    response = api_as(handler).post(
        f"/api/v1/consultations/{consultation.pk}/answer/",
        {"answered_on": "2023-07-19", "opinion": "consent", "text": "同意"},
        format="json",
    )
    assert response.status_code == 409
    assert snapshot(sealed_open_work) == before


def test_the_registration_cannot_be_corrected_after_archiving(archived, clerk, client):
    from workflow.errors import Conflict

    before = snapshot(archived)
    with pytest.raises(Conflict):
        correct_registration(
            case=archived,
            actor=clerk,
            changes={"purpose": "改"},
            applicant_changes={"name": "李四"},
        )
    client.force_login(clerk)
    response = client.post(f"/cases/{archived.pk}/correct/", {"name": "李四", "note": "x"})
    assert response.status_code in (400, 409)
    assert snapshot(archived) == before


def test_letters_cannot_be_reissued_after_archiving(archived, api_as, handler):
    before = snapshot(archived)
    reply = archived.letters.get(kind="reply")
    response = api_as(handler).post(f"/api/v1/letters/{reply.pk}/reissue/")
    assert response.status_code == 409
    with pytest.raises(Exception, match="已归档"):
        reissue_letter(reply, actor=handler)
    assert snapshot(archived) == before


def test_the_web_action_forms_are_refused_after_archiving(archived, client, handler):
    before = snapshot(archived)
    client.force_login(handler)
    response = client.post(f"/cases/{archived.pk}/actions/withdraw/", {"reason": "x"})
    assert response.status_code == 409
    assert snapshot(archived) == before


# -- the admin -----------------------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    user = UserFactory(username="root", is_superuser=True, is_staff=True)
    return user


def test_the_admin_shows_an_archived_case_read_only(archived, client, superuser):
    before = snapshot(archived)
    client.force_login(superuser)
    url = f"/admin/cases/case/{archived.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    response = client.post(url, {"description": "改动", "_save": "保存"})
    assert response.status_code == 403
    assert (
        client.post(f"/admin/cases/case/{archived.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert client.get("/admin/cases/case/add/").status_code == 403
    assert snapshot(archived) == before


def test_the_admin_lists_the_case_record_read_only(sealed, client, superuser):
    client.force_login(superuser)
    for model in [Applicant, Attachment, Task, Consultation, FeeNotice, Event, Letter, CaseFile]:
        path = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        assert client.get(path).status_code == 200, path
        assert client.get(f"{path}add/").status_code == 403, path
        lookup = {"case": sealed} if model is not Applicant else {"case__pk": sealed.pk}
        row = model.objects.filter(**lookup).first()
        change = client.get(f"{path}{row.pk}/change/")
        assert change.status_code == 200 and b'name="_save"' not in change.content, path
