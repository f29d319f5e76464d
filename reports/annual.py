"""Sections 三, 四 and 六 (信息处理费) of the annual report (annual-report.md), computed from the
case data.

Every number is one ``Count(filter=...)`` in SQL; the filters below are the only definition of
what a row, a column or a cell means, shared by the table, its cross-check and the list of cases
behind each cell. A report costs three queries whatever the number of cases: section 三 (grouped
by applicant column), section 四, and the search for cases that would break the table.

Dates. A case is *received* on ``first_received_on``, the day the application first reached the
agency. After a correction (补正) the legal receipt date ``received_on`` moves to the day the
corrected application arrived, because the reply period starts again from there (Art. 30); but
it is still the same application, received once. Counting by ``received_on`` would make an
application received in late December and corrected in January "new" in neither year (it was
already counted as carried forward from the old year) or in both, and break the cross-check
between the years. ``first_received_on`` never changes, so every case is new exactly once.
A case is *concluded* on ``concluded_on``: its reply date (replied) or closing date (closed).

With r = first_received_on and c = concluded_on (None while open), for year Y:
    new (一)              r in Y
    carried over (二)     r before Y, and c is None or c not before Y
    results (三)          c in Y, by decision code (statute.md table), one row per code
    carried forward (四)  r not after Y, and c is None or c after Y
Every case that is in play in Y (new or carried over) is either concluded in Y or carried
forward, so 一 + 二 = (七) + 四 in every column, as long as each case concluded in Y has a
decision that maps to a row and was not concluded before it was received. ``problems`` finds
the cases that do not meet that (and cases whose state and conclusion date disagree).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case as SqlCase
from django.db.models import CharField, Count, Exists, F, OuterRef, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from cases.models import ApplicantKind, Case, OrgCategory
from reports.models import CORRECTING_RESULTS, ReviewKind, ReviewRecord, ReviewResult
from rules.states import CONCLUDED_STATES, OPEN_STATES, Decision, Status
from workflow.models import FeeNotice

D = Decision

# -- columns (申请人情况) --------------------------------------------------------------------

COLUMNS: tuple[tuple[str, str], ...] = (
    ("person", "自然人"),
    (OrgCategory.ENTERPRISE.value, "商业企业"),
    (OrgCategory.RESEARCH.value, "科研机构"),
    (OrgCategory.SOCIAL_WELFARE.value, "社会公益组织"),
    (OrgCategory.LEGAL_SERVICE.value, "法律服务机构"),
    (OrgCategory.OTHER.value, "其他"),
    ("total", "总计"),
)
COLUMN_KEYS = tuple(key for key, _ in COLUMNS)
COLUMN_LABELS = [label for _, label in COLUMNS]
# Named categories; an organisation without one (or with "other") goes to 其他.
_NAMED_CATEGORIES = COLUMN_KEYS[1:5]


def column_filter(key: str) -> Q:
    """The cases of one applicant column; the six columns before 总计 partition all cases."""
    person = Q(applicant__kind=ApplicantKind.PERSON)
    if key == "person":
        return person
    if key == "total":
        return Q()
    if key == OrgCategory.OTHER:
        return ~person & ~Q(applicant__org_category__in=_NAMED_CATEGORIES)
    if key in _NAMED_CATEGORIES:
        return ~person & Q(applicant__org_category=key)
    raise KeyError(key)


# The applicant column as one SQL expression, built from the same filters.
COLUMN_EXPRESSION = SqlCase(
    *[When(column_filter(key), then=Value(key)) for key in COLUMN_KEYS[:-1]],
    output_field=CharField(),
)

# -- rows (section 三) -----------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    level: int  # 0: 一、二、三、四  1: (一)…(七)  2: the numbered sub-rows
    decisions: tuple[str, ...] = ()  # result rows: the decision codes counted in the row
    heading: bool = False  # 三 and (三)–(六): a label without numbers of its own


ROWS: tuple[Row, ...] = (
    Row("new", "一、本年新收政府信息公开申请数量", 0),
    Row("carried_over", "二、上年结转政府信息公开申请数量", 0),
    Row("results", "三、本年度办理结果", 0, heading=True),
    Row("disclosed", "(一)予以公开", 1, (D.DISCLOSED, D.ALREADY_PUBLIC)),
    Row(
        "partially_disclosed",
        "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
        1,
        (D.PARTIALLY_DISCLOSED,),
    ),
    Row("withheld", "(三)不予公开", 1, heading=True),
    Row("withheld_1", "1.属于国家秘密", 2, (D.WITHHELD_STATE_SECRET,)),
    Row("withheld_2", "2.其他法律行政法规禁止公开", 2, (D.WITHHELD_PROHIBITED_BY_LAW,)),
    Row("withheld_3", "3.危及“三安全一稳定”", 2, (D.WITHHELD_SECURITY_STABILITY,)),
    Row("withheld_4", "4.保护第三方合法权益", 2, (D.WITHHELD_THIRD_PARTY_RIGHTS,)),
    Row("withheld_5", "5.属于三类内部事务信息", 2, (D.WITHHELD_INTERNAL_AFFAIRS,)),
    Row("withheld_6", "6.属于四类过程性信息", 2, (D.WITHHELD_PROCESS_INFORMATION,)),
    Row("withheld_7", "7.属于行政执法案卷", 2, (D.WITHHELD_ENFORCEMENT_FILE,)),
    Row("withheld_8", "8.属于行政查询事项", 2, (D.WITHHELD_ADMINISTRATIVE_QUERY,)),
    Row("unavailable", "(四)无法提供", 1, heading=True),
    Row(
        "unavailable_1",
        "1.本机关不掌握相关政府信息",
        2,
        (D.UNAVAILABLE_NOT_HELD, D.UNAVAILABLE_OTHER_AGENCY),
    ),
    Row("unavailable_2", "2.没有现成信息需要另行制作", 2, (D.UNAVAILABLE_NEEDS_CREATION,)),
    Row("unavailable_3", "3.补正后申请内容仍不明确", 2, (D.UNAVAILABLE_UNCLEAR,)),
    Row("not_processed", "(五)不予处理", 1, heading=True),
    Row("not_processed_1", "1.信访举报投诉类申请", 2, (D.NOT_PROCESSED_PETITION,)),
    Row("not_processed_2", "2.重复申请", 2, (D.NOT_PROCESSED_REPEATED,)),
    Row("not_processed_3", "3.要求提供公开出版物", 2, (D.NOT_PROCESSED_PUBLICATION,)),
    Row("not_processed_4", "4.无正当理由大量反复申请", 2, (D.NOT_PROCESSED_EXCESSIVE,)),
    Row(
        "not_processed_5",
        "5.要求行政机关确认或重新出具已获取信息",
        2,
        (D.NOT_PROCESSED_CONFIRM,),
    ),
    Row("other", "(六)其他处理", 1, heading=True),
    Row(
        "other_1",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        2,
        (D.OTHER_NO_CORRECTION,),
    ),
    Row(
        "other_2",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        2,
        (D.OTHER_NO_PAYMENT,),
    ),
    Row("other_3", "3.其他", 2, (D.OTHER_WITHDRAWN,)),
    Row("total", "(七)总计", 1),
    Row("carried_forward", "四、结转下年度继续办理", 0),
)
ROWS_BY_KEY = {row.key: row for row in ROWS}
RESULT_ROWS = tuple(row for row in ROWS if row.decisions)
RESULT_DECISIONS = tuple(code for row in RESULT_ROWS for code in row.decisions)
# Rows counted in SQL; 总计 is the sum of the result rows (and also has a filter, for its cases).
COUNTED_ROWS = tuple(row for row in ROWS if not row.heading and row.key != "total")
NUMBERED_ROWS = tuple(row for row in ROWS if not row.heading)


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def row_filter(key: str, year: int) -> Q:
    """The cases counted in one row of the year's table (KeyError for a heading row)."""
    start, end = year_bounds(year)
    open_at_start = Q(concluded_on__isnull=True) | Q(concluded_on__gte=start)
    open_after_end = Q(concluded_on__isnull=True) | Q(concluded_on__gt=end)
    if key == "new":
        return Q(first_received_on__gte=start, first_received_on__lte=end)
    if key == "carried_over":
        return Q(first_received_on__lt=start) & open_at_start
    if key == "carried_forward":
        return Q(first_received_on__lte=end) & open_after_end
    row = ROWS_BY_KEY[key]
    decisions = RESULT_DECISIONS if key == "total" else row.decisions
    if not decisions:
        raise KeyError(key)
    return Q(concluded_on__gte=start, concluded_on__lte=end, decision__in=decisions)


