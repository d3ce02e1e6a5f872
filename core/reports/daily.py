"""Daily reports, combined recap, post recaps and task messages (ING-REP-9, -30..33, ING-TASK-2)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.reports import attendance
from core.reports.engine import ReportContext, engagement_attendance
from core.reports.excel import recap_workbook, units_by_score
from core.reports.formatting import collapse_blank_lines, fmt_int, fmt_pct, nama_lengkap, pct, truncate
from core.reports.links import ig_link, ig_link_slash, post_link, tt_link
from core.reports.model import Attendance, ClientInfo, Person, Platform, Post, Status, UnitAttendance
from core.reports.ordering import top_and_bottom
from core.reports.output import TEXT_MIME, ReportFile, ReportOutput
from core.timefmt import hari, hari_tanggal, jam, jam_detik, jam_upload, stamp, tgl_med, tgl_pendek
from core.timewindow import day_window

L, K, B, U = Status.LENGKAP, Status.KURANG, Status.BELUM, Status.NO_USERNAME


@dataclass(frozen=True)
class _Words:
    """What differs between the Instagram and TikTok laphar texts (ING-REP-30/31)."""

    platform: Platform
    title: str
    done: str  # Sudah Likes / Komentar lengkap
    kurang: str
    belum: str
    legend: str
    unit_noun: str  # likes / komentar
    file_part: str


IG_WORDS = _Words(
    Platform.INSTAGRAM,
    "📋 Rekap Akumulasi Likes Instagram",
    "Sudah Likes",
    "Kurang likes",
    "Belum Likes",
    "_Kesatuan : Jumlah user / Sudah likes / Likes kurang / Belum likes / Belum input IG / Belum input TikTok_",
    "likes",
    "Instagram",
)
TT_WORDS = _Words(
    Platform.TIKTOK,
    "📋 Rekap Akumulasi Komentar TikTok",
    "Komentar lengkap",
    "Komentar Kurang",
    "Belum Komentar",
    "_Kesatuan : Jumlah user / Komentar lengkap / Komentar kurang / Belum komentar / Belum input TikTok / Belum input IG_",
    "komentar",
    "Tiktok",
)


def _other_missing(u: UnitAttendance, platform: Platform) -> int:
    """The sixth legend number: users without a handle on the other platform."""
    if platform == Platform.INSTAGRAM:
        return sum(p.tiktok is None for p in u.people)
    return sum(p.insta is None for p in u.people)


def _ig_tt(p: Person) -> str:
    ig = f"@{p.insta}" if p.insta else "Kosong"
    tt = f"@{p.tiktok}" if p.tiktok else "Kosong"
    return f"IG {ig}, Tiktok {tt}"


def _belum_lines(w: _Words, people: list[Person]) -> list[str]:
    return [f"- {nama_lengkap(p.title, p.nama)}, @{p.handle(w.platform)}" for p in people]


def _no_handle_lines(people: list[Person]) -> list[str]:
    return [f"- {nama_lengkap(p.title, p.nama)}, {_ig_tt(p)}" for p in people]


def _of(people: list[Person], *statuses: Status) -> list[Person]:
    return [p for p in people if p.status in statuses]


def laphar_all_file(ctx: ReportContext, att: Attendance, w: _Words) -> ReportFile:
    t = att.tally
    plat = "Instagram" if w.platform == Platform.INSTAGRAM else "TikTok"
    act = "Likes" if w.platform == Platform.INSTAGRAM else "Komentar"
    lines = [
        "Mohon ijin Komandan,",
        "",
        w.title,
        f"Polres: {ctx.client.unit_name}",
        f"{hari(ctx.req.ref_date)}, {tgl_pendek(ctx.req.ref_date)}",
        f"Jam: {jam_detik(ctx.req.now)}",
        "",
        f"Jumlah Konten: {att.n}",
        "Daftar Link Konten:",
        *(f"- {post_link(w.platform, p.id, ctx.client)}" for p in att.posts),
        "",
        f"Jumlah Total Personil : {t.total} pers",
        f"Total Sudah Melaksanakan {act} : {t.sudah} pers",
        f"- Melaksanakan {act} Lengkap : {t.lengkap} pers",
        f"- Melaksanakan {act} Kurang lengkap : {t.kurang} pers",
        f"Belum Melaksanakan : {t.belum + t.no_username} pers",
        f"Belum Update Username {plat} : {t.no_username} pers",
        w.legend,
    ]
    for unit in units_by_score(att):
        u = unit.tally
        people = unit.people
        lines += [
            f"*{unit.client.unit_name}* : {u.total} / {u.lengkap} / {u.kurang} / {u.belum + u.no_username}"
            f" / {u.no_username} / {_other_missing(unit, w.platform)}",
            f"{w.done} : {u.lengkap}",
            *(f"- {nama_lengkap(p.title, p.nama)}, {p.count}" for p in _of(people, L)),
            "",
            f"{w.kurang} : {u.kurang}",
            *(f"- {nama_lengkap(p.title, p.nama)}, {p.count}" for p in _of(people, K)),
            "",
            f"{w.belum} : {u.belum}",
            *_belum_lines(w, _of(people, B)),
            "",
            f"Belum Input Sosial media : {u.no_username}",
            *_no_handle_lines(_of(people, U)),
            "",
        ]
    if w.platform == Platform.INSTAGRAM:
        lines.append("Distribusi Likes per Konten:")
        lines += [f"{i}. {ig_link(p.id)} — {fmt_int(p.engaged)} likes" for i, p in enumerate(att.posts, 1)]
    else:
        lines.append("Distribusi komentar per konten:")
        lines += [f"{i}. {tt_link(p.id, ctx.client)} — {p.engaged} akun" for i, p in enumerate(att.posts, 1)]
    name = f"Absensi_All_Engagement_{w.file_part}_{stamp(ctx.req.now)}.txt"
    return ReportFile(name, (collapse_blank_lines(lines) + "\n").encode(), TEXT_MIME)


def laphar_belum_file(ctx: ReportContext, att: Attendance, w: _Words) -> ReportFile:
    what = "belum melaksanakan likes" if w.platform == Platform.INSTAGRAM else "belum melaksanakan komentar"
    lines = [
        f"Daftar personil yang {what} atau belum mengisi username Instagram/TikTok",
        f"Polres: {ctx.client.unit_name}",
        f"{hari(ctx.req.ref_date)}, {tgl_pendek(ctx.req.ref_date)}",
        f"Jam: {jam_detik(ctx.req.now)}",
        "",
    ]
    for unit in units_by_score(att):
        u = unit.tally
        if u.belum + u.no_username == 0:
            continue
        lines += [
            f"*{unit.client.unit_name}*",
            f"{w.belum} : {u.belum}",
            *_belum_lines(w, _of(unit.people, B)),
            "",
            f"Belum Input Sosial media : {u.no_username}",
            *_no_handle_lines(_of(unit.people, U)),
            "",
        ]
    name = f"Absensi_Belum_Engagement_{w.file_part}_{stamp(ctx.req.now)}.txt"
    return ReportFile(name, (collapse_blank_lines(lines) + "\n").encode(), TEXT_MIME)


def _top_bottom(att: Attendance) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Units other than the directorate's own, by Σcount (top: desc then name; bottom: lowest
    first); with fewer than ten units one ranked list (the bottom comes back empty)."""
    units = sorted(
        ((u.client.unit_name, u.tally.score_sum) for u in att.by_unit() if not u.own),
        key=lambda x: (-x[1], x[0]),
    )
    top, bottom = top_and_bottom(units, 5)
    return top, sorted(bottom, key=lambda x: (x[1], x[0]))


