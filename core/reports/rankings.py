"""Rankings and registration recaps (P2): ING-REP-37 ranking, ING-REP-38 top/bottom, ING-REP-39, DIR-11."""

from __future__ import annotations

from collections import defaultdict

from core.reports import attendance
from core.reports.engine import ReportContext, only_directorate
from core.reports.formatting import collapse_blank_lines, fmt_int, nama_lengkap
from core.reports.model import Attendance, Engagement, Person, Platform, Rule, Scope, ScopeKind
from core.reports.ordering import group_by_division, rank_index, top_and_bottom
from core.reports.output import ReportError, ReportOutput
from core.reports.stated_rule import empty_population_reason
from core.timefmt import hari_tanggal, jam
from core.timewindow import Window, all_time_window, day_window, report_week_window


async def _engagement(ctx: ReportContext, platform: Platform, win: Window) -> Attendance:
    engagement = Engagement.LIKES if platform == Platform.INSTAGRAM else Engagement.COMMENTS
    scope = Scope(ScopeKind.DIRECTORATE, ctx.client)
    return await attendance.compute(ctx.uow, ctx.settings, scope, platform, engagement, Rule.FULL, win)


# --- REP-RANK-PERSONEL / REP-RANK-SATKER (ING-REP-37) ----------------------------------------


async def _totals(ctx: ReportContext) -> tuple[dict[str, Person], dict[str, int], dict[str, int]]:
    win = all_time_window(ctx.req.ref_date)
    ig = await _engagement(ctx, Platform.INSTAGRAM, win)
    tt = await _engagement(ctx, Platform.TIKTOK, win)
    people = {p.user_id: p for p in ig.members}
    return people, _counts(ig), _counts(tt)


def _counts(att: Attendance) -> dict[str, int]:
    """Σcount per person; exception personnel count N (ING-ATT-5: in every report)."""
    return {p.user_id: p.count for p in att.members}


async def rep_rank_personel(ctx: ReportContext) -> ReportOutput:
    only_directorate(ctx, "Ranking like/komentar")
    people, likes, comments = await _totals(ctx)
    totals = {uid: likes.get(uid, 0) + comments.get(uid, 0) for uid in people}
    ranked = sorted((uid for uid, t in totals.items() if t > 0),
                    key=lambda uid: (-totals[uid], (people[uid].nama or "").upper(), uid))  # fmt: skip
    ranked = ranked[: ctx.settings.ranking_max_entries]
    if not ranked:
        return ReportOutput(
            "REP-RANK-PERSONEL", text="Tidak ada data ranking like/komentar personel.", empty=True
        )
    lines = ["📊 *Top Ranking Like & Komentar Personel*", "Periode: semua", ""]
    for i, uid in enumerate(ranked, 1):
        p = people[uid]
        unit = ctx.client.unit_name if p.unit_id == ctx.client.client_id else p.unit_id
        lines += [
            f"{i}. Nama: {p.nama or '-'}",
            f"   Pangkat: {p.title or '-'}",
            f"   NRP: {p.user_id}",
            f"   Kesatuan: {unit}",
            f"   Total Like/Komentar: {fmt_int(totals[uid])}",
            "",
        ]
    return ReportOutput("REP-RANK-PERSONEL", text=collapse_blank_lines(lines))


async def rep_rank_satker(ctx: ReportContext) -> ReportOutput:
    only_directorate(ctx, "Ranking like/komentar")
    units = {
        u.client_id: u
        for u in await attendance.scope_units(ctx.uow, Scope(ScopeKind.DIRECTORATE, ctx.client))
    }
    people, likes, comments = await _totals(ctx)
    per_unit: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for uid, p in people.items():
        if p.unit_id == ctx.client.client_id:
            continue  # the directorate's own staff are not one of its Polres (issue 16 item 5)
        per_unit[p.unit_id][0] += likes.get(uid, 0)
        per_unit[p.unit_id][1] += comments.get(uid, 0)

    def name(uid: str) -> str:
        return units[uid].unit_name if uid in units else uid

    ranked = sorted((u for u, (a, b) in per_unit.items() if a + b > 0),
                    key=lambda u: (-sum(per_unit[u]), name(u)))[: ctx.settings.ranking_max_entries]  # fmt: skip
    if not ranked:
        return ReportOutput(
            "REP-RANK-SATKER", text="Tidak ada data ranking like/komentar polres.", empty=True
        )
    lines = ["📊 *Top Ranking Like & Komentar Polres*", "Periode: semua", ""]
    for i, u in enumerate(ranked, 1):
        a, b = per_unit[u]
        lines += [
            f"{i}. Kesatuan: {name(u)}",
            f"   Total Like/Komentar: {fmt_int(a + b)}",
            f"   Like: {fmt_int(a)} | Komentar: {fmt_int(b)}",
            "",
        ]
    return ReportOutput("REP-RANK-SATKER", text=collapse_blank_lines(lines))


# --- REP-TOPBOTTOM-TT / -IG (ING-REP-38) ------------------------------------------------------


