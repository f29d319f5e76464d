"""Names and identifiers: invisible characters are refused at their field (forms and API);
rare characters (生僻字) register like any other, and a receipt no font can print never blocks
a registration."""

from pathlib import Path

import pytest

from accounts.forms import StaffCreateForm
from audit.management.commands.sweep_storage import referenced_names
from cases.models import Case, StagedUpload
from rules.text import invisible_characters
from tests.cases.helpers import registration_payload
from tests.cases.test_views_new import intake_data, pdf

pytestmark = pytest.mark.django_db

INVISIBLE = [
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff", "\u202e", "\u2066",
    "\u00ad", "\u3164",
]
RARE = ["王𠮷", "王𠀀"]  # U+20BB7, U+20000: CJK Extension B, in the fallback letter font
EXT_G = "\U00030000"  # CJK Extension G: in no letter font


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def stray_files(media: Path) -> list[str]:
    """Files in storage that no record names (what sweep_storage would report)."""
    names = referenced_names()
    return [
        str(p.relative_to(media)) for p in media.rglob("*")
        if p.is_file() and str(p.relative_to(media)) not in names
    ]


@pytest.mark.parametrize("char", INVISIBLE)
def test_invisible_characters_are_found(char):
    assert invisible_characters(f"张{char}三") == [char]


@pytest.mark.parametrize("text", [*RARE, "张三", "Zhang San", "李\u3000四", "欧阳·娜娜"])
def test_visible_names_have_none(text):
    assert invisible_characters(text) == []


@pytest.mark.parametrize("char", ["\u200b", "\ufeff", "\u202e", "\u2060"])
def test_the_api_refuses_an_invisible_character_in_a_name_at_its_field(api_as, clerk, char):
    payload = registration_payload()
    payload["applicant"]["name"] = f"张{char}三"
    response = api_as(clerk).post("/api/v1/cases/", payload, format="json")
    assert response.status_code == 400
    message = response.json()["errors"]["applicant.name"][0]
    assert "不可见字符" in message and f"U+{ord(char):04X}" in message
    assert not Case.objects.exists()


def test_the_api_refuses_an_invisible_character_in_an_id_number(api_as, clerk):
    payload = registration_payload()
    payload["applicant"]["id_number"] = "\ufeff" + payload["applicant"]["id_number"]
    response = api_as(clerk).post("/api/v1/cases/", payload, format="json")
    assert response.status_code == 400
    assert "不可见字符" in response.json()["errors"]["applicant.id_number"][0]


def test_the_intake_form_refuses_an_invisible_character_in_a_name(client, clerk):
    client.force_login(clerk)
    response = client.post("/cases/new/", intake_data(**{"applicant-name": "张\u200b三"}))
    assert response.status_code == 400
    assert "不可见字符（U+200B）" in response.content.decode()
    assert not Case.objects.exists()


def test_the_staff_form_refuses_an_invisible_character_in_a_name(agency_admin):
    form = StaffCreateForm(
        {"username": "new", "last_name": "王\u200d", "first_name": "五", "role": "clerk",
         "password1": "x", "password2": "x"},
        actor=agency_admin,
    )
    assert not form.is_valid()
    assert "不可见字符" in form.errors["last_name"][0]


def test_invisible_characters_in_a_description_are_still_just_dropped(api_as, clerk):
    payload = registration_payload(description="立项\u200b批复文件")
    response = api_as(clerk).post("/api/v1/cases/", payload, format="json")
    assert response.status_code == 201
    assert Case.objects.get().description == "立项批复文件"


@pytest.mark.parametrize("name", RARE)
def test_a_rare_name_registers_through_the_web_intake(client, clerk, media, name):
    client.force_login(clerk)
    response = client.post(
        "/cases/new/", intake_data(**{"applicant-name": name}, application=[pdf()])
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.applicant.name == name
    assert case.letters.filter(kind="receipt").exists()  # the fallback font prints it
    assert case.attachments.count() == 1
    assert stray_files(media) == [] and not StagedUpload.objects.exists()


@pytest.mark.parametrize("name", RARE)
def test_a_rare_name_registers_through_the_api(api_as, clerk, name):
    payload = registration_payload()
    payload["applicant"]["name"] = name
    response = api_as(clerk).post("/api/v1/cases/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert Case.objects.get().applicant.name == name
    assert "receipt_problem" not in response.json()


def test_a_receipt_no_font_can_print_does_not_block_the_web_intake(client, clerk, media):
    client.force_login(clerk)
    response = client.post(
        "/cases/new/",
        intake_data(description=f"申请人姓名中的{EXT_G}字相关文件", application=[pdf()]),
        follow=True,
    )
    assert response.redirect_chain and response.redirect_chain[0][1] == 302
    case = Case.objects.get()
    assert not case.letters.filter(kind="receipt").exists()
    assert case.attachments.count() == 1
    page = response.content.decode()
    assert "申请已登记" in page and "受理回执未能生成" in page and "U+30000" in page
    assert stray_files(media) == []


def test_a_receipt_no_font_can_print_does_not_block_the_api(api_as, clerk):
    payload = registration_payload(description=f"申请人姓名中的{EXT_G}字相关文件")
    response = api_as(clerk).post("/api/v1/cases/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert "字体无法显示" in response.json()["receipt_problem"]
    assert not Case.objects.get().letters.filter(kind="receipt").exists()
