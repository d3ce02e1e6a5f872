"""Data completeness and username reports (ING-REP-24..26, -28; DIR-1, DIR-2, DIR-3)."""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from dataclasses import dataclass

from core.actors import requester_name
from core.reports import attendance
from core.reports.engine import ReportContext, only_directorate
from core.reports.formatting import collapse_blank_lines, fmt_pct, nama_lengkap, number_words, pct
from core.reports.model import ClientInfo, Person, Scope, ScopeKind
from core.reports.ordering import UnitFigures, group_by_division, order_u_data, top_and_bottom
from core.reports.output import XLSX_MIME, ReportFile, ReportOutput
from core.reports.palette import StatusColour
from core.reports.xlsx import (
    WorkbookInfo,
    client_file_part,
    colour_when,
    finish_table,
    new_workbook,
    to_bytes,
    write_header,
    write_row,
    write_title,
)
from core.timefmt import BULAN_PENDEK, hari_tanggal, jam, jam_detik, salam
from core.timewindow import to_wib

# ING-REP-26 category labels (the submenu of DIR-3)
CATEGORIES = {
    1: "SEMUA",
    2: "LENGKAP (Sudah mengisi Instagram dan TikTok)",
    3: "KURANG (Belum lengkap, ada yang kosong)",
    4: "BELUM (Belum mengisi Instagram dan TikTok)",
}


def completeness(p: Person) -> str:
    """`lengkap` both handles, `kurang` one, `belum` none."""
    n = (p.insta is not None) + (p.tiktok is not None)
    return ("belum", "kurang", "lengkap")[n]


def _missing_suffix(p: Person) -> str:
    if p.insta is None and p.tiktok is None:
        return ", Instagram dan TikTok kosong"
    if p.insta is None:
        return ", Instagram kosong"
    if p.tiktok is None:
        return ", TikTok kosong"
    return ""


def _when(ctx: ReportContext) -> str:
    return f"{hari_tanggal(ctx.req.ref_date)} pukul {jam(ctx.req.now)} WIB"


# --- REP-USERNAME ----------------------------------------------------------------------------


async def rep_username(ctx: ReportContext) -> ReportOutput:
    scope = Scope(ScopeKind.UNIT, ctx.client, role=ctx.req.role)
    people, _ = await attendance.population(ctx.uow, scope, ctx.settings)
    if not people:
        return ReportOutput("REP-USERNAME", text="Data absensi update data belum tersedia.", empty=True)
    by = defaultdict(list)
    for p in people:
        by[completeness(p)].append(p)
    lines = [
        f"{salam(ctx.req.now)},",
        "",
        f"Mohon ijin Komandan, melaporkan absensi update username Instagram dan TikTok personil"
        f" {ctx.client.unit_name} pada {_when(ctx)}.",
        "",
        f"Jumlah Total Personil : {len(people)}",
        f"Jumlah Personil Lengkap : {len(by['lengkap'])}",
        f"Jumlah Personil Kurang : {len(by['kurang'])}",
        f"Jumlah Personil Belum : {len(by['belum'])}",
        "",
    ]

    def line(p: Person) -> str:
        ig = f"@{p.insta}" if p.insta else "-"
        tt = f"@{p.tiktok}" if p.tiktok else "-"
        return f"- {nama_lengkap(p.title, p.nama)} - IG: {ig}, TikTok: {tt}"

    for div, members in group_by_division(people):
        lines.append(div)
        for label, key in (("Lengkap", "lengkap"), ("Kurang", "kurang"), ("Belum", "belum")):
            chosen = [p for p in members if completeness(p) == key]
            lines += [f"{label} ({len(chosen)}):", *([line(p) for p in chosen] or ["-"]), ""]
    return ReportOutput("REP-USERNAME", text=collapse_blank_lines(lines))


# --- REP-DATA-SATKER (DIR-1) -----------------------------------------------------------------


@dataclass(frozen=True)
class UnitData:
    client: ClientInfo
    own: bool
    total: int
    ig: int
    tt: int
    complete: int

    @property
    def ig_pct(self) -> float:
        return pct(self.ig, self.total)

    @property
    def tt_pct(self) -> float:
        return pct(self.tt, self.total)