def late_reply_filter(year: int) -> Q:
    """Replies of the year issued after their due date (逾期答复; not a row of the national
    table, reported beside it)."""
    start, end = year_bounds(year)
    return Q(replied_on__gte=start, replied_on__lte=end, replied_on__gt=F("reply_due"))


def cell_filter(row: str, column: str, year: int) -> Q:
    return row_filter(row, year) & column_filter(column)


def touching(year: int) -> Q:
    """Every case some row of the year counts (the union of the row filters). It only narrows
    the scan; each row's own filter decides what it counts."""
    start, end = year_bounds(year)
    concluded_in_year = Q(concluded_on__gte=start, concluded_on__lte=end)
    return (
        row_filter("new", year)
        | row_filter("carried_over", year)
        | concluded_in_year
        | row_filter("carried_forward", year)
    )


def cases_in_scope(agency=None):
    return Case.objects.all() if agency is None else Case.objects.filter(agency=agency)


def cell_cases(*, year: int, agency, row: str, column: str):
    """The cases counted in one cell (the same filter as the count)."""
    return cases_in_scope(agency).filter(cell_filter(row, column, year))


# -- section 四: reconsideration and litigation ---------------------------------------------

REVIEW_GROUPS: tuple[tuple[str, str], ...] = (
    (ReviewKind.RECONSIDERATION.value, "行政复议"),
    (ReviewKind.LITIGATION_DIRECT.value, "行政诉讼/未经复议直接起诉"),
    (ReviewKind.LITIGATION_AFTER_REVIEW.value, "行政诉讼/复议后起诉"),
)
REVIEW_RESULTS: tuple[tuple[str, str], ...] = (
    (ReviewResult.UPHELD.value, "结果维持"),
    (ReviewResult.CORRECTED.value, "结果纠正"),
    (ReviewResult.OTHER.value, "其他结果"),
    (ReviewResult.PENDING.value, "尚未审结"),
    ("total", "总计"),
)
REVIEW_CELLS: tuple[tuple[str, str, str], ...] = tuple(
    (kind, result, f"{prefix}/{label}")
    for kind, prefix in REVIEW_GROUPS
    for result, label in REVIEW_RESULTS
)
REVIEW_LABELS = [label for _, _, label in REVIEW_CELLS]


