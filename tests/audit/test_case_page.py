"""The auditor's case page (/audit/cases/<id>/): timeline, letters, the case file and its
integrity, read-only; every visit logged."""

import pytest
from django.db import connection

from audit.models import AuditView
from letters.models import CaseFile
from workflow.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_auditor(client, auditor):
    client.force_login(auditor)
    return client


def page(client, case):
    return client.get(f"/audit/cases/{case.pk}/")


def test_the_page_shows_timeline_letters_bundle_and_integrity(as_auditor, archived):
    response = page(as_auditor, archived)
    assert response.status_code == 200
    html = response.content.decode()
    assert archived.number in html
    for event in Event.objects.filter(case=archived):
        assert event.hash[:16] in html
    for label in ("登记", "提交答复送审", "签发答复", "登记送达", "归档"):
        assert f"<td>{label}</td>" in html
    reply = archived.letters.get(kind="reply")
    assert f"/api/v1/letters/{reply.pk}/pdf/" in html and reply.number in html
    assert f"/api/v1/cases/{archived.pk}/bundle/" in html
    assert CaseFile.objects.get(case=archived).sha256 in html
    assert 'data-integrity="ok"' in html
    assert "<form" not in html.split('<main id="main"')[1].split("</main>")[0]


def test_the_page_shows_integrity_problems(as_auditor, archived):
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Event._meta.db_table} SET note = 'x' WHERE case_id = %s AND seq = 1",  # noqa: S608
            [archived.pk],
        )
    html = page(as_auditor, archived).content.decode()
    assert 'data-integrity="problems"' in html
    assert "第1条办理记录的内容与其哈希不符" in html


def test_an_open_case_has_no_bundle_yet(as_auditor, full):
    html = page(as_auditor, full).content.decode()
    assert "案件归档后生成电子案卷" in html
    assert f"/api/v1/cases/{full.pk}/bundle/" not in html


def test_every_visit_is_logged_outside_the_chain(as_auditor, archived, auditor):
    events = list(Event.objects.filter(case=archived).values_list("seq", "hash"))
    page(as_auditor, archived)
    page(as_auditor, archived)
    views = AuditView.objects.filter(case=archived, user=auditor, what="case_page")
    assert views.count() == 2
    assert list(Event.objects.filter(case=archived).values_list("seq", "hash")) == events


@pytest.mark.parametrize("who", ["clerk", "handler", "approver", "dept_a"])
def test_only_auditors_use_the_page(client, request, archived, who):
    client.force_login(request.getfixturevalue(who))
    assert page(client, archived).status_code == 403
    assert not AuditView.objects.exists()


def test_an_outsiders_auditor_gets_404(client, archived, other_agency):
    from agencies.models import Role
    from tests.factories import make_member

    client.force_login(make_member("other_auditor", Role.AUDITOR, other_agency))
    assert page(client, archived).status_code == 404


def test_wrong_method_is_405(as_auditor, archived):
    assert as_auditor.post(f"/audit/cases/{archived.pk}/").status_code == 405