async def unit_data(ctx: ReportContext) -> tuple[list[UnitData], list[Person]]:
    """DIR-1.1 per-unit counts over `population(directorate(D))`, all units (own first)."""
    scope = Scope(ScopeKind.DIRECTORATE, ctx.client)
    people, units = await attendance.population(ctx.uow, scope, ctx.settings)
    groups: dict[str, list[Person]] = defaultdict(list)
    for p in people:
        groups[p.unit_id].append(p)
    out = []
    for uid, client in units.items():
        ps = groups.get(uid, [])
        out.append(
            UnitData(
                client,
                uid == ctx.client.client_id,
                len(ps),
                sum(p.insta is not None for p in ps),
                sum(p.tiktok is not None for p in ps),
                sum(p.insta is not None and p.tiktok is not None for p in ps),
            )
        )
    return out, people


def _five(total: int, ig: int, tt: int) -> list[str]:
    return [
        f"Jumlah Total Personil : {total}",
        f"Jumlah Total Personil Sudah Mengisi Instagram : {ig}",
        f"Jumlah Total Personil Sudah Mengisi Tiktok : {tt}",
        f"Jumlah Total Personil Belum Mengisi Instagram : {total - ig}",
        f"Jumlah Total Personil Belum Mengisi Tiktok : {total - tt}",
    ]


async def rep_data_satker(ctx: ReportContext) -> ReportOutput:
    head = [
        f"{salam(ctx.req.now)},",
        "",
        f"Mohon ijin Komandan, melaporkan absensi update data personil {ctx.client.unit_name}"
        f" pada {_when(ctx)}, sebagai berikut:",
        "",
    ]
    if not ctx.client.is_directorate:
        people, _ = await attendance.population(ctx.uow, Scope(ScopeKind.UNIT, ctx.client), ctx.settings)
        lines = list(head)
        done = [p for p in people if completeness(p) == "lengkap"]
        todo = [p for p in people if completeness(p) != "lengkap"]
        for title, chosen in (("Sudah Lengkap :", done), ("Belum Lengkap:", todo)):
            lines += [title, ""]
            for div, members in group_by_division(chosen):
                lines += [f"{div} ({len(members)})", ""]
                for p in members:
                    lines += [nama_lengkap(p.title, p.nama) + _missing_suffix(p), ""]
            lines.append("")
        return ReportOutput("REP-DATA-SATKER", text=collapse_blank_lines(lines))
    units, _ = await unit_data(ctx)
    total = sum(u.total for u in units)
    lines = [*head, *_five(total, sum(u.ig for u in units), sum(u.tt for u in units)), ""]
    with_members = [u for u in units if u.total > 0 or u.own]
    figures = {u.client.client_id: u for u in with_members}
    ordered = order_u_data(
        UnitFigures(u.client.client_id, u.client.unit_name, u.total, own=u.own,
                    is_org=u.client.client_type == "org", complete=u.complete)
        for u in with_members
    )  # fmt: skip
    if ordered:
        lines += ["Sudah Input Data:", ""]
        for i, f in enumerate(ordered, 1):
            u = figures[f.unit_id]
            lines += [f"{i}. {u.client.unit_name}", "", *_five(u.total, u.ig, u.tt), ""]
    empty = sorted(
        (u for u in units if u.total == 0 and not u.own),
        key=lambda u: (u.client.client_type != "org", u.client.unit_name),
    )
    if empty:
        lines.append("Client Belum Input Data:")
        lines += [f"{i}. {u.client.unit_name}" for i, u in enumerate(empty, 1)]
    return ReportOutput("REP-DATA-SATKER", text=collapse_blank_lines(lines))


# --- REP-DATA-PERSONIL (DIR-3) ---------------------------------------------------------------


