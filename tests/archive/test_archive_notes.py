"""补正说明: the only correction of an archived case. Numbered, recorded in the audit trail,
never changing the case file."""

import pytest
from django.utils import timezone

from audit.models import ArchiveNote
from letters.models import CaseFile
from tests.archive.helpers import fresh
from workflow.audit import verify_chain
from workflow.integrity import check_case
from workflow.sealing import ImmutableRecordError

pytestmark = pytest.mark.django_db


def post_note(api, case, text="申请人姓名应为“张叁”，登记时误写为“张三”。"):
    return api.post(f"/api/v1/cases/{case.pk}/archive-notes/", {"text": text}, format="json")


def test_a_handler_adds_a_numbered_note_recorded_in_the_trail(archived, api_as, handler):
    case_file = CaseFile.objects.get(case=archived).pdf.read()
    response = post_note(api_as(handler), archived)
    assert response.status_code == 201
    body = response.json()
    year = timezone.localdate().year
    assert body["number"] == f"郯政办归档补正〔{year}〕1号"
    assert body["author"] == "handler"
    event = archived.events.order_by("-seq").first()
    assert event.name == "archive_note" and event.actor == handler
    assert event.source == event.target == "archived"
    assert event.payload == {"number": body["number"], "note": body["id"]}
    assert event.note == "申请人姓名应为“张叁”，登记时误写为“张三”。"
    assert verify_chain(list(archived.events.order_by("seq"))) == []
    assert check_case(fresh(archived)) == []
    assert CaseFile.objects.get(case=archived).pdf.read() == case_file


def test_notes_are_numbered_in_sequence_and_listed(archived, api_as, handler, approver):
    post_note(api_as(handler), archived, "第一条")
    post_note(api_as(approver), archived, "第二条")
    listed = api_as(handler).get(f"/api/v1/cases/{archived.pk}/archive-notes/").json()
    assert [n["text"] for n in listed] == ["第一条", "第二条"]
    assert [n["number"][-3:] for n in listed] == ["〕1号", "〕2号"]


def test_clerks_auditors_and_outsiders_cannot_add_notes(
    archived, api_as, clerk, auditor, outsider, dept_a
):
    for user, code in [(clerk, 403), (auditor, 403), (dept_a, 404), (outsider, 404)]:
        assert post_note(api_as(user), archived).status_code == code, user
        assert post_note(api_as(user), archived, "").status_code == code, user
    assert not ArchiveNote.objects.exists()
    assert not archived.events.filter(name="archive_note").exists()


def test_no_note_before_archiving(full, api_as, handler):
    response = post_note(api_as(handler), full)
    assert response.status_code == 409
    assert "尚未归档" in response.json()["detail"]
    assert not ArchiveNote.objects.exists()


def test_an_empty_note_is_a_400(archived, api_as, handler):
    response = post_note(api_as(handler), archived, "  ")
    assert response.status_code == 400 and "text" in response.json()["errors"]
    unknown = api_as(handler).post(
        f"/api/v1/cases/{archived.pk}/archive-notes/", {"text": "x", "x": 1}, format="json"
    )
    assert unknown.status_code == 400 and "x" in unknown.json()["errors"]


def test_notes_never_change(archived, api_as, handler):
    post_note(api_as(handler), archived)
    note = ArchiveNote.objects.get()
    note.text = "改"
    with pytest.raises(ImmutableRecordError):
        note.save()
    with pytest.raises(ImmutableRecordError):
        note.delete()
    with pytest.raises(ImmutableRecordError):
        ArchiveNote.objects.update(text="改")


def test_wrong_method_is_405(archived, api_as, handler):
    url = f"/api/v1/cases/{archived.pk}/archive-notes/"
    assert api_as(handler).put(url, {"text": "x"}, format="json").status_code == 405