def review_filter(kind: str, result: str, year: int) -> Q:
    """The 2021 format's rule: 总计 counts the records filed in the year; 维持, 纠正 and 其他
    count the records decided in the year, whenever they were filed; 尚未审结 counts the records
    filed in the year still undecided at its end. 纠正 includes 撤销, 责令重新答复 and 确认违法."""
    start, end = year_bounds(year)
    filed = Q(kind=kind, filed_on__gte=start, filed_on__lte=end)
    decided = Q(kind=kind, decided_on__gte=start, decided_on__lte=end)
    if result == "total":
        return filed
    if result == ReviewResult.PENDING:
        return filed & (Q(result=ReviewResult.PENDING) | Q(decided_on__gt=end))
    if result == ReviewResult.CORRECTED:
        return decided & Q(result__in=CORRECTING_RESULTS)
    if result in (ReviewResult.UPHELD, ReviewResult.OTHER):
        return decided & Q(result=result)
    raise KeyError(result)


def reviews_in_scope(agency=None):
    records = ReviewRecord.objects.all()
    return records if agency is None else records.filter(case__agency=agency)


def review_cell_records(*, year: int, agency, kind: str, result: str):
    return reviews_in_scope(agency).filter(review_filter(kind, result, year))


# -- section 六: 信息处理费 (国办公开办函〔2021〕30号, "其他需要报告的事项") --------------------
#
# A notice is *issued* on ``notice_on``; it *ends* when it is paid (``paid_on``) or, unpaid,
# when its case concludes (a lapse, a withdrawal). For year Y, in yuan as in notices:
#     issued (发出)          notice_on in Y                        -> the count and the amount
#     received (实际收取)     paid_on in Y
#     unpaid_ended           unpaid, case concluded in Y
#     outstanding_at_start   notice_on before Y, not ended before Y
#     outstanding_at_end     notice_on not after Y, not ended by the end of Y
# and issued + outstanding_at_start = received + unpaid_ended + outstanding_at_end, in number
# and in amount, as long as no notice ends before it was issued (see ``problem_filters``).

