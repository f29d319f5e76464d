"""Sections 三 and 四 computed from cases built through the real services: every cell, the
cross-check, neighbouring years, the official labels, query counts and broken tables."""

from datetime import date

import pytest

from agencies.models import Agency
from cases.models import Applicant, Case
from reports.annual import (
    COLUMN_LABELS,
    RESULT_ROWS,
    REVIEW_LABELS,
    ROWS,
    compute_annual_report,
)
from rules.states import Decision
from tests.cases.helpers import make_case
from workflow import services

pytestmark = pytest.mark.django_db

#         自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计
EXPECTED_2024 = [
    ("一、本年新收政府信息公开申请数量", [5, 5, 4, 4, 4, 4, 26]),
    ("二、上年结转政府信息公开申请数量", [1, 1, 1, 1, 0, 1, 5]),
    ("三、本年度办理结果", None),
    ("(一)予以公开", [2, 1, 0, 0, 0, 0, 3]),
    ("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", [0, 0, 1, 0, 0, 1, 2]),
    ("(三)不予公开", None),
    ("1.属于国家秘密", [0, 0, 0, 1, 0, 0, 1]),
    ("2.其他法律行政法规禁止公开", [0, 0, 0, 0, 1, 0, 1]),
    ("3.危及“三安全一稳定”", [0, 0, 0, 0, 0, 1, 1]),
    ("4.保护第三方合法权益", [1, 0, 0, 0, 0, 0, 1]),
    ("5.属于三类内部事务信息", [0, 1, 0, 0, 0, 0, 1]),
    ("6.属于四类过程性信息", [0, 0, 1, 0, 0, 0, 1]),
    ("7.属于行政执法案卷", [0, 0, 0, 1, 0, 0, 1]),
    ("8.属于行政查询事项", [0, 0, 0, 0, 1, 0, 1]),
    ("(四)无法提供", None),
    ("1.本机关不掌握相关政府信息", [1, 0, 0, 0, 0, 1, 2]),
    ("2.没有现成信息需要另行制作", [0, 1, 0, 0, 0, 0, 1]),
    ("3.补正后申请内容仍不明确", [0, 0, 1, 0, 0, 0, 1]),
    ("(五)不予处理", None),
    ("1.信访举报投诉类申请", [0, 0, 0, 1, 0, 0, 1]),
    ("2.重复申请", [0, 0, 0, 0, 1, 0, 1]),
    ("3.要求提供公开出版物", [0, 0, 0, 0, 0, 1, 1]),
    ("4.无正当理由大量反复申请", [1, 0, 0, 0, 0, 0, 1]),
    ("5.要求行政机关确认或重新出具已获取信息", [0, 1, 0, 0, 0, 0, 1]),
    ("(六)其他处理", None),
    (
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        [0, 0, 1, 0, 0, 0, 1],
    ),
    (
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        [0, 0, 0, 1, 0, 0, 1],
    ),
    ("3.其他", [0, 1, 0, 0, 1, 0, 2]),
    ("(七)总计", [5, 5, 4, 4, 4, 4, 26]),
    ("四、结转下年度继续办理", [1, 1, 1, 1, 0, 1, 5]),
]

# 行政复议 | 行政诉讼 未经复议直接起诉 | 行政诉讼 复议后起诉: 维持 纠正 其他 尚未审结 总计
# Results by the year decided (the reconsideration filed in 2023 and upheld in January 2024 is
# a 2024 result), totals and 尚未审结 by the year filed.
EXPECTED_REVIEWS_2024 = [2, 1, 0, 2, 4, 1, 0, 1, 0, 2, 0, 1, 0, 1, 2]

# The official labels of annual-report.md, character for character (ASCII brackets, commas
# and full stops; curly quotes around 三安全一稳定).
OFFICIAL_LABELS = [label for label, _ in EXPECTED_2024]


def as_rows(expected):
    return [{"label": label, "values": values} for label, values in expected]


def values(report, label):
    return next(r["values"] for r in report.rows() if r["label"] == label)


def test_every_cell_of_section_three_for_2024(year_of_cases, agency):
    report = compute_annual_report(year=2024, agency=agency)
    assert report.rows() == as_rows(EXPECTED_2024)
    assert report.balance == [0] * 7
    assert report.consistent and report.problems == []


