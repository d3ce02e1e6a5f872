"""Reply texts of the manual input menus 46 and 47 (DIR-46.6, DIR-47.5)."""

from __future__ import annotations

from datetime import datetime

from core.ingest.manual import ManualRegistration
from core.manual_posts.register import ManualInputResult
from core.post_candidates import MAX_CANDIDATES
from core.reports.formatting import fmt_int, truncate
from core.social import links
from core.social.handles import normalize_handle
from core.timewindow import to_wib

_PLATFORM = {"instagram": "Instagram", "tiktok": "TikTok"}


def _fmt_int(n: int | None) -> str:
    return fmt_int(n or 0)


def _caption(text: str | None) -> str:
    """DIR-46.6: whitespace collapsed; longer than 140 characters → the first 137 and `...`."""
    flat = truncate(text, 140)
    if not flat:
        return "-"
    return flat if len(flat) <= 140 else truncate(flat, 137)


def _input_time(dt: datetime) -> str:
    w = to_wib(dt)
    return f"{w.day}/{w.month}/{w.year} {w.hour:02d}.{w.minute:02d}.{w.second:02d} WIB"


def _posted_time(dt: datetime | None) -> str:
    if dt is None:
        return "-"
    w = to_wib(dt)
    return f"{w.day}/{w.month}/{w.year} {w.hour:02d}.{w.minute:02d} WIB"


def tiktok_link(video_id: str, handle: str | None) -> str:
    """DIR-47.5 / ING-GEN-3: the author's (or the client's) normalised handle when known."""
    return links.tt_link(video_id, normalize_handle(handle, "tiktok") if handle else None)


def _block(r: ManualRegistration, client_tiktok: str | None) -> str:
    ig = r.platform == "instagram"
    if r.engagement_ok:
        fetched = (
            "✅ Likes Instagram untuk post manual juga berhasil di-fetch."
            if ig
            else "✅ Komentar TikTok untuk post manual juga berhasil di-fetch."
        )
    else:
        what, menu = ("Likes Instagram", 50) if ig else ("Komentar TikTok", 51)
        fetched = f"⚠️ {what} belum berhasil diambil ({r.engagement_reason or 'tidak ada data'}). Coba lagi lewat menu {menu}."
    lines = [
        f"✅ Post {_PLATFORM[r.platform]} berhasil ditambahkan (manual).",
        fetched,
        "Sumber : manual",
        f"Status : {r.status}",
        f"Client : {r.client_id.strip().upper()}",
    ]
    if ig:
        lines += [f"Shortcode : {r.post_id}", f"Link : {links.ig_link_slash(r.post_id)}"]
    else:
        lines += [
            f"Video ID : {r.post_id}",
            f"Link : {tiktok_link(r.post_id, r.author or client_tiktok)}",
        ]
    lines += [
        f"Waktu input manual : {_input_time(r.created_at)}",
        f"Waktu posting asli : {_posted_time(r.original_created_at)}",
    ]
    if ig:
        lines += [
            f"Likes : {_fmt_int(r.like_count)}",
            f"Likes tersimpan : {_fmt_int(r.engagement_stored)} akun",
            f"Komentar : {_fmt_int(r.comment_count)}",
        ]
    else:
        lines += [
            f"Likes : {_fmt_int(r.like_count)}",
            f"Komentar : {_fmt_int(r.comment_count)}",
            f"Komentar tersimpan : {_fmt_int(r.engagement_stored)} akun",
        ]
    lines.append(f"Caption : {_caption(r.caption)}")
    if r.exclusion_lifted:
        lines.append("ℹ️ Post ini sebelumnya dihapus dari daftar tugas (menu 53) dan kini aktif kembali.")
    return "\n".join(lines)


def render_manual_input(result: ManualInputResult, client_tiktok: str | None = None) -> str:
    """DIR-46.6 / DIR-47.5: one message for the whole input."""
    name = _PLATFORM[result.platform]
    ignored = (
        f"ℹ️ {result.ignored_over_limit} link lain diabaikan: maksimal {MAX_CANDIDATES} link diproses per pesan."
        if result.ignored_over_limit
        else ""
    )
    if result.candidates == 1:
        if result.registered:
            body = _block(result.registered[0], client_tiktok)
        else:
            body = f"❌ Gagal input manual post {name}: {result.failed[0].reason}"
        return "\n\n".join(p for p in (body, ignored) if p)
    parts = [f"📥 Input manual {name}: {len(result.registered)} berhasil, {len(result.failed)} gagal."]
    parts += [_block(r, client_tiktok) for r in result.registered]
    if result.failed:
        parts.append(
            f"⚠️ Link gagal diproses ({len(result.failed)}):\n"
            + "\n".join(f"- {f.token} → {f.reason}" for f in result.failed)
        )
    if ignored:
        parts.append(ignored)
    return "\n\n".join(parts)
