"""/cases/new/ (cases:new): the intake form, its errors, the duplicate warning, attachments."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Attachment, Case
from tests.cases.helpers import make_case

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"


def intake_data(**overrides) -> dict:
    """What a clerk types into the form for the test cast's usual applicant."""
    data = {
        "applicant-kind": "person",
        "applicant-name": "张三",
        "applicant-id_type": "resident_id",
        "applicant-id_number": "11010519491231002X",
        "applicant-org_category": "",
        "applicant-contact_name": "",
        "applicant-phone": "13800138000",
        "applicant-email": "",
        "applicant-address": "山东省临沂市郯城县人民路2号",
        "applicant-postcode": "276100",
        "channel": "in_person",
        "received_on": "2023-07-14",
        "office_received_on": "",
        "description": "2023年郯城县城区道路改造工程的立项批复文件",
        "purpose": "",
        "delivery_format": "paper",
        "delivery_method": "mail",
    }
    data.update(overrides)
    return data


def pdf(name="申请书.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_it_shows_the_form_with_the_receipt_date_rules(client, clerk):
    client.force_login(clerk)
    html = client.get("/cases/new/").content.decode()
    assert '<label for="id_received_on">' in html
    # Art. 31, per channel, in the help text that the date input points to.
    assert 'aria-describedby="id_received_on_helptext"' in html
    assert "本机关签收之日" in html and "双方确认收到之日" in html
    assert 'type="file" name="application" multiple' in html


def test_it_registers_and_redirects_with_the_number(client, clerk):
    client.force_login(clerk)
    data = intake_data(application=[pdf(), pdf("第二页.pdf")], identity=pdf("身份证.pdf"))
    response = client.post("/cases/new/", data)
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == f"/cases/{case.pk}/"
    assert case.registered_by == clerk and case.applicant.name == "张三"
    kinds = sorted(Attachment.objects.values_list("kind", flat=True))
    assert kinds == ["application", "application", "identity"]
    page = client.get(response.url).content.decode()
    assert "申请已登记，案件编号：郯政办依申〔2023〕1号。" in page


def test_a_bad_form_keeps_what_was_typed_and_names_the_field(client, clerk):
    client.force_login(clerk)
    response = client.post(
        "/cases/new/",
        intake_data(**{"applicant-id_number": "110105194912310021"}, purpose="写论文"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert not Case.objects.exists()
    # The error sits next to its field and the input points to it.
    assert 'id="id_applicant-id_number_error"' in html
    assert re.search(r'aria-describedby="[^"]*id_applicant-id_number_error', html)
    assert 'aria-invalid="true"' in html
    assert 'value="110105194912310021"' in html and "写论文" in html
    assert 'value="张三"' in html


def test_cross_field_rules_are_the_apis(client, handler):
    client.force_login(handler)
    response = client.post(
        "/cases/new/",
        intake_data(**{"applicant-kind": "organization"}, filled_on_behalf="on", filled_by=""),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_applicant-id_type_error"' in html  # 法人 needs a USCC
    assert 'id="id_applicant-org_category_error"' in html
    assert 'id="id_filled_by_error"' in html


def test_a_future_receipt_date_is_refused_by_the_service(client, clerk):
    client.force_login(clerk)
    response = client.post("/cases/new/", intake_data(received_on="2099-01-01"))
    assert response.status_code == 400
    assert 'id="id_received_on_error"' in response.content.decode()


def test_a_bad_file_is_named_on_its_own_field(client, clerk):
    client.force_login(clerk)
    text = SimpleUploadedFile("说明.txt", "不是PDF".encode(), content_type="text/plain")
    response = client.post("/cases/new/", intake_data(other=text))
    assert response.status_code == 400
    assert 'id="id_other_error"' in response.content.decode()
    assert not Case.objects.exists()


def test_duplicate_warning_then_continue(client, agency, clerk):
    earlier = make_case(agency, clerk)
    client.force_login(clerk)
    first = client.post("/cases/new/", intake_data(application=pdf()))
    assert first.status_code == 200
    html = first.content.decode()
    assert "可能是重复申请" in html and earlier.number in html
    assert "关联为重复申请" in html and "继续登记" in html
    assert Case.objects.count() == 1  # nothing saved yet
    # The chosen file is kept for the second submit.
    token = re.search(r'name="staged" value="([^"]+)"', html).group(1)
    assert "申请书.pdf" in html
    second = client.post(
        "/cases/new/", intake_data(staged=token, duplicate_choice="continue")
    )
    assert second.status_code == 302
    case = Case.objects.exclude(pk=earlier.pk).get()
    assert case.repeat_of is None
    assert [a.original_name for a in case.attachments.all()] == ["申请书.pdf"]


def test_duplicate_warning_then_link_as_repeat(client, agency, clerk):
    earlier = make_case(agency, clerk)
    client.force_login(clerk)
    assert "可能是重复申请" in client.post("/cases/new/", intake_data()).content.decode()
    response = client.post("/cases/new/", intake_data(repeat_of=str(earlier.pk)))
    assert response.status_code == 302
    assert Case.objects.exclude(pk=earlier.pk).get().repeat_of == earlier


def test_another_agencys_case_cannot_be_linked(client, clerk, other_agency, outsider):
    foreign = make_case(other_agency, outsider)
    client.force_login(clerk)
    response = client.post("/cases/new/", intake_data(repeat_of=str(foreign.pk)))
    assert response.status_code == 400
    assert "关联的案件不存在" in response.content.decode()
    assert Case.objects.count() == 1


def test_no_warning_for_a_different_request(client, agency, clerk):
    make_case(agency, clerk)
    client.force_login(clerk)
    response = client.post("/cases/new/", intake_data(description="县财政局2022年部门决算表"))
    assert response.status_code == 302


@pytest.mark.parametrize("who", ["approver", "auditor", "dept_a", "agency_admin"])
def test_roles_that_do_not_register_are_refused(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/cases/new/").status_code == 403
    assert client.post("/cases/new/", intake_data()).status_code == 403
    assert not Case.objects.exists()


def test_anonymous_goes_to_login(client):
    response = client.get("/cases/new/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_wrong_method(client, clerk):
    client.force_login(clerk)
    assert client.put("/cases/new/").status_code == 405


def test_a_file_over_the_limit_is_refused_with_a_message(client, clerk, settings):
    settings.UPLOAD_MAX_BYTES = 10
    client.force_login(clerk)
    response = client.post("/cases/new/", intake_data(application=pdf()))
    assert response.status_code == 400
    assert "超过大小限制" in response.content.decode()
    assert not Case.objects.exists()
