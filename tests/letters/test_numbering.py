"""Letter numbers (letters.md): one gapless series per agency, family (the word in the number:
公开收, 公开告, 公开协, 公开征, 公开) and year. Kinds of one family share its series; letters of
other families issued in between take nothing from it; a new year starts again at 1; another
agency has its own series."""

from datetime import date

import pytest

from letters.issuing import issue_letter
from letters.models import Letter
from tests.cases.helpers import make_case

pytestmark = pytest.mark.django_db

ON = date(2023, 8, 1)
PARTY = {
    "kind": "third_party",
    "name": "某公司",
    "sent_on": "2023-08-01",
    "answer_due": "2023-08-22",
    "jointly_made": False,
}
# What each kind prints besides the case (as its action would hand it over, letters.issuing).
EXTRA = {
    "extension_notice": {
        "extension": {
            "reason": "需要检索档案",
            "working_days": 20,
            "approver": "张三",
            "new_due": "2023-09-08",
        }
    },
    "fee_notice": {
        "fee": {
            "method": "per_piece",
            "amount": 100,
            "computation": "按件计收",
            "notice_on": "2023-08-01",
            "pay_due": "2023-08-21",
        }
    },
    "assistance_request": {
        "task": {"department": "县财政局", "instructions": "请检索", "due_on": "2023-08-08"}
    },
    "consultation_third_party": {"party": PARTY},
    "consultation_agency": {"party": {**PARTY, "kind": "agency", "name": "县财政局"}},
    "delivery_receipt": {
        "delivery": {
            "document": "",
            "method": "mail",
            "delivered_on": "2023-08-01",
            "tracking_number": "",
            "by": "张三",
        }
    },
}


def issue(case, kind: str, actor, on: date = ON) -> str:
    return issue_letter(case, kind, actor=actor, issued_on=on, extra=EXTRA.get(kind)).number


def test_each_family_counts_on_its_own_within_one_year(agency, handler):
    case = make_case(agency, handler)  # its receipt: 公开收 No. 1 of the receipt's year
    receipt_year = case.letters.get(kind="receipt").year
    kinds = [
        "extension_notice",  # 公开告
        "assistance_request",  # 公开协
        "receipt",  # 公开收
        "consultation_third_party",  # 公开征
        "fee_notice",  # 公开告 again: the same series as the extension notice
        "assistance_request",
        "extension_notice",  # 公开告
        "consultation_agency",  # 公开征, shared with the third-party request
    ]
    numbers = [issue(case, kind, handler) for kind in kinds]
    receipt_seq = 2 if receipt_year == ON.year else 1
    assert numbers == [
        "郯政办公开告〔2023〕1号",
        "郯政办公开协〔2023〕1号",
        f"郯政办公开收〔2023〕{receipt_seq}号",
        "郯政办公开征〔2023〕1号",
        "郯政办公开告〔2023〕2号",
        "郯政办公开协〔2023〕2号",
        "郯政办公开告〔2023〕3号",
        "郯政办公开征〔2023〕2号",
    ]


def test_every_family_series_is_gapless(agency, handler):
    case = make_case(agency, handler)
    for kind in ["extension_notice", "assistance_request", "fee_notice"] * 3:
        issue(case, kind, handler)
    for family in ("公开告", "公开协"):
        sequences = list(
            Letter.objects.filter(agency=agency, family=family, year=ON.year)
            .order_by("sequence")
            .values_list("sequence", flat=True)
        )
        assert sequences == list(range(1, len(sequences) + 1)), family
    assert Letter.objects.filter(family="公开告", year=ON.year).count() == 6


def test_a_new_year_starts_every_family_again(agency, handler):
    case = make_case(agency, handler)
    assert issue(case, "extension_notice", handler, date(2023, 12, 31)) == "郯政办公开告〔2023〕1号"
    assert issue(case, "extension_notice", handler, date(2024, 1, 1)) == "郯政办公开告〔2024〕1号"
    assert issue(case, "assistance_request", handler, date(2024, 1, 2)) == "郯政办公开协〔2024〕1号"
    assert issue(case, "extension_notice", handler, date(2023, 12, 31)) == "郯政办公开告〔2023〕2号"


def test_another_agency_has_its_own_series(agency, handler, other_agency, outsider):
    ours, theirs = make_case(agency, handler), make_case(other_agency, outsider)
    assert issue(ours, "extension_notice", handler).endswith("公开告〔2023〕1号")
    assert issue(theirs, "extension_notice", outsider).endswith("公开告〔2023〕1号")
    assert issue(ours, "extension_notice", handler).endswith("公开告〔2023〕2号")


def test_unnumbered_kinds_take_no_number(agency, handler):
    case = make_case(agency, handler)
    letter = issue_letter(
        case, "delivery_receipt", actor=handler, issued_on=ON, extra=EXTRA["delivery_receipt"]
    )
    assert letter.number == "" and letter.sequence is None
    assert issue(case, "extension_notice", handler) == "郯政办公开告〔2023〕1号"
