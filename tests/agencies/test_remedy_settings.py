"""An agency's remedy settings and seal: checked against its level in the admin and by a system
check; the seal image validated on upload and printed only on issued letters."""

import io

import pytest
from django.core.checks import run_checks
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw
from pypdf import PdfReader

from agencies.models import Agency, AgencyLevel

pytestmark = pytest.mark.django_db

SOUND = {
    "level": AgencyLevel.COUNTY_DEPARTMENT,
    "reconsideration_body": "郯城县人民政府",
    "court": "临沂市兰山区人民法院",
}


def change_url(agency):
    return f"/admin/agencies/agency/{agency.pk}/change/"


def form_data(agency, **changes):
    data = {
        "name": agency.name,
        "short_name": agency.short_name,
        "level": agency.level,
        "address": agency.address,
        "postcode": agency.postcode,
        "phone": agency.phone,
        "disclosure_office": agency.disclosure_office,
        "reconsideration_body": agency.reconsideration_body,
        "court": agency.court,
        "case_number_pattern": agency.case_number_pattern,
        "letter_number_pattern": agency.letter_number_pattern,
        "seal_diameter_mm": agency.seal_diameter_mm,
        "departments-TOTAL_FORMS": "0",
        "departments-INITIAL_FORMS": "0",
        "departments-MIN_NUM_FORMS": "0",
        "departments-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def seal_png(size=(400, 400), *, transparent=True, fmt="PNG") -> bytes:
    background = (0, 0, 0, 0) if transparent else (255, 255, 255, 255)
    image = Image.new("RGBA", size, background)
    ImageDraw.Draw(image).ellipse((8, 8, size[0] - 8, size[1] - 8), outline=(220, 0, 0, 255),
                                  width=12)
    if fmt == "JPEG":
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


def test_the_change_page_warns_when_the_level_is_unset(client, agency, agency_admin):
    client.force_login(agency_admin)
    response = client.get(change_url(agency), follow=True)
    assert response.status_code == 200
    assert any("未设置机关层级" in m for m in messages_of(response))
    assert "机关层级" in response.content.decode()


def test_settings_wrong_for_the_level_are_saved_with_a_warning(client, agency, agency_admin):
    client.force_login(agency_admin)
    data = form_data(agency, **{**SOUND, "reconsideration_body": "临沂市人民政府",
                                "court": "临沂市中级人民法院"})
    response = client.post(change_url(agency), data, follow=True)
    assert response.status_code == 200, response.content.decode()[:2000]
    agency.refresh_from_db()
    assert agency.level == AgencyLevel.COUNTY_DEPARTMENT
    warnings = [m for m in messages_of(response) if m.startswith("救济条款核对")]
    assert any("同一行政区域" in m for m in warnings), warnings
    assert any("基层人民法院" in m for m in warnings), warnings


def test_sound_settings_raise_no_warning(client, agency, agency_admin):
    client.force_login(agency_admin)
    response = client.post(change_url(agency), form_data(agency, **SOUND), follow=True)
    assert response.status_code == 200
    assert not [m for m in messages_of(response) if m.startswith("救济条款核对")]


def test_admin_text_is_normalised(client, agency, agency_admin):
    client.force_login(agency_admin)
    data = form_data(agency, **SOUND, disclosure_office="郯城县人民政府办公室\u200b政务公开科\x07")
    client.post(change_url(agency), data)
    agency.refresh_from_db()
    assert agency.disclosure_office == "郯城县人民政府办公室政务公开科"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (seal_png(transparent=False), "透明背景"),
        (seal_png(fmt="JPEG"), "PNG"),
        (seal_png((400, 300)), "正方形"),
        (seal_png((120, 120)), "像素"),
        (b"not an image", "图片"),
    ],
)
def test_a_seal_that_would_hide_the_signature_is_refused(client, agency, agency_admin, upload,
                                                        message):
    client.force_login(agency_admin)
    data = form_data(agency, **SOUND)
    data["seal_image"] = SimpleUploadedFile("seal.png", upload, content_type="image/png")
    response = client.post(change_url(agency), data)
    assert response.status_code == 200  # the form again, with the error
    assert message in response.content.decode()
    agency.refresh_from_db()
    assert not agency.seal_image


def test_an_authorised_seal_is_printed_on_issued_letters_only(client, agency, agency_admin, clerk,
                                                              settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(agency_admin)
    data = form_data(agency, **SOUND, seal_diameter_mm="45")
    data["seal_image"] = SimpleUploadedFile("seal.png", seal_png(), content_type="image/png")
    response = client.post(change_url(agency), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    agency.refresh_from_db()
    assert agency.seal_image and agency.seal_diameter_mm == 45

    from letters.issuing import preview_letter
    from tests.cases.helpers import make_case

    case = make_case(agency, clerk)
    receipt = case.letters.get(kind="receipt")
    pdf = receipt.pdf.read()
    assert b"/Subtype /Image" in pdf
    content = PdfReader(io.BytesIO(pdf)).pages[-1].get_contents().get_data()
    assert b"127.5591 0 0 127.5591" in content  # 45 mm in points: the seal at its true size
    assert receipt.snapshot["agency"]["seal_sha256"]
    assert b"/Subtype /Image" not in preview_letter(case, "receipt")  # never on drafts


def test_without_a_seal_image_the_space_stays_blank(agency, clerk):
    from tests.cases.helpers import make_case

    pdf = make_case(agency, clerk).letters.get(kind="receipt").pdf.read()
    assert b"/Subtype /Image" not in pdf


def test_the_system_check_names_agencies_with_doubtful_settings(agency, other_agency):
    Agency.objects.filter(pk=agency.pk).update(**SOUND)
    Agency.objects.filter(pk=other_agency.pk).update(
        level=AgencyLevel.COUNTY_GOVERNMENT,
        reconsideration_body="兰陵县人民政府",
        court="兰陵县人民法院",
    )
    messages = run_checks(databases=["default"], tags=["database"])
    ours = [m for m in messages if m.id == "agencies.W001"]
    assert ours and all(m.msg.startswith("兰陵县人民政府办公室：") for m in ours)
    assert any("上一级人民政府" in m.msg for m in ours)
    assert any("中级人民法院" in m.msg for m in ours)
    # Without databases (an ordinary `manage.py check`) it reads nothing.
    assert not [m for m in run_checks() if m.id == "agencies.W001"]
