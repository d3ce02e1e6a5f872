"""Amplification link reports (ING-REP-19..23): who reported links for which task posts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import timedelta

from core.reports import attendance
from core.reports.engine import ReportContext
from core.reports.formatting import collapse_blank_lines, nama_lengkap
from core.reports.links import ig_link
from core.reports.model import ClientInfo, Person, Platform, Post, Rule, Scope, ScopeKind, Status, classify
from core.reports.ordering import UnitFigures, group_by_division, order_u_sudah, personnel_key
from core.reports.output import ReportOutput
from core.timefmt import hari, jam_detik, salam, tgl_pendek
from core.timewindow import Window, day_window

_LINK_COLUMNS = ("facebook_link", "instagram_link", "twitter_link", "tiktok_link", "youtube_link")
_PLATFORM_LABELS = ("Facebook", "Instagram", "Twitter", "TikTok", "Youtube")
_NONEMPTY = " + ".join(f"(CASE WHEN coalesce(btrim({c}), '') <> '' THEN 1 ELSE 0 END)" for c in _LINK_COLUMNS)


@dataclass(frozen=True)
class LinkRow:
    shortcode: str
    user_id: str
    created_at: object
    links: tuple[str | None, ...]  # in _LINK_COLUMNS order

    @property
    def count(self) -> int:
        return sum(1 for v in self.links if v and v.strip())


@dataclass
class LinkData:
    client: ClientInfo
    posts: list[Post]
    people: list[Person]  # `count` = tasks done, `links` = link count, status per FULL
    rows: list[LinkRow]
    units: dict[str, ClientInfo]

    @property
    def n(self) -> int:
        return len(self.posts)


async def _link_rows(ctx: ReportContext, post_ids: list[str], khusus: bool) -> list[LinkRow]:
    cols = ", ".join(_LINK_COLUMNS)
    tables = ["link_report_khusus"] if khusus else ["link_report", "link_report_khusus"]
    # ING-REP-19: for a post that is also a khusus task, a link_report_khusus row counts too.
    sql = " UNION ALL ".join(
        f"SELECT shortcode, user_id, created_at, {cols} FROM {t} WHERE shortcode = ANY(:ids)"  # noqa: S608
        for t in tables
    )
    rows = await ctx.uow.execute(sql + " ORDER BY created_at, shortcode, user_id", {"ids": post_ids})
    return [LinkRow(r.shortcode, r.user_id, r.created_at, tuple(r[3:])) for r in rows]


def population_scope(ctx: ReportContext, khusus: bool) -> Scope:
    c = ctx.client
    role = ctx.req.role
    if khusus:
        if (role or "").lower() == "operator" or c.client_type == "org":
            return Scope(ScopeKind.UNIT, c, role="operator")
        return Scope(ScopeKind.UNIT, c)
    if c.is_directorate:
        return Scope(ScopeKind.DIRECTORATE, c)
    if c.client_type == "org":
        return Scope(ScopeKind.UNIT, c, role="operator")
    return Scope(ScopeKind.UNIT, c, role=role)


async def link_data(ctx: ReportContext, win: Window, *, khusus: bool, scope: Scope | None = None) -> LinkData:
    posts = await attendance.task_posts(ctx.uow, ctx.client, Platform.INSTAGRAM, win, khusus=khusus)
    scope = scope or population_scope(ctx, khusus)
    people, units = await attendance.population(ctx.uow, scope, ctx.settings)
    rows = await _link_rows(ctx, [p.id for p in posts], khusus) if posts else []
    done: dict[str, set[str]] = defaultdict(set)
    links: dict[str, int] = defaultdict(int)
    for r in rows:
        done[r.user_id].add(r.shortcode)
        links[r.user_id] += r.count
    n = len(posts)
    out = []
    for p in people:
        d = n if p.exception else len(done[p.user_id])
        out.append(
            replace(
                p,
                count=d,
                links=links[p.user_id],
                engaged_posts=frozenset(done[p.user_id]),
                status=classify(d, True, p.exception, Rule.FULL, n),
            )
        )
    return LinkData(ctx.client, posts, out, rows, units)


def _header(ctx: ReportContext, data: LinkData, count_label: str) -> list[str]:
    d = ctx.req.ref_date
    lines = [
        f"{salam(ctx.req.now)},",
        "",
        f"Mohon ijin melaporkan Pelaksanaan Tugas Amplifikasi *{data.client.nama}* pada hari:",
        "",
        f"Hari: {hari(d)}",
        f"Tanggal: {tgl_pendek(d)}",
        f"Pukul: {jam_detik(ctx.req.now)}",
        "",
        f"{count_label}: {data.n}",
        "",
    ]
    for p in data.posts:
        lines += [ig_link(p.id), ""]
    return lines


def _entry(p: Person, n: int) -> str:
    return (
        f"{p.division} – {nama_lengkap(p.title, p.nama)}"
        f" (Sudah: {p.count} Tugas / Belum: {n - p.count} Tugas / Total Link: {p.links} Link)"
    )


def _entries(people: list[Person], n: int) -> list[str]:
    out: list[str] = []
    for p in people:
        out += [_entry(p, n), ""]
    return out or ["-", ""]


def _att_text(ctx: ReportContext, data: LinkData, count_label: str) -> str:
    lines = _header(ctx, data, count_label)
    total_links = sum(p.links for p in data.people)
    if data.client.is_directorate and count_label.startswith("Jumlah Konten Resmi"):
        groups: dict[str, list[Person]] = defaultdict(list)
        for p in data.people:
            groups[p.unit_id].append(p)
        groups.setdefault(data.client.client_id, [])
        figures = [
            UnitFigures(
                uid,
                (data.units.get(uid) or data.client).unit_name if uid in data.units else uid,
                len(ps),
                sum(1 for p in ps if p.status == Status.LENGKAP),
                own=uid == data.client.client_id,
            )
            for uid, ps in groups.items()
        ]
        for f in order_u_sudah(figures):
            lines += [
                f"*Polres*: *{f.name}*",
                f"*Jumlah personil:* {f.total}",
                f"✅ *Sudah melaksanakan* : *{f.lengkap} user*",
                f"❌ *Belum melaksanakan* : *{f.total - f.lengkap} user*",
                "",
            ]
        lines += [f"Jumlah Total Link dari 5 Platform Sosial Media: {total_links}", "", "Terima kasih."]
        return collapse_blank_lines(lines)
    key = personnel_key(_prio(ctx))
    sudah = sorted((p for p in data.people if p.status == Status.LENGKAP), key=lambda p: (-p.links, key(p)))
    kurang = [p for p in data.people if p.status == Status.KURANG]
    belum = [p for p in data.people if p.status == Status.BELUM]
    lines += [
        f"Jumlah Personil yang melaksanakan: {len(sudah) + len(kurang)}",
        f"Jumlah Total Link dari 5 Platform Sosial Media: {total_links}",
        "",
        f"✅ Sudah Melaksanakan ({len(sudah)} user)",
        "Urut berdasarkan total link terbanyak",
        *_entries(sudah, data.n),
        f"⚠️ Belum Lengkap ({len(kurang)} user)",
        *_entries(kurang, data.n),
        f"❌ Belum Melaksanakan ({len(belum)} user)",
        *_entries(belum, data.n),
        "Terima kasih.",
    ]
    return collapse_blank_lines(lines)


def _prio(ctx: ReportContext) -> list[str]:
    return [n for n in ctx.settings.report_priority_names.split(",") if n.strip()]


def _post_text(ctx: ReportContext, data: LinkData) -> str:
    lines: list[str] = []
    links_by_post: dict[str, int] = defaultdict(int)
    for r in data.rows:
        links_by_post[r.shortcode] += r.count

    def grouped(people: list[Person]) -> list[str]:
        out: list[str] = []
        for div, members in group_by_division(people):
            out += [
                f"*{div}* ({len(members)} user):",
                *(f"- {nama_lengkap(p.title, p.nama)}" for p in members),
            ]
        return out

    for post in data.posts:
        done = [p for p in data.people if p.did(post.id)]
        todo = [p for p in data.people if not p.did(post.id)]
        lines += [
            f"Link Post: {ig_link(post.id)}",
            f"Jumlah Personil yang melaksanakan : {len(done)}",
            f"Jumlah Total Link dari 5 Platform Sosial Media : {links_by_post[post.id]}",
        ]
        if ctx.req.mode in ("all", "sudah"):
            lines += [f"✅ *Sudah melaksanakan* ({len(done)} user):", *grouped(done)]
        if ctx.req.mode in ("all", "belum"):
            lines += [f"❌ *Belum melaksanakan* ({len(todo)} user):", *grouped(todo)]
        lines.append("")
    lines.append("Terimakasih.")
    return collapse_blank_lines(lines)


def _no_tasks(ctx: ReportContext, kind: str) -> ReportOutput:
    return ReportOutput(kind, text=f"Tidak ada konten IG untuk *{ctx.client.nama}* hari ini.", empty=True)


async def rep_amp_att(ctx: ReportContext) -> ReportOutput:
    data = await link_data(ctx, ctx.window, khusus=False)
    if not data.posts:
        return _no_tasks(ctx, "REP-AMP-ATT")
    return ReportOutput("REP-AMP-ATT", text=_att_text(ctx, data, "Jumlah Konten Resmi Hari ini"))


async def rep_amp_post(ctx: ReportContext) -> ReportOutput:
    data = await link_data(ctx, ctx.window, khusus=False)
    if not data.posts:
        return _no_tasks(ctx, "REP-AMP-POST")
    return ReportOutput("REP-AMP-POST", text=_post_text(ctx, data))


async def rep_amp_khusus(ctx: ReportContext) -> ReportOutput:
    data = await link_data(ctx, ctx.window, khusus=True)
    if not data.posts:
        return _no_tasks(ctx, "REP-AMP-KHUSUS")
    return ReportOutput("REP-AMP-KHUSUS", text=_att_text(ctx, data, "Jumlah Konten Tugas Khusus"))


async def rep_amp_khusus_post(ctx: ReportContext) -> ReportOutput:
    data = await link_data(ctx, ctx.window, khusus=True)
    if not data.posts:
        return _no_tasks(ctx, "REP-AMP-KHUSUS-POST")
    return ReportOutput("REP-AMP-KHUSUS-POST", text=_post_text(ctx, data))


async def rep_amp_links(ctx: ReportContext) -> ReportOutput:
    """ING-REP-23: the links reported by the active operators of C, by platform."""
    variant = ctx.req.variant
    khusus = variant == "khusus"
    day = ctx.req.ref_date - timedelta(days=1) if variant == "yesterday" else ctx.req.ref_date
    scope = Scope(ScopeKind.UNIT, ctx.client, role="operator")
    data = await link_data(ctx, day_window(day), khusus=khusus, scope=scope)
    cid = ctx.client.client_id
    if not data.people:
        return ReportOutput(
            "REP-AMP-LINKS", text=f"Tidak ada user operator aktif untuk client *{cid}*.", empty=True
        )
    operators = {p.user_id for p in data.people}
    rows = [r for r in data.rows if r.user_id in operators]
    if not rows:
        when = "kemarin" if variant == "yesterday" else "hari ini"
        return ReportOutput(
            "REP-AMP-LINKS", text=f"Tidak ada laporan link {when} untuk client *{cid}*.", empty=True
        )

    def block(post_rows: list[LinkRow], head: list[str]) -> list[str]:
        out = [
            salam(ctx.req.now),
            "",
            f"Mohon ijin melaporkan Pelaksanaan Tugas Amplifikasi{' Khusus' if khusus else ''} *{ctx.client.nama}*",
            "",
            f"Hari : {hari(day)}",
            f"Tanggal : {tgl_pendek(day)}",
            f"Pukul : {jam_detik(ctx.req.now)}",
            "",
            *head,
            "",
            f"Jumlah Personil yang melaksanakan : {len({r.user_id for r in post_rows})}",
            f"Jumlah Total Link dari 5 Platform Sosial Media : {sum(r.count for r in post_rows)}",
            "",
            "Link Sebagai Berikut :",
        ]
        for i, label in enumerate(_PLATFORM_LABELS):
            found = [r.links[i].strip() for r in post_rows if r.links[i] and r.links[i].strip()]
            out += [f"{label} ({len(found)}):", *(found or ["-"]), ""]
        return out

    if variant == "post":
        lines: list[str] = []
        for post in data.posts:
            post_rows = [r for r in rows if r.shortcode == post.id]
            lines += [*block(post_rows, [f"Link Post: {ig_link(post.id)}"]), ""]
        return ReportOutput("REP-AMP-LINKS", text=collapse_blank_lines(lines))
    if khusus:
        label = "Jumlah Konten Tugas Khusus"
    elif variant == "yesterday":
        label = "Jumlah Konten Resmi Kemarin"
    else:
        label = "Jumlah Konten Resmi Hari ini"
    head = [f"{label} : {data.n}", *([ig_link(p.id) for p in data.posts] or ["-"])]
    return ReportOutput("REP-AMP-LINKS", text=collapse_blank_lines(block(rows, head)))
