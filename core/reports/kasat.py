"""Kasatker and Kasat Binmas monitoring (P2): the Kasat profile of DIR-30.0 and the kinds built on it.

A directorate's "Kasat" options look at the unit heads of its jajaran whose function matches the
directorate (DIR-30.0, ING-REP-35/36): the profile is chosen by the selected client id, the
`jabatan` is normalised and must start with the profile's prefix, so deputies and acting heads
(`WAKASAT …`, `PJS KASAT …`) never match.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from core.reports import attendance
from core.reports.engine import ReportContext, engagement_attendance, only_directorate
from core.reports.formatting import collapse_blank_lines, fmt_int, fmt_pct, nama_lengkap
from core.reports.model import Attendance, ClientInfo, Person, Platform, Scope, ScopeKind, Status
from core.reports.ordering import personnel_key, rank_index
from core.reports.output import ReportError, ReportOutput
from core.timefmt import bulan_tahun, hari_tanggal, salam
from core.timewindow import Period, to_wib


@dataclass(frozen=True)
class KasatProfile:
    label: str  # the label the report texts use (the menu labels keep saying "Kasat Binmas")
    pattern: re.Pattern[str]  # matched against the normalised jabatan, at its start

    def matches(self, jabatan: str | None) -> bool:
        return self.pattern.match(normalise_jabatan(jabatan)) is not None


def _prefix(*words: str) -> re.Pattern[str]:
    # "optional spaces" between the words (KASATBINMAS), then a word boundary (not KASAT BINMASX).
    return re.compile(r"^(?:" + "|".join(r"\s*".join(w.split()) for w in words) + r")\b")


PROFILES: dict[str, KasatProfile] = {
    "DITBINMAS": KasatProfile("Kasat Binmas", _prefix("KASAT BINMAS")),
    "DITINTELKAM": KasatProfile("Kasat Intelkam", _prefix("KASAT INTELKAM", "KASAT INTEL")),
    "DITLANTAS": KasatProfile("Kasat Lantas", _prefix("KASAT LANTAS")),
    "DITSAMAPTA": KasatProfile("Kasat Samapta", _prefix("KASAT SAMAPTA")),
    "BIDHUMAS": KasatProfile("Kasi Humas", _prefix("KASI HUMAS")),
}

_SEPARATORS = re.compile(r"[.,/:;\\-]")
_PLACE_WORDS = re.compile(r"\b(?:POLRES|POLDA|POLRESTA|POLTABES|POLSEK|KOTA|KAB|KABUPATEN|RESORT|WILAYAH)\b")
_SPACES = re.compile(r"\s+")


def normalise_jabatan(jabatan: str | None) -> str:
    """DIR-30.0: separators → spaces, upper-case, the place words removed, spaces collapsed."""
    text = _SEPARATORS.sub(" ", jabatan or "").upper()
    return _SPACES.sub(" ", _PLACE_WORDS.sub(" ", text)).strip()


def profile_for(client_id: str) -> KasatProfile | None:
    return PROFILES.get(client_id.strip().upper())


def require_profile(ctx: ReportContext, what: str) -> KasatProfile:
    """The profile of the selected directorate, or the one-line answer of DIR-30.0."""
    only_directorate(ctx, what)
    profile = profile_for(ctx.client.client_id)
    if profile is None:
        raise ReportError(
            "no_kasat_profile",
            f"Menu ini belum memiliki profil Kasatker untuk {ctx.client.client_id}.",
        )
    return profile


# --- REP-KASATKER (DIR-30, ING-REP-34) ------------------------------------------------------------

# DIR-30: the label of each period choice (the runner maps today/this_week/this_month/all_time).
_KASATKER_LABELS = {Period.DAY: "hari ini", Period.WEEK: "minggu ini", Period.MONTH: "bulan ini",
                    Period.ALL: "semua periode"}  # fmt: skip
_AKTIF, _SEDANG = Decimal(90), Decimal(50)


def kasatker_label(period: Period) -> str:
    return _KASATKER_LABELS[period]


def _compliance(score: float) -> Decimal:
    # Classified on the shown one-decimal value, so "89,95" never prints 90,0 % under SEDANG.
    return Decimal(str(score * 100)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


async def rep_kasatker(ctx: ReportContext) -> ReportOutput:
    """Per jajaran unit, compliance = XLS-RANKING's score × 100, grouped AKTIF / SEDANG / RENDAH."""
    from core.reports.excel import ranking_rows  # openpyxl only when the report runs

    only_directorate(ctx, "Laporan Kasatker")
    _ig, _tt, rows = await ranking_rows(ctx)
    # A unit without personnel in directorate(D) has no share; the directorate itself only counts
    # when it is the only entry (ING-REP-34).
    rows = [r for r in rows if r[1].total > 0]
    units = [r for r in rows if not r[0].own] or rows
    if not units:
        return ReportOutput("REP-KASATKER", text="❌ Tidak ada data satker untuk disusun.", empty=True)
    scored = sorted(((_compliance(score), u.client.unit_name) for u, _a, _b, score in units),
                    key=lambda x: (-x[0], x[1]))  # fmt: skip
    blocks = {
        "AKTIF": [s for s in scored if s[0] >= _AKTIF],
        "SEDANG": [s for s in scored if _SEDANG <= s[0] < _AKTIF],
        "RENDAH": [s for s in scored if s[0] < _SEDANG],
    }
    nama = ctx.client.unit_name
    lines = [
        f"{salam(ctx.req.now)},",
        "",
        "Mohon ijin Komandan,",
        "",
        "Melaporan kepatuhan pelaksanaan Likes dan Komentar Media Sosial.",
        f"Periode {kasatker_label(ctx.req.period)}.",
        "",
        "Bersama ini kami sampaikan rekapitulasi kepatuhan personel setiap Polres dalam melaksanakan"
        f" _Likes_ dan _Komentar_ pada konten akun media sosial resmi {nama}.",
        "",
        "*KRITERIA KEPATUHAN* - Persentase personel yang melaksanakan tugas _Likes_ dan _Komentar_",
        "",
        "• *AKTIF* : Personil yang sudah melaksanakan ≥ 90%",
        "• *SEDANG* : Personil yang sudah melaksanakan 50% - 89.9%",
        "• *RENDAH* : Personil yang sudah melaksanakan < 50%",
        "",
        "*REKAP KEPATUHAN PER KATEGORI*",
    ]
    for category, entries in blocks.items():
        lines += ["", f"*KEPATUHAN {category}* ({len(entries)} Satker)"]
        for i, (value, unit) in enumerate(entries, 1):
            none = " (Belum ada pelaksanaan)" if value == 0 else ""
            lines.append(f"{i}. {unit} : {fmt_pct(float(value), 1)}%{none}")
        if not entries:
            lines.append("-")
    lines += ["", "*ARAHAN TINDAK LANJUT*"]
    if blocks["AKTIF"]:
        lines.append(
            "Terima kasih dan apresiasi kepada para Kasat Satker dengan kepatuhan *AKTIF* atas"
            " konsistensi personelnya dalam melaksanakan _Likes_ dan _Komentar_. Mohon dipertahankan."
        )
    if blocks["RENDAH"]:
        lines += [
            "" if blocks["AKTIF"] else None,
            "Kepada para Kasat Satker dengan kepatuhan *RENDAH*, mohon:",
            f"1. Melibatkan operator media sosial Satker melalui grup koordinasi {nama} untuk memantau"
            " pelaksanaan tugas setiap hari.",
            "2. Membagikan daftar tugas harian (tautan konten) kepada seluruh personel.",
            "3. Menghimbau seluruh personel agar melaksanakan _Likes_ dan _Komentar_ pada setiap konten.",
        ]
    if not blocks["AKTIF"] and not blocks["RENDAH"]:
        lines.append(
            "Mohon seluruh Satker meningkatkan pelaksanaan _Likes_ dan _Komentar_ hingga kategori *AKTIF*."
        )
    lines += ["", "Demikian kami laporkan. Terima kasih."]
    return ReportOutput("REP-KASATKER", text=collapse_blank_lines([x for x in lines if x is not None]))


