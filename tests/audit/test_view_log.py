"""Every auditor read of a case (page or API GET of the case, its letters, a letter, the case
file, its integrity) is logged as an AuditView (who, what, when); other roles' reads are not,
and the case's hash chain never changes."""

import pytest

from audit.models import AuditView
from workflow.audit import verify_chain
from workflow.models import Event

pytestmark = pytest.mark.django_db


def urls(case) -> dict[str, str]:
    reply = case.letters.get(kind="reply")
    return {
        "case": f"/api/v1/cases/{case.pk}/",
        "letters": f"/api/v1/cases/{case.pk}/letters/",
        "letter_pdf": f"/api/v1/letters/{reply.pk}/pdf/",
        "bundle": f"/api/v1/cases/{case.pk}/bundle/",
        "integrity": f"/api/v1/cases/{case.pk}/integrity/",
    }


def test_each_api_read_by_an_auditor_is_logged(archived, api_as, auditor):
    chain = list(Event.objects.filter(case=archived).order_by("seq").values_list("hash", flat=True))
    api = api_as(auditor)
    for what, url in urls(archived).items():
        assert api.get(url).status_code == 200, url
        logged = AuditView.objects.order_by("-id").first()
        assert (logged.user, logged.case_id, logged.what) == (auditor, archived.pk, what)
    reply = archived.letters.get(kind="reply")
    assert AuditView.objects.get(what="letter_pdf").detail == reply.number
    events = list(Event.objects.filter(case=archived).order_by("seq"))
    assert [e.hash for e in events] == chain and verify_chain(events) == []


def test_the_case_pages_of_the_web_ui_are_logged_too(archived, client, auditor):
    client.force_login(auditor)
    assert client.get(f"/cases/{archived.pk}/").status_code == 200
    assert AuditView.objects.filter(user=auditor, case=archived, what="case_page").exists()


@pytest.mark.parametrize("who", ["handler", "clerk", "approver"])
def test_other_roles_reads_are_not_logged(archived, api_as, request, who):
    api = api_as(request.getfixturevalue(who))
    for url in urls(archived).values():
        assert api.get(url).status_code == 200, url
    assert not AuditView.objects.exists()


def test_a_refused_read_is_not_logged(archived, api_as, outsider):
    for url in urls(archived).values():
        assert api_as(outsider).get(url).status_code == 404
    assert not AuditView.objects.exists()