def _ranking_lines(att: Attendance, cap: str, line: Callable[[int, str, int], str], none: str) -> list[str]:
    """Top 5 and Bottom 5, or one ranked list when they would overlap (issue 16 item 5)."""
    top, bottom = _top_bottom(att)
    if not bottom:
        return [f"Peringkat {cap}:", *([line(i, n, s) for i, (n, s) in enumerate(top, 1)] or [none])]
    return [
        f"Top 5 {cap}:",
        *(line(i, n, s) for i, (n, s) in enumerate(top, 1)),
        "",
        f"Bottom 5 {cap}:",
        *(line(i, n, s) for i, (n, s) in enumerate(bottom, 1)),
    ]


def laphar_narrative(ctx: ReportContext, att: Attendance, w: _Words) -> str:
    noun = w.unit_noun
    what = "likes Instagram" if w.platform == Platform.INSTAGRAM else "komentar TikTok"
    lines = [
        f"Mohon ijin Komandan, berikut rekap singkat {what} pada {hari(ctx.req.ref_date)},"
        f" {tgl_pendek(ctx.req.ref_date)} pukul {jam_detik(ctx.req.now)} WIB.",
        "",
        "📸 Instagram" if w.platform == Platform.INSTAGRAM else f"🎵 TikTok ({ctx.client.unit_name})",
        *_ranking_lines(att, noun.capitalize(), lambda i, n, s: f"{i}. {n} – {fmt_int(s)} {noun}", "-"),
    ]
    return collapse_blank_lines(lines)