async def _top_bottom(ctx: ReportContext, platform: Platform, kind: str) -> ReportOutput:
    only_directorate(ctx, "Laporan Top and Bottom")
    win = report_week_window(ctx.req.ref_date)
    att = await _engagement(ctx, platform, win)
    ig = platform == Platform.INSTAGRAM
    label = "Instagram" if ig else "TikTok"
    first, last = win.start_date, win.last_date
    assert first is not None
    head = [
        f"📊 *Laporan {label} Top and Bottom*",
        f"Periode: {hari_tanggal(first)} s.d. {hari_tanggal(last)}",
        f"Total tugas {label}: {att.n}",
    ]
    ranked = [p for p in att.members if p.handle(platform)]  # only personnel with a handle
    if not ranked or att.n == 0:
        return ReportOutput(kind, text="\n".join([*head, "", f"Belum ada data pelaksanaan {label} pada periode ini."]),
                            empty=True)  # fmt: skip

    def unit_name(p: Person) -> str:
        client = att.units.get(p.unit_id)
        return client.unit_name if client else p.unit_id

    def key(p: Person) -> tuple:
        return (-p.count, rank_index(p.title), nama_lengkap(p.title, p.nama), unit_name(p), p.user_id)

    ordered = sorted(ranked, key=key)
    unit = "likes" if ig else "tugas"

    def line(i: int, p: Person) -> str:
        return f"{i}. {nama_lengkap(p.title, p.nama)} ({p.division} • {unit_name(p)}) — {p.count} {unit}"

    top, bottom = top_and_bottom(ordered, 5)
    if not bottom:  # fewer than ten people: one ranked list, nobody both highest and lowest
        lines = [
            *head,
            "",
            f"🏅 *Peringkat Pelaksana ({len(top)} personel)*",
            *(line(i, p) for i, p in enumerate(top, 1)),
        ]
        return ReportOutput(kind, text="\n".join(lines))
    lines = [*head, "", "🔥 *5 Pelaksana Tertinggi*", *(line(i, p) for i, p in enumerate(top, 1)), ""]
    lines += ["❄️ *5 Pelaksana Terendah*", *(line(i, p) for i, p in enumerate(bottom, 1))]
    return ReportOutput(kind, text="\n".join(lines))


async def rep_topbottom_tt(ctx: ReportContext) -> ReportOutput:
    return await _top_bottom(ctx, Platform.TIKTOK, "REP-TOPBOTTOM-TT")


async def rep_topbottom_ig(ctx: ReportContext) -> ReportOutput:
    return await _top_bottom(ctx, Platform.INSTAGRAM, "REP-TOPBOTTOM-IG")


# --- REP-WA-REG (ING-REP-39) -------------------------------------------------------------------


async def rep_wa_reg(ctx: ReportContext) -> ReportOutput:
    scope = Scope(ScopeKind.UNIT, ctx.client, role="operator")
    people, _ = await attendance.population(ctx.uow, scope, ctx.settings)
    done = [p for p in people if (p.whatsapp or "").strip()]
    todo = [p for p in people if not (p.whatsapp or "").strip()]
    lines = [
        f"📋 *Absensi Registrasi WhatsApp* untuk *{ctx.client.nama}*",
        "",
        f"Jumlah user: {len(people)}",
        f"Sudah registrasi: {len(done)}",
        f"Belum registrasi: {len(todo)}",
        "",
    ]
    if not people:
        lines.insert(3, empty_population_reason(scope))

    def grouped(members: list[Person]) -> list[str]:
        out: list[str] = []
        for div, ps in group_by_division(members):
            out += [f"*{div}* ({len(ps)} user):", *(f"- {nama_lengkap(p.title, p.nama)}" for p in ps)]
        return out or ["-"]

    if ctx.req.mode == "all":
        lines += ["*Semua:*", *grouped(people), ""]
    if ctx.req.mode in ("all", "sudah"):
        lines += [f"✅ *Sudah ({len(done)} user):*", *grouped(done), ""]
    if ctx.req.mode in ("all", "belum"):
        lines += [f"❌ *Belum ({len(todo)} user):*", *grouped(todo), ""]
    return ReportOutput("REP-WA-REG", text=collapse_blank_lines(lines), empty=not people)


# --- REP-DASH-REG (DIR-11) -----------------------------------------------------------------------


async def rep_dash_reg(ctx: ReportContext) -> ReportOutput:
    """Active dashboard accounts whose role is lower(D), and how many of them logged in on the web
    (login_log source 'web', API-34: actor_id = dashboard_user_id) since 00:00 WIB of the day."""
    only_directorate(ctx, "Absensi user web dashboard")
    role = ctx.client.client_id.lower()
    found = (
        await ctx.uow.execute("SELECT role_id FROM roles WHERE LOWER(role_name) = :r", {"r": role})
    ).first()
    if found is None:
        raise ReportError(
            "no_dashboard_role", f"Role dashboard untuk {ctx.client.client_id} belum dikonfigurasi."
        )
    since, params = day_window(ctx.req.ref_date).sql_range("l.logged_at")
    row = (
        await ctx.uow.execute(
            f"""SELECT COUNT(*) AS users,
                       COUNT(*) FILTER (WHERE EXISTS (
                           SELECT 1 FROM login_log l
                            WHERE l.actor_id = d.dashboard_user_id::text AND l.login_source = 'web'
                              AND {since})) AS web
                  FROM dashboard_user d
                 WHERE d.role_id = :role_id AND d.status IS TRUE""",  # noqa: S608 - `since` is built from a column name
            {"role_id": found.role_id, **params},
        )
    ).one()
    nama = ctx.client.unit_name
    lines = [
        f"📋 Rekap Registrasi User dashboard Cicero {nama} :",
        f"{hari_tanggal(ctx.req.ref_date)}",
        f"Jam: {jam(ctx.req.now)} WIB",
        "",
        f"Role filter: {role.upper()}",
        "",
        "Absensi Registrasi User Direktorat :",
        f"{nama} : {int(row.users)} Direktorat ({int(row.web)} absensi web)",
        "",
        "Catatan: jumlah dihitung berdasarkan role dashboard, bukan berdasarkan client.",
    ]
    return ReportOutput("REP-DASH-REG", text="\n".join(lines))