FEE_LABELS: tuple[tuple[str, str], ...] = (
    ("issued", "发出收费通知的件数"),
    ("notified", "收费通知的总金额（元）"),
    ("received", "实际收取的总金额（元）"),
)
FEE_SECTION_TITLE = "六、其他需要报告的事项（信息处理费）"
FEE_BALANCE_KEYS = ("issued", "outstanding_at_start", "received", "unpaid_ended",
                    "outstanding_at_end")


def fee_filter(key: str, year: int) -> Q:
    """The fee notices counted by one part of section 六 (and of its cross-check)."""
    start, end = year_bounds(year)
    unpaid = Q(paid_on__isnull=True)
    ended_before_start = Q(paid_on__lt=start) | (unpaid & Q(case__concluded_on__lt=start))
    ended_by_end = Q(paid_on__lte=end) | (unpaid & Q(case__concluded_on__lte=end))
    if key in ("issued", "notified"):
        return Q(notice_on__gte=start, notice_on__lte=end)
    if key == "received":
        return Q(paid_on__gte=start, paid_on__lte=end)
    if key == "unpaid_ended":
        return unpaid & Q(case__concluded_on__gte=start, case__concluded_on__lte=end)
    if key == "outstanding_at_start":
        return Q(notice_on__lt=start) & ~ended_before_start
    if key == "outstanding_at_end":
        return Q(notice_on__lte=end) & ~ended_by_end
    raise KeyError(key)


def fees_in_scope(agency=None):
    notices = FeeNotice.objects.all()
    return notices if agency is None else notices.filter(case__agency=agency)


def fee_cell_notices(*, year: int, agency, key: str):
    return fees_in_scope(agency).filter(fee_filter(key, year)).select_related("case")


@dataclass(frozen=True)
class FeeSection:
    issued: int
    notified: int  # yuan
    received: int  # yuan
    # key -> (number, yuan) for every part of the cross-check
    balance_parts: dict[str, tuple[int, int]]

    @property
    def values(self) -> list[int]:
        return [self.issued, self.notified, self.received]

    @property
    def balance(self) -> tuple[int, int]:
        """(number, yuan) of issued + outstanding at the start − received − unpaid ended −
        outstanding at the end; (0, 0) when section 六 holds."""
        p = self.balance_parts
        return tuple(  # type: ignore[return-value]
            p["issued"][i] + p["outstanding_at_start"][i] - p["received"][i]
            - p["unpaid_ended"][i] - p["outstanding_at_end"][i]
            for i in (0, 1)
        )

    @property
    def balanced(self) -> bool:
        return self.balance == (0, 0)


def compute_fee_section(*, year: int, agency=None) -> FeeSection:
    """Section 六 and its cross-check: one query."""
    aggregates = {}
    for key in FEE_BALANCE_KEYS:
        q = fee_filter(key, year)
        aggregates[f"n_{key}"] = Count("pk", filter=q)
        aggregates[f"y_{key}"] = Coalesce(Sum("amount", filter=q), 0)
    row = fees_in_scope(agency).aggregate(**aggregates)
    parts = {key: (row[f"n_{key}"], row[f"y_{key}"]) for key in FEE_BALANCE_KEYS}
    return FeeSection(
        issued=parts["issued"][0],
        notified=parts["issued"][1],
        received=parts["received"][1],
        balance_parts=parts,
    )


# -- what breaks the table --------------------------------------------------------------------

PROBLEM_LIMIT = 100
PROBLEMS: tuple[tuple[str, str], ...] = (
    ("concluded_before_received", "办结日期早于收到申请日期"),
    ("open_with_conclusion_date", "状态为未办结，却有办结日期"),
    ("concluded_without_date", "状态为已办结，但没有办结日期"),
    ("no_result_row", "本年度办结，但办理结果为空或不属于任何统计项"),
    ("fee_ended_before_notice", "收费通知的缴费日期或案件办结日期早于通知日期"),
    ("no_payment_without_notice", "以逾期未缴费终止，但没有未缴费的收费通知"),
)
PROBLEM_MESSAGES = dict(PROBLEMS)


