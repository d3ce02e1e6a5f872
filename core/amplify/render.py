"""Reply texts of the amplification-link flow (CONV-248, CONV-252, CONV-253). Pure functions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from core.amplify.classify import PLATFORM_LABEL, PLATFORMS
from core.amplify.reasons import Reason, phrase
from core.amplify.tasks import Reporter, TaskPost
from core.timefmt import hari_tanggal, jam, salam

CHOICE_LIMIT = 15


@dataclass(frozen=True)
class BlockResult:
    """One task's part of a several-task message (CONV-259)."""

    target: TaskPost
    state: dict[str, str | None]
    new: set[str]
    replaced: set[str]
    notes: list[tuple[str, Reason]]


def _task_lines(
    target: TaskPost, state: dict[str, str | None], new: set[str], replaced: set[str]
) -> list[str]:
    kind = "Tugas Khusus" if target.khusus else "Tugas Rutin"
    lines = [f"Tugas: {kind} · {hari_tanggal(target.op_date)}", target.link, "", "Link Amplifikasi Anda:"]
    platforms = ("instagram",) if target.khusus else PLATFORMS
    for p in platforms:
        value = state.get(p)
        mark = " 🆕" if p in new else " 🔄" if p in replaced else ""
        lines.append(f"- {PLATFORM_LABEL[p]}: {value}{mark}" if value else f"- {PLATFORM_LABEL[p]}: Nihil")
    return lines


def _tail(notes: list[tuple[str, Reason]], other_open: list[TaskPost]) -> list[str]:
    lines: list[str] = []
    if notes:
        lines += ["", "⚠️ Tidak dicatat:"]
        lines += [f"- {raw} → {phrase(reason)}" for raw, reason in notes]
    if other_open:
        lines += ["", f"📌 Tugas lain yang belum Anda laporkan: {len(other_open)}"]
        lines += [f"- {t.link}" for t in other_open[:5]]
    return lines


def render_confirmation(
    *,
    reporter: Reporter,
    target: TaskPost,
    state: dict[str, str | None],
    new: set[str],
    replaced: set[str],
    notes: list[tuple[str, Reason]],
    other_open: list[TaskPost],
    now: datetime,
) -> str:
    """CONV-252: full stored state of the row, 🆕/🔄 marks, ⚠️ notes, 📌 other open tasks."""
    lines = [f"{salam(now)}, {reporter.display_name}.", "✅ *Laporan Amplifikasi Tercatat*"]
    lines += _task_lines(target, state, new, replaced)
    return "\n".join(lines + _tail(notes, other_open))


def render_block_confirmation(
    *,
    reporter: Reporter,
    blocks: list[BlockResult],
    notes: list[tuple[str, Reason]],
    other_open: list[TaskPost],
    now: datetime,
) -> str:
    """CONV-259: one confirmation for several tasks, each block as CONV-252 shows one task."""
    lines = [
        f"{salam(now)}, {reporter.display_name}.",
        f"✅ *Laporan Amplifikasi Tercatat* ({len(blocks)} tugas)",
    ]
    for n, b in enumerate(blocks, start=1):
        first, *rest = _task_lines(b.target, b.state, b.new, b.replaced)
        lines += ["", f"*{n}.* {first}", *rest]
    return "\n".join(lines + _tail(notes + [n for b in blocks for n in b.notes], other_open))


def render_nothing_recorded(notes: list[tuple[str, Reason]], *, only_official: bool) -> str:
    """CONV-253: nothing was recorded, each URL with its reason."""
    lines = ["❌ Tidak ada link yang dicatat."]
    lines += [f"- {raw} → {phrase(reason)}" for raw, reason in notes]
    if only_official:
        lines += [
            "",
            "Kirim link unggahan ulang (share/repost) milik Anda sendiri, bukan link post resmi. "
            "Untuk Instagram: link story atau post di akun Anda.",
        ]
    return "\n".join(lines)


def render_rejection(reason: Reason, *, offers_registration: bool = False, detail: str | None = None) -> str:
    """One reply for a refusal of the whole message (CONV-240, CONV-246)."""
    text = f"❌ Laporan link tidak dicatat: {detail or phrase(reason)}."
    if reason == Reason.NOT_REGISTERED:
        if offers_registration:
            text += " Daftarkan nomor Anda dengan mengetik *userrequest* atau kirim NRP/NIP Anda."
        else:
            text += " Hubungi operator satuan Anda untuk mendaftarkan nomor ini."
    elif reason == Reason.USER_INACTIVE:
        text += " Hubungi operator satuan Anda."
    elif reason == Reason.NO_OPEN_TASKS:
        text = "❌ Tidak ada tugas amplifikasi yang terbuka untuk periode ini; tidak ada link yang dicatat."
    return text


def render_choice(
    posts: list[TaskPost],
    reported: dict[str, set[str]],
    today: date,
    *,
    marked: dict[str, set[str]] | None = None,
) -> str:
    """CONV-248: numbered list of open tasks, today's first then earlier, each in time order."""
    lines = ["📋 *Pilih tugas untuk laporan link ini*", ""]
    for n, post in enumerate(posts, start=1):
        kind = "Khusus" if post.khusus else "Rutin"
        caption = " ".join((post.caption or "").split())[:50]
        lines.append(f"{n}. [{kind}] {post.link}")
        lines.append(f"   {hari_tanggal(post.op_date)} {jam(post.created_at)} WIB · {caption or '-'}")
        done = set(reported.get(post.shortcode, set())) | set((marked or {}).get(post.shortcode, set()))
        if done:
            labels = ", ".join(PLATFORM_LABEL[p] for p in PLATFORMS if p in done)
            lines.append(f"   sudah dilaporkan: {labels}")
    lines += ["", "Balas dengan *nomor* tugasnya, atau *batal* untuk membatalkan."]
    return "\n".join(lines)


def order_for_choice(posts: list[TaskPost], today: date) -> list[TaskPost]:
    """Today's posts first, then earlier days; time order inside each group; at most 15."""
    todays = [p for p in posts if p.op_date == today]
    earlier = sorted(
        (p for p in posts if p.op_date != today), key=lambda p: (p.created_at, p.shortcode), reverse=False
    )
    earlier.sort(key=lambda p: p.op_date, reverse=True)
    return (todays + earlier)[:CHOICE_LIMIT]
