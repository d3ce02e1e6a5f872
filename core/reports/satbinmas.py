"""DIR-40 / DIR-41: content recap of the Satbinmas Official accounts of a directorate's `org`
jajaran over a day, a Monday-Sunday week or a calendar month (database only, no RapidAPI)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC

from core.reports.engine import ReportContext, only_directorate
from core.reports.formatting import fmt_int
from core.reports.output import ReportOutput
from core.satbinmas.accounts import Platform, active_accounts, org_units
from core.timefmt import bulan_tahun, hari_tanggal, tgl_panjang
from core.timewindow import Window, WindowKind

TITLES = {
    "instagram": "📸 Rekap konten Instagram Satbinmas Official",
    "tiktok": "🎵 Rekap konten TikTok Satbinmas Official",
}


def period_line(w: Window) -> str:
    """`Periode Pengambilan Data : <period description> (<date label>).`"""
    assert w.start_date is not None
    match w.kind:
        case WindowKind.WEEK:
            what, label = (
                "Mingguan (Senin - Minggu)",
                f"{tgl_panjang(w.start_date)} s.d. {tgl_panjang(w.last_date)}",
            )
        case WindowKind.MONTH:
            what, label = "Bulanan (1 s/d akhir bulan)", bulan_tahun(w.last_date)
        case _:
            what, label = "Harian (hari ini)", hari_tanggal(w.last_date)
    return f"Periode Pengambilan Data : {what} ({label})."


@dataclass(frozen=True)
class AccountFigures:
    unit: str
    username: str
    posts: int
    likes: int
    comments: int


async def rep_satbinmas(ctx: ReportContext, platform: Platform) -> ReportOutput:
    only_directorate(ctx, "Rekap Satbinmas Official")
    kind = "REP-SATBINMAS-IG" if platform == "instagram" else "REP-SATBINMAS-TT"
    w = ctx.window
    units = await org_units(ctx.uow, ctx.client.client_id)
    accounts = await active_accounts(ctx.uow, units, platform)
    assert w.start_utc is not None
    rows = await ctx.uow.execute(
        "SELECT satbinmas_account_id AS a, count(*) AS n, coalesce(sum(like_count), 0) AS likes,"
        " coalesce(sum(comment_count), 0) AS comments FROM satbinmas_official_media"
        " WHERE satbinmas_account_id = ANY(:ids) AND taken_at >= :lo AND taken_at < :hi"
        " GROUP BY satbinmas_account_id",
        {"ids": [a.account_id for a in accounts], "lo": w.start_utc.replace(tzinfo=UTC),
         "hi": w.end_utc.replace(tzinfo=UTC)},
    )  # fmt: skip
    sums = {r.a: r for r in rows}
    figures = [
        AccountFigures(
            a.unit_nama,
            a.username,
            int(sums[a.account_id].n) if a.account_id in sums else 0,
            int(sums[a.account_id].likes) if a.account_id in sums else 0,
            int(sums[a.account_id].comments) if a.account_id in sums else 0,
        )
        for a in accounts
    ]
    active = sorted((f for f in figures if f.posts), key=lambda f: (-f.posts, -f.likes, f.unit.upper()))
    passive = [f for f in figures if not f.posts]
    with_account = {a.client_id for a in accounts}
    missing = [u for u in units if u.client_id not in with_account]
    lines = [
        TITLES[platform],
        period_line(w),
        "",
        f"Total Polres     : {fmt_int(len(units))}",
        f"Total Akun      : {fmt_int(len(accounts))}",
        f"Total Konten   : {fmt_int(sum(f.posts for f in figures))} konten.",
        "",
        "🔥 Akun Aktif (urut jumlah konten tertinggi)",
    ]
    for i, f in enumerate(active, 1):
        lines += [
            f"{i}. {f.unit} (@{f.username}):",
            f"- Jumlah Post Konten : {fmt_int(f.posts)} konten",
            f"- Total Likes : {fmt_int(f.likes)} Likes",
            f"- Total Komentar : {fmt_int(f.comments)} Komentar",
        ]
    if not active:
        lines.append("- Tidak ada akun yang mengunggah konten pada periode ini.")
    lines += ["", "🌙 Akun Pasif"]
    lines += [f"{i}. {f.unit} (@{f.username})" for i, f in enumerate(passive, 1)]
    if not passive:
        lines.append("- Tidak ada akun pasif.")
    lines += ["", "🚫 Belum Input Akun"]
    lines += [f"{i}. {u.nama}" for i, u in enumerate(missing, 1)]
    if not missing:
        lines.append("- Semua polres sudah menginput akun.")
    return ReportOutput(kind, "\n".join(lines))


async def rep_satbinmas_ig(ctx: ReportContext) -> ReportOutput:
    return await rep_satbinmas(ctx, "instagram")


async def rep_satbinmas_tt(ctx: ReportContext) -> ReportOutput:
    return await rep_satbinmas(ctx, "tiktok")
