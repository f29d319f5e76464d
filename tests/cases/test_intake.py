"""cases.intake: one duplicate policy for the web and the API, and the files kept while the
clerk decides (their owner's only, until they expire and clean_intake_staging removes them)."""

import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from cases import intake
from cases.models import Case, StagedUpload
from tests.cases.helpers import make_case, registration_payload
from tests.cases.test_views_new import PDF, intake_data, pdf
from tests.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def kept_files(media) -> list:
    return [p for p in (media / intake.STAGING_DIR).rglob("*") if p.is_file()]


def test_the_web_warns_about_exactly_the_cases_the_api_lists(client, api_as, agency, clerk):
    similar = make_case(agency, clerk, description="郯城县城区道路改造工程立项批复文件及附件")
    make_case(agency, clerk, description="郯城县2022年度财政预算执行情况和决算报告")
    client.force_login(clerk)
    html = client.post("/cases/new/", intake_data()).content.decode()
    warned = {int(pk) for pk in re.findall(r'name="repeat_of" value="(\d+)"', html)}
    listed = api_as(clerk).post("/api/v1/cases/", registration_payload(), format="json").json()
    assert warned == {d["id"] for d in listed["possible_duplicates"]} == {similar.pk}


def test_no_confirmation_once_linked_or_chosen(agency, clerk):
    earlier = make_case(agency, clerk)
    ask = {
        "agency": agency,
        "id_number": earlier.applicant.id_number,
        "description": earlier.description,
    }
    assert intake.must_confirm_duplicates(**ask) == [earlier]
    assert intake.must_confirm_duplicates(**ask, repeat_of=earlier) == []
    assert intake.must_confirm_duplicates(**ask, confirmed=True) == []


def test_kept_files_are_their_owners_only(agency, clerk, handler, media):
    token = intake.stage(owner=clerk, files_by_kind={"application": [pdf()]})
    assert [i.name for i in intake.staged(owner=clerk, token=token)["application"]] == [
        "申请书.pdf"
    ]
    assert intake.staged(owner=handler, token=token) == {}
    assert len(kept_files(media)) == 1


def test_another_clerks_token_brings_no_files_into_a_registration(client, agency, clerk):
    make_case(agency, clerk)
    token = intake.stage(owner=clerk, files_by_kind={"application": [pdf()]})
    other = make_member("clerk2", "clerk", agency)
    client.force_login(other)
    response = client.post("/cases/new/", intake_data(staged=token, duplicate_choice="continue"))
    assert response.status_code == 302
    assert not Case.objects.order_by("-pk").first().attachments.exists()
    assert StagedUpload.objects.filter(token=token).count() == 1  # still the clerk's


def test_choosing_a_kind_again_replaces_its_kept_files(agency, clerk, media):
    token = intake.stage(owner=clerk, files_by_kind={"application": [pdf("旧.pdf")]})
    again = intake.stage(owner=clerk, files_by_kind={"application": [pdf("新.pdf")]}, token=token)
    assert again == token
    assert [i.name for i in intake.staged(owner=clerk, token=token)["application"]] == ["新.pdf"]
    assert len(kept_files(media)) == 1


def test_a_bad_file_is_never_kept(agency, clerk, media):
    from django.core.exceptions import ValidationError

    text = SimpleUploadedFile("说明.pdf", "不是PDF".encode(), content_type="application/pdf")
    with pytest.raises(ValidationError):
        intake.stage(owner=clerk, files_by_kind={"other": [text]})
    assert not StagedUpload.objects.exists() and not (media / intake.STAGING_DIR).exists()


def test_expired_files_are_gone_for_the_form_and_removed_by_the_command(
    agency, clerk, media, settings
):
    settings.INTAKE_STAGING_HOURS = 24
    old = intake.stage(owner=clerk, files_by_kind={"application": [pdf("旧.pdf")]})
    fresh = intake.stage(owner=clerk, files_by_kind={"application": [pdf("新.pdf")]})
    StagedUpload.objects.filter(token=old).update(
        created_at=timezone.now() - timedelta(hours=25)
    )
    assert intake.staged(owner=clerk, token=old) == {}
    out = io.StringIO()
    call_command("clean_intake_staging", stdout=out)
    assert "删除了1个" in out.getvalue()
    assert list(StagedUpload.objects.values_list("token", flat=True)) == [fresh]
    assert [p.name for p in kept_files(media)] == ["新.pdf"]


def test_registering_discards_the_kept_files(client, agency, clerk, media):
    make_case(agency, clerk)
    client.force_login(clerk)
    html = client.post("/cases/new/", intake_data(application=pdf())).content.decode()
    token = re.search(r'name="staged" value="([^"]+)"', html).group(1)
    client.post("/cases/new/", intake_data(staged=token, duplicate_choice="continue"))
    assert not StagedUpload.objects.exists() and kept_files(media) == []
    assert Case.objects.order_by("-pk").first().attachments.get().file.read() == PDF
