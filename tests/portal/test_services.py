"""The public side's services: submit, confirm (a case registered online on the confirmation
date, files carried over), reject with a reason, and the status lookup."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import Channel
from portal import services
from portal.models import ApplicationStatus, PortalEvent
from portal.status import status_of
from tests.archive.helpers import pdf_bytes, upload
from workflow.errors import Conflict

pytestmark = pytest.mark.django_db

APPLICANT = {"kind": "person", "name": "张三", "id_type": "resident_id",
             "id_number": "110101199003077774", "phone": "13800138000",
             "email": "zhang@example.com"}


def submit(agency, **overrides):
    fields = {"agency": agency, "applicant": dict(APPLICANT), "description": "2023年道路规划",
              "delivery_format": "electronic", "delivery_method": "email"}
    fields.update(overrides)
    return services.submit_application(**fields)


def test_it_keeps_only_a_hash_of_the_password(agency, mailoutbox):
    application, password = submit(agency, password="geheim-2026")
    assert password == "geheim-2026"
    assert "geheim-2026" not in application.password_hash
    assert application.status == ApplicationStatus.PENDING
    assert application.query_code in mailoutbox[0].body


def test_it_refuses_a_bad_identity_number_by_field(agency):
    with pytest.raises(ValidationError) as info:
        submit(agency, applicant={**APPLICANT, "id_number": "110101199003077770"})
    assert "applicant.id_number" in info.value.message_dict


def test_clerk_confirms_and_the_case_is_received_that_day(agency, clerk, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    files = {"application": [upload("申请表.pdf", pdf_bytes(1))]}
    application, _password = submit(agency, files_by_kind=files)
    case = services.confirm_application(
        application=application, actor=clerk, confirmed_on=date(2023, 7, 14))
    assert case.channel == Channel.ONLINE
    assert case.received_on == date(2023, 7, 14)
    assert case.applicant.id_number == APPLICANT["id_number"]
    assert case.attachments.get().original_name == "申请表.pdf"
    application.refresh_from_db()
    assert application.case == case
    assert [e.name for e in PortalEvent.objects.filter(application=application)] == [
        "submit", "confirm"]
    with pytest.raises(Conflict):
        services.confirm_application(application=application, actor=clerk)


def test_rejection_needs_a_reason_the_applicant_then_reads(agency, clerk):
    application, password = submit(agency)
    with pytest.raises(ValidationError):
        services.reject_application(application=application, actor=clerk, reason=" ")
    services.reject_application(application=application, actor=clerk, reason="属于信访事项")
    found = services.lookup(query_code=application.query_code, password=password)
    assert status_of(found)["rejection_reason"] == "属于信访事项"


def test_other_agencys_clerk_cannot_confirm(agency, other_agency):
    from agencies.models import Role
    from tests.factories import make_member

    application, _password = submit(agency)
    with pytest.raises(PermissionDenied):
        services.confirm_application(
            application=application, actor=make_member("c2", Role.CLERK, other_agency))


def test_lookup_gives_the_same_answer_for_wrong_code_and_wrong_password(agency):
    application, password = submit(agency)
    assert services.lookup(query_code=application.query_code, password="wrong") is None
    assert services.lookup(query_code="WSNOSUCHCODE", password=password) is None
    found = services.lookup(query_code=application.query_code.lower(), password=password)
    assert found == application
    assert status_of(found)["status"] == ApplicationStatus.PENDING