# --- REP-KASATKER-ATT (DIR-33, ING-REP-35) --------------------------------------------------------


def _unit_order(units: dict[str, ClientInfo]) -> Callable[[Person], tuple]:
    return lambda p: (units[p.unit_id].unit_name if p.unit_id in units else p.unit_id, rank_index(p.title),
                      (p.nama or "").strip().upper(), p.user_id)  # fmt: skip


async def rep_kasatker_att(ctx: ReportContext) -> ReportOutput:
    """The jajaran's unit heads of D's Kasat profile, their registered handles, and the units without one."""
    profile = require_profile(ctx, "Absensi Kasatker")
    d = ctx.client.client_id
    people, units = await attendance.population(
        ctx.uow, Scope(ScopeKind.DIRECTORATE, ctx.client), ctx.settings
    )
    heads = sorted((p for p in people if profile.matches(p.jabatan)), key=_unit_order(units))
    jajaran = [u for uid, u in units.items() if uid != d]
    covered = {p.unit_id for p in heads}
    missing = [u for u in jajaran if u.client_id not in covered]
    section = [f"🚧 Polres tanpa {profile.label} terdeteksi:"]
    if not jajaran:
        section.append("- Data client ORG tidak tersedia untuk pembanding.")
    elif missing:
        section += [f"- {u.client_id} ({u.nama})" for u in missing]
    else:
        section.append(f"✅ Semua Polres jajaran sudah memiliki {profile.label}.")
    if not heads:
        line = (f"ℹ️ Dari {fmt_int(len(people))} user aktif {d} ({d.lower()}), tidak ditemukan"
                f" {profile.label}.")  # fmt: skip
        return ReportOutput("REP-KASATKER-ATT", text="\n".join([line, "", *section]), empty=True)
    n = len(heads)
    lines = [
        f"📋 *Absensi Kasatker ({profile.label})*",
        f"Client: {d}",
        f"Total {profile.label}: {fmt_int(n)}",
        f"IG terdaftar: {fmt_int(sum(p.insta is not None for p in heads))}/{fmt_int(n)}",
        f"TikTok terdaftar: {fmt_int(sum(p.tiktok is not None for p in heads))}/{fmt_int(n)}",
        "",
    ]
    for i, p in enumerate(heads, 1):
        unit = units[p.unit_id].unit_name if p.unit_id in units else p.unit_id
        ig = "✅" if p.insta else "❌"
        tt = "✅" if p.tiktok else "❌"
        lines.append(f"{i}. {nama_lengkap(p.title, p.nama)} ({unit}) — IG {ig} | TT {tt}")
    return ReportOutput("REP-KASATKER-ATT", text="\n".join([*lines, "", *section]))


