"""Workbook conventions shared by every Excel report (ING-XLS-1).

Every workbook leaves through `to_bytes(wb, info)`, which gives each sheet the same print form:
A4 landscape, fit to one page wide, the frozen header rows (and columns) repeated on every printed
page, the report's title and period in the page header, the rule and page numbers in the footer,
and title/period/rule in the workbook properties. Status cells take their colours from the one
palette (`core.reports.palette`) through conditional formats, so a value edited in Excel recolours.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from core.reports.palette import StatusColour, swatch

HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
ZEBRA_FILL = PatternFill("solid", fgColor="F5F5F5")
THIN = Side(style="thin")
MEDIUM = Side(style="medium")
THIN_BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
TITLE_LEFT = Alignment(horizontal="left", vertical="center")
NUMBER_FORMAT = "#,##0"
_BAD_SHEET_CHARS = re.compile(r"[\\/?*\[\]:]")
_WS = re.compile(r"\s+")


def client_file_part(client_id: str) -> str:
    """`<Client>` in file names: the id lower-cased with its first letter upper-cased."""
    cid = client_id.strip().lower()
    return cid[:1].upper() + cid[1:]


class SheetNames:
    """Sanitised, unique sheet names (ING-XLS-1)."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def __call__(self, raw: str) -> str:
        base = _WS.sub(" ", _BAD_SHEET_CHARS.sub(" ", raw)).strip()[:31] or "Sheet"
        name, i = base, 0
        while name.lower() in self._used:
            i += 1
            suffix = f"_{i}"
            name = base[: 31 - len(suffix)] + suffix
        self._used.add(name.lower())
        return name


def new_workbook() -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    return wb


def write_title(ws: Worksheet, row: int, text: str, width: int) -> None:
    ws.cell(row=row, column=1, value=text).font = BOLD
    ws.cell(row=row, column=1).alignment = CENTER
    if width > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def write_header(ws: Worksheet, row: int, values: Sequence[Any], start_col: int = 1) -> None:
    for col, value in enumerate(values, start_col):
        cell = ws.cell(row=row, column=col, value=value)
        cell.font = BOLD
        cell.alignment = CENTER
        cell.fill = HEADER_FILL
        cell.border = THIN_BORDER


def write_row(ws: Worksheet, row: int, values: Sequence[Any], *, bold: bool = False) -> None:
    """A data row: numbers as `#,##0` numeric cells (ING-XLS-1 puts borders on headers only)."""
    for col, value in enumerate(values, 1):
        cell = ws.cell(row=row, column=col, value=value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            cell.number_format = NUMBER_FORMAT
        if bold:
            cell.font = BOLD


def finish_table(ws: Worksheet, header_row: int, last_row: int, width: int) -> None:
    """Freeze below the headers, autofilter header + data, width = longest value + 2 in 10..60."""
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(width)}{max(last_row, header_row)}"
    autosize(ws, width)


def autosize(ws: Worksheet, width: int, skip_rows: int = 0) -> None:
    """ING-XLS-1 width rule. A value merged over several columns (a day label over its three
    columns) does not widen its first column; bold text counts wider, as it renders wider."""
    spanning = {(m.min_row, m.min_col) for m in ws.merged_cells.ranges if m.max_col > m.min_col}
    longest = [0] * (width + 1)
    for row in ws.iter_rows(min_row=skip_rows + 1, max_col=width):
        for cell in row:
            if cell.value is None or type(cell).__name__ == "MergedCell":
                continue
            if (cell.row, cell.column) in spanning:
                continue
            text = f"{cell.value:,}" if isinstance(cell.value, int) else str(cell.value)
            size = len(text) * (1.3 if cell.font is not None and cell.font.bold else 1.0)
            longest[cell.column] = max(longest[cell.column], round(size))
    for col in range(1, width + 1):
        ws.column_dimensions[get_column_letter(col)].width = min(60, max(10, longest[col] + 2))


@dataclass(frozen=True)
class WorkbookInfo:
    """What the workbook is, for its properties and every page's header and footer."""

    title: str
    period: str = ""
    rule: str = ""


LINK_FONT = Font(bold=True, color="0563C1", underline="single")  # Excel's own Hyperlink colour
PAGE_WIDTH_CHARS = 220  # column-width units on landscape A4 at ~60 % scale (about 130 at 100 %)
_HEADER_TEXT_MAX = 150  # Excel caps a header/footer at 255 characters; long texts are cut, not refused


def status_fill(status: StatusColour) -> PatternFill:
    return PatternFill("solid", fgColor=swatch(status).fill)


def _status_font(status: StatusColour, *, bold: bool = False) -> Font:
    return Font(color=swatch(status).ink, bold=bold)


def _no_cells(ref: str) -> bool:
    """A range such as E2:E1: the sheet has no rows to colour (a unit without personnel)."""
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return min_row > max_row or min_col > max_col


