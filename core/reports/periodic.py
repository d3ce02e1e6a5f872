"""Multi-day Excel recaps (P2): weekly/monthly per day (ING-XLS-7) and all data per month (ING-XLS-8)."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

from openpyxl.utils import get_column_letter

from core.reports import attendance
from core.reports.engine import ReportContext, only_directorate
from core.reports.model import Engagement, Person, Platform, Scope, ScopeKind
from core.reports.ordering import personnel_key, rank_index
from core.reports.output import XLSX_MIME, ReportFile, ReportOutput
from core.reports.palette import StatusColour
from core.reports.xlsx import (
    SheetNames,
    WorkbookInfo,
    autosize,
    client_file_part,
    new_workbook,
    status_fill,
    to_bytes,
    write_header,
    write_row,
    write_title,
)
from core.timefmt import bulan, hari, stamp, tgl_angka
from core.timewindow import (
    Window,
    activity_year_windows,
    month_to_date_window,
    range_window,
    report_week_window,
    to_wib,
    wib_date_of,
)

SUDAH_FILL = status_fill(StatusColour.SUDAH)  # ING-XLS-7 C6EFCE, from the one palette
BELUM_FILL = status_fill(StatusColour.BELUM)  # ING-XLS-7 F8CBAD


async def _per_day_counts(ctx: ReportContext, platform: Platform, scope: Scope, post_days: dict[str, date]):
    """One statement: per person and operational day, the number of that day's posts engaged."""
    engagement = Engagement.LIKES if platform == Platform.INSTAGRAM else Engagement.COMMENTS
    rows_table, key = attendance.engagement_rows(platform, engagement)
    units = await attendance.scope_units(ctx.uow, scope)
    pop = attendance.population_sql(scope, [u.client_id for u in units], ctx.settings)
    h = "pop.insta" if platform == Platform.INSTAGRAM else "pop.tiktok"
    # The normalised rows (migration 0010) joined to the population on the one normal form.
    sql = (
        f"WITH pop AS ({pop.sql}),"  # noqa: S608
        " d AS (SELECT * FROM unnest(CAST(:ids AS text[]), CAST(:days AS date[])) AS d(post_id, day))"
        f" SELECT pop.user_id, d.day, count(*) FROM {rows_table} r"
        f" JOIN pop ON cicero_norm_handle({h}) = r.handle JOIN d ON d.post_id = r.{key}"
        f" WHERE r.{key} = ANY(CAST(:ids AS text[])) GROUP BY pop.user_id, d.day"
    )
    ids = list(post_days)
    params = dict(pop.params, ids=ids, days=[post_days[i] for i in ids])
    rows = await ctx.uow.execute(sql, params)
    counts: dict[tuple[str, date], int] = {(r[0], r[1]): r[2] for r in rows}
    people, _ = await attendance.population(ctx.uow, scope, ctx.settings)
    return people, {u.client_id: u for u in units}, counts


