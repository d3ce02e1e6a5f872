"""Removal of a task post from a client's task list (menu 53; DIR-53, ING-POST-11).

`find_task_post` looks the post up for the selected client (owned, owned in `insta_post_khusus`,
or only linked to it as a collaboration post); `remove_task_post` deletes it and everything
stored for it in ONE transaction and only then records the exclusion, so a failure leaves every
row in place and writes no exclusion (DIR-53.5). The texts of the confirmation and the result
live here too (DIR-53.4, DIR-53.6, DIR-53.7).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from core.cache import RedisStore
from core.db import Database, UnitOfWork
from core.ingest.context import ClientAccounts
from core.ingest.locks import invalidate_post_counts
from core.ingest.posts import is_manual
from core.manual_posts.render import tiktok_link
from core.post_candidates import Candidate, Platform
from core.timewindow import to_wib

log = logging.getLogger(__name__)


def _display(client: ClientAccounts) -> str:
    return client.client_id.strip().upper()


_MINE = "lower(btrim(coalesce(client_id, ''))) = lower(btrim(:c))"


@dataclass(frozen=True)
class TaskPost:
    platform: Platform
    content_id: str
    owned: bool  # insta_post / tiktok_post row belongs to the client
    khusus_owned: bool  # insta_post_khusus row belongs to the client
    linked_only: bool  # insta_post of another unit linked to the client (insta_post_clients)
    manual: bool
    created_at: datetime | None  # naive UTC
    engagers: int  # stored likes (IG) / comments (TikTok)
    link_reports: int  # link_report + link_report_khusus rows (IG)
    client_tiktok: str | None = None

    @property
    def link(self) -> str:
        if self.platform == "instagram":
            return f"https://www.instagram.com/p/{self.content_id}/"
        return tiktok_link(self.content_id, self.client_tiktok)


@dataclass(frozen=True)
class Removal:
    post: TaskPost
    likes_deleted: int
    comments_deleted: int
    link_reports_deleted: int


class NotInTaskList(Exception):
    """DIR-53.3: nothing of the post belongs or is linked to the client; `other_unit` when it is another's."""

    def __init__(self, other_unit: str | None) -> None:
        super().__init__(other_unit or "not found")
        self.other_unit = other_unit


async def _jsonb_len(uow: UnitOfWork, sql: str, key: str) -> int:
    return int((await uow.execute(sql, {"id": key})).scalar() or 0)


async def find_task_post(db: Database, client: ClientAccounts, cand: Candidate) -> TaskPost:
    """The post as the confirmation shows it; raises `NotInTaskList` (nothing is written then)."""
    params = {"id": cand.content_id, "c": client.client_id}
    async with db.uow() as uow:
        if cand.platform == "tiktok":
            row = (
                await uow.execute(
                    f"SELECT source_type, created_at FROM tiktok_post WHERE video_id = :id AND {_MINE}",  # noqa: S608
                    params,
                )
            ).first()
            if row is None:
                raise NotInTaskList(await _other_unit(uow, "tiktok_post", "video_id", params))
            comments = await _jsonb_len(
                uow,
                "SELECT jsonb_array_length(comments) FROM tiktok_comment WHERE video_id = :id",
                cand.content_id,
            )
            return TaskPost(
                "tiktok", cand.content_id, True, False, False, is_manual(row.source_type), row.created_at,
                comments, 0, client.tiktok,
            )  # fmt: skip
        post = (
            await uow.execute(
                "SELECT client_id, source_type, created_at FROM insta_post WHERE shortcode = :id", params
            )
        ).first()
        khusus = (
            await uow.execute(
                f"SELECT source_type, created_at FROM insta_post_khusus WHERE shortcode = :id AND {_MINE}",  # noqa: S608
                params,
            )
        ).first()
        owned = (
            post is not None and (post.client_id or "").strip().lower() == client.client_id.strip().lower()
        )
        linked = False
        if post is not None and not owned:
            linked = (
                await uow.execute(
                    f"SELECT 1 FROM insta_post_clients WHERE shortcode = :id AND {_MINE}",  # noqa: S608
                    params,
                )
            ).first() is not None
        if not (owned or khusus or linked):
            raise NotInTaskList(await _other_unit(uow, "insta_post", "shortcode", params))
        likes = 0
        if owned:
            likes = await _jsonb_len(
                uow, "SELECT jsonb_array_length(likes) FROM insta_like WHERE shortcode = :id", cand.content_id
            )
        reports = int(
            (
                await uow.execute(
                    "SELECT (SELECT count(*) FROM link_report WHERE shortcode = :id)"
                    " + (SELECT count(*) FROM link_report_khusus WHERE shortcode = :id)",
                    params,
                )
            ).scalar()
            or 0
        )
        basis = post if post is not None else khusus
        return TaskPost(
            "instagram", cand.content_id, owned, khusus is not None, linked, is_manual(basis.source_type),
            basis.created_at, likes, reports,
        )  # fmt: skip


async def _other_unit(uow: UnitOfWork, table: str, key: str, params: dict) -> str | None:
    row = (
        await uow.execute(
            f"SELECT p.client_id, c.nama FROM {table} p"  # noqa: S608
            " LEFT JOIN clients c ON lower(btrim(c.client_id)) = lower(btrim(p.client_id))"
            f" WHERE p.{key} = :id",
            params,
        )
    ).first()
    if row is None:
        return None
    return (row.nama or "").strip() or (row.client_id or "").strip().upper() or None


