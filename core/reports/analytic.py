"""REP-TT-ANALYTIC (ING-REP-17): the analytic recap of TikTok comments of one unit.

Counted like every attendance recap (`attendance.compute`, scope unit(C), HALF: target
`t = ⌈N/2⌉`), so its "mencapai target" equals the lengkap of the same rule; "eligible" are the
users with a handle or an exception. Only the unique-participant count reads the comment sets
directly: it counts every commenter of the posts, personnel or not.
"""

from __future__ import annotations

from core.reports import attendance
from core.reports.engine import ReportContext
from core.reports.formatting import collapse_blank_lines, fmt_pct, nama_lengkap, pct, truncate
from core.reports.model import Attendance, Engagement, Person, Platform, ScopeKind, Status, threshold
from core.reports.output import ReportOutput
from core.reports.text.common import Render, division_groups, user_line
from core.reports.thresholds import rule_for
from core.timefmt import hari_tanggal, jam

KIND = "REP-TT-ANALYTIC"
TITLE = "📊 *Rekap Analitik Komentar TikTok*"


async def _unique_participants(ctx: ReportContext, att: Attendance) -> int:
    rows_table, key = attendance.engagement_rows(Platform.TIKTOK, Engagement.COMMENTS)
    sql = f"SELECT count(DISTINCT handle) FROM {rows_table} WHERE {key} = ANY(:ids)"  # noqa: S608 - fixed names
    return int((await ctx.uow.execute(sql, {"ids": [p.id for p in att.posts]})).scalar() or 0)


def _post_line(r: Render, label: str, post) -> str:  # noqa: ANN001 - core.reports.model.Post
    name = truncate(post.caption, 57) if (post.caption or "").strip() else post.id
    return f"• {label} : {name} – {post.engaged} akun ({r.link(post.id)})"


def _grouped(people: list[Person], r: Render) -> list[str]:
    out: list[str] = []
    for div, members in division_groups(people):
        out += [f"*{div}* ({len(members)} user):", *(user_line(p, r) for p in members)]
    return out or ["-"]


def layout(r: Render, unique: int) -> str:
    att, n = r.att, r.n
    t = threshold(att.rule, n)
    people = att.people
    eligible = [p for p in people if p.status != Status.NO_USERNAME]
    reached = [p for p in people if p.status == Status.LENGKAP]
    rest = [p for p in people if p.status != Status.LENGKAP]
    interactions = sum(p.count for p in eligible)
    posts = sorted(att.posts, key=lambda p: (-p.engaged, p.id))
    # Contributors: people with a handle who commented at all (a 0/N line is no contribution).
    top = sorted((p for p in people if p.handle(Platform.TIKTOK) and p.count), key=lambda p: -p.count)[:3]
    with_handle = sum(1 for p in people if p.handle(Platform.TIKTOK))
    lines = [
        TITLE,
        f"*{r.client_nama}* | {hari_tanggal(r.ref_date)} | Jam {jam(r.now)} WIB",
        "",
        "*Ringkasan Capaian*",
        f"• Konten dipantau : {n}",
        f"• Target minimal per personel : {t} konten",
        f"• Personel mencapai target : {len(reached)}/{len(eligible)}"
        f" ({fmt_pct(pct(len(reached), len(eligible)), 1)}%)",
        f"• Interaksi aktual : {interactions}/{len(eligible) * t}"
        f" ({fmt_pct(pct(interactions, len(eligible) * t), 1)}%)",
        f"• Partisipan unik : {unique} akun",
        "",
        "*Sorotan Konten*",
        _post_line(r, "Performa tertinggi", posts[0]),
        _post_line(r, "Performa terendah", posts[-1]),
        "",
        "*Kontributor Utama*",
        *(
            [f"{i}. {nama_lengkap(p.title, p.nama)} – {p.count}/{n} konten" for i, p in enumerate(top, 1)]
            or ["-"]
        ),
        "",
        "*Catatan personel:*",
        f"Tercatat {len(people)} personel: {with_handle} sudah memiliki username TikTok dan"
        f" {len(people) - with_handle} belum; {len(rest)} personel belum mencapai target.",
        "",
        "*Daftar Link Konten:*",
        *(f"- {r.link(p.id)}" for p in att.posts),
        "",
    ]
    if r.shows_sudah:
        lines += [
            f"📎 ✅ *Lampiran – Personel mencapai target* ({len(reached)} user)",
            *_grouped(reached, r),
            "",
        ]
    if r.shows_belum:
        lines += [
            f"📎 ❌ *Lampiran – Personel belum mencapai target* ({len(rest)} user)",
            *_grouped(rest, r),
            "",
        ]
    lines.append("Terimakasih.")
    return collapse_blank_lines(lines)


async def rep_tt_analytic(ctx: ReportContext) -> ReportOutput:
    """ING-REP-17 for client C (a directorate: its own personnel, unit(C))."""
    scope = ctx.scope(ScopeKind.UNIT)
    att = await attendance.compute(
        ctx.uow, ctx.settings, scope, Platform.TIKTOK, Engagement.COMMENTS, rule_for(KIND, ctx.settings),
        ctx.window,
    )  # fmt: skip
    r = ctx.render(att)
    if att.n == 0:
        return ReportOutput(
            KIND, text=f"Tidak ada konten TikTok untuk *{r.client_nama}* hari ini.", empty=True
        )
    return ReportOutput(KIND, text=layout(r, await _unique_participants(ctx, att)))
