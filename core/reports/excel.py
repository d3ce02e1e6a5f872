"""Excel workbooks (ING-XLS-2..6): built in memory, returned as bytes + file name."""

from __future__ import annotations

import re

from openpyxl.styles import Border
from openpyxl.utils import get_column_letter

from core.reports.engine import ReportContext, engagement_attendance
from core.reports.formatting import nama_lengkap
from core.reports.links import post_link
from core.reports.model import Attendance, Person, Platform, Tally, UnitAttendance
from core.reports.ordering import UnitFigures, division_sort_key, order_u_score, personnel_key
from core.reports.output import XLSX_MIME, ReportFile, ReportOutput
from core.reports.palette import StatusColour
from core.reports.stated_rule import rule_words, stated_rule_line
from core.reports.xlsx import (
    BOLD,
    CENTER,
    MEDIUM,
    ZEBRA_FILL,
    SheetNames,
    WorkbookInfo,
    autosize,
    client_file_part,
    colour_progress,
    colour_when,
    finish_table,
    link_cell,
    link_header,
    new_workbook,
    to_bytes,
    write_header,
    write_row,
    write_title,
)
from core.timefmt import bulan, jam, period_label, stamp, tgl_pendek
from core.timewindow import Period, month_of, to_wib, today_wib

_SLUG = re.compile(r"[^A-Za-z0-9-]+")


def _xlsx(name: str, wb, info: WorkbookInfo) -> ReportFile:
    return ReportFile(name=name, content=to_bytes(wb, info), mimetype=XLSX_MIME)


def _info(ctx: ReportContext, title: str, att: Attendance | None = None) -> WorkbookInfo:
    """Title with the client, the period in words, and the counting rule when there is one."""
    return WorkbookInfo(
        title=f"{title} – {ctx.client.nama or ctx.client.client_id}",
        period=period_label(ctx.window),
        rule=stated_rule_line(att) if att is not None else "",
    )


def _division_then_personnel(ctx: ReportContext, people: list[Person]) -> list[Person]:
    """ING-XLS-1: personnel rows by division (ING-ATT-8), then ING-ATT-9."""
    key = personnel_key([n for n in ctx.settings.report_priority_names.split(",") if n.strip()])
    return sorted(people, key=lambda p: (division_sort_key(p.division), key(p)))


def units_by_score(att: Attendance) -> list[UnitAttendance]:
    """U-SCORE (ING-ATT-10): own unit first, then Σcount desc, name."""
    units = {u.client.client_id: u for u in att.by_unit()}
    figures = [
        UnitFigures(u.client.client_id, u.client.unit_name, len(u.people), score_sum=sum(p.count for p in u.people),
                    own=u.own)
        for u in units.values()
    ]  # fmt: skip
    return [units[f.unit_id] for f in order_u_score(figures)]


# --- XLS-IG-RECAP / XLS-TT-RECAP ------------------------------------------------------------


def recap_workbook(ctx: ReportContext, att: Attendance) -> ReportFile:
    ig = att.platform == Platform.INSTAGRAM
    verb = "Likes" if ig else "Komentar"
    day = tgl_pendek(ctx.req.ref_date)
    header = [
        "Pangkat Nama",
        "Divisi / Satfung",
        f"{day} Jumlah Post",
        f"{day} Sudah {verb}",
        f"{day} Belum {verb}",
    ]
    wb = new_workbook()
    names = SheetNames()
    n = att.n
    for unit in units_by_score(att):
        ws = wb.create_sheet(names(unit.client.unit_name))
        write_header(ws, 1, header)
        row = 1
        for p in _division_then_personnel(ctx, unit.people):
            row += 1
            write_row(ws, row, [nama_lengkap(p.title, p.nama), p.division, n, p.count, max(n - p.count, 0)])
        total = [sum(ws.cell(r, c).value or 0 for r in range(2, row + 1)) for c in (3, 4, 5)]
        write_row(ws, row + 1, ["TOTAL", "", *total], bold=True)
        colour_progress(ws, done_col=4, total_col=3, first_row=2, last_row=row)
        colour_when(ws, f"E2:E{row}", StatusColour.BELUM, "greaterThan", 0)
        finish_table(ws, 1, row + 1, len(header))
    plat = "Instagram" if ig else "Tiktok"
    info = _info(ctx, f"Rekap Engagement {plat} ({verb})", att)
    return _xlsx(
        f"Rekap_Engagement_{plat}_{client_file_part(ctx.client.client_id)}_{stamp(ctx.req.now)}.xlsx",
        wb,
        info,
    )


