"""The annual report's own check, as a property (annual-report.md, section 三): for random cases
around random years, with the dates drawn mostly from the year boundaries (1 January and 31
December of the year, the one before and the one after):

- 一 + 二 = (七) + 四 in every column, and no case is reported as a problem;
- every counted row equals its definition evaluated here in Python, per column;
- what a year carries forward the next year carries over, column by column.

A case concluded on 1 January was open when the year began: it is carried over into that
year and counted among its results (and carried forward by the year before).
"""

import itertools
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.db import models, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Applicant, Case
from reports.annual import COLUMN_KEYS, RESULT_DECISIONS, compute_annual_report
from rules.states import Decision
from workflow.models import FeeNotice

pytestmark = pytest.mark.django_db

# The six applicant columns before 总计 ("blank": an organisation without a category, 其他).
KINDS = ("person", "enterprise", "research", "social_welfare", "legal_service", "other", "blank")
SERIAL = itertools.count(1)


@dataclass(frozen=True)
class Drawn:
    kind: str
    first_received_on: date
    received_on: date  # later than the first receipt after a correction
    concluded_on: date | None
    decision: str

    @property
    def column(self) -> str:
        return "other" if self.kind == "blank" else self.kind


def boundary_dates(year: int):
    """Dates from 1 January of the year before to 31 December of the year after, half of them
    on a year boundary."""
    edges = [date(y, m, d) for y in (year - 1, year, year + 1) for m, d in ((1, 1), (12, 31))] + [
        date(year, 1, 2),
        date(year, 12, 30),
    ]
    anywhere = st.dates(min_value=date(year - 1, 1, 1), max_value=date(year + 1, 12, 31))
    return st.one_of(st.sampled_from(edges), anywhere)


@st.composite
def a_case(draw, year: int) -> Drawn:
    first = draw(boundary_dates(year))
    corrected_after = draw(st.sampled_from([0, 0, 0, 1, 20]))
    received = first + timedelta(days=corrected_after)
    if draw(st.booleans()):
        concluded, decision = None, ""
    else:
        concluded = draw(
            st.one_of(
                boundary_dates(year).filter(lambda d: d >= received),
                st.integers(0, 40).map(lambda n: received + timedelta(days=n)),
            )
        )
        decision = draw(st.sampled_from(RESULT_DECISIONS))
    return Drawn(draw(st.sampled_from(KINDS)), first, received, concluded, decision)


@st.composite
def a_year_of_cases(draw) -> tuple[int, list[Drawn]]:
    year = draw(st.integers(2001, 2098))
    return year, draw(st.lists(a_case(year), min_size=1, max_size=25))


def store(agency, user, drawn: list[Drawn]) -> None:
    """The drawn cases as rows (the services would date them "today"; the report only reads
    the dates, the decision and the applicant)."""
    applicants = models.QuerySet(Applicant).bulk_create(
        Applicant(
            kind="person" if d.kind == "person" else "organization",
            name=f"申请人{i}",
            id_type="resident_id" if d.kind == "person" else "uscc",
            id_number=f"{i:018d}",
            org_category="" if d.kind in ("person", "blank") else d.kind,
            phone="13800138000",
        )
        for i, d in enumerate(drawn)
    )
    rows = []
    for applicant, d in zip(applicants, drawn, strict=True):
        serial = next(SERIAL)
        closed = d.decision.startswith("other.")
        status = "registered" if d.concluded_on is None else ("closed" if closed else "replied")
        rows.append(
            Case(
                agency=agency,
                applicant=applicant,
                number=f"测〔{d.first_received_on.year}〕{serial}号",
                year=d.first_received_on.year,
                sequence=serial,
                channel="in_person",
                received_on=d.received_on,
                first_received_on=d.first_received_on,
                description="所需信息",
                delivery_format="paper",
                delivery_method="mail",
                registered_by=user,
                status=status,
                decision=d.decision,
                replied_on=d.concluded_on if status == "replied" else None,
                closed_on=d.concluded_on if status == "closed" else None,
                concluded_on=d.concluded_on,
            )
        )
    Case.objects.bulk_create(rows)
    # A case ended for want of payment has the unpaid notice it lapsed on (section 六 checks it).
    FeeNotice.objects.bulk_create(
        FeeNotice(
            case=case,
            method="per_piece",
            quantity=11,
            amount=100,
            computation="按件计收",
            notice_on=case.received_on,
            served_on=case.received_on,
        )
        for case in rows
        if case.decision == Decision.OTHER_NO_PAYMENT
    )


def expected(drawn: list[Drawn], year: int) -> dict[str, list[int]]:
    """The definitions of annual-report.md, evaluated one case at a time."""
    start, end = date(year, 1, 1), date(year, 12, 31)

    def counts(test) -> list[int]:
        per_column = [sum(1 for d in drawn if d.column == k and test(d)) for k in COLUMN_KEYS[:-1]]
        return [*per_column, sum(per_column)]

    return {
        "new": counts(lambda d: start <= d.first_received_on <= end),
        "carried_over": counts(
            lambda d: (
                d.first_received_on < start and (d.concluded_on is None or d.concluded_on >= start)
            )
        ),
        "total": counts(lambda d: d.concluded_on is not None and start <= d.concluded_on <= end),
        "carried_forward": counts(
            lambda d: (
                d.first_received_on <= end and (d.concluded_on is None or d.concluded_on > end)
            )
        ),
    }


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(a_year_of_cases())
def test_every_column_balances_around_any_year(agency, clerk, sample):
    year, drawn = sample
    with transaction.atomic():
        store(agency, clerk, drawn)
        report = compute_annual_report(year=year, agency=agency)
        before = compute_annual_report(year=year - 1, agency=agency)
        transaction.set_rollback(True)
    assert report.problems == []
    assert report.balance == [0] * len(COLUMN_KEYS), report.values
    assert report.consistent
    for key, numbers in expected(drawn, year).items():
        assert report.values[key] == numbers, key
    assert before.values["carried_forward"] == report.values["carried_over"]


def test_a_case_concluded_on_1_january_is_carried_over_and_counted(agency, clerk):
    drawn = [
        Drawn("person", date(2024, 12, 20), date(2024, 12, 20), date(2025, 1, 1), "disclosed"),
        Drawn("person", date(2024, 12, 30), date(2024, 12, 30), date(2024, 12, 31), "disclosed"),
    ]
    store(agency, clerk, drawn)
    report = compute_annual_report(year=2025, agency=agency)
    assert report.values["carried_over"][0] == 1
    assert report.values["total"][0] == 1
    assert report.values["carried_forward"][0] == 0
    assert compute_annual_report(year=2024, agency=agency).values["carried_forward"][0] == 1
    assert report.consistent
