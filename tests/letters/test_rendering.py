"""Letters leave after commit (letters.rendering): the action's transaction numbers the letter
and freezes its snapshot; its PDF is rendered, written and hashed after the commit, once and
always the same, and a rolled-back action leaves neither a letter nor a file."""

import hashlib
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction

from config.celery import app as celery_app
from letters import rendering
from letters.issuing import issue_letter
from letters.models import Letter
from tests.archive.helpers import pdf_bytes
from tests.cases.helpers import make_case
from workflow import services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def stored_files(media) -> set[str]:
    return {str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()}


def submitted(agency, clerk, handler):
    case = make_case(agency, clerk)
    services.submit_reply(case=case, actor=handler, decision="unavailable.not_held", text="无")
    return case


def test_the_number_is_taken_in_the_transaction_and_the_pdf_written_after_it(
    agency, clerk, handler, approver
):
    case = submitted(agency, clerk, handler)
    with transaction.atomic():
        services.approve_reply(case=case, actor=approver, issued_on=date(2023, 8, 1))
        inside = case.letters.get(kind="reply")
        assert inside.number == "郯政办公开〔2023〕1号"
        assert inside.snapshot["decision"] == "unavailable.not_held"
        assert (inside.rendered, inside.pdf.name, inside.rendered_at) == (False, "", None)
    reply = Letter.objects.get(pk=inside.pk)
    pdf = reply.pdf.read()
    assert pdf.startswith(b"%PDF") and reply.rendered_at is not None
    assert reply.sha256 == hashlib.sha256(pdf).hexdigest()


def test_a_rolled_back_action_leaves_no_letter_no_file_and_no_gap(
    agency, clerk, handler, approver, media
):
    case = submitted(agency, clerk, handler)
    before = stored_files(media)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.approve_reply(case=case, actor=approver, issued_on=date(2023, 8, 1))
        raise RuntimeError("the request failed after the service")
    assert not case.letters.filter(kind="reply").exists()
    assert stored_files(media) == before
    services.approve_reply(case=case, actor=approver, issued_on=date(2023, 8, 1))
    assert case.letters.get(kind="reply").number == "郯政办公开〔2023〕1号"


def test_a_failed_render_is_completed_later_with_the_same_number_and_bytes(
    agency, clerk, handler, approver, monkeypatch
):
    case = submitted(agency, clerk, handler)
    real_render = rendering.render_letter

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(rendering, "render_letter", broken)
    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", False)  # as in production
    services.approve_reply(case=case, actor=approver, issued_on=date(2023, 8, 1))
    reply = case.letters.get(kind="reply")
    assert not reply.rendered and reply.number == "郯政办公开〔2023〕1号"  # the action stands

    monkeypatch.setattr(rendering, "render_letter", real_render)
    call_command("complete_documents", verbosity=0)
    reply = Letter.objects.get(pk=reply.pk)
    assert reply.rendered and reply.number == "郯政办公开〔2023〕1号"
    assert Letter.objects.filter(kind="reply").count() == 1
    assert reply.pdf.read() == rendering.render(reply)  # deterministic: a re-render is equal


def test_a_download_renders_a_letter_whose_render_has_not_run(agency, clerk, api_as):
    case = make_case(agency, clerk)
    with transaction.atomic():  # issued without an action: no event, so nothing renders it
        letter = issue_letter(
            case,
            "reasons_notice",
            actor=clerk,
            issued_on=date(2023, 7, 20),
            extra={"reasons": {"due": "2023-08-04"}},
        )
    assert not Letter.objects.get(pk=letter.pk).rendered
    response = api_as(clerk).get(f"/api/v1/letters/{letter.pk}/pdf/")
    body = b"".join(response.streaming_content)
    assert response.status_code == 200 and body.startswith(b"%PDF")
    letter = Letter.objects.get(pk=letter.pk)
    assert letter.rendered and response["X-Content-SHA256"] == letter.sha256


def test_rendering_twice_writes_one_file(agency, clerk, media):
    case = make_case(agency, clerk)
    receipt = case.letters.get()
    files = stored_files(media)
    pending = Letter.objects.get(pk=receipt.pk)
    pending.sha256, pending.pdf = "", None  # as a second renderer would see it, too late
    assert rendering.ensure_rendered(pending).pdf.name == receipt.pdf.name
    assert stored_files(media) == files


def test_the_seal_is_the_one_the_letter_was_issued_with(agency, clerk, api_as):
    agency.seal_image.save("seal.png", ContentFile(seal_png((200, 0, 0))))
    case = make_case(agency, clerk)
    with transaction.atomic():
        letter = issue_letter(
            case,
            "reasons_notice",
            actor=clerk,
            issued_on=date(2023, 7, 20),
            extra={"reasons": {"due": "2023-08-04"}},
        )
    issued_with = rendering.render(letter)
    agency.seal_image.save("seal.png", ContentFile(seal_png((0, 0, 200))))  # a new seal
    assert rendering.ensure_rendered(letter).pdf.read() == issued_with
    # A seal file changed behind the letter's back is refused, not silently replaced.
    with transaction.atomic():
        other = issue_letter(
            case,
            "reasons_notice",
            actor=clerk,
            issued_on=date(2023, 7, 21),
            extra={"reasons": {"due": "2023-08-04"}},
        )
    with open(agency.seal_image.path, "wb") as handle:
        handle.write(pdf_bytes(1))
    response = api_as(clerk).get(f"/api/v1/letters/{other.pk}/pdf/")
    assert response.status_code == 409 and "印章" in response.json()["detail"]
    assert not Letter.objects.get(pk=other.pk).rendered


def seal_png(colour) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGBA", (120, 120), (*colour, 180)).save(buffer, format="PNG")
    return buffer.getvalue()
