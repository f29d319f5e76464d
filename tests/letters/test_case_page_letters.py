"""The case page lists the letters with their downloads, and previews the reply draft."""

import pytest

from tests.cases.helpers import make_case
from workflow import services

pytestmark = pytest.mark.django_db


def test_case_page_lists_letters_and_previews_the_reply(client, agency, handler, approver):
    case = make_case(agency, handler)
    services.submit_reply(case=case, actor=handler, decision="unavailable.not_held",
                          text="经检索不存在")
    client.force_login(approver)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    receipt = case.letters.get(kind="receipt")
    assert f"/api/v1/letters/{receipt.pk}/pdf/" in html
    assert receipt.number in html
    preview_url = f"/api/v1/cases/{case.pk}/letters/preview/reply/"
    assert preview_url in html
    preview = client.get(preview_url)
    assert preview.status_code == 200 and preview["Content-Type"] == "application/pdf"
    download = client.get(f"/api/v1/letters/{receipt.pk}/pdf/")
    assert b"".join(download.streaming_content) == receipt.pdf.open("rb").read()


def test_no_preview_without_a_draft_reply(client, agency, handler):
    case = make_case(agency, handler)
    client.force_login(handler)
    assert "letters/preview/reply" not in client.get(f"/cases/{case.pk}/").content.decode()
    assert client.get(f"/api/v1/cases/{case.pk}/letters/preview/reply/").status_code == 404
