"""Excel workbooks opened and checked cell by cell (ING-XLS-1..6)."""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import load_workbook

from core.reports import build_report
from tests.reports.conftest import DAY, NOW
from tests.reports.seed import wib


def _open(out):
    assert out.file is not None and not out.empty
    assert out.file.mimetype.endswith("spreadsheetml.sheet")
    return load_workbook(io.BytesIO(out.file.content))


def _rows(ws) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows()]


async def test_xls_ig_recap_sheets_rows_totals(db, directorate):
    out = await build_report(db, "XLS-IG-RECAP", client_id="DITBINMAS", ref_date=DAY, now=NOW)
    assert out.file.name == "Rekap_Engagement_Instagram_Ditbinmas_Rabu_4-3-2026_14-05-00.xlsx"
    wb = _open(out)
    assert wb.sheetnames == ["DIT BINMAS", "POLRES ALPHA", "POLRES BETA"]  # U-SCORE, own first
    own = wb["DIT BINMAS"]
    assert _rows(own) == [
        [
            "Pangkat Nama",
            "Divisi / Satfung",
            "4/3/2026 Jumlah Post",
            "4/3/2026 Sudah Likes",
            "4/3/2026 Belum Likes",
        ],
        ["KBP DIREKTUR", "BAG OPS", 2, 2, 0],
        ["BRIPDA STAF", "SUBDIT", 2, 0, 2],
        ["TOTAL", None, 4, 2, 2],
    ]
    assert own.freeze_panes == "A2" and own.auto_filter.ref == "A1:E4"
    assert own["A1"].font.bold and own["A1"].fill.fgColor.rgb.endswith("D9D9D9")
    assert own["C2"].number_format == "#,##0"
    alpha = _rows(wb["POLRES ALPHA"])
    assert alpha[-1] == ["TOTAL", None, 8, 4, 4]  # ANDI 2, BUDI 1, INTEL 1, CICI 0


async def test_xls_tt_recap_headers(db, directorate):
    wb = _open(await build_report(db, "XLS-TT-RECAP", client_id="DITBINMAS", ref_date=DAY, now=NOW))
    assert _rows(wb.worksheets[0])[0][3:] == ["4/3/2026 Sudah Komentar", "4/3/2026 Belum Komentar"]


async def test_xls_ranking_layout_and_order(db, directorate):
    out = await build_report(db, "XLS-RANKING", client_id="DITBINMAS", ref_date=DAY, now=NOW)
    assert out.file.name == "Dit_Binmas_Rekap_Ranking_Engagement_hari_ini_2026-03-04_14-05.xlsx"
    ws = _open(out)["Ranking Engagement"]
    assert ws["A1"].value == "Rekap Ranking Engagement DIT BINMAS"
    assert ws["A2"].value == "Hari, Tanggal: Rabu, 04 Maret 2026"
    assert ws["A4"].value == "Jumlah Post Instagram: 2" and ws["A5"].value == "Jumlah Post TikTok: 2"
    assert [ws.cell(7, c).value for c in (1, 2, 3, 6)] == [
        "NAMA SATKER",
        "JUMLAH PERSONIL",
        "INSTAGRAM",
        "TIKTOK",
    ]
    assert [ws.cell(8, c).value for c in range(3, 9)] == ["SUDAH", "BELUM", "USERNAME KOSONG"] * 2
    rows = [[ws.cell(r, c).value for c in range(1, 9)] for r in range(9, 13)]
    assert rows == [
        ["1. DIT BINMAS", 2, 1, 1, 0, 1, 0, 1],
        ["2. POLRES ALPHA", 4, 3, 0, 1, 1, 0, 3],
        ["3. POLRES BETA", 1, 1, 0, 0, 1, 0, 0],
        ["TOTAL", 7, 5, 1, 1, 3, 0, 4],
    ]
    assert ws.freeze_panes == "A9"
    assert ws["A10"].fill.fgColor.rgb.endswith("F5F5F5")


async def test_xls_ranking_only_for_directorates(db, directorate):
    out = await build_report(db, "XLS-RANKING", client_id="POLRESA", ref_date=DAY, now=NOW)
    assert out.empty and out.text == "Menu ini hanya tersedia untuk direktorat."


async def test_xls_ig_konten_cells(db, directorate):
    out = await build_report(db, "XLS-IG-KONTEN", client_id="POLRESA", ref_date=DAY, now=NOW)
    assert out.file.name == "Rekap_Likes_Per_Konten_Instagram_Polresa_Rabu_4-3-2026_14-05-00.xlsx"
    rows = _rows(_open(out)["POLRES ALPHA"])
    assert rows[0] == ["Pangkat Nama", "Satfung", "D2", "A1"]
    by_name = {r[0]: r[2:] for r in rows[1:]}
    assert by_name["BRIPKA ANDI"] == [1, 1]
    assert by_name["BRIPKA BUDI"] == [0, 0]
    assert by_name["BRIPKA INTEL"] == [1, 0]
    assert by_name["TOTAL"] == [2, 1]


async def test_xls_amp_month(db, directorate, seed):
    await seed.link_report(
        "A1", "20", wib(2026, 3, 4, 10, 30), instagram="https://instagram.com/p/x", facebook="fb"
    )
    await seed.link_report("D2", "21", wib(2026, 3, 1, 0, 5), twitter="tw")
    await seed.link_report("D1", "10", wib(2026, 3, 4, 11), youtube="yt")  # DITBINMAS post: not POLRESA's
    out = await build_report(db, "XLS-AMP-MONTH", client_id="POLRESA", ref_date=DAY, now=NOW)
    assert out.file.name == "POLRESA_Maret_2026.xlsx"
    ws = _open(out)["Sheet1"]
    rows = _rows(ws)
    assert rows[0] == ["Date", "Pangkat Nama", "NRP", "Satfung", "Link Instagram", "Link Facebook", "Link Twitter",
                       "Link Tiktok", "Link Youtube"]  # fmt: skip
    assert rows[1][0] == datetime(2026, 3, 1) and rows[1][1:] == [
        "BRIPKA BUDI",
        "21",
        "SAT BINMAS",
        None,
        None,
        "tw",
        None,
        None,
    ]  # empty: no value
    assert rows[2][2] == "20" and rows[2][4:6] == ["https://instagram.com/p/x", "fb"]
    assert len(rows) == 3 and ws["A2"].number_format == "DD/MM/YYYY"