def test_every_cell_of_section_four_for_2024(reviews_of_2024, agency):
    report = compute_annual_report(year=2024, agency=agency)
    assert report.reviews == EXPECTED_REVIEWS_2024
    assert report.as_json()["review_litigation"] == {
        "labels": REVIEW_LABELS,
        "values": EXPECTED_REVIEWS_2024,
    }
    # Filed in 2023 and decided in 2024: pending at the end of 2023 and in its total there,
    # its result counted in 2024.
    assert compute_annual_report(year=2023, agency=agency).reviews[:5] == [0, 0, 0, 1, 1]


def test_review_labels_name_both_levels_of_the_official_header():
    assert REVIEW_LABELS == [
        f"{group}/{result}"
        for group in ("行政复议", "行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉")
        for result in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    ]


def test_what_2024_carries_forward_2025_carries_over(year_of_cases, agency):
    report_2025 = compute_annual_report(year=2025, agency=agency)
    assert values(report_2025, "二、上年结转政府信息公开申请数量") == [1, 1, 1, 1, 0, 1, 5]
    assert values(report_2025, "一、本年新收政府信息公开申请数量") == [1, 0, 0, 0, 0, 0, 1]
    assert values(report_2025, "(七)总计") == [1, 0, 0, 1, 0, 0, 2]
    assert values(report_2025, "四、结转下年度继续办理") == [1, 1, 1, 0, 0, 1, 4]
    assert report_2025.consistent


def test_a_case_corrected_in_january_is_new_in_the_year_it_first_arrived(year_of_cases, agency):
    corrected = Case.objects.get(pk=year_of_cases["over_corrected"].pk)
    assert corrected.received_on == date(2024, 1, 3)  # the legal receipt date moved
    report_2023 = compute_annual_report(year=2023, agency=agency)
    # 2023: all six December/November cases are new; only the November one concluded.
    assert values(report_2023, "一、本年新收政府信息公开申请数量") == [1, 1, 1, 1, 1, 1, 6]
    assert values(report_2023, "(一)予以公开") == [0, 0, 0, 0, 1, 0, 1]
    assert values(report_2023, "四、结转下年度继续办理") == [1, 1, 1, 1, 0, 1, 5]
    assert report_2023.consistent


def test_all_agencies_together_add_up_the_agencies(
    year_of_cases, agency, other_agency, outsider, other_approver, today
):
    other = make_case(other_agency, outsider, received_on=date(2024, 5, 6))
    services.submit_reply(
        case=other,
        actor=outsider,
        decision="disclosed",
        text="予以公开",
        details={"disclosed_items": ["文件"]},
    )
    services.approve_reply(case=other, actor=other_approver, issued_on=date(2024, 5, 20))
    everyone = compute_annual_report(year=2024, agency=None)
    assert everyone.agency is None and everyone.as_json()["agency"] is None
    assert values(everyone, "一、本年新收政府信息公开申请数量") == [6, 5, 4, 4, 4, 4, 27]
    assert values(everyone, "(一)予以公开") == [3, 1, 0, 0, 0, 0, 4]
    assert compute_annual_report(year=2024, agency=agency).rows() == as_rows(EXPECTED_2024)
    assert compute_annual_report(year=2024, agency=other_agency).values["total"] == [
        1,
        0,
        0,
        0,
        0,
        0,
        1,
    ]


def test_the_rows_are_the_official_labels_in_order():
    assert [row.label for row in ROWS] == OFFICIAL_LABELS
    assert COLUMN_LABELS == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]


def test_every_decision_code_counts_in_exactly_one_result_row():
    rows_of = {code: [r.key for r in RESULT_ROWS if code in r.decisions] for code in Decision}
    assert all(len(keys) == 1 for keys in rows_of.values()), rows_of
    assert rows_of[Decision.UNAVAILABLE_OTHER_AGENCY] == ["unavailable_1"]
    assert rows_of[Decision.ALREADY_PUBLIC] == ["disclosed"]
    assert rows_of[Decision.OTHER_WITHDRAWN] == ["other_3"]


def test_an_empty_year_is_all_zeros_and_consistent(agency):
    report = compute_annual_report(year=2024, agency=agency)
    assert all(v == [0] * 7 for v in report.values.values())
    assert report.consistent


# -- query counts -----------------------------------------------------------------------------


