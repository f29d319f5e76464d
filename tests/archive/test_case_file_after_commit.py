"""The case file is built after the archive commit (letters.bundle.compose): the archive never
waits for it and is never half done, the case shows 案卷生成中 until it is built, a failed build
is completed later with the same bytes, and the hash chain vouches for it once built."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction

from config.celery import app as celery_app
from letters.bundle import compose
from letters.models import CaseFile
from tests.archive.helpers import fresh
from tests.cases.helpers import make_case
from workflow import services
from workflow.integrity import check_case
from workflow.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivered(agency, clerk, handler, approver):
    case = make_case(agency, clerk)
    services.submit_reply(case=case, actor=handler, decision="unavailable.not_held", text="无")
    services.approve_reply(case=case, actor=approver, issued_on=date(2023, 8, 1))
    services.record_delivery(
        case=case, actor=clerk, method="in_person", delivered_on=date(2023, 8, 2)
    )
    return fresh(case)


def test_the_archive_transaction_only_marks_the_case_file_as_building(delivered, clerk, media):
    with transaction.atomic():
        services.archive(case=delivered, actor=clerk)
        inside = CaseFile.objects.get(case=delivered)
        assert (inside.status, inside.pdf.name, inside.sha256) == ("building", "", "")
        assert not list(media.rglob("*case-file*"))
        assert fresh(delivered).status == "archived"  # together, or not at all
    built = CaseFile.objects.get(case=delivered)
    assert built.ready and built.pdf.read().startswith(b"%PDF")
    names = list(Event.objects.filter(case=delivered).values_list("name", flat=True))
    assert names[-2:] == ["archive", "build_case_file"]
    assert check_case(fresh(delivered)) == []


@pytest.fixture
def failing_build(monkeypatch):
    real = compose.render_case_file

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(compose, "render_case_file", broken)
    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", False)  # as in production
    return lambda: monkeypatch.setattr(compose, "render_case_file", real)


def test_a_failed_build_shows_as_building_and_is_completed_later(
    delivered, clerk, handler, client, api_as, failing_build
):
    services.archive(case=delivered, actor=clerk)  # the archive stands
    case = fresh(delivered)
    assert case.status == "archived"
    assert CaseFile.objects.get(case=case).status == "building"
    client.force_login(handler)
    assert "案卷生成中" in client.get(f"/cases/{case.pk}/").content.decode()
    response = api_as(handler).get(f"/api/v1/cases/{case.pk}/bundle/")
    assert response.status_code == 409 and "案卷生成中" in response.json()["detail"]
    assert check_case(case) == ["电子案卷尚在生成中，尚不能校验。"]

    failing_build()  # repaired
    call_command("complete_documents", verbosity=0)
    built = CaseFile.objects.get(case=case)
    assert built.ready
    assert built.pdf.read() == compose.render_case_file(fresh(case), archivist=clerk)[0]
    recorded = Event.objects.get(case=case, name="build_case_file").payload["case_file"]
    assert recorded == {"sha256": built.sha256, "pages": built.page_count}
    assert check_case(fresh(case)) == []
    assert "下载案卷（PDF）" in client.get(f"/cases/{case.pk}/").content.decode()


def test_building_again_changes_nothing(delivered, clerk):
    services.archive(case=delivered, actor=clerk)
    built = CaseFile.objects.get(case=delivered)
    again = compose.build(CaseFile.objects.get(pk=built.pk))
    assert (again.sha256, again.pdf.name) == (built.sha256, built.pdf.name)
    assert Event.objects.filter(case=delivered, name="build_case_file").count() == 1
