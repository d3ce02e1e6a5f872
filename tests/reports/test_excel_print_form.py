"""Every workbook prints: page setup, print titles, frozen header, palette colours, post links,
properties (issue 19 item 2; ING-XLS-1 common rules, ING-XLS-4 post columns, ING-XLS-10 author).

The row layouts the spec fixes are asserted in test_excel.py; here the saved bytes are read back
with openpyxl as Excel would read them.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from core.reports import build_report
from core.reports.palette import PALETTE, StatusColour
from tests.reports.conftest import DAY, NOW

DIRECTORATE_WORKBOOKS = (
    "XLS-IG-RECAP", "XLS-TT-RECAP", "XLS-RANKING", "XLS-MATRIX", "XLS-WEEKLY-IG", "XLS-MONTHLY-IG",
    "XLS-ALLDATA-IG", "XLS-IG-KONTEN",
)  # fmt: skip


def _open(out):
    assert out.file is not None, out.text
    return load_workbook(io.BytesIO(out.file.content))


def _fills(ws) -> dict[str, set[str]]:
    """Conditional-format ranges → the fill colours (RRGGBB) their rules paint."""
    out: dict[str, set[str]] = {}
    for rng in ws.conditional_formatting:
        for rule in rng.rules:
            colour = rule.dxf.fill.fgColor.rgb or rule.dxf.fill.bgColor.rgb
            out.setdefault(str(rng.sqref), set()).add(colour[-6:])
    return out


@pytest.mark.parametrize("kind", DIRECTORATE_WORKBOOKS)
async def test_every_sheet_prints_landscape_one_page_wide_with_titles(db, directorate, kind):
    ref = date(2026, 3, 8) if kind == "XLS-WEEKLY-IG" else DAY  # the report week holding the seeded day
    out = await build_report(db, kind, client_id="DITBINMAS", ref_date=ref, now=NOW)
    wb = _open(out)
    assert wb.properties.title and "Dit Binmas" in wb.properties.title or "DIT BINMAS" in wb.properties.title
    assert wb.properties.subject  # the period
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        if kind in ("XLS-WEEKLY-IG", "XLS-MONTHLY-IG"):  # per-day columns: pages repeat the names
            assert ws.page_setup.fitToWidth >= 1 and ws.print_title_cols == "$A:$D"
        else:
            assert ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0
        assert ws.freeze_panes, "frozen header"
        frozen_row = int("".join(ch for ch in ws.freeze_panes if ch.isdigit()))
        assert ws.print_title_rows == f"$1:${frozen_row - 1}"  # the header repeats on every page
        assert ws.oddHeader.left.text and ws.oddFooter.right.text == "Halaman &P dari &N"


async def test_recap_status_cells_use_the_palette_and_rule_is_stated(db, directorate):
    wb = _open(await build_report(db, "XLS-IG-RECAP", client_id="DITBINMAS", ref_date=DAY, now=NOW))
    ws = wb["DIT BINMAS"]
    fills = _fills(ws)
    sudah, kurang, belum = (
        PALETTE[s].fill for s in (StatusColour.SUDAH, StatusColour.KURANG, StatusColour.BELUM)
    )
    assert fills["D2:D3"] == {sudah, kurang, belum}  # done of N: all / some / none
    assert fills["E2:E3"] == {belum}
    assert "Lengkap = like semua 2 konten" in (wb.properties.description or "")
    assert "Lengkap" in ws.oddFooter.left.text


async def test_konten_post_headers_open_the_post_and_cells_are_coloured(db, directorate):
    out = await build_report(db, "XLS-IG-KONTEN", client_id="POLRESA", ref_date=DAY, now=NOW)
    ws = _open(out)["POLRES ALPHA"]
    assert [ws.cell(1, c).value for c in (3, 4)] == ["D2", "A1"]  # ING-XLS-4: the shortcode stays
    assert ws.cell(1, 3).hyperlink.target == "https://www.instagram.com/p/D2"
    assert ws.cell(1, 4).hyperlink.target == "https://www.instagram.com/p/A1"
    fills = _fills(ws)
    (ref,) = fills
    assert ref.startswith("C2:D") and fills[ref] == {
        PALETTE[StatusColour.SUDAH].fill,
        PALETTE[StatusColour.BELUM].fill,
    }


async def test_tiktok_konten_links_use_the_client_handle(db, directorate):
    out = await build_report(db, "XLS-TT-KONTEN", client_id="DITBINMAS", ref_date=DAY, now=NOW)
    ws = _open(out).worksheets[0]
    assert ws.cell(1, 3).value == "T1"
    assert ws.cell(1, 3).hyperlink.target == "https://www.tiktok.com/@ditbinmas/video/T1"


async def test_weekly_fills_come_from_the_palette(db, directorate):
    out = await build_report(db, "XLS-WEEKLY-TT", client_id="DITBINMAS", ref_date=date(2026, 3, 8), now=NOW)
    ws = _open(out)["DIT BINMAS"]
    assert ws.cell(5, 12).fill.fgColor.rgb.endswith(PALETTE[StatusColour.SUDAH].fill)
    assert ws.cell(5, 13).fill.fgColor.rgb.endswith(PALETTE[StatusColour.BELUM].fill)
    assert ws.print_title_rows == "$1:$4" and ws.print_title_cols == "$A:$D"


async def test_matrix_author_is_the_requesters_rank_and_name(db, directorate, seed):
    """ING-XLS-10 "Disusun oleh": the person who asked, not their phone number."""
    await seed.user("99", "DITBINMAS", "SITI AMINAH", title="AKBP", whatsapp="6281234500099")
    out = await build_report(
        db, "XLS-MATRIX", client_id="DITBINMAS", ref_date=DAY, now=NOW, actor="6281234500099"
    )
    assert _open(out)["Rekap"]["A3"].value == "Disusun oleh: AKBP SITI AMINAH"
    unknown = await build_report(db, "XLS-MATRIX", client_id="DITBINMAS", ref_date=DAY, now=NOW,
                                 actor="6281299988877")  # fmt: skip
    assert _open(unknown)["Rekap"]["A3"].value == "Disusun oleh: 6281299988877"


async def test_amplification_links_are_clickable(db, directorate, seed):
    from tests.reports.seed import wib

    await seed.link_report(
        "A1", "20", wib(2026, 3, 4, 10, 30), instagram="https://instagram.com/p/x", facebook="fb"
    )
    ws = _open(await build_report(db, "XLS-AMP-MONTH", client_id="POLRESA", ref_date=DAY, now=NOW))["Sheet1"]
    assert ws["E2"].hyperlink.target == "https://instagram.com/p/x"
    assert ws["F2"].hyperlink is None  # not a URL: left as text


def test_a_month_of_day_columns_spans_pages_and_repeats_the_name_columns():
    """Fit to one page wide, unless the text would shrink below ~60 %: 31 days × 3 columns."""
    from openpyxl import Workbook

    from core.reports.xlsx import WorkbookInfo, autosize, to_bytes, write_title

    wb = Workbook()
    narrow, wide = wb.active, wb.create_sheet("wide")
    write_title(narrow, 1, "Rekap", 3)
    narrow.append(["Pangkat Nama", "Satfung", "Sudah"])
    write_title(wide, 1, "Rekap Bulanan", 97)
    wide.append(
        ["No", "Pangkat", "Nama", "Divisi / Satfung", *(["Jumlah Post", "Sudah Likes", "Belum Likes"] * 31)]
    )
    for ws in (narrow, wide):
        autosize(ws, ws.max_column, skip_rows=1)
    wide.freeze_panes = "E3"
    out = load_workbook(io.BytesIO(to_bytes(wb, WorkbookInfo("Rekap Bulanan", "Desember 2026"))))
    assert out.worksheets[0].page_setup.fitToWidth == 1
    assert out.worksheets[0]["A1"].alignment.horizontal == "center"
    assert out["wide"].page_setup.fitToWidth > 1 and out["wide"].print_title_cols == "$A:$D"
    # centred over 97 columns the title would print on a middle page; on the left it opens page 1
    assert out["wide"]["A1"].alignment.horizontal == "left"
