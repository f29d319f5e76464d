"""The letters a real case issues, read back from the stored PDFs: the names of the people who
act (never their login names), the remedy each act states on its date, clean text."""

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from tests.archive.helpers import full_case
from tests.cases.helpers import make_case
from workflow import services

pytestmark = pytest.mark.django_db

NAMES = {"clerk": ("王", "登记"), "handler": ("李", "承办"), "approver": ("张", "审批"),
         "dept_a": ("赵", "联络"), "dept_b": ("钱", "联络")}


@pytest.fixture
def named(clerk, handler, approver, dept_a, dept_b):
    for user in (clerk, handler, approver, dept_a, dept_b):
        user.last_name, user.first_name = NAMES[user.username]
        user.save()


def text_of(letter) -> str:
    reader = PdfReader(io.BytesIO(letter.pdf.read()))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def test_a_full_case_issues_every_kind_with_names_never_logins(
    named, agency, clerk, handler, approver, dept_a, dept_b, department_a, department_b
):
    case = full_case(agency, clerk=clerk, handler=handler, approver=approver, dept_a=dept_a,
                     dept_b=dept_b, department_a=department_a, department_b=department_b)
    texts = {}
    for letter in case.letters.order_by("id"):
        texts.setdefault(letter.kind, []).append(text_of(letter))
    assert set(texts) >= {
        "receipt", "correction_notice", "assistance_request", "extension_notice",
        "consultation_third_party", "consultation_notice", "fee_notice", "reply",
        "third_party_disclosure_notice", "delivery_receipt",
    }
    for kind, bodies in texts.items():
        for body in bodies:
            for login in NAMES:
                assert login not in body, (kind, login)
            assert not re.search(r"[。；，、：]{2}", body), (kind, body)
            assert "\r" not in body and "\ufffd" not in body
    assert "经政府信息公开工作机构负责人张审批同意" in texts["extension_notice"][0]
    assert "送达人：王登记" in texts["delivery_receipt"][0]
    # The applicant learns a third party is consulted, not which (it may be a person).
    assert "临沂某某建设有限公司" not in texts["consultation_notice"][0]
    assert "征求第三方的意见" in texts["consultation_notice"][0]
    # 2023: every act offers reconsideration or suit; the third party gets a remedy too.
    for kind in ("reply", "fee_notice", "third_party_disclosure_notice"):
        assert "或者自收到本" in texts[kind][0] and "6个月内向" in texts[kind][0], kind
    for kind in ("receipt", "correction_notice", "extension_notice", "consultation_notice"):
        assert "行政复议" not in texts[kind][0], kind


def test_a_refusal_issued_in_2024_requires_reconsideration_first(agency, clerk, handler, approver):
    case = make_case(agency, clerk)
    services.submit_reply(
        case=case, actor=handler, decision="withheld.internal_affairs", text="不予公开。",
        details={"withheld": "属于内部工作流程信息"},
    )
    services.approve_reply(
        case=case, actor=approver, issued_on=date(2024, 1, 2), late_reason="补录"
    )
    body = text_of(case.letters.get(kind="reply"))
    assert f"应当先自收到本答复书之日起60日内向{agency.reconsideration_body}申请行政复议" in body
    assert f"可以自收到行政复议决定书之日起15日内向{agency.court}提起行政诉讼" in body
    assert "6个月" not in body


def test_a_refusal_issued_on_31_december_2023_keeps_the_alternative(
    agency, clerk, handler, approver
):
    case = make_case(agency, clerk)
    services.submit_reply(
        case=case, actor=handler, decision="withheld.state_secret", text="不予公开。",
        details={"withheld": "经定密属于国家秘密"},
    )
    services.approve_reply(
        case=case, actor=approver, issued_on=date(2023, 12, 31), late_reason="补录"
    )
    body = text_of(case.letters.get(kind="reply"))
    assert "或者自收到本答复书之日起6个月内" in body and "应当先" not in body


def test_a_disclosure_in_2024_keeps_the_alternative(agency, clerk, handler, approver):
    case = make_case(agency, clerk)
    services.submit_reply(
        case=case, actor=handler, decision="disclosed", text="请查收。",
        details={"disclosed_items": ["立项批复"]},
    )
    services.approve_reply(
        case=case, actor=approver, issued_on=date(2024, 3, 1), late_reason="补录"
    )
    body = text_of(case.letters.get(kind="reply"))
    assert "或者自收到本答复书之日起6个月内" in body and "应当先" not in body


def test_an_extension_by_an_approver_without_a_name_prints_no_login(agency, clerk, approver):
    case = make_case(agency, clerk)
    services.extend(case=case, actor=approver, working_days=5, reason="需要调取档案",
                    decided_on=date(2023, 7, 20), late_entry_reason="按纸质登记簿补录")
    body = text_of(case.letters.get(kind="extension_notice"))
    assert "经政府信息公开工作机构负责人同意" in body and "approver" not in body