def problem_filters(year: int) -> dict[str, Q]:
    """The cases that break the year's table (or make it wrong), by problem, in the order a
    case with several problems is reported."""
    start, end = year_bounds(year)
    concluded_in_year = Q(concluded_on__gte=start, concluded_on__lte=end)
    received_in_year = Q(first_received_on__gte=start, first_received_on__lte=end)
    return {
        # Counted as a result without being in play, or in play without ending anywhere.
        "concluded_before_received": Q(concluded_on__lt=F("first_received_on"))
        & (concluded_in_year | received_in_year),
        # The two below put a case in the wrong row, though the sums may still hold.
        "open_with_conclusion_date": (
            Q(status__in=OPEN_STATES, concluded_on__isnull=False) & touching(year)
        ),
        "concluded_without_date": Q(
            status__in=CONCLUDED_STATES, concluded_on__isnull=True, first_received_on__lte=end
        ),
        # In play, but no result row takes it.
        "no_result_row": concluded_in_year & ~Q(decision__in=RESULT_DECISIONS),
        # Section 六: a notice that ends before it was issued breaks its balance; a case
        # closed for non-payment without an unpaid notice contradicts row (六)2.
        "fee_ended_before_notice": Exists(
            FeeNotice.objects.filter(case=OuterRef("pk")).filter(
                Q(paid_on__lt=F("notice_on"))
                | Q(paid_on__isnull=True, case__concluded_on__lt=F("notice_on"))
            ).filter(Q(notice_on__lte=end) & (Q(notice_on__gte=start) | Q(paid_on__gte=start)
                     | Q(case__concluded_on__gte=start)))
        ),
        "no_payment_without_notice": concluded_in_year
        & Q(decision=Decision.OTHER_NO_PAYMENT)
        & ~Exists(FeeNotice.objects.filter(case=OuterRef("pk"), paid_on__isnull=True)),
    }


@dataclass(frozen=True)
class Problem:
    case_id: int
    number: str
    code: str
    first_received_on: date
    concluded_on: date | None
    decision: str
    status: str

    @property
    def message(self) -> str:
        return PROBLEM_MESSAGES[self.code]

    @property
    def decision_label(self) -> str:
        return str(dict(Decision.choices).get(self.decision, self.decision))

    @property
    def status_label(self) -> str:
        return str(dict(Status.choices).get(self.status, self.status))

    def as_dict(self) -> dict:
        return {
            "id": self.case_id,
            "number": self.number,
            "problem": self.code,
            "message": self.message,
            "received_on": self.first_received_on.isoformat(),
            "concluded_on": self.concluded_on.isoformat() if self.concluded_on else None,
            "decision": self.decision or None,
            "status": self.status,
        }


def find_problems(*, year: int, agency=None, limit: int = PROBLEM_LIMIT) -> list[Problem]:
    """One query; at most ``limit + 1`` cases, so the caller can tell that there are more."""
    filters = problem_filters(year)
    any_problem = Q()
    for q in filters.values():
        any_problem |= q
    rows = (
        cases_in_scope(agency)
        .filter(any_problem)
        .annotate(
            problem=SqlCase(
                *[When(q, then=Value(code)) for code, q in filters.items()],
                output_field=CharField(),
            )
        )
        .order_by("first_received_on", "id")
        .values_list(
            "pk", "number", "problem", "first_received_on", "concluded_on", "decision", "status"
        )[: limit + 1]
    )
    return [Problem(*row) for row in rows]


# -- the report ------------------------------------------------------------------------------


@dataclass
class AnnualReport:
    year: int
    agency: object | None  # agencies.Agency, or None for all agencies together
    values: dict[str, list[int]]  # row key -> 7 numbers, for every row with numbers
    reviews: list[int]  # the 15 numbers of section 四
    problems: list[Problem] = field(default_factory=list)
    fees: FeeSection | None = None  # section 六
    late_replies: int = 0  # replies of the year after their due date (逾期答复)

    @property
    def more_problems(self) -> bool:
        return len(self.problems) > PROBLEM_LIMIT

    @property
    def shown_problems(self) -> list[Problem]:
        return self.problems[:PROBLEM_LIMIT]

    @property
    def balance(self) -> list[int]:
        """一 + 二 − (七) − 四 per column; all zero when the table holds."""
        v = self.values
        return [
            v["new"][i] + v["carried_over"][i] - v["total"][i] - v["carried_forward"][i]
            for i in range(len(COLUMNS))
        ]

    @property
    def balanced(self) -> bool:
        return not any(self.balance)

    @property
    def fees_balanced(self) -> bool:
        return self.fees is None or self.fees.balanced

    @property
    def consistent(self) -> bool:
        """The cross-checks hold (section 三 in every column, section 六 in number and
        amount) and no case breaks the definitions."""
        return self.balanced and self.fees_balanced and not self.problems

    def rows(self) -> list[dict]:
        return [
            {"label": row.label, "values": None if row.heading else list(self.values[row.key])}
            for row in ROWS
        ]

    def as_json(self) -> dict:
        return {
            "year": self.year,
            "agency": None
            if self.agency is None
            else {"id": self.agency.pk, "name": self.agency.name},
            "columns": list(COLUMN_LABELS),
            "rows": self.rows(),
            "review_litigation": {"labels": list(REVIEW_LABELS), "values": list(self.reviews)},
            "fees": {
                "labels": [label for _, label in FEE_LABELS],
                "values": self.fees.values if self.fees else [0, 0, 0],
                "consistent": self.fees_balanced,
            },
            "consistent": self.consistent,
            "problems": [p.as_dict() for p in self.shown_problems],
            "late_replies": self.late_replies,
        }