def bulk_cases(agency, user, n: int) -> None:
    """n cases straight into the tables, spread over columns, decisions and 2023-2025."""
    columns = ["person", "enterprise", "research", "social_welfare", "legal_service", "other"]
    applicants = [
        Applicant.objects.create(
            kind="person" if columns[i % 6] == "person" else "organization",
            name=f"申请人{i}",
            id_type="resident_id",
            id_number=str(i),
            org_category="" if columns[i % 6] == "person" else columns[i % 6],
            phone="13800138000",
        )
        for i in range(n)
    ]
    codes = list(Decision)
    cases = []
    for i, applicant in enumerate(applicants):
        received = date(2023 + i % 3, 1 + i % 12, 1 + i % 28)
        concluded = None if i % 4 == 0 else date(received.year + (i % 5 == 0), received.month, 28)
        cases.append(
            Case(
                agency=agency,
                number=f"Q{i}",
                year=received.year,
                sequence=i + 1,
                applicant=applicant,
                channel="in_person",
                received_on=received,
                first_received_on=received,
                description="x",
                delivery_format="paper",
                delivery_method="mail",
                registered_by=user,
                status="registered",
                concluded_on=concluded,
                decision=codes[i % len(codes)] if concluded else "",
            )
        )
    Case.objects.bulk_create(cases)
    Case.objects.filter(concluded_on__isnull=False).update(status="replied")


@pytest.mark.parametrize("n", [5, 50])
def test_the_report_runs_three_queries_whatever_the_number_of_cases(
    agency, clerk, n, django_assert_num_queries
):
    bulk_cases(agency, clerk, n)
    # 1. section 三, grouped by applicant column  2. section 四  3. cases that break the table
    # 4. section 六 and its cross-check (fee notices)
    with django_assert_num_queries(4):
        report = compute_annual_report(year=2024, agency=agency)
    assert report.values["new"][6] == sum(
        1 for c in Case.objects.filter(agency=agency) if c.first_received_on.year == 2024
    )
    assert report.consistent


# -- broken tables ------------------------------------------------------------------------------


def test_a_concluded_case_without_a_decision_breaks_the_table_and_is_named(year_of_cases, agency):
    case = year_of_cases["disclosed"]
    Case.objects.filter(pk=case.pk).update(decision="")
    report = compute_annual_report(year=2024, agency=agency)
    assert not report.consistent
    assert report.balance == [1, 0, 0, 0, 0, 0, 1]  # in play, but in no result row
    assert [(p.number, p.code) for p in report.problems] == [(case.number, "no_result_row")]


def test_a_case_received_after_the_year_but_concluded_in_it_breaks_the_table(year_of_cases, agency):
    case = year_of_cases["already_public"]  # enterprise, concluded 2024-03-20
    Case.objects.filter(pk=case.pk).update(first_received_on=date(2025, 1, 2))
    report = compute_annual_report(year=2024, agency=agency)
    assert report.balance == [0, -1, 0, 0, 0, 0, -1]
    assert [(p.number, p.code) for p in report.problems] == [
        (case.number, "concluded_before_received")
    ]
    # 2025 breaks the other way: new in 2025, yet neither concluded in it nor carried on.
    report_2025 = compute_annual_report(year=2025, agency=agency)
    assert report_2025.balance[1] == 1 and not report_2025.consistent


def test_state_and_conclusion_date_that_disagree_are_reported_though_the_sums_hold(
    year_of_cases, agency
):
    replied = year_of_cases["not_processed.repeated"]
    still_open = year_of_cases["forward_busy"]
    Case.objects.filter(pk=replied.pk).update(concluded_on=None)
    Case.objects.filter(pk=still_open.pk).update(concluded_on=date(2024, 8, 1))
    report = compute_annual_report(year=2024, agency=agency)
    codes = {p.number: p.code for p in report.problems}
    assert codes[replied.number] == "concluded_without_date"
    assert codes[still_open.number] == "open_with_conclusion_date"
    assert not report.consistent


def test_problems_of_another_agency_do_not_concern_this_one(year_of_cases, agency, other_agency):
    Case.objects.filter(pk=year_of_cases["disclosed"].pk).update(decision="")
    assert compute_annual_report(year=2024, agency=other_agency).consistent
    assert not compute_annual_report(year=2024, agency=None).consistent
    assert Agency.objects.count() == 2