# --- REP-KASATBINMAS-IG / -TT (DIR-34, 35, ING-REP-36) --------------------------------------------


def kasat_period_label(ctx: ReportContext) -> str:
    """DIR-34: `<Hari>, <dd MMMM yyyy>`, `<Monday> s.d. <Sunday>`, `Bulan <MMMM yyyy>`."""
    w = ctx.window
    if ctx.req.period == Period.WEEK and w.start_date is not None:
        return f"{hari_tanggal(w.start_date)} s.d. {hari_tanggal(w.last_date)}"
    if ctx.req.period == Period.MONTH:
        return f"Bulan {bulan_tahun(ctx.req.ref_date)}"
    return hari_tanggal(ctx.req.ref_date)


@dataclass(frozen=True)
class KasatRecap:
    """D's profile heads with their count over the period's posts (FULL), counts desc then ING-ATT-9."""

    profile: KasatProfile
    att: Attendance
    heads: list[Person]
    units: dict[str, ClientInfo]

    def unit(self, p: Person) -> str:
        return self.units[p.unit_id].unit_name if p.unit_id in self.units else p.unit_id


async def kasat_recap(ctx: ReportContext, platform: Platform, kind: str) -> KasatRecap:
    profile = require_profile(ctx, "Absensi Kasat")
    att = await engagement_attendance(ctx, platform, kind)
    key = personnel_key([n for n in ctx.settings.report_priority_names.split(",") if n.strip()])
    heads = sorted((p for p in att.members if profile.matches(p.jabatan)), key=lambda p: (-p.count, key(p)))
    return KasatRecap(profile, att, heads, att.units)


def _no_content(ctx: ReportContext, title: str, period: str, what: str) -> str:
    """ING-REP-36 `N = 0`: title, period and one line that there was nothing to attend."""
    line = (f"ℹ️ Tidak ada konten {what} pada akun official {ctx.client.unit_name} yang perlu"
            " dilaksanakan pada periode ini.")  # fmt: skip
    return "\n".join([title, "", f"🗓️ Periode: {period}", line])