def compute_annual_report(*, year: int, agency=None) -> AnnualReport:
    """Sections 三, 四 and 六 for one agency (or all agencies): four queries."""
    counts = {f"n_{row.key}": Count("pk", filter=row_filter(row.key, year)) for row in COUNTED_ROWS}
    counts["n_late_replies"] = Count("pk", filter=late_reply_filter(year))
    per_column = (
        cases_in_scope(agency)
        .filter(touching(year))
        .annotate(report_column=COLUMN_EXPRESSION)
        .values("report_column")
        .annotate(**counts)
        .order_by()
    )
    index = {key: i for i, key in enumerate(COLUMN_KEYS)}
    values = {row.key: [0] * len(COLUMNS) for row in NUMBERED_ROWS}
    late_replies = 0
    for group in per_column:
        late_replies += group["n_late_replies"]
        i = index[group["report_column"]]
        for row in COUNTED_ROWS:
            values[row.key][i] = group[f"n_{row.key}"]
    for i in range(len(COLUMNS) - 1):
        values["total"][i] = sum(values[row.key][i] for row in RESULT_ROWS)
    for numbers in values.values():
        numbers[-1] = sum(numbers[:-1])

    review_counts = reviews_in_scope(agency).aggregate(
        **{
            f"r{i}": Count("pk", filter=review_filter(kind, result, year))
            for i, (kind, result, _) in enumerate(REVIEW_CELLS)
        }
    )
    reviews = [review_counts[f"r{i}"] for i in range(len(REVIEW_CELLS))]

    problems = find_problems(year=year, agency=agency)
    return AnnualReport(
        year=year,
        agency=agency,
        values=values,
        reviews=reviews,
        problems=problems,
        fees=compute_fee_section(year=year, agency=agency),
        late_replies=late_replies,
    )


# -- the official table's layout (HTML and XLSX) ---------------------------------------------

CHECK_NOTE = "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"
SECTION_THREE_TITLE = "三、收到和处理政府信息公开申请情况"
SECTION_FOUR_TITLE = "四、政府信息公开行政复议、行政诉讼情况"
APPLICANT_HEADING = "申请人情况"
ORGANIZATION_HEADING = "法人或其他组织"
LABEL_COLUMNS = 3  # 一/二/三/四, (一)…(七), numbered sub-rows


@dataclass(frozen=True)
class LabelCell:
    text: str
    level: int
    rowspan: int
    colspan: int


def _numbered_rows_under(index: int) -> int:
    level = ROWS[index].level
    count = 0
    for row in ROWS[index + 1 :]:
        if row.level <= level:
            break
        count += not row.heading
    return count


def _grid() -> tuple[tuple[Row, tuple[LabelCell, ...]], ...]:
    """The numbered rows, each with the label cells that start on its line: a heading spans
    the lines of the rows under it (三 in the first label column, (三)–(六) in the second)."""
    lines = []
    waiting: list[LabelCell] = []
    for index, row in enumerate(ROWS):
        if row.heading:
            waiting.append(LabelCell(row.label, row.level, _numbered_rows_under(index), 1))
            continue
        cells = (*waiting, LabelCell(row.label, row.level, 1, LABEL_COLUMNS - row.level))
        waiting = []
        lines.append((row, cells))
    return tuple(lines)


GRID = _grid()
