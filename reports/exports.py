"""The annual report as files: XLSX laid out like the official table, and CSV."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from reports.annual import (
    APPLICANT_HEADING,
    CHECK_NOTE,
    COLUMN_LABELS,
    FEE_LABELS,
    FEE_SECTION_TITLE,
    GRID,
    LABEL_COLUMNS,
    NUMBERED_ROWS,
    ORGANIZATION_HEADING,
    REVIEW_GROUPS,
    REVIEW_LABELS,
    REVIEW_RESULTS,
    ROWS,
    SECTION_FOUR_TITLE,
    SECTION_THREE_TITLE,
    AnnualReport,
)
from rules.text import spreadsheet_safe

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

_thin = Side(style="thin")
_BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_BOLD = Font(bold=True)


def scope_name(report: AnnualReport) -> str:
    return report.agency.name if report.agency is not None else "全部机关"


def filename(report: AnnualReport, extension: str) -> str:
    return f"{scope_name(report)}{report.year}年政府信息公开申请情况.{extension}"


def _box(ws, top: int, left: int, bottom: int, right: int, value, alignment=_CENTER, font=None):
    """Write a (merged) cell with borders all round."""
    cell = ws.cell(row=top, column=left, value=value)
    cell.alignment = alignment
    if font is not None:
        cell.font = font
    if (top, left) != (bottom, right):
        ws.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)
    for r in range(top, bottom + 1):
        for c in range(left, right + 1):
            ws.cell(row=r, column=c).border = _BORDER
    return cell


def xlsx_bytes(report: AnnualReport) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = f"{report.year}年度报告"
    width = LABEL_COLUMNS + len(COLUMN_LABELS)
    ws.cell(row=1, column=1, value=f"{scope_name(report)}{report.year}年度").font = _BOLD
    ws.cell(row=2, column=1, value=SECTION_THREE_TITLE).font = _BOLD

    # Header: the check note over the label columns; 申请人情况 over the seven columns.
    top = 3
    _box(ws, top, 1, top + 2, LABEL_COLUMNS, CHECK_NOTE)
    first = LABEL_COLUMNS + 1
    _box(ws, top, first, top, width, APPLICANT_HEADING, font=_BOLD)
    _box(ws, top + 1, first, top + 2, first, COLUMN_LABELS[0])
    _box(ws, top + 1, first + 1, top + 1, first + 5, ORGANIZATION_HEADING)
    for offset, label in enumerate(COLUMN_LABELS[1:6], start=1):
        _box(ws, top + 2, first + offset, top + 2, first + offset, label)
    _box(ws, top + 1, width, top + 2, width, COLUMN_LABELS[6])

    line = top + 3
    for row, cells in GRID:
        for cell in cells:
            left = cell.level + 1
            _box(
                ws,
                line,
                left,
                line + cell.rowspan - 1,
                left + cell.colspan - 1,
                cell.text,
                alignment=Alignment(
                    horizontal="left", vertical="center", wrap_text=True, indent=cell.level
                ),
            )
        for offset, value in enumerate(report.values[row.key]):
            _box(ws, line, first + offset, line, first + offset, value)
        line += 1

    # Section 四: 行政复议 (5) | 行政诉讼: 未经复议直接起诉 (5), 复议后起诉 (5).
    line += 1
    ws.cell(row=line, column=1, value=SECTION_FOUR_TITLE).font = _BOLD
    top = line + 1
    results = [label for _, label in REVIEW_RESULTS]
    _box(ws, top, 1, top, 5, REVIEW_GROUPS[0][1], font=_BOLD)
    _box(ws, top, 6, top, 15, "行政诉讼", font=_BOLD)
    for offset, label in enumerate(results):
        _box(ws, top + 1, 1 + offset, top + 2, 1 + offset, label)
    for group, (_, name) in enumerate(REVIEW_GROUPS[1:]):
        left = 6 + 5 * group
        _box(ws, top + 1, left, top + 1, left + 4, name.split("/", 1)[1])
        for offset, label in enumerate(results):
            _box(ws, top + 2, left + offset, top + 2, left + offset, label)
    for offset, value in enumerate(report.reviews):
        _box(ws, top + 3, 1 + offset, top + 3, 1 + offset, value)

    # Section 六: the information-processing fees of the year.
    line = top + 5
    ws.cell(row=line, column=1, value=FEE_SECTION_TITLE).font = _BOLD
    fees = report.fees.values if report.fees else [0, 0, 0]
    for offset, ((_, label), value) in enumerate(zip(FEE_LABELS, fees, strict=True)):
        _box(ws, line + 1 + offset, 1, line + 1 + offset, 3, label,
             alignment=Alignment(horizontal="left", vertical="center"))
        _box(ws, line + 1 + offset, 4, line + 1 + offset, 4, value)

    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 16
    ws.column_dimensions["C"].width = 40
    for column in range(LABEL_COLUMNS + 1, 16):
        ws.column_dimensions[get_column_letter(column)].width = 10
    _neutralise(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _neutralise(wb: Workbook) -> None:
    """Every text cell through :func:`rules.text.spreadsheet_safe`, whoever wrote it."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type in ("s", "f") and isinstance(cell.value, str):
                    safe = spreadsheet_safe(cell.value)
                    if safe is not cell.value:
                        cell.value = safe
                        cell.data_type = "s"


class _SafeWriter:
    """A csv writer whose every value goes through :func:`rules.text.spreadsheet_safe`."""

    def __init__(self, buffer):
        self._writer = csv.writer(buffer, lineterminator="\r\n")

    def writerow(self, values) -> None:
        self._writer.writerow([spreadsheet_safe(value) for value in values])


def csv_text(report: AnnualReport) -> str:
    """UTF-8 with a byte-order mark, which Excel needs to read Chinese text from a CSV."""
    buffer = io.StringIO()
    writer = _SafeWriter(buffer)
    writer.writerow([f"{scope_name(report)}{report.year}年度"])
    writer.writerow([SECTION_THREE_TITLE])
    writer.writerow(["项目", *COLUMN_LABELS])
    numbered = {row.key for row in NUMBERED_ROWS}
    for row in ROWS:
        values = report.values[row.key] if row.key in numbered else [""] * len(COLUMN_LABELS)
        writer.writerow([row.label, *values])
    writer.writerow([])
    writer.writerow([SECTION_FOUR_TITLE])
    writer.writerow(REVIEW_LABELS)
    writer.writerow(report.reviews)
    writer.writerow([])
    writer.writerow([FEE_SECTION_TITLE])
    fees = report.fees.values if report.fees else [0, 0, 0]
    for (_, label), value in zip(FEE_LABELS, fees, strict=True):
        writer.writerow([label, value])
    return "\ufeff" + buffer.getvalue()