async def _recap(ctx: ReportContext, platform: Platform, kind: str, rule_id: str) -> ReportOutput:
    att = await engagement_attendance(ctx, platform, rule_id)
    if att.n == 0:
        what = "Instagram" if platform == Platform.INSTAGRAM else "TikTok"
        return ReportOutput(kind, text=f"Belum ada konten {what} pada akun Official {ctx.client.unit_name} hari ini.",
                            empty=True)  # fmt: skip
    return ReportOutput(kind, files=(recap_workbook(ctx, att),))


async def xls_ig_recap(ctx: ReportContext) -> ReportOutput:
    return await _recap(ctx, Platform.INSTAGRAM, "XLS-IG-RECAP", "REP-LAPHAR-IG")


async def xls_tt_recap(ctx: ReportContext) -> ReportOutput:
    return await _recap(ctx, Platform.TIKTOK, "XLS-TT-RECAP", "REP-LAPHAR-TT")


# --- XLS-IG-KONTEN / XLS-TT-KONTEN ----------------------------------------------------------


async def _konten(ctx: ReportContext, platform: Platform, kind: str, rule_id: str) -> ReportOutput:
    att = await engagement_attendance(ctx, platform, rule_id, with_posts=True)
    ig = platform == Platform.INSTAGRAM
    if att.n == 0:
        what = "Instagram" if ig else "TikTok"
        return ReportOutput(
            kind, text=f"Tidak ada konten {what} untuk *{ctx.client.nama}* hari ini.", empty=True
        )
    wb = new_workbook()
    names = SheetNames()
    header = ["Pangkat Nama", "Satfung", *(p.id for p in att.posts)]
    for unit in units_by_score(att):
        ws = wb.create_sheet(names(unit.client.unit_name))
        write_header(ws, 1, header)
        for col, post in enumerate(att.posts, 3):
            link_header(ws, 1, col, post_link(platform, post.id, ctx.client))
        row = 1
        for person in _division_then_personnel(ctx, unit.people):
            row += 1
            cells = [1 if person.did(p.id) else 0 for p in att.posts]
            write_row(ws, row, [nama_lengkap(person.title, person.nama), person.division, *cells])
        totals = [sum(ws.cell(r, c).value or 0 for r in range(2, row + 1)) for c in range(3, 3 + att.n)]
        write_row(ws, row + 1, ["TOTAL", "", *totals], bold=True)
        if row >= 2:
            cells_ref = f"C2:{get_column_letter(2 + att.n)}{row}"
            colour_when(ws, cells_ref, StatusColour.SUDAH, "equal", 1)
            colour_when(ws, cells_ref, StatusColour.BELUM, "equal", 0)
        finish_table(ws, 1, row + 1, len(header))
    cp = client_file_part(ctx.client.client_id)
    name = (
        f"Rekap_Likes_Per_Konten_Instagram_{cp}_{stamp(ctx.req.now)}.xlsx"
        if ig
        else f"Rekap_Komentar_Per_Konten_Tiktok_{cp}_{stamp(ctx.req.now)}.xlsx"
    )
    title = "Rekap Likes per Konten Instagram" if ig else "Rekap Komentar per Konten TikTok"
    return ReportOutput(kind, files=(_xlsx(name, wb, _info(ctx, title, att)),))


async def xls_ig_konten(ctx: ReportContext) -> ReportOutput:
    return await _konten(ctx, Platform.INSTAGRAM, "XLS-IG-KONTEN", "REP-IG-KONTEN")


async def xls_tt_konten(ctx: ReportContext) -> ReportOutput:
    return await _konten(ctx, Platform.TIKTOK, "XLS-TT-KONTEN", "REP-TT-KONTEN")