async def rep_data_personil(ctx: ReportContext) -> ReportOutput:
    only_directorate(ctx, "Rekap data personil")
    label = CATEGORIES.get(ctx.req.category, CATEGORIES[1])
    scope = Scope(ScopeKind.DIRECTORATE_SELF, ctx.client, intel_rule=True)
    people, _ = await attendance.population(ctx.uow, scope, ctx.settings)
    wanted = {2: "lengkap", 3: "kurang", 4: "belum"}.get(ctx.req.category)
    chosen = [p for p in people if wanted is None or completeness(p) == wanted]
    if not chosen:
        text = (
            f"{salam(ctx.req.now)},\n\nTidak ada data personil kategori {label} untuk {ctx.client.unit_name}."
        )
        return ReportOutput("REP-DATA-PERSONIL", text=text, empty=True)
    counts = {k: sum(completeness(p) == k for p in people) for k in ("lengkap", "kurang", "belum")}
    lines = [
        f"{salam(ctx.req.now)},",
        "",
        f"Mohon ijin Komandan, melaporkan *progres update data personil* {ctx.client.unit_name}"
        f" kategori *{label}* pada {_when(ctx)}.",
        "",
        "📊 *Ringkasan Progres Update Username Instagram/TikTok:*",
        f"• Total User: {len(people)}",
        f"• Username lengkap: {counts['lengkap']}",
        f"• Username kurang lengkap: {counts['kurang']}",
        f"• Belum update username: {counts['belum']}",
        "",
        "Berikut detail personil per divisi:",
        "",
    ]

    def line(p: Person) -> str:
        filled = []
        if p.insta:
            filled.append(f"IG: @{p.insta}")
        if p.tiktok:
            filled.append(f"TikTok: @{p.tiktok}")
        return (
            nama_lengkap(p.title, p.nama) + (f" ({', '.join(filled)})" if filled else "") + _missing_suffix(p)
        )

    for div, members in group_by_division(chosen):
        lines.append(f"*{div}* ({len(members)})")
        if wanted is None:
            for title, key in (("✅ Sudah", "lengkap"), ("⚠️ Kurang", "kurang"), ("❌ Belum", "belum")):
                sel = [p for p in members if completeness(p) == key]
                lines += [f"{title} ({len(sel)})", *([line(p) for p in sel] or ["- Tidak ada"])]
        else:
            lines += [line(p) for p in members]
        lines.append("")
    return ReportOutput("REP-DATA-PERSONIL", text=collapse_blank_lines(lines))


# --- REP-DATA-BELUM (ING-REP-27, P2) ----------------------------------------------------------


async def rep_data_belum(ctx: ReportContext) -> ReportOutput:
    """Incomplete personnel of the directorate's own staff (directorate_self, as REP-DATA-PERSONIL)."""
    only_directorate(ctx, "Rekap data belum lengkap")
    people, _ = await attendance.population(
        ctx.uow, Scope(ScopeKind.DIRECTORATE_SELF, ctx.client), ctx.settings
    )
    incomplete = [p for p in people if completeness(p) != "lengkap"]
    if not incomplete:
        return ReportOutput("REP-DATA-BELUM", text=None, empty=True)  # the job then sends nothing
    lines: list[str] = []
    for div, members in group_by_division(incomplete):
        lines += [
            f"*{div}* ({len(members)})",
            *(nama_lengkap(p.title, p.nama) + _missing_suffix(p) for p in members),
            "",
        ]
    return ReportOutput("REP-DATA-BELUM", text=collapse_blank_lines(lines))


# --- REP-DATA-EXEC (DIR-2) -------------------------------------------------------------------


def _p1(x: float) -> str:
    return f"{fmt_pct(x, 1)}%"


