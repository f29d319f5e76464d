"""The page /reports/annual/ and the cases behind each cell."""

import re
from datetime import date
from html import unescape

import pytest
from django.urls import reverse

from cases.models import Case
from tests.reports.test_annual_report import OFFICIAL_LABELS

pytestmark = pytest.mark.django_db


def get(client, user, path, **params):
    client.force_login(user)
    return client.get(path, params)


def test_the_page_shows_the_official_table(client, auditor, year_of_cases):
    response = get(client, auditor, reverse("reports:annual"), year=2024)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    for label in OFFICIAL_LABELS:
        assert f">{label}</th>" in html, label
    assert 'rowspan="22"' in html  # 三、本年度办理结果 over its result lines
    assert 'rowspan="8"' in html  # (三)不予公开 over its eight sub-rows
    assert 'colspan="5" scope="colgroup">法人或其他组织' in html
    assert "勾稽关系成立" in html
    assert "format=xlsx" in html and "format=csv" in html


def test_each_cell_links_to_exactly_the_cases_counted_in_it(client, handler, year_of_cases):
    html = unescape(get(client, handler, reverse("reports:annual"), year=2024).content.decode())
    row = re.search(r'<tr data-row="carried_over">(.*?)</tr>', html, re.S).group(1)
    links = re.findall(r'<a href="([^"]+)">(\d+)</a>', row)
    assert [n for _, n in links] == ["1", "1", "1", "1", "1", "5"]  # 法律服务机构 is 0: no link
    total_url = links[-1][0]
    listing = unescape(client.get(total_url).content.decode())
    expected = [
        year_of_cases[k].number
        for k in ("over_replied", "over_withdrawn", "over_open", "over_late", "over_corrected")
    ]
    assert all(number in listing for number in expected)
    assert "5件" in listing
    assert year_of_cases["done_2023"].number not in listing


def test_a_result_cell_lists_its_case(client, auditor, year_of_cases):
    url = reverse("reports:annual_cases", args=[2024])
    html = get(client, auditor, url, row="unavailable_1", col="person").content.decode()
    assert year_of_cases["unavailable.other_agency"].number in html
    assert year_of_cases["unavailable.not_held"].number not in html  # 其他 column


def test_the_carried_forward_cell_shows_the_receipt_dates(client, auditor, year_of_cases):
    url = reverse("reports:annual_cases", args=[2024])
    html = get(client, auditor, url, row="carried_forward", col="other").content.decode()
    assert year_of_cases["forward_open"].number in html  # an organisation without category


def test_a_corrected_case_shows_both_receipt_dates(client, auditor, year_of_cases):
    url = reverse("reports:annual_cases", args=[2024])
    html = get(client, auditor, url, row="carried_over", col="other").content.decode()
    assert "2023-12-27" in html and "2024-01-03" in html


def test_review_cells_link_to_their_records(client, handler, reviews_of_2024):
    html = unescape(get(client, handler, reverse("reports:annual"), year=2024).content.decode())
    assert 'title="行政复议/尚未审结">2</a>' in html
    url = reverse("reports:annual_reviews", args=[2024])
    listing = client.get(url, {"kind": "reconsideration", "result": "pending"}).content.decode()
    assert listing.count("<tr>") == 3  # header and two records
    assert client.get(url, {"kind": "x", "result": "pending"}).status_code == 404


def test_a_broken_table_shows_the_cases_and_no_downloads(client, handler, year_of_cases):
    broken = year_of_cases["not_processed.excessive"]
    Case.objects.filter(pk=broken.pk).update(decision="other.unknown")
    html = get(client, handler, reverse("reports:annual"), year=2024).content.decode()
    assert "勾稽关系不成立" in html
    assert broken.number in html
    assert "format=xlsx" not in html


def test_the_page_defaults_to_last_year_until_april(client, auditor, today):
    html = get(client, auditor, reverse("reports:annual")).content.decode()
    assert '<option value="2024" selected>' in html  # today is 3 March 2025
    today.set(date(2025, 4, 1))
    html = client.get(reverse("reports:annual")).content.decode()
    assert '<option value="2025" selected>' in html


@pytest.mark.parametrize("year", ["abc", "1999", "2999"])
def test_a_bad_year_is_404(client, auditor, year):
    assert get(client, auditor, reverse("reports:annual"), year=year).status_code == 404


def test_bad_cells_are_404(client, auditor):
    url = reverse("reports:annual_cases", args=[2024])
    client.force_login(auditor)
    assert client.get(url, {"row": "withheld", "col": "person"}).status_code == 404  # heading
    assert client.get(url, {"row": "new", "col": "martian"}).status_code == 404


def test_a_liaison_may_not_see_the_page(client, dept_a):
    assert get(client, dept_a, reverse("reports:annual")).status_code == 403


def test_an_outsider_may_not_ask_for_our_agency(client, outsider, agency):
    response = get(client, outsider, reverse("reports:annual"), year=2024, agency=agency.pk)
    assert response.status_code == 404
    url = reverse("reports:annual_cases", args=[2024])
    assert client.get(url, {"row": "new", "col": "total", "agency": agency.pk}).status_code == 404


def test_an_agency_admin_sees_numbers_but_not_the_cases(client, agency_admin, year_of_cases):
    html = get(client, agency_admin, reverse("reports:annual"), year=2024).content.decode()
    assert "annual/2024/cases/" not in html
    url = reverse("reports:annual_cases", args=[2024])
    assert client.get(url, {"row": "new", "col": "total"}).status_code == 403


def test_a_superuser_picks_an_agency_or_all(client, superuser, agency, year_of_cases):
    html = get(client, superuser, reverse("reports:annual"), year=2024).content.decode()
    assert "全部机关" in html and f'<option value="{agency.pk}"' in html
    html = client.get(reverse("reports:annual"), {"year": 2024, "agency": agency.pk}).content
    assert f"agency={agency.pk}".encode() in html  # cell links keep the chosen agency


def test_the_nav_offers_the_reports_by_role(client, auditor, handler, dept_a):
    for user, annual, dashboard in (
        (auditor, True, False),
        (handler, True, True),
        (dept_a, False, False),
    ):
        client.force_login(user)
        html = client.get("/").content.decode()
        assert (reverse("reports:annual") in html) is annual
        assert (reverse("reports:dashboard") in html) is dashboard


def test_the_page_costs_a_constant_number_of_queries(
    client, auditor, agency, clerk, today, django_assert_num_queries
):
    from tests.cases.helpers import make_case

    client.force_login(auditor)
    client.get(reverse("reports:annual"), {"year": 2024})  # warm session and caches
    for i in range(5):
        make_case(agency, clerk, received_on=date(2024, 2, 1 + i))
    # 1. session  2. user  3. membership  4. its agency  5. section 三  6. section 四
    # 7. cases that break the table  8. section 六 (fee notices)
    # 9-10. the user's permissions (may the cells link?)
    with django_assert_num_queries(10):
        assert client.get(reverse("reports:annual"), {"year": 2024}).status_code == 200
