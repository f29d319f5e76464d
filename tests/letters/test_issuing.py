"""Letters issued by transitions: numbered per agency, family and year; frozen on issue."""

import hashlib
from datetime import date

import pytest

from cases.models import Case
from letters.issuing import issue_letter, preview_letter, reissue_letter
from letters.models import Letter
from rules.states import Status
from tests.cases.helpers import make_case
from workflow import services
from workflow.sealing import ImmutableRecordError

pytestmark = pytest.mark.django_db


def replied_case(agency, handler, approver, **reply):
    case = make_case(agency, handler)
    services.submit_reply(
        case=case,
        actor=handler,
        decision=reply.get("decision", "disclosed"),
        text=reply.get("text", "请查收。"),
        details={"disclosed_items": ["立项批复"]},
    )
    services.approve_reply(case=case, actor=approver, issued_on=date(2023, 8, 1))
    return Case.objects.get(pk=case.pk)


def test_registration_issues_a_numbered_receipt(agency, clerk):
    case = make_case(agency, clerk)
    receipt = case.letters.get()
    assert receipt.kind == "receipt"
    assert receipt.number.startswith("郯政办公开收〔")
    assert receipt.sha256 == hashlib.sha256(receipt.pdf.read()).hexdigest()


def test_approval_issues_the_reply_with_its_number_and_date(agency, handler, approver):
    case = replied_case(agency, handler, approver)
    reply = case.letters.get(kind="reply")
    assert reply.number == "郯政办公开〔2023〕1号"
    assert reply.issued_on == date(2023, 8, 1)
    assert reply.snapshot["agency"]["court"] == agency.court


def test_numbers_are_gapless_per_family_and_year(agency, handler, approver):
    first = replied_case(agency, handler, approver)
    second = replied_case(agency, handler, approver)
    numbers = [first.letters.get(kind="reply").number, second.letters.get(kind="reply").number]
    assert numbers == ["郯政办公开〔2023〕1号", "郯政办公开〔2023〕2号"]


def test_download_is_byte_identical_and_matches_the_hash(api_as, agency, handler, approver):
    case = replied_case(agency, handler, approver)
    reply = case.letters.get(kind="reply")
    api = api_as(handler)
    one = b"".join(api.get(f"/api/v1/letters/{reply.pk}/pdf/").streaming_content)
    two = b"".join(api.get(f"/api/v1/letters/{reply.pk}/pdf/").streaming_content)
    assert one == two
    assert hashlib.sha256(one).hexdigest() == reply.sha256
    assert one.startswith(b"%PDF")


def test_agency_edits_never_change_an_issued_letter(api_as, agency, handler, approver):
    case = replied_case(agency, handler, approver)
    reply = case.letters.get(kind="reply")
    before = reply.pdf.read()
    agency.court = "另一法院"
    agency.save()
    after = b"".join(api_as(handler).get(f"/api/v1/letters/{reply.pk}/pdf/").streaming_content)
    assert after == before


def test_issued_letters_cannot_be_changed_or_deleted(agency, clerk):
    receipt = make_case(agency, clerk).letters.get()
    receipt.number = "x"
    with pytest.raises(ImmutableRecordError):
        receipt.save()
    with pytest.raises(ImmutableRecordError):
        receipt.delete()


def test_reissue_creates_a_new_number_that_supersedes(agency, handler, approver):
    case = replied_case(agency, handler, approver)
    old = case.letters.get(kind="reply")
    new = reissue_letter(old, actor=handler)
    from django.utils import timezone

    # Reissued today: a new number in this year's 公开 series.
    assert new.number == f"郯政办公开〔{timezone.localdate().year}〕1号"
    assert new.number != old.number and new.supersedes == old
    assert Letter.objects.get(pk=old.pk).sha256 == old.sha256
    assert case.events.filter(name="reissue_letter").exists()


