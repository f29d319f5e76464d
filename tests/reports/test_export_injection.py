"""Exports neutralise text a spreadsheet would run as a formula (CSV/formula injection)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from rules.text import spreadsheet_safe

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/annual/"
EVIL = '=HYPERLINK("http://evil.example","点此")'


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_triggers_get_an_apostrophe(text):
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["郯城县", "1=1", "", 5, -5, None])
def test_ordinary_values_pass_through(value):
    assert spreadsheet_safe(value) == value


def test_xlsx_shows_a_formula_looking_agency_name_as_text(api_as, auditor, agency):
    agency.name = EVIL
    agency.save(update_fields=["name"])
    response = api_as(auditor).get(URL, {"year": 2024, "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"]
    assert sheet.cell(row=1, column=1).value == "'" + EVIL + "2024年度"


def test_csv_shows_a_formula_looking_agency_name_as_text(api_as, auditor, agency):
    agency.name = EVIL
    agency.save(update_fields=["name"])
    response = api_as(auditor).get(URL, {"year": 2024, "format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["'" + EVIL + "2024年度"]
    assert not [v for row in rows for v in row if v.startswith(("=", "+", "-", "@"))]