async def _laphar(ctx: ReportContext, w: _Words, kind: str) -> ReportOutput:
    att = await engagement_attendance(ctx, w.platform, kind)
    if att.n == 0:
        short = "IG" if w.platform == Platform.INSTAGRAM else "TikTok"
        return ReportOutput(kind, text=f"Belum ada konten {short} pada akun Official {ctx.client.unit_name} hari ini",
                            empty=True)  # fmt: skip
    files = (laphar_all_file(ctx, att, w), laphar_belum_file(ctx, att, w), recap_workbook(ctx, att))
    return ReportOutput(kind, text=laphar_narrative(ctx, att, w), files=files)


async def rep_laphar_ig(ctx: ReportContext) -> ReportOutput:
    return await _laphar(ctx, IG_WORDS, "REP-LAPHAR-IG")


async def rep_laphar_tt(ctx: ReportContext) -> ReportOutput:
    return await _laphar(ctx, TT_WORDS, "REP-LAPHAR-TT")


# --- REP-COMBINED ------------------------------------------------------------------------------


def _personnel_pct(att: Attendance) -> float:
    t = att.tally
    return pct(t.score_sum, t.total * att.n)


def closing_sentence(ig: Attendance, tt: Attendance, nama: str) -> str:
    """ING-REP-32 / DIR-21.3: first matching rule."""
    ig_pct = _personnel_pct(ig)
    has_tt = tt.n > 0
    tt_pct = _personnel_pct(tt) if has_tt else 100.0
    backlog = max(ig.tally.no_username, tt.tally.no_username if has_tt else 0)
    if ig_pct >= 95 and (not has_tt or tt_pct >= 80) and backlog <= 10:
        return f"Target harian tercapai. Terima kasih kepada seluruh pembina dan operator jajaran {nama}."
    if backlog > 30:
        return "Backlog username personil masih tinggi; mohon dukungan tambahan untuk satker prioritas."
    if ig_pct < 95 or (has_tt and tt_pct < 80):
        return (
            "Target harian belum sepenuhnya tercapai; mohon kerja sama antar satker untuk menutup kekurangan."
        )
    return "Progres sudah positif; mohon terus dikejar hingga target harian tercapai."


def _combined_section(i: int, title: str, att: Attendance, noun: str) -> list[str]:
    if att.n == 0:
        return [f"{i}. {title}", "   Tidak ada tugas hari ini.", ""]
    t = att.tally
    ranking = _ranking_lines(att, noun.capitalize(), lambda j, n, s: f"- {j}. {n} — {fmt_int(s)} {noun}", "-")
    return [
        f"{i}. {title}",
        f"   Jumlah konten: {att.n}",
        f"   Total {noun} personel: {fmt_int(t.score_sum)} dari {fmt_int(t.total * att.n)}"
        f" ({fmt_pct(_personnel_pct(att), 1)}%)",
        f"   Lengkap: {t.lengkap} | Kurang: {t.kurang} | Belum: {t.belum} | Belum update username: {t.no_username}",
        "",
        *(f"   {x}" if x else "" for x in ranking),
        "",
    ]


async def rep_combined(ctx: ReportContext) -> ReportOutput:
    ig = await engagement_attendance(ctx, Platform.INSTAGRAM, "REP-COMBINED")
    tt = await engagement_attendance(ctx, Platform.TIKTOK, "REP-COMBINED")
    lines = [
        f"*Laporan Harian Engagement – {hari_tanggal(ctx.req.ref_date)}*",
        "",
        f"*{ctx.client.unit_name}*",
        "",
        "List Link Tugas Instagram dan Tiktok Hari ini :",
    ]
    if ig.n == 0 and tt.n == 0:
        lines += ["Tidak ada tugas hari ini.", ""]
    else:
        lines += [
            f"- IG {i}. {ig_link(p.id)} — {jam_upload(p.uploaded_at)} WIB" for i, p in enumerate(ig.posts, 1)
        ]
        lines += [
            f"- TikTok {i}. {tt_link(p.id, ctx.client)} — {jam_upload(p.uploaded_at)} WIB"
            for i, p in enumerate(tt.posts, 1)
        ]
        lines.append("")
    lines += _combined_section(1, "📸 *Instagram*", ig, "likes")
    lines += _combined_section(2, "🎵 *TikTok*", tt, "komentar")
    lines.append(closing_sentence(ig, tt, ctx.client.unit_name))
    files: list[ReportFile] = []
    if ig.n:
        files += [laphar_all_file(ctx, ig, IG_WORDS), recap_workbook(ctx, ig)]
    if tt.n:
        files += [laphar_all_file(ctx, tt, TT_WORDS), recap_workbook(ctx, tt)]
    return ReportOutput("REP-COMBINED", text=collapse_blank_lines(lines), files=tuple(files))