async def _periodic(
    ctx: ReportContext, platform: Platform, win: Window, kind: str, file_word: str
) -> ReportOutput:
    only_directorate(ctx, "Rekap periodik")
    ig = platform == Platform.INSTAGRAM
    posts = await attendance.task_posts(ctx.uow, ctx.client, platform, win)
    if not posts:
        return ReportOutput(kind, text="Tidak ada data.", empty=True)
    post_days = {p.id: wib_date_of(p.created_at) for p in posts}
    days = list(win.days())
    n_day: dict[date, int] = defaultdict(int)
    for d in post_days.values():
        n_day[d] += 1
    scope = Scope(ScopeKind.DIRECTORATE, ctx.client)
    people, units, counts = await _per_day_counts(ctx, platform, scope, post_days)

    def count(p: Person, d: date) -> int:
        if p.exception:
            return n_day[d]
        return counts.get((p.user_id, d), 0) if p.handle(platform) else 0

    verb = "Likes" if ig else "Komentar"
    plat = "Instagram" if ig else "Tiktok"
    first, last = win.start_date, win.last_date
    assert first is not None
    prio = [n for n in ctx.settings.report_priority_names.split(",") if n.strip()]
    prio_index = {n.strip().upper(): i for i, n in enumerate(prio)}
    by_unit: dict[str, list[Person]] = defaultdict(list)
    for p in people:
        by_unit[p.unit_id].append(p)
    wb = new_workbook()
    names = SheetNames()
    width = 4 + 3 * len(days)
    base_key = personnel_key(prio)
    for uid in sorted(by_unit, key=lambda u: units[u].unit_name if u in units else u):
        unit_name = units[uid].unit_name if uid in units else uid
        ws = wb.create_sheet(names(unit_name))
        write_title(ws, 1, f"{unit_name} – Rekap Engagement {plat}", width)
        period = "Rekap Likes Instagram" if ig else "Rekap Komentar Tiktok"
        write_title(ws, 2, f"{period} Periode {tgl_angka(first)} - {tgl_angka(last)}", width)
        write_header(ws, 3, ["No", "Pangkat", "Nama", "Divisi / Satfung"])
        write_header(ws, 4, ["", "", "", ""])
        for i, d in enumerate(days):
            col = 5 + 3 * i
            write_header(ws, 3, [f"{hari(d)}, {tgl_angka(d)}", None, None], start_col=col)
            ws.merge_cells(start_row=3, start_column=col, end_row=3, end_column=col + 2)
            write_header(ws, 4, ["Jumlah Post", f"Sudah {verb}", f"Belum {verb}"], start_col=col)
        members = by_unit[uid]
        totals = {p.user_id: sum(count(p, d) for d in days) for p in members}
        members.sort(
            key=lambda p: (
                prio_index.get((p.nama or "").strip().upper(), 10_000),
                -totals[p.user_id],
                rank_index(p.title),
                base_key(p)[3:],
            )
        )
        row = 4
        for i, p in enumerate(members, 1):
            row += 1
            cells: list[object] = [i, p.title or "", p.nama or "", p.division]
            for d in days:
                c = count(p, d)
                cells += [n_day[d], c, max(n_day[d] - c, 0)]
            write_row(ws, row, cells)
        total_row = row + 1
        formulas: list[object] = ["TOTAL", None, None, None]
        for col in range(5, width + 1):
            letter = get_column_letter(col)
            formulas.append(f"=SUM({letter}5:{letter}{row})" if row >= 5 else 0)
        write_row(ws, total_row, formulas, bold=True)
        for i in range(len(days)):
            for r in range(5, total_row + 1):
                ws.cell(r, 6 + 3 * i).fill = SUDAH_FILL
                ws.cell(r, 7 + 3 * i).fill = BELUM_FILL
        ws.freeze_panes = "E5"
        ws.auto_filter.ref = f"A4:{get_column_letter(width)}{total_row}"
        autosize(ws, width, skip_rows=2)
    cp = client_file_part(ctx.client.client_id)
    name = f"Rekap_{file_word}_{'Instagram' if ig else 'Tiktok'}_{cp}_{stamp(ctx.req.now)}.xlsx"
    info = WorkbookInfo(f"Rekap {file_word} {plat} – {ctx.client.nama or ctx.client.client_id}",
                        f"Periode {tgl_angka(first)} - {tgl_angka(last)}")  # fmt: skip
    return ReportOutput(kind, files=(ReportFile(name, to_bytes(wb, info), XLSX_MIME),))


async def xls_weekly_ig(ctx: ReportContext) -> ReportOutput:
    win = report_week_window(ctx.req.ref_date)
    return await _periodic(ctx, Platform.INSTAGRAM, win, "XLS-WEEKLY-IG", "Mingguan")


async def xls_weekly_tt(ctx: ReportContext) -> ReportOutput:
    win = report_week_window(ctx.req.ref_date)
    return await _periodic(ctx, Platform.TIKTOK, win, "XLS-WEEKLY-TT", "Mingguan")


async def xls_monthly_ig(ctx: ReportContext) -> ReportOutput:
    win = month_to_date_window(ctx.req.ref_date)
    return await _periodic(ctx, Platform.INSTAGRAM, win, "XLS-MONTHLY-IG", "Bulanan")


async def xls_monthly_tt(ctx: ReportContext) -> ReportOutput:
    win = month_to_date_window(ctx.req.ref_date)
    return await _periodic(ctx, Platform.TIKTOK, win, "XLS-MONTHLY-TT", "Bulanan")