async def test_empty_recap_is_not_a_workbook(db, seed):
    await seed.client("POLRESA", "Polres Alpha", "org")
    out = await build_report(db, "XLS-IG-RECAP", client_id="POLRESA", ref_date=DAY, now=NOW)
    assert out.empty and not out.files and "Belum ada konten Instagram" in out.text


async def test_xls_weekly_tt_per_day_columns(db, directorate):
    """ING-XLS-7 (P2): report week of Sunday 8 March; T1/T2 are Wednesday tasks."""
    from datetime import date

    out = await build_report(db, "XLS-WEEKLY-TT", client_id="DITBINMAS", ref_date=date(2026, 3, 8), now=NOW)
    assert out.file.name == "Rekap_Mingguan_Tiktok_Ditbinmas_Rabu_4-3-2026_14-05-00.xlsx"
    wb = _open(out)
    assert wb.sheetnames == ["DIT BINMAS", "POLRES ALPHA", "POLRES BETA"]
    ws = wb["DIT BINMAS"]
    assert ws["A1"].value == "DIT BINMAS – Rekap Engagement Tiktok"
    assert ws["A2"].value == "Rekap Komentar Tiktok Periode 02/03/2026 - 08/03/2026"
    assert [ws.cell(3, c).value for c in (1, 2, 3, 4, 5, 11)] == [
        "No", "Pangkat", "Nama", "Divisi / Satfung", "Senin, 02/03/2026", "Rabu, 04/03/2026",
    ]  # fmt: skip
    assert [ws.cell(4, c).value for c in (11, 12, 13)] == ["Jumlah Post", "Sudah Komentar", "Belum Komentar"]
    assert [ws.cell(5, c).value for c in (1, 2, 3, 4, 5, 11, 12, 13)] == [
        1,
        "KBP",
        "DIREKTUR",
        "BAG OPS",
        0,
        2,
        2,
        0,
    ]
    assert [ws.cell(6, c).value for c in (3, 11, 12, 13)] == ["STAF", 2, 0, 2]  # no TikTok handle
    assert ws.cell(7, 1).value == "TOTAL" and ws.cell(7, 12).value == "=SUM(L5:L6)"
    assert ws.freeze_panes == "E5" and ws.cell(5, 12).fill.fgColor.rgb.endswith("C6EFCE")
    empty = await build_report(db, "XLS-WEEKLY-TT", client_id="DITBINMAS", ref_date=DAY, now=NOW)
    assert empty.empty and empty.text == "Tidak ada data."


async def test_xls_matrix(db, directorate):
    """ING-XLS-10 (P2): units with users, own first then complete desc; DSP from the setting."""
    from core.config import get_settings

    settings = get_settings().model_copy(update={"satker_dsp_counts": '{"POLRESA": 120}'})
    out = await build_report(db, "XLS-MATRIX", client_id="DITBINMAS", ref_date=DAY, now=NOW, actor="Operator Binmas",
                             settings=settings)  # fmt: skip
    assert out.file.name == "Ditbinmas_Satker_Update_Rank_2026-03-04.xlsx"
    ws = _open(out)["Rekap"]
    assert ws["A1"].value == "Rekap Matriks Update Satker DIT BINMAS"
    assert ws["A2"].value == "Periode: Rabu, 04 Maret 2026 14.05.00 WIB"
    assert ws["A3"].value == "Disusun oleh: Operator Binmas"
    assert [ws.cell(5, c).value for c in (1, 2, 3, 4, 6)] == [
        "Satker", "Jumlah DSP", "Jumlah Personil", "Data Update Instagram", "Data Update Tiktok",
    ]  # fmt: skip
    rows = [[ws.cell(r, c).value for c in range(1, 8)] for r in range(7, 10)]
    assert rows == [
        ["DIT BINMAS", None, 2, 2, 0, 1, 1],
        ["POLRES ALPHA", 120, 4, 3, 1, 1, 3],
        ["POLRES BETA", None, 1, 1, 0, 0, 1],
    ]


async def test_xls_alldata_ig(db, directorate):
    """ING-XLS-8 (P2): activity year September 2025 .. March 2026, Σcount per unit and month."""
    out = await build_report(db, "XLS-ALLDATA-IG", client_id="DITBINMAS", ref_date=DAY, now=NOW)
    assert out.file.name == "Dit_Binmas_Rekap_Instagram_All_Data_2026-03-04_14-05.xlsx"
    ws = _open(out)["Instagram All Data"]
    assert ws["A1"].value == "Rekap Instagram All Data – Dit Binmas"
    assert ws["A2"].value == "Periode: September 2025 - Maret 2026"
    header = [ws.cell(3, c).value for c in range(1, 10)]
    assert header[0] == "Polres" and header[1] == "September 2025" and header[7:] == ["Maret 2026", "Total"]
    rows = [[ws.cell(r, c).value for c in (1, 8, 9)] for r in range(4, 8)]
    assert rows == [["POLRES ALPHA", 4, 4], ["DIT BINMAS", 2, 2], ["POLRES BETA", 2, 2], ["TOTAL", 8, 8]]
    assert ws.freeze_panes == "B4"