# --- REP-IG-POSTS / REP-TT-POSTS ---------------------------------------------------------------


async def _posts_recap(ctx: ReportContext, platform: Platform, kind: str) -> ReportOutput:
    posts = await attendance.task_posts(ctx.uow, ctx.client, platform, ctx.window)
    nama = ctx.client.unit_name
    ig = platform == Platform.INSTAGRAM
    if not posts:
        what = "IG" if ig else "TikTok"
        return ReportOutput(
            kind, text=f"Tidak ada konten {what} hari ini pada akun official {nama}.", empty=True
        )
    lines = [
        f"Mohon ijin Komandan, Senior, Rekan Operator dan Personil pelaksana Tugas Likes dan Komentar {nama}.",
        "",
        f"Tugas {'Likes dan Komentar konten Instagram' if ig else 'Komentar konten TikTok'} akun official {nama}",
        nama,
        f"*Jumlah konten hari ini:* {len(posts)}",
        f"*Total {'likes' if ig else 'komentar'} semua konten:* {sum(p.engaged for p in posts)}",
        "",
        "Rincian:",
        *(
            f"- {post_link(platform, p.id, ctx.client)} : {p.engaged} {'like' if ig else 'komentar'}"
            for p in posts
        ),
        "",
        "Silahkan Melaksanakan Likes, Komentar dan Share.",
    ]
    return ReportOutput(kind, text="\n".join(lines))


async def rep_ig_posts(ctx: ReportContext) -> ReportOutput:
    return await _posts_recap(ctx, Platform.INSTAGRAM, "REP-IG-POSTS")


async def rep_tt_posts(ctx: ReportContext) -> ReportOutput:
    return await _posts_recap(ctx, Platform.TIKTOK, "REP-TT-POSTS")


# --- REP-TASK-MENU (dir 16) --------------------------------------------------------------------


def _task_lines(
    posts: list[Post], platform: Platform, client: ClientInfo, previous: frozenset[str]
) -> list[str]:
    out = []
    for i, p in enumerate(posts, 1):
        new = "[BARU] " if p.id not in previous else ""
        when = f"(upload {jam_upload(p.uploaded_at)} WIB)" if p.uploaded_at else "(upload tidak diketahui)"
        if platform == Platform.INSTAGRAM:
            amount = f"{p.engaged} {'like' if p.engaged == 1 else 'likes'}"
        else:
            amount = f"{p.engaged} komentar"
        out.append(f"{i}. {new}{post_link(platform, p.id, client)} {when} : {amount}")
    return out or ["-"]