async def rep_data_exec(ctx: ReportContext) -> ReportOutput:
    only_directorate(ctx, "Ringkasan pengisian data personel")
    units, _ = await unit_data(ctx)
    units = sorted((u for u in units if u.total > 0), key=lambda u: u.client.unit_name)
    if not units:
        text = f"Belum ada data personil untuk {ctx.client.unit_name}."
        return ReportOutput("REP-DATA-EXEC", text=text, empty=True)
    now = to_wib(ctx.req.now)
    total = sum(u.total for u in units)
    ig = sum(u.ig for u in units)
    tt = sum(u.tt for u in units)
    igs = [u.ig_pct for u in units]
    tts = [u.tt_pct for u in units]
    parts: list[list[str]] = [
        ["Mohon Ijin Komandan,"],
        [
            f"*Rekap User Insight {now.day} {BULAN_PENDEK[now.month - 1]} {now.year} {jam(now)} WIB*",
            f"*Personil Saat ini:* {total} personil",
        ],
        [
            "*Cakupan keseluruhan:*",
            f"IG {_p1(pct(ig, total))} ({ig}/{total})",
            f"TT {_p1(pct(tt, total))} ({tt}/{total})",
        ],
    ]
    spread = any(u.ig_pct < 10 and u.tt_pct < 10 for u in units)
    avg = (
        f"IG rata-rata {_p1(statistics.mean(igs))} (median {_p1(statistics.median(igs))}), "
        f"TT rata-rata {_p1(statistics.mean(tts))} (median {_p1(statistics.median(tts))})"
    )
    parts.append(["*Rata-rata satker:*", avg + (" *— sebaran capaian masih lebar*" if spread else "")])
    best = [u for u in units if u.ig_pct >= 90 and u.tt_pct >= 90]
    if best:
        parts.append(
            ["*Satker dengan capaian terbaik (≥90% IG & TT):*", ", ".join(u.client.unit_name for u in best)]
        )
    strong = [u for u in units if u.ig_pct >= 80 and u.tt_pct >= 80 and u not in best]
    if strong:
        parts.append(
            [
                "*Tambahan kuat (≥80% IG & TT):*",
                ", ".join(f"{u.client.unit_name} ({_p1(u.ig_pct)} / {_p1(u.tt_pct)})" for u in strong),
            ]
        )
    by_sum = sorted(units, key=lambda u: (-(u.ig_pct + u.tt_pct), u.client.unit_name))
    top, bottom = top_and_bottom(by_sum, 5)

    def figures(u: UnitData) -> str:
        return f"{u.client.unit_name} {_p1(u.ig_pct)} / {_p1(u.tt_pct)}"

    highlight = ["*Highlight Pencapaian & Masalah*"]
    if bottom:
        highlight += [
            "*Top performer* (rata-rata IG/TT):",
            ", ".join(f"{i}) {figures(u)}" for i, u in enumerate(top, 1)),
            "*Bottom performer* (rata-rata IG/TT, sangat rendah di kedua platform):",
            " • ".join(figures(u) for u in bottom),
        ]
    else:  # too few units for a top and a bottom that do not overlap: one ranked list
        highlight += [
            "*Peringkat satker* (rata-rata IG/TT):",
            ", ".join(f"{i}) {figures(u)}" for i, u in enumerate(top, 1)),
        ]
    parts.append(highlight)
    anomalies = [u for u in units if abs(u.ig_pct - u.tt_pct) >= 15]
    if anomalies:
        parts.append(
            [
                "*Anomali :*",
                *(
                    f"*{u.client.unit_name}: IG {_p1(u.ig_pct)} vs TT {_p1(u.tt_pct)}"
                    f" (selisih {'+' if u.ig_pct >= u.tt_pct else '-'}{fmt_pct(abs(u.ig_pct - u.tt_pct), 1)} poin ke IG)*"
                    for u in anomalies
                ),
            ]
        )
    ig_back = sorted(units, key=lambda u: (-(u.total - u.ig), u.client.unit_name))[:10]
    tt_back = sorted(units, key=lambda u: (-(u.total - u.tt), u.client.unit_name))[:10]
    ig_total_back, tt_total_back = total - ig, total - tt
    ig_top = sum(u.total - u.ig for u in ig_back)
    tt_top = sum(u.total - u.tt for u in tt_back)
    # Counts are spelled from the units really listed ("sepuluh" only for ten); when the list is
    # every unit, a share of the backlog would say nothing.
    few = len(ig_back) == len(units)
    biggest = f"{number_words(len(ig_back))} satker"
    backlog = [
        "*Konsentrasi Backlog (prioritas penanganan)*",
        f"Backlog tersebar di seluruh {biggest}."
        if few
        else f"{biggest.capitalize()} dengan backlog terbesar memegang {_p1(pct(ig_top, ig_total_back))}"
        f" backlog IG dan {_p1(pct(tt_top, tt_total_back))} backlog TikTok.",
    ]
    if ig_total_back:
        backlog += [
            f"*IG Belum Diisi ({ig_total_back}) – {len(ig_back)} terbesar (≈{_p1(pct(ig_top, ig_total_back))}):*",
            ", ".join(f"{u.client.unit_name} ({u.total - u.ig})" for u in ig_back if u.total - u.ig),
        ]
    if tt_total_back:
        backlog += [
            f"*TikTok Belum Diisi ({tt_total_back}) – {len(tt_back)} terbesar (≈{_p1(pct(tt_top, tt_total_back))}):*",
            ", ".join(f"{u.client.unit_name} ({u.total - u.tt})" for u in tt_back if u.total - u.tt),
        ]
    parts.append(backlog)
    which = "seluruh satker" if few else f"{biggest} teratas"
    parts.append(
        [
            "*Proyeksi dampak cepat:*",
            f"Jika 70% backlog {which} terisi: IG {_p1(pct(ig + 0.7 * ig_top, total))},"
            f" TT {_p1(pct(tt + 0.7 * tt_top, total))}",
        ]
    )
    notes: list[str] = []
    largest = [
        u for u in sorted(units, key=lambda u: (-(u.total - u.ig), u.client.unit_name))[:6] if u.total - u.ig
    ]
    if largest:
        notes.append(
            "*Backlog terbesar:* " + ", ".join(f"{u.client.unit_name} ({u.total - u.ig})" for u in largest)
        )
    tt_ahead = [u for u in units if u.tt_pct - u.ig_pct >= 10]
    if tt_ahead:
        notes.append("*TT unggul:* " + ", ".join(u.client.unit_name for u in tt_ahead) + " (pertahankan)")
    if best:
        notes.append("*Role model:* " + ", ".join(u.client.unit_name for u in best))
    if notes:
        parts.append(["*Catatan per Satker*", *notes])
    parts.append(
        [
            "_Catatan kaki: IG = persentase personil yang sudah mengisi username Instagram; TT = persentase"
            " yang sudah mengisi username TikTok; backlog = jumlah personil yang belum mengisi._"
        ]
    )
    text = "\n\n".join("\n".join(p) for p in parts)
    return ReportOutput("REP-DATA-EXEC", text=text)


