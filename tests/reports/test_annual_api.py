"""GET /api/v1/reports/annual/: the JSON shape, the XLSX and CSV files, who may see what,
bad input, and the refusal to export a broken table."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from agencies.models import Role
from cases.models import Case
from tests.factories import make_member
from tests.reports.test_annual_report import EXPECTED_2024, EXPECTED_REVIEWS_2024, OFFICIAL_LABELS

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/annual/"
COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def test_json_is_exactly_the_annual_report_shape(api_as, auditor, agency, reviews_of_2024):
    response = api_as(auditor).get(URL, {"year": 2024})
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2024
    assert body["agency"] == {"id": agency.pk, "name": "郯城县人民政府办公室"}
    assert body["columns"] == COLUMNS
    assert body["rows"] == [{"label": label, "values": v} for label, v in EXPECTED_2024]
    assert body["review_litigation"]["values"] == EXPECTED_REVIEWS_2024
    assert body["review_litigation"]["labels"][0] == "行政复议/结果维持"
    assert body["review_litigation"]["labels"][-1] == "行政诉讼/复议后起诉/总计"
    assert body["consistent"] is True
    assert body["problems"] == []


def test_xlsx_looks_like_the_official_table(api_as, handler, year_of_cases):
    response = api_as(handler).get(URL, {"year": 2024, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    assert ".xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {
        (c.row, c.column): c.value for row in sheet.iter_rows() for c in row if c.value is not None
    }
    texts = list(cells.values())
    for label in [*OFFICIAL_LABELS, *COLUMNS, "申请人情况", "法人或其他组织"]:
        assert label in texts, label
    assert "三、收到和处理政府信息公开申请情况" in texts
    assert "四、政府信息公开行政复议、行政诉讼情况" in texts
    assert {"行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"} <= set(texts)
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert "A3:C5" in merged  # the check note over the three label columns
    assert "D3:J3" in merged  # 申请人情况
    assert "E4:I4" in merged  # 法人或其他组织
    assert "D4:D5" in merged and "J4:J5" in merged  # 自然人, 总计
    # 三、本年度办理结果 spans its 22 lines in the first column; (三)不予公开 its 8 in the second.
    line_of = {v: r for (r, _c), v in cells.items() if isinstance(v, str)}
    results = line_of["三、本年度办理结果"]
    assert f"A{results}:A{results + 21}" in merged
    withheld = line_of["(三)不予公开"]
    assert f"B{withheld}:B{withheld + 7}" in merged
    assert sheet.cell(row=line_of["1.属于国家秘密"], column=3).alignment.indent == 2
    # Numbers sit right of their labels: 一 in row, 总计 column.
    new = line_of["一、本年新收政府信息公开申请数量"]
    assert [sheet.cell(row=new, column=c).value for c in range(4, 11)] == [5, 5, 4, 4, 4, 4, 26]
    forward = line_of["四、结转下年度继续办理"]
    assert sheet.cell(row=forward, column=10).value == 5


def test_csv_has_a_bom_and_every_label(api_as, approver, year_of_cases):
    response = api_as(approver).get(URL, {"year": 2024, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[2] == ["项目", *COLUMNS]
    by_label = {row[0]: row[1:] for row in rows if row}
    for label, values in EXPECTED_2024:
        expected = [str(v) for v in values] if values else [""] * 7
        assert by_label[label] == expected, label
    four = rows.index(["四、政府信息公开行政复议、行政诉讼情况"])
    assert rows[four + 1][0] == "行政复议/结果维持" and len(rows[four + 1]) == 15
    assert len(rows[four + 2]) == 15
    assert ["六、其他需要报告的事项（信息处理费）"] in rows[four + 3:]


def test_a_broken_table_is_refused_for_export_naming_the_cases(api_as, handler, year_of_cases):
    broken = year_of_cases["withheld.enforcement_file"]
    Case.objects.filter(pk=broken.pk).update(decision="")
    api = api_as(handler)
    for fmt in ("xlsx", "csv"):
        response = api.get(URL, {"year": 2024, "format": fmt})
        assert response.status_code == 409
        body = response.json()
        assert "勾稽关系" in body["detail"]
        assert [c["number"] for c in body["cases"]] == [broken.number]
        assert body["cases"][0]["problem"] == "no_result_row"
        assert body["balance"] == [0, 0, 0, 1, 0, 0, 1]
    # The JSON still answers, and says why.
    body = api.get(URL, {"year": 2024}).json()
    assert body["consistent"] is False
    assert body["problems"][0]["number"] == broken.number


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "year"),
        ({"year": "abc"}, "year"),
        ({"year": "2007"}, "year"),
        ({"year": "2999"}, "year"),
        ({"year": "2024", "format": "pdf"}, "format"),
        ({"year": "2024", "agency": "x"}, "agency"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api_as, auditor, params, field):
    response = api_as(auditor).get(URL, params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.mark.parametrize("role", ["clerk", "handler", "approver", "auditor", "agency_admin"])
def test_every_case_role_of_the_agency_may_read_its_report(api_as, request, role, agency):
    user = request.getfixturevalue(role)
    response = api_as(user).get(URL, {"year": 2024, "agency": agency.pk})
    assert response.status_code == 200
    assert response.json()["agency"]["id"] == agency.pk


def test_a_liaison_may_not(api_as, dept_a):
    response = api_as(dept_a).get(URL, {"year": 2024})
    assert response.status_code == 403
    assert "detail" in response.json()


def test_another_agency_is_invisible(api_as, outsider, agency, year_of_cases):
    response = api_as(outsider).get(URL, {"year": 2024, "agency": agency.pk})
    assert response.status_code == 404
    # Their own report does not contain ours.
    own = api_as(outsider).get(URL, {"year": 2024}).json()
    assert own["agency"]["name"] == "兰陵县人民政府办公室"
    assert own["rows"][0]["values"] == [0] * 7


def test_only_superusers_see_all_agencies_together(api_as, superuser, agency, year_of_cases):
    body = api_as(superuser).get(URL, {"year": 2024}).json()
    assert body["agency"] is None
    assert body["rows"][0]["values"] == [5, 5, 4, 4, 4, 4, 26]
    one = api_as(superuser).get(URL, {"year": 2024, "agency": agency.pk}).json()
    assert one["agency"]["id"] == agency.pk
    assert api_as(superuser).get(URL, {"year": 2024, "agency": 99999}).status_code == 404


def test_a_user_without_a_role_may_not(api_as, db):
    from tests.factories import UserFactory

    assert api_as(UserFactory(username="nobody")).get(URL, {"year": 2024}).status_code == 403


def test_anonymous_is_401(api):
    assert api.get(URL, {"year": 2024}).status_code == 401


def test_post_is_not_allowed(api_as, auditor):
    assert api_as(auditor).post(URL, {"year": 2024}).status_code == 405


def test_the_export_costs_a_constant_number_of_queries(
    api_as, auditor, agency, clerk, django_assert_num_queries, today
):
    from tests.cases.helpers import make_case

    for i in range(3):
        make_case(agency, clerk, received_on=date(2024, 2, 1 + i))
    api = api_as(auditor)
    # 1. the user's agency  2. section 三  3. section 四  4. cases that break the table
    # 5. section 六 (fee notices)
    with django_assert_num_queries(5):
        assert api.get(URL, {"year": 2024, "format": "xlsx"}).status_code == 200


def test_an_agency_admin_of_another_agency_gets_404(api_as, other_agency, agency):
    admin = make_member("other_admin", Role.AGENCY_ADMIN, other_agency)
    assert api_as(admin).get(URL, {"year": 2024, "agency": agency.pk}).status_code == 404