async def _rep_kasatbinmas(ctx: ReportContext, platform: Platform, kind: str) -> ReportOutput:
    recap = await kasat_recap(ctx, platform, kind)
    ig = platform == Platform.INSTAGRAM
    label = recap.profile.label
    title = f"📋 *Absensi Likes {label}*" if ig else f"📋 *Absensi Komentar TikTok {label}*"
    period = kasat_period_label(ctx)
    n = recap.att.n
    if n == 0:
        return ReportOutput(
            kind, text=_no_content(ctx, title, period, "Instagram" if ig else "TikTok"), empty=True
        )
    plat = "IG" if ig else "TikTok"
    by = {s: [p for p in recap.heads if p.status == s] for s in Status}
    lines = [
        title,
        "",
        f"🗓️ Periode: {period}",
        f"📈 Total konten periode ini: {fmt_int(n)}",
        f"👥 Total {label}: {fmt_int(len(recap.heads))} pers",
        "",
        "📊 Distribusi Status:",
        f"  ✅ Lengkap: {len(by[Status.LENGKAP])} pers",
        f"  ⚠️ Sebagian: {len(by[Status.KURANG])} pers",
        f"  ❌ Belum: {len(by[Status.BELUM])} pers",
        f"  ⚠️❌ Belum update username {plat}: {len(by[Status.NO_USERNAME])} pers",
    ]
    sections = (
        (Status.LENGKAP, "✅ *Melaksanakan Lengkap"),
        (Status.KURANG, "⚠️ *Melaksanakan Sebagian"),
        (Status.BELUM, "❌ *Belum Melaksanakan"),
        (Status.NO_USERNAME, f"⚠️❌ *Belum Update Username {'Instagram' if ig else 'TikTok'}"),
    )
    for status, head in sections:
        people = by[status]
        lines += ["", f"{head} ({len(people)} pers)*"]
        for i, p in enumerate(people, 1):
            what = (
                f"Username {plat} belum tersedia" if status == Status.NO_USERNAME else f"{p.count}/{n} konten"
            )
            lines.append(f"  {i}. {nama_lengkap(p.title, p.nama)} ({recap.unit(p)}) — {what}")
        if not people:
            lines.append("  - Tidak ada data")
    return ReportOutput(kind, text="\n".join(lines))


async def rep_kasatbinmas_ig(ctx: ReportContext) -> ReportOutput:
    return await _rep_kasatbinmas(ctx, Platform.INSTAGRAM, "REP-KASATBINMAS-IG")


async def rep_kasatbinmas_tt(ctx: ReportContext) -> ReportOutput:
    return await _rep_kasatbinmas(ctx, Platform.TIKTOK, "REP-KASATBINMAS-TT")


# --- XLS-KASATBINMAS-IG / -TT (DIR-44, 45, ING-XLS-9) ---------------------------------------------

_XLS_MAX_ROWS = 500
_PERIOD_KEYS = {Period.DAY: "daily", Period.WEEK: "weekly", Period.MONTH: "monthly", Period.ALL: "all"}


async def _xls_kasatbinmas(ctx: ReportContext, platform: Platform, kind: str, rule_kind: str) -> ReportOutput:
    from core.reports.output import XLSX_MIME, ReportFile
    from core.reports.xlsx import (
        WorkbookInfo,
        finish_table,
        new_workbook,
        to_bytes,
        write_header,
        write_row,
        write_title,
    )

    recap = await kasat_recap(ctx, platform, rule_kind)
    ig = platform == Platform.INSTAGRAM
    label = recap.profile.label
    period = kasat_period_label(ctx)
    if recap.att.n == 0:  # DIR-44 "as 34": the same one-line answer, no workbook
        title = f"📋 *Absensi Likes {label}*" if ig else f"📋 *Absensi Komentar TikTok {label}*"
        return ReportOutput(
            kind, text=_no_content(ctx, title, period, "Instagram" if ig else "TikTok"), empty=True
        )
    what = "Likes Instagram" if ig else "Komentar TikTok"
    wb = new_workbook()
    ws = wb.create_sheet("Rekap")
    write_title(ws, 1, f"Rekap {what} {label} (Excel)", 3)
    write_title(ws, 2, f"Periode: {period}", 3)
    write_header(ws, 4, ["Polres", "Pangkat dan Nama", "Total Likes" if ig else "Total Komentar"])
    rows = recap.heads[:_XLS_MAX_ROWS]
    for i, p in enumerate(rows, 5):
        write_row(ws, i, [recap.unit(p), nama_lengkap(p.title, p.nama), p.count])
    finish_table(ws, 4, 4 + len(rows), 3)
    now = to_wib(ctx.req.now)
    prefix = "Rekap_Likes" if ig else "Rekap_Komentar_TikTok"
    name = f"{prefix}_{label.replace(' ', '_')}_{_PERIOD_KEYS[ctx.req.period]}_{now:%Y%m%d-%H%M}.xlsx"
    info = WorkbookInfo(title=f"Rekap {what} {label} – {ctx.client.unit_name}", period=period)
    return ReportOutput(kind, files=(ReportFile(name, to_bytes(wb, info), XLSX_MIME),))


async def xls_kasatbinmas_ig(ctx: ReportContext) -> ReportOutput:
    return await _xls_kasatbinmas(ctx, Platform.INSTAGRAM, "XLS-KASATBINMAS-IG", "REP-KASATBINMAS-IG")


async def xls_kasatbinmas_tt(ctx: ReportContext) -> ReportOutput:
    return await _xls_kasatbinmas(ctx, Platform.TIKTOK, "XLS-KASATBINMAS-TT", "REP-KASATBINMAS-TT")