# --- XLS-ALLDATA-IG / -TT (ING-XLS-8, P2) -------------------------------------------------------


async def _alldata(ctx: ReportContext, platform: Platform, kind: str) -> ReportOutput:
    only_directorate(ctx, "Rekap all data")
    ig = platform == Platform.INSTAGRAM
    months = activity_year_windows(ctx.req.ref_date)
    whole = range_window(months[0].start_date, months[-1].last_date, ctx.req.ref_date)  # type: ignore[arg-type]
    posts = await attendance.task_posts(ctx.uow, ctx.client, platform, whole)
    post_days = {p.id: wib_date_of(p.created_at) for p in posts}
    month_of_day = {d: (d.year, d.month) for d in post_days.values()}
    n_month: dict[tuple[int, int], int] = defaultdict(int)
    for d in post_days.values():
        n_month[month_of_day[d]] += 1
    people, units, counts = await _per_day_counts(
        ctx, platform, Scope(ScopeKind.DIRECTORATE, ctx.client), post_days
    )
    per_unit: dict[str, dict[tuple[int, int], int]] = defaultdict(lambda: defaultdict(int))
    handle_of = {p.user_id: p for p in people}
    for (uid, d), c in counts.items():
        p = handle_of[uid]
        if not p.exception:
            per_unit[p.unit_id][(d.year, d.month)] += c
    for p in people:
        if p.exception:  # ING-ATT-5: an exception counts every post of the month
            for key, n in n_month.items():
                per_unit[p.unit_id][key] += n
    keys = [(w.start_date.year, w.start_date.month) for w in months if w.start_date]
    rows = []
    for uid, by_month in per_unit.items():
        values = [by_month.get(k, 0) for k in keys]
        if sum(values):
            rows.append((units[uid].unit_name if uid in units else uid, values))
    what = "likes Instagram" if ig else "komentar TikTok"
    if not rows:
        return ReportOutput(kind, text=f"Tidak ada data {what} untuk rentang bulan yang dipilih.", empty=True)
    rows.sort(key=lambda r: (-sum(r[1]), r[0]))
    label = "Instagram" if ig else "TikTok"
    wb = new_workbook()
    ws = wb.create_sheet(f"{label} All Data")
    width = 2 + len(keys)
    write_title(ws, 1, f"Rekap {label} All Data – {ctx.client.nama}", width)
    write_title(
        ws, 2, f"Periode: {bulan(keys[0][1])} {keys[0][0]} - {bulan(keys[-1][1])} {keys[-1][0]}", width
    )
    write_header(ws, 3, ["Polres", *(f"{bulan(m)} {y}" for y, m in keys), "Total"])
    for i, (name, values) in enumerate(rows, 4):
        write_row(ws, i, [name, *values, sum(values)])
    totals = [sum(r[1][j] for r in rows) for j in range(len(keys))]
    write_row(ws, 4 + len(rows), ["TOTAL", *totals, sum(totals)], bold=True)
    ws.freeze_panes = "B4"
    autosize(ws, width, skip_rows=2)
    now = to_wib(ctx.req.now)
    slug = re.sub(r"[^A-Za-z0-9-]+", "_", ctx.client.nama or ctx.client.client_id)
    name = f"{slug}_Rekap_{label}_All_Data_{now:%Y-%m-%d}_{now:%H-%M}.xlsx"
    info = WorkbookInfo(f"Rekap {label} All Data – {ctx.client.nama}",
                        f"Periode: {bulan(keys[0][1])} {keys[0][0]} - {bulan(keys[-1][1])} {keys[-1][0]}")  # fmt: skip
    return ReportOutput(kind, files=(ReportFile(name, to_bytes(wb, info), XLSX_MIME),))


async def xls_alldata_ig(ctx: ReportContext) -> ReportOutput:
    return await _alldata(ctx, Platform.INSTAGRAM, "XLS-ALLDATA-IG")


async def xls_alldata_tt(ctx: ReportContext) -> ReportOutput:
    return await _alldata(ctx, Platform.TIKTOK, "XLS-ALLDATA-TT")
