"""Section 六 of the annual report (信息处理费): notices issued and the amount notified, by
notice date; the amount received, by payment date; the balance across the years; exported
with the table and refused when a notice breaks it."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from reports.annual import compute_annual_report
from tests.cases.helpers import make_case
from workflow import services
from workflow.models import FeeNotice

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/annual/"
LABELS = ["发出收费通知的件数", "收费通知的总金额（元）", "实际收取的总金额（元）"]


@pytest.fixture
def fees(agency, clerk, handler, today):
    """Three notices across 2023 and 2024:
    A: issued 2023-12-20 (50 pages, 200元), paid 2024-01-08   (issued 2023, received 2024)
    B: issued 2024-03-06 (120 pages, 1100元), paid 2024-03-12 (issued and received 2024)
    C: issued 2024-12-23 (31 pages, 10元), unpaid at the end of 2024 (outstanding)
    """
    def notice(received_on, notice_on, pages, paid_on=None):
        case = make_case(agency, clerk, received_on=received_on)
        services.request_fee(case=case, actor=handler, method="per_page", quantity=pages,
                             notice_on=notice_on, served_on=notice_on)
        if paid_on:
            services.receive_payment(case=case, actor=clerk, paid_on=paid_on)
        return case

    cases = [
        notice(date(2023, 12, 18), date(2023, 12, 20), 50, paid_on=date(2024, 1, 8)),
        notice(date(2024, 3, 1), date(2024, 3, 6), 120, paid_on=date(2024, 3, 12)),
        notice(date(2024, 12, 20), date(2024, 12, 23), 31),
    ]
    return cases


def test_section_six_counts_by_notice_and_payment_dates(agency, fees):
    report_2024 = compute_annual_report(year=2024, agency=agency)
    assert report_2024.fees.values == [2, 1110, 1300]  # B and C issued; A and B paid
    assert report_2024.fees.balanced
    parts = report_2024.fees.balance_parts
    assert parts["outstanding_at_start"] == (1, 200) and parts["outstanding_at_end"] == (1, 10)
    report_2023 = compute_annual_report(year=2023, agency=agency)
    assert report_2023.fees.values == [1, 200, 0]
    assert report_2023.fees.balance_parts["outstanding_at_end"] == (1, 200)


def test_an_unpaid_notice_ends_with_its_case(agency, clerk, handler, fees, today):
    lapsed = fees[2]
    today.set(date(2025, 2, 10))  # pay_due 2025-01-21 (20 working days after 12-23) has passed
    services.lapse_fee(case=lapsed, actor=handler)
    report_2025 = compute_annual_report(year=2025, agency=agency)
    assert report_2025.fees.values == [0, 0, 0]
    assert report_2025.fees.balance_parts["unpaid_ended"] == (1, 10)
    assert report_2025.fees.balanced and report_2025.consistent


def test_the_json_and_the_files_carry_section_six(api_as, auditor, fees):
    client = api_as(auditor)
    body = client.get(URL, {"year": 2024}).json()
    assert body["fees"] == {"labels": LABELS, "values": [2, 1110, 1300], "consistent": True}
    rows = list(csv.reader(io.StringIO(
        client.get(URL, {"year": 2024, "format": "csv"}).content.decode("utf-8-sig"))))
    assert ["六、其他需要报告的事项（信息处理费）"] in rows
    assert [LABELS[1], "1110"] in rows and [LABELS[2], "1300"] in rows
    sheet = load_workbook(io.BytesIO(
        client.get(URL, {"year": 2024, "format": "xlsx"}).content)).active
    cells = {sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=4).value
             for r in range(1, sheet.max_row + 1)}
    assert cells[LABELS[0]] == 2 and cells[LABELS[2]] == 1300


def test_the_page_shows_section_six(client, auditor, fees):
    client.force_login(auditor)
    html = client.get("/reports/annual/", {"year": 2024}).content.decode()
    assert "六、其他需要报告的事项（信息处理费）" in html
    assert '<tr data-fee="2"><th scope="row">收费通知的总金额（元）</th><td class="num">1110</td>' \
        in html


def test_a_notice_paid_before_it_was_issued_is_refused_for_export(api_as, auditor, fees):
    # A record damaged outside the services (an import): paid before the notice.
    FeeNotice.objects.filter(case=fees[1]).update(paid_on=date(2024, 3, 1))
    response = api_as(auditor).get(URL, {"year": 2024, "format": "xlsx"})
    assert response.status_code == 409
    assert fees[1].number in str(response.json())
    body = api_as(auditor).get(URL, {"year": 2024}).json()
    assert body["consistent"] is False
    assert [p["problem"] for p in body["problems"]] == ["fee_ended_before_notice"]


def test_a_no_payment_closure_needs_an_unpaid_notice(api_as, auditor, fees, handler, today):
    lapsed = fees[2]
    today.set(date(2025, 2, 10))
    services.lapse_fee(case=lapsed, actor=handler)
    FeeNotice.objects.filter(case=lapsed).update(paid_on=date(2025, 1, 5))  # damaged record
    body = api_as(auditor).get(URL, {"year": 2025}).json()
    assert body["consistent"] is False
    assert {p["problem"] for p in body["problems"]} == {"no_payment_without_notice"}