# --- XLS-AMP-MONTH --------------------------------------------------------------------------


async def xls_amp_month(ctx: ReportContext) -> ReportOutput:
    """ING-XLS-5: link reports of C's posts submitted in the month of the reference day (WIB)."""
    d = ctx.req.ref_date
    month = month_of(d.year, d.month)
    rows = await ctx.uow.execute(
        "SELECT r.created_at, u.title, u.nama, r.user_id, u.divisi, r.instagram_link, r.facebook_link,"
        " r.twitter_link, r.tiktok_link, r.youtube_link"
        ' FROM link_report r JOIN insta_post p ON p.shortcode = r.shortcode LEFT JOIN "user" u ON u.user_id = r.user_id'
        " WHERE lower(btrim(p.client_id)) = :c AND r.created_at >= :lo AND r.created_at < :hi"
        " ORDER BY r.created_at, r.shortcode, r.user_id",
        {"c": ctx.client.client_id.lower(), "lo": month.start_utc, "hi": month.end_utc},
    )
    rows = rows.all()
    if not rows:
        return ReportOutput("XLS-AMP-MONTH", text=f"Tidak ada data laporan link untuk client *{ctx.client.client_id}*"
                            f" pada {bulan(d.month)} {d.year}.", empty=True)  # fmt: skip
    wb = new_workbook()
    ws = wb.create_sheet("Sheet1")
    header = ["Date", "Pangkat Nama", "NRP", "Satfung", "Link Instagram", "Link Facebook", "Link Twitter",
              "Link Tiktok", "Link Youtube"]  # fmt: skip
    write_header(ws, 1, header)
    for i, r in enumerate(rows, 2):
        values = [to_wib(r.created_at).date(), nama_lengkap(r.title, r.nama), r.user_id, (r.divisi or "").strip(),
                  *((v or "") for v in r[5:])]  # fmt: skip
        write_row(ws, i, values)
        ws.cell(i, 1).number_format = "DD/MM/YYYY"
        for col in range(5, 10):
            link_cell(ws, i, col)
    finish_table(ws, 1, len(rows) + 1, len(header))
    name = f"{ctx.client.client_id}_{bulan(d.month)}_{d.year}.xlsx".replace(" ", "_")
    info = WorkbookInfo(title=f"Laporan Link Amplifikasi – {ctx.client.nama or ctx.client.client_id}",
                        period=f"{bulan(d.month)} {d.year}")  # fmt: skip
    return ReportOutput("XLS-AMP-MONTH", files=(_xlsx(name, wb, info),))


# --- XLS-RANKING ----------------------------------------------------------------------------

_PERIOD_SLUG = {Period.WEEK: "minggu_ini", Period.MONTH: "bulan_ini", Period.ALL: "semua_periode"}


def _period_slug(ctx: ReportContext) -> str:
    if ctx.req.period == Period.DAY:
        return "hari_ini" if ctx.req.ref_date == today_wib(ctx.req.now) else "hari_sebelumnya"
    return _PERIOD_SLUG[ctx.req.period]


RankingRow = tuple[UnitAttendance, Tally, Tally, float]  # unit, Instagram, TikTok, score


async def ranking_rows(ctx: ReportContext) -> tuple[Attendance, Attendance, list[RankingRow]]:
    """ING-XLS-6 per unit of directorate(D): IG (likes) and TikTok (comments) tallies, FULL, and
    `score = (igSudah/T + ttSudah/T)/2`, in the ranking's order; REP-KASATKER reads the same score."""
    ig = await engagement_attendance(ctx, Platform.INSTAGRAM, "XLS-RANKING")
    tt = await engagement_attendance(ctx, Platform.TIKTOK, "XLS-RANKING")
    ig_units = {u.client.client_id: u for u in ig.by_unit()}
    tt_units = {u.client.client_id: u for u in tt.by_unit()}
    rows: list[RankingRow] = []
    for uid, u in ig_units.items():
        a = u.tally
        b = tt_units[uid].tally if uid in tt_units else Tally(0, 0, 0, 0, 0, 0)
        score = (a.sudah / a.total + b.sudah / a.total) / 2 if a.total else 0.0
        rows.append((u, a, b, score))

    def rank_key(item: RankingRow) -> tuple:
        u, a, b, score = item
        ig_pct = a.sudah / a.total if a.total else 0
        tt_pct = b.sudah / a.total if a.total else 0
        return (not u.own, -(a.score_sum + b.score_sum), -a.score_sum, -b.score_sum, -score, -ig_pct, -tt_pct,
                -a.total, u.client.unit_name)  # fmt: skip

    rows.sort(key=rank_key)
    return ig, tt, rows