def test_a_character_no_font_can_print_refuses_the_approval(api_as, agency, handler, approver):
    case = make_case(agency, handler)
    services.submit_reply(
        case=case, actor=handler, decision="unavailable.not_held", text="申请人姓名中的𰀀字"
    )  # U+30000, CJK Extension G: in no configured font
    response = api_as(approver).post(
        f"/api/v1/cases/{case.pk}/transitions/approve_reply/",
        {"issued_on": "2023-08-01"},
        format="json",
    )
    assert response.status_code == 409
    assert "𰀀" in response.json()["detail"] and "U+30000" in response.json()["detail"]
    assert Case.objects.get(pk=case.pk).status == Status.PENDING_APPROVAL
    assert not case.letters.filter(kind="reply").exists()


def test_rare_characters_print_from_the_fallback_font(api_as, agency, handler, approver):
    import io

    from pypdf import PdfReader

    case = make_case(agency, handler)
    services.submit_reply(
        case=case, actor=handler, decision="unavailable.not_held", text="申请人王𠮷、王𠀀的申请"
    )  # U+20BB7 and U+20000, CJK Extension B
    response = api_as(approver).post(
        f"/api/v1/cases/{case.pk}/transitions/approve_reply/",
        {"issued_on": "2023-08-01"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    pdf = case.letters.get(kind="reply").pdf.read()
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "王𠮷、王𠀀" in text.replace("\n", "")  # drawn, and copyable as the same characters
    assert b"SIPMing" in pdf


def test_preview_is_a_draft_and_stores_nothing(agency, handler):
    case = make_case(agency, handler)
    services.submit_reply(case=case, actor=handler, decision="unavailable.not_held", text="x")
    count = Letter.objects.count()
    pdf = preview_letter(Case.objects.get(pk=case.pk), "reply")
    assert pdf.startswith(b"%PDF")
    assert Letter.objects.count() == count


def test_transitions_issue_their_letters(agency, handler, approver, clerk, department_a):
    case = make_case(agency, handler)
    services.assign(
        case=case,
        actor=handler,
        assigned_on=date(2023, 7, 17),
        tasks=[
            {"department": department_a.pk, "instructions": "请检索", "due_on": date(2023, 7, 24)}
        ],
    )
    task = case.tasks.get()
    from agencies.models import Role
    from tests.factories import make_member

    liaison = make_member("liaison", Role.LIAISON, agency, department_a)
    services.respond_task(
        task=task,
        actor=liaison,
        holds_information=True,
        answer="有",
        responded_on=date(2023, 7, 20),
    )
    services.consult(
        case=case,
        actor=handler,
        parties=[
            {"kind": "third_party", "name": "某公司", "sent_on": date(2023, 7, 21)},
            {"kind": "agency", "name": "县财政局", "sent_on": date(2023, 7, 21)},
        ],
    )
    services.extend(
        case=case,
        actor=approver,
        working_days=10,
        reason="需调取档案",
        decided_on=date(2023, 7, 25),
        late_entry_reason="按纸质登记簿补录",
    )
    kinds = sorted(case.letters.values_list("kind", flat=True))
    assert kinds == sorted(
        [
            "receipt",
            "assistance_request",
            "consultation_third_party",
            "consultation_agency",
            "consultation_notice",
            "extension_notice",
        ]
    )


def test_letters_endpoint_lists_and_hides(api_as, agency, handler, approver, dept_a, outsider):
    case = replied_case(agency, handler, approver)
    body = api_as(handler).get(f"/api/v1/cases/{case.pk}/letters/").json()
    assert [item["kind"] for item in body] == ["receipt", "reply"]
    assert set(body[0]) >= {"id", "kind", "number", "issued_on", "sha256", "pdf"}
    reply_id = body[1]["id"]
    assert api_as(dept_a).get(f"/api/v1/cases/{case.pk}/letters/").status_code == 404
    assert api_as(outsider).get(f"/api/v1/letters/{reply_id}/pdf/").status_code == 404


def test_issue_letter_needs_a_transaction_for_its_number(transactional_db, agency, clerk):
    case = make_case(agency, clerk)
    with pytest.raises(RuntimeError):
        issue_letter(case, "receipt", actor=clerk)