# --- XLS-MATRIX (ING-XLS-10, DIR-4; P2) ------------------------------------------------------


def _dsp_counts(raw: str) -> dict[str, object]:
    try:
        data = json.loads(raw) if raw.strip() else {}
    except ValueError:
        return {}
    return {str(k).strip().upper(): v for k, v in data.items()} if isinstance(data, dict) else {}


async def xls_matrix(ctx: ReportContext) -> ReportOutput:
    only_directorate(ctx, "Rekap matriks update satker")
    units, _ = await unit_data(ctx)
    with_members = [u for u in units if u.total > 0]
    if not with_members:
        return ReportOutput("XLS-MATRIX", text="❌ Tidak ada data satker untuk direkap.", empty=True)
    by_id = {u.client.client_id: u for u in with_members}
    ordered = [
        by_id[f.unit_id]
        for f in order_u_data(
            UnitFigures(u.client.client_id, u.client.unit_name, u.total, own=u.own, complete=u.complete)
            for u in with_members
        )
    ]
    dsp = _dsp_counts(ctx.settings.satker_dsp_counts)
    wb = new_workbook()
    ws = wb.create_sheet("Rekap")
    title = f"Rekap Matriks Update Satker {ctx.client.unit_name}"
    period = f"Periode: {hari_tanggal(ctx.req.ref_date)} {jam_detik(ctx.req.now)} WIB"
    write_title(ws, 1, title, 7)
    write_title(ws, 2, period, 7)
    author = await requester_name(ctx.uow, ctx.req.actor)
    if author:
        write_title(ws, 3, f"Disusun oleh: {author}", 7)
    write_header(ws, 5, ["Satker", "Jumlah DSP", "Jumlah Personil", "Data Update Instagram", None,
                         "Data Update Tiktok", None])  # fmt: skip
    write_header(ws, 6, [None, None, None, "Sudah", "Belum", "Sudah", "Belum"])
    for rng in ("A5:A6", "B5:B6", "C5:C6", "D5:E5", "F5:G5"):
        ws.merge_cells(rng)
    for i, u in enumerate(ordered, 7):
        count = dsp.get(u.client.client_id, dsp.get(u.client.unit_name))
        write_row(ws, i, [u.client.unit_name, count, u.total, u.ig, u.total - u.ig, u.tt, u.total - u.tt])
    last = 6 + len(ordered)
    for col, status in (("D", StatusColour.SUDAH), ("E", StatusColour.BELUM), ("F", StatusColour.SUDAH),
                        ("G", StatusColour.BELUM)):  # fmt: skip
        colour_when(ws, f"{col}7:{col}{last}", status, "greaterThan", 0)
    finish_table(ws, 6, last, 7)
    name = f"{client_file_part(ctx.client.client_id)}_Satker_Update_Rank_{to_wib(ctx.req.now):%Y-%m-%d}.xlsx"
    info = WorkbookInfo(title=title, period=period)
    return ReportOutput("XLS-MATRIX", files=(ReportFile(name, to_bytes(wb, info), XLSX_MIME),))
