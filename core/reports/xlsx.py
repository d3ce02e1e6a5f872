"""Workbook conventions shared by every Excel report (ING-XLS-1)."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
ZEBRA_FILL = PatternFill("solid", fgColor="F5F5F5")
THIN = Side(style="thin")
MEDIUM = Side(style="medium")
THIN_BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
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
    longest = [0] * (width + 1)
    for row in ws.iter_rows(min_row=skip_rows + 1, max_col=width):
        for cell in row:
            if cell.value is None or type(cell).__name__ == "MergedCell":
                continue
            text = f"{cell.value:,}" if isinstance(cell.value, int) else str(cell.value)
            longest[cell.column] = max(longest[cell.column], len(text))
    for col in range(1, width + 1):
        ws.column_dimensions[get_column_letter(col)].width = min(60, max(10, longest[col] + 2))


def to_bytes(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