async def xls_ranking(ctx: ReportContext) -> ReportOutput:
    if not ctx.client.is_directorate:
        return ReportOutput("XLS-RANKING", text="Menu ini hanya tersedia untuk direktorat.", empty=True)
    ig, tt, rows = await ranking_rows(ctx)
    wb = new_workbook()
    ws = wb.create_sheet("Ranking Engagement")
    titles = [
        f"Rekap Ranking Engagement {ctx.client.unit_name}",
        period_label(ctx.window),
        f"Jam Pengambilan Data: {jam(ctx.req.now)}",
        f"Jumlah Post Instagram: {ig.n}",
        f"Jumlah Post TikTok: {tt.n}",
    ]
    for i, t in enumerate(titles, 1):
        write_title(ws, i, t, 8)
    write_header(ws, 7, ["NAMA SATKER", "JUMLAH PERSONIL", "INSTAGRAM", None, None, "TIKTOK", None, None])
    write_header(
        ws, 8, [None, None, "SUDAH", "BELUM", "USERNAME KOSONG", "SUDAH", "BELUM", "USERNAME KOSONG"]
    )
    for rng in ("A7:A8", "B7:B8", "C7:E7", "F7:H7"):
        ws.merge_cells(rng)
    r = 8
    for i, (u, a, b, _score) in enumerate(rows, 1):
        r += 1
        write_row(ws, r, [f"{i}. {u.client.unit_name}", a.total, a.sudah, a.belum, a.no_username, b.sudah, b.belum,
                          b.no_username])  # fmt: skip
        if i % 2 == 0:
            for c in range(1, 9):
                ws.cell(r, c).fill = ZEBRA_FILL
    totals = [sum(ws.cell(x, c).value or 0 for x in range(9, r + 1)) for c in range(2, 9)]
    write_row(ws, r + 1, ["TOTAL", *totals], bold=True)
    if r >= 9:
        for first, status in ((3, StatusColour.SUDAH), (4, StatusColour.BELUM), (5, StatusColour.KOSONG)):
            for col in (first, first + 3):  # Instagram, then TikTok
                letter = get_column_letter(col)
                colour_when(ws, f"{letter}9:{letter}{r}", status, "greaterThan", 0)
    _medium_box(ws, 7, r + 1, 8)
    ws.freeze_panes = "A9"
    autosize(ws, 8, skip_rows=5)
    now = to_wib(ctx.req.now)
    slug = _SLUG.sub("_", ctx.client.nama or ctx.client.client_id)
    name = f"{slug}_Rekap_Ranking_Engagement_{_period_slug(ctx)}_{now:%Y-%m-%d}_{now:%H-%M}.xlsx"
    rule = f"Instagram: {rule_words(ig)} · TikTok: {rule_words(tt)}"
    info = WorkbookInfo(title=titles[0], period=titles[1], rule=rule)
    return ReportOutput("XLS-RANKING", files=(_xlsx(name, wb, info),))


def _medium_box(ws, top: int, bottom: int, width: int) -> None:
    for row in range(top, bottom + 1):
        for col in range(1, width + 1):
            cell = ws.cell(row, col)
            b = cell.border
            cell.border = Border(
                left=MEDIUM if col == 1 else b.left,
                right=MEDIUM if col == width else b.right,
                top=MEDIUM if row == top else b.top,
                bottom=MEDIUM if row == bottom else b.bottom,
            )
    for row in (7, 8):
        for col in range(1, width + 1):
            ws.cell(row, col).font = BOLD
            ws.cell(row, col).alignment = CENTER