async def rep_task_menu(ctx: ReportContext) -> ReportOutput:
    win = day_window(ctx.req.ref_date)
    ig = await attendance.task_posts(ctx.uow, ctx.client, Platform.INSTAGRAM, win)
    tt = await attendance.task_posts(ctx.uow, ctx.client, Platform.TIKTOK, win)
    nama = ctx.client.unit_name
    prev = ctx.req.previous_ids

    def split(posts: list[Post]) -> tuple[list[Post], list[Post]]:
        return [p for p in posts if p.source_type != "manual_input"], [
            p for p in posts if p.source_type == "manual_input"
        ]

    ig_off, ig_man = split(ig)
    tt_off, tt_man = split(tt)

    def total(posts: list[Post]) -> int:
        return sum(p.engaged for p in posts)

    lines = [
        f"Mohon Ijin Komandan, Senior, Rekan Operator dan Personil pelaksana Tugas Likes dan komentar Sosial Media {nama}.",
        "",
        "Tugas Likes dan Komentar Konten Instagram dan Tiktok",
        nama,
        f"Jumlah konten Instagram hari ini (total): {len(ig)}",
        f"Total likes semua konten: {total(ig)}",
        f"Jumlah konten Tiktok hari ini (total): {len(tt)}",
        f"Total komentar semua konten: {total(tt)}",
        "",
        "Segmen Konten Resmi",
        f"- Instagram: {len(ig_off)} konten | Total likes: {total(ig_off)}",
        "Rincian Instagram:",
        *_task_lines(ig_off, Platform.INSTAGRAM, ctx.client, prev),
        f"- TikTok: {len(tt_off)} konten | Total komentar: {total(tt_off)}",
        "Rincian TikTok:",
        *_task_lines(tt_off, Platform.TIKTOK, ctx.client, prev),
        "",
        "Segmen Tugas Khusus",
        f"- Instagram (manual): {len(ig_man)} konten | Total likes: {total(ig_man)}",
        "Rincian Instagram manual:",
        *_task_lines(ig_man, Platform.INSTAGRAM, ctx.client, prev),
        f"- TikTok (manual): {len(tt_man)} konten | Total komentar: {total(tt_man)}",
        "Rincian TikTok manual:",
        *_task_lines(tt_man, Platform.TIKTOK, ctx.client, prev),
        "",
        "Silahkan Melaksanakan Likes, Komentar dan Share.",
    ]
    return ReportOutput("REP-TASK-MENU", text="\n".join(lines))


# --- REP-TASK-LIST (ING-TASK-2) ----------------------------------------------------------------


@dataclass(frozen=True)
class TaskChanges:
    """Counts for the change block of a task list (ING-TASK-4 step 4); all zero → no block."""

    ig_added: int = 0
    tt_added: int = 0
    ig_removed: int = 0
    tt_removed: int = 0


def _upload(p: Post) -> str:
    return f"{hari(p.uploaded_at)}, {tgl_med(p.uploaded_at)}, {jam(p.uploaded_at)} WIB"


def _count(v: int | None) -> str:
    return fmt_int(v) if v is not None else "-"


def render_task_list(
    client: ClientInfo,
    ig: list[Post],
    tt: list[Post],
    now,
    changes: TaskChanges | None = None,
) -> str:
    """REP-TASK-LIST text from already-selected task posts (the broadcast job calls this directly)."""
    lines = [
        f"📋 *Daftar Tugas - {client.nama}*",
        f"🕒 Pengambilan data: {hari_tanggal(now)} pukul {jam(now)} WIB",
        "",
        "Status tugas saat ini:",
        f"📸 Instagram: *{len(ig)}* konten",
        f"🎵 TikTok: *{len(tt)}* konten",
    ]
    if changes and any((changes.ig_added, changes.tt_added, changes.ig_removed, changes.tt_removed)):
        lines += ["", "📊 *Perubahan Hari Ini:*"]
        if changes.ig_added:
            lines.append(f"✅ +{changes.ig_added} konten Instagram baru")
        if changes.tt_added:
            lines.append(f"✅ +{changes.tt_added} konten TikTok baru")
        if changes.ig_removed:
            lines.append(f"❌ {changes.ig_removed} konten Instagram dihapus")
        if changes.tt_removed:
            lines.append(f"❌ {changes.tt_removed} konten TikTok dihapus")
    lines += ["", "📝 *Detail Tugas:*", ""]
    if ig:
        lines += [f"📸 *Tugas Instagram ({len(ig)} konten):*", ""]
        for i, p in enumerate(ig, 1):
            cap = truncate(p.caption, 60)
            lines += [
                f"{i}. {ig_link_slash(p.id)}",
                f"   _{cap}_" if cap else "   (Tidak ada caption)",
                f"   Upload: {_upload(p)}",
                f"   Likes: {_count(p.like_count)} | Komentar: {_count(p.comment_count)}",
                "",
            ]
    if tt:
        lines += [f"🎵 *Tugas TikTok ({len(tt)} konten):*", ""]
        for i, p in enumerate(tt, 1):
            cap = truncate(p.caption, 60)
            lines += [
                f"{i}. {tt_link(p.id, client)}",
                f"   _{cap}_" if cap else "   (Tidak ada deskripsi)",
                f"   Upload: {_upload(p)}",
                f"   Likes: {_count(p.like_count)} | Komentar: {_count(p.comment_count)}",
                "",
            ]
    lines.append("_Pastikan semua tugas telah dikerjakan dengan baik._")
    return "\n".join(lines)