def colour_when(ws: Worksheet, ref: str, status: StatusColour, operator: str, value: object) -> None:
    """Conditional colour of `status` on `ref` where the cell `operator` `value` (e.g. equal 1)."""
    if _no_cells(ref):
        return
    rule = CellIsRule(operator=operator, formula=[str(value)], fill=status_fill(status),
                      font=_status_font(status))  # fmt: skip
    ws.conditional_formatting.add(ref, rule)


def colour_formula(ws: Worksheet, ref: str, status: StatusColour, formula: str) -> None:
    """Conditional colour of `status` on `ref` where `formula` (relative to the top-left cell) holds."""
    if _no_cells(ref):
        return
    rule = FormulaRule(formula=[formula], fill=status_fill(status), font=_status_font(status))
    ws.conditional_formatting.add(ref, rule)


def colour_progress(ws: Worksheet, done_col: int, total_col: int, first_row: int, last_row: int) -> None:
    """A person's `done` of `total` posts: all → Sudah, some → Kurang, none → Belum (ING-ATT statuses)."""
    if last_row < first_row:
        return
    d, t = get_column_letter(done_col), get_column_letter(total_col)
    ref = f"{d}{first_row}:{d}{last_row}"
    done, total = f"${d}{first_row}", f"${t}{first_row}"
    colour_formula(ws, ref, StatusColour.SUDAH, f"AND({total}>0,{done}>={total})")
    colour_formula(ws, ref, StatusColour.KURANG, f"AND({done}>0,{done}<{total})")
    colour_formula(ws, ref, StatusColour.BELUM, f"{done}=0")


def link_header(ws: Worksheet, row: int, col: int, url: str) -> None:
    """A header cell that keeps its text (shortcode / video id, ING-XLS-4) and opens the post."""
    cell = ws.cell(row=row, column=col)
    cell.hyperlink = url
    cell.font = LINK_FONT


def link_cell(ws: Worksheet, row: int, col: int) -> None:
    """A data cell holding a URL becomes clickable (its text stays the URL)."""
    cell = ws.cell(row=row, column=col)
    if isinstance(cell.value, str) and cell.value.startswith(("http://", "https://")):
        cell.hyperlink = cell.value
        cell.font = Font(color="0563C1", underline="single")


def _header_text(text: str) -> str:
    cut = text if len(text) <= _HEADER_TEXT_MAX else text[: _HEADER_TEXT_MAX - 1] + "…"
    return cut.replace("&", "&&")  # `&` starts a header code (&P, &N) in Excel


def _print_titles(ws: Worksheet) -> None:
    """Repeat what is frozen: the rows above (and columns left of) the freeze cell."""
    if not ws.freeze_panes:
        return
    letters, row = coordinate_from_string(ws.freeze_panes)
    col = column_index_from_string(letters)
    if row > 1:
        ws.print_title_rows = f"1:{row - 1}"
    if col > 1:
        ws.print_title_cols = f"A:{get_column_letter(col - 1)}"


def pages_wide(ws: Worksheet) -> int:
    """One page wide unless that would shrink the text below about 60 %: a month of per-day
    columns (ING-XLS-7) then spans several pages, each repeating the frozen name columns."""
    total = sum(ws.column_dimensions[get_column_letter(c)].width or 10 for c in range(1, ws.max_column + 1))
    return max(1, math.ceil(total / PAGE_WIDTH_CHARS))


def _titles_to_the_left(ws: Worksheet) -> None:
    """A title centred over a table printed several pages wide lands on a middle page; on the
    left it opens the first page, and the print-title rows repeat it on the others."""
    for merged in ws.merged_cells.ranges:
        if merged.min_col == 1 and merged.max_col >= ws.max_column and merged.min_row == merged.max_row:
            ws.cell(row=merged.min_row, column=1).alignment = TITLE_LEFT


def print_setup(ws: Worksheet, info: WorkbookInfo) -> None:
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = pages_wide(ws)
    if ws.page_setup.fitToWidth > 1:
        _titles_to_the_left(ws)
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.75  # room for the page header and footer
    ws.page_margins.header = ws.page_margins.footer = 0.3
    _print_titles(ws)
    ws.oddHeader.left.text = _header_text(info.title)
    ws.oddHeader.right.text = _header_text(info.period)
    if info.rule:
        ws.oddFooter.left.text = _header_text(info.rule)
    ws.oddFooter.right.text = "Halaman &P dari &N"


def to_bytes(wb: Workbook, info: WorkbookInfo) -> bytes:
    wb.properties.title = info.title
    wb.properties.subject = info.period or None
    wb.properties.description = info.rule or None
    wb.properties.creator = "Cicero"
    for ws in wb.worksheets:
        print_setup(ws, info)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