async def remove_task_post(
    db: Database, client: ClientAccounts, post: TaskPost, source_link: str, redis: RedisStore | None = None
) -> Removal:
    """DIR-53.5: delete and exclude in one transaction; any failure rolls everything back."""
    p = {"id": post.content_id, "c": client.client_id}
    likes = comments = reports = 0
    async with db.uow() as uow:
        if post.platform == "tiktok":
            await uow.execute(f"SELECT 1 FROM tiktok_post WHERE video_id = :id AND {_MINE} FOR UPDATE", p)  # noqa: S608
            comments = await _jsonb_len(
                uow,
                "SELECT jsonb_array_length(comments) FROM tiktok_comment WHERE video_id = :id FOR UPDATE",
                post.content_id,
            )
            await uow.execute(f"DELETE FROM tiktok_post WHERE video_id = :id AND {_MINE}", p)  # noqa: S608
        else:
            if post.khusus_owned:
                lock_khusus = f"SELECT 1 FROM insta_post_khusus WHERE shortcode = :id AND {_MINE} FOR UPDATE"  # noqa: S608
                await uow.execute(lock_khusus, p)
                deleted = await uow.execute("DELETE FROM link_report_khusus WHERE shortcode = :id", p)
                reports += deleted.rowcount or 0
                await uow.execute(f"DELETE FROM insta_post_khusus WHERE shortcode = :id AND {_MINE}", p)  # noqa: S608
            if post.owned:
                await uow.execute(f"SELECT 1 FROM insta_post WHERE shortcode = :id AND {_MINE} FOR UPDATE", p)  # noqa: S608
                likes = await _jsonb_len(
                    uow,
                    "SELECT jsonb_array_length(likes) FROM insta_like WHERE shortcode = :id FOR UPDATE",
                    post.content_id,
                )
                deleted = await uow.execute("DELETE FROM link_report WHERE shortcode = :id", p)
                reports += deleted.rowcount or 0
                for table in ("insta_like_audit", "insta_like", "insta_comment"):
                    await uow.execute(f"DELETE FROM {table} WHERE shortcode = :id", p)  # noqa: S608
                await uow.execute(f"DELETE FROM insta_post WHERE shortcode = :id AND {_MINE}", p)  # noqa: S608
            elif post.linked_only:
                # ING-POST-11: another unit's post only loses its link to this client.
                await uow.execute(f"DELETE FROM insta_post_clients WHERE shortcode = :id AND {_MINE}", p)  # noqa: S608
        await uow.execute(
            "INSERT INTO task_post_exclusions (client_id, platform, content_id, source_link)"
            " VALUES (lower(btrim(:c)), :platform, :id, :link)"
            " ON CONFLICT (client_id, platform, content_id)"
            " DO UPDATE SET source_link = EXCLUDED.source_link, updated_at = NOW()",
            {**p, "platform": post.platform, "link": source_link},
        )
        await uow.commit()
    await invalidate_post_counts(redis, client.client_id)  # ING-CACHE-1
    removal = Removal(post, likes, comments, reports)
    log.info(
        "dirrequest_task_post_removed",
        extra={
            "client_id": _display(client),
            "option": 53,
            "platform": post.platform,
            "content_ids": [post.content_id],
            "likes_deleted": likes,
            "comments_deleted": comments,
            "link_reports_deleted": reports,
            "outcome": "ok",
        },
    )
    return removal


# --- texts (DIR-53.4, DIR-53.6, DIR-53.3) ---------------------------------------------------------


def render_confirmation(post: TaskPost) -> str:
    when = "-"
    if post.created_at is not None:
        w = to_wib(post.created_at)
        when = f"{w.day}/{w.month}/{w.year} {w.hour:02d}.{w.minute:02d} WIB"
    ig = post.platform == "instagram"
    lines = [
        "🗑️ *Konfirmasi Hapus Post Tugas*",
        f"Platform : {'Instagram' if ig else 'TikTok'}",
        f"{'Shortcode' if ig else 'Video ID'} : {post.content_id}",
        f"Link : {post.link}",
        f"Sumber : {'manual' if post.manual else 'resmi'}",
        f"Waktu tugas : {when}",
    ]
    if ig:
        lines.append(f"Likes tersimpan : {post.engagers} akun")
        lines.append(f"Laporan link amplifikasi : {post.link_reports}")
    else:
        lines.append(f"Komentar tersimpan : {post.engagers} akun")
    lines += ["", "Balas *ya* untuk menghapus atau *tidak* untuk membatalkan."]
    return "\n".join(lines)


def render_removal(removal: Removal, client: ClientAccounts) -> str:
    post = removal.post
    if post.platform == "instagram":
        return "\n".join(
            [
                "✅ Post tugas Instagram berhasil dihapus dari daftar tugas.",
                f"Client : {_display(client)}",
                f"Shortcode : {post.content_id}",
                f"Ikut terhapus: {removal.likes_deleted} akun likes, {removal.link_reports_deleted} laporan link",
                "Post ini tidak akan muncul lagi di daftar tugas client; aktifkan kembali lewat menu 46.",
            ]
        )
    return "\n".join(
        [
            "✅ Post tugas TikTok berhasil dihapus dari daftar tugas.",
            f"Client : {_display(client)}",
            f"Video ID : {post.content_id}",
            f"Ikut terhapus: {removal.comments_deleted} akun komentar",
            "Post ini tidak akan muncul lagi di daftar tugas client; aktifkan kembali lewat menu 47.",
        ]
    )


def render_not_found(err: NotInTaskList, client: ClientAccounts) -> str:
    if err.other_unit:
        return f"❌ Post ini terdaftar untuk satker lain ({err.other_unit}), bukan {_display(client)}. Tidak ada yang dihapus."
    return f"❌ Post tidak ditemukan di daftar tugas {_display(client)}. Tidak ada yang dihapus."