async def rep_task_list(ctx: ReportContext) -> ReportOutput:
    win = day_window(ctx.req.ref_date)
    ig = await attendance.task_posts(ctx.uow, ctx.client, Platform.INSTAGRAM, win)
    tt = await attendance.task_posts(ctx.uow, ctx.client, Platform.TIKTOK, win)
    return ReportOutput(
        "REP-TASK-LIST", text=render_task_list(ctx.client, ig, tt, ctx.req.now), empty=not (ig or tt)
    )


# --- ING-TASK-3 change messages (pure renderers for the broadcast job) -------------------------


def render_new_instagram_posts(client: ClientInfo, posts: list[Post]) -> str:
    lines = [
        f"📸 *Tugas Instagram Baru - {client.nama}*",
        "",
        f"Terdapat *{len(posts)}* konten Instagram baru yang perlu dikerjakan:",
        "",
    ]
    for i, p in enumerate(posts, 1):
        cap = truncate(p.caption, 80)
        lines += [
            f"{i}. *Post {p.id}*",
            f"   Caption: _{cap}_" if cap else "   Caption: (Tidak ada caption)",
            f"   Link: {ig_link_slash(p.id)}",
            "",
        ]
    lines.append("_Silakan like dan beri komentar pada konten di atas._")
    return "\n".join(lines)


def render_new_tiktok_posts(client: ClientInfo, posts: list[Post]) -> str:
    lines = [
        f"🎵 *Tugas TikTok Baru - {client.nama}*",
        "",
        f"Terdapat *{len(posts)}* konten TikTok baru yang perlu dikerjakan:",
        "",
    ]
    for i, p in enumerate(posts, 1):
        cap = truncate(p.caption, 80)
        lines += [
            f"{i}. *Video {p.id}*",
            f"   Deskripsi: _{cap}_" if cap else "   Deskripsi: (Tidak ada deskripsi)",
            f"   Link: {tt_link(p.id, client)}",
            "",
        ]
    lines.append("_Silakan beri komentar pada video di atas._")
    return "\n".join(lines)


def render_removed_posts(client: ClientInfo, removed_ig: list[str], removed_tt: list[str]) -> str:
    """The removed-posts message: links of the posts that are no longer tasks (*fixed*, ING-TASK-3)."""
    lines = [f"🗑️ *Perubahan Tugas - {client.nama}*", ""]
    if removed_ig:
        lines += [
            f"📸 *{len(removed_ig)}* konten Instagram tidak lagi ada di daftar tugas.",
            "Link konten Instagram yang dihapus:",
            *(f"{i}. {ig_link_slash(sc)}" for i, sc in enumerate(removed_ig, 1)),
            "",
        ]
    if removed_tt:
        lines += [
            f"🎵 *{len(removed_tt)}* konten TikTok tidak lagi ada di daftar tugas.",
            "Link konten TikTok yang dihapus:",
            *(f"{i}. {tt_link(v, client)}" for i, v in enumerate(removed_tt, 1)),
            "",
        ]
    lines.append("Silakan cek daftar tugas terbaru di bawah ini.")
    return "\n".join(lines)


@dataclass(frozen=True)
class LinkChange:
    """One amplification link report created or updated since the last link notice (ING-TASK-5)."""

    user_nama: str
    shortcode: str
    instagram: str | None = None
    facebook: str | None = None
    twitter: str | None = None
    tiktok: str | None = None
    youtube: str | None = None


def render_link_changes(client: ClientInfo, changes: list[LinkChange]) -> str:
    """ING-TASK-5 link-change message; each report lists its non-empty links only."""
    lines = [
        f"🔗 *Perubahan Link Tugas - {client.nama}*",
        "",
        f"Terdapat *{len(changes)}* perubahan link amplifikasi:",
    ]
    for i, c in enumerate(changes, 1):
        links = [
            f"{label}: {value}"
            for label, value in (("IG", c.instagram), ("FB", c.facebook), ("X", c.twitter), ("TT", c.tiktok),
                                 ("YT", c.youtube))
            if value
        ]  # fmt: skip
        lines += [f"{i}. *{c.user_nama}*", f"   Post: {c.shortcode}", f"   Link: {', '.join(links)}"]
    lines += ["", "_Link amplifikasi telah diperbarui._"]
    return "\n".join(lines)
