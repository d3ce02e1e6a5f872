"""Manual registration of one post as today's task of a client (ING-POST-8, DIR-46/47).

Menus own the replies; this module owns the effects and returns everything a reply shows.
Each call handles one candidate (one link or id); the menu loops over the candidates of a
message and stops when `ManualInputError.stops_everything` is set (DIR-46.0 item 6).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from core.db import UnitOfWork
from core.ingest.context import IngestDeps
from core.ingest.engagement import EngagementSummary, refresh_posts_engagement
from core.ingest.locks import invalidate_post_counts
from core.ingest.posts import UpsertOutcome, instagram_row, is_manual, tiktok_row, upsert_post
from core.ingest.selection import client_key
from core.social.instagram import taken_at
from core.social.links import instagram_shortcode, tiktok_video_id
from core.social.rapidapi import RapidApiConfigError, RapidApiError
from core.timefmt import tgl_panjang
from core.timewindow import day_window, now_wib, to_wib, today_wib

log = logging.getLogger(__name__)

ErrorCode = Literal[
    "invalid_link",
    "unknown_client",
    "khusus_other_client",
    "other_client",
    "post_not_found",
    "rapidapi_key_missing",
    "rapidapi_quota",
    "rapidapi_unreachable",
    "rapidapi_error",
]

# DIR-46.1: the `Status` line of the reply.
STATUS_NEW = "baru"
STATUS_MARKED = "ditandai manual (sebelumnya konten resmi)"
STATUS_UPDATED = "diperbarui"
STATUS_RENEWED = "didaftarkan ulang untuk hari ini"


class ManualInputError(Exception):
    """Why one candidate was refused; `message` is the short Indonesian reason (DIR-46.8)."""

    def __init__(self, code: ErrorCode, message: str, **detail: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.detail = detail

    @property
    def stops_everything(self) -> bool:
        return self.code in ("rapidapi_key_missing", "rapidapi_quota")


@dataclass
class ManualRegistration:
    """The summary of ING-POST-8 step 8 plus what DIR-46.6 / DIR-47.5 print."""

    platform: Literal["instagram", "tiktok"]
    client_id: str
    post_id: str
    status: str
    created_at: datetime  # input time, aware UTC
    original_created_at: datetime | None
    like_count: int | None
    comment_count: int | None
    caption: str | None
    exclusion_lifted: bool
    engagement: EngagementSummary
    author: str | None = None

    @property
    def shortcode(self) -> str:
        return self.post_id

    @property
    def engagement_ok(self) -> bool:
        return bool(self.engagement.posts) and self.engagement.posts[0].ok

    @property
    def engagement_reason(self) -> str | None:
        return self.engagement.posts[0].reason if self.engagement.posts else None

    @property
    def engagement_stored(self) -> int:
        """Usernames now stored for the post (`Likes tersimpan` / `Komentar tersimpan`)."""
        return self.engagement.posts[0].stored if self.engagement.posts else 0


def _rapidapi_failure(exc: RapidApiError | RapidApiConfigError) -> ManualInputError:
    if isinstance(exc, RapidApiConfigError):
        return ManualInputError("rapidapi_key_missing", "RapidAPI key belum dikonfigurasi")
    if exc.kind == "rate_limited":
        return ManualInputError("rapidapi_quota", "kuota RapidAPI habis")
    if exc.kind in ("network", "server_error"):
        return ManualInputError(
            "rapidapi_unreachable", "RapidAPI tidak dapat dihubungi atau timeout setelah dicoba ulang"
        )
    if exc.status == 404:
        return ManualInputError("post_not_found", "post tidak ditemukan, dihapus, atau privat")
    return ManualInputError("rapidapi_error", exc.reason)


def _status(outcome: UpsertOutcome, today_lo: datetime) -> str:
    prev = outcome.previous
    if prev is None:
        return STATUS_NEW
    if not is_manual(prev["source_type"]):
        return STATUS_MARKED
    return STATUS_UPDATED if prev["created_at"] >= today_lo else STATUS_RENEWED


async def _client_row(uow: UnitOfWork, client_id: str) -> dict[str, Any]:
    row = (
        (
            await uow.execute(
                "SELECT client_id, nama, client_tiktok FROM clients WHERE lower(btrim(client_id)) = :c",
                {"c": client_key(client_id)},
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        raise ManualInputError("unknown_client", f"client {client_id.strip().upper()} tidak ditemukan")
    return dict(row)


async def _owner_elsewhere(
    uow: UnitOfWork, table: str, key: str, post_id: str, client_id: str
) -> dict[str, Any] | None:
    """The stored row's owner when it is another client (DIR-46.0 item 7), with its name."""
    row = (
        (
            await uow.execute(
                f"SELECT p.client_id, p.created_at, c.nama FROM {table} p"  # noqa: S608 - fixed names
                " LEFT JOIN clients c ON lower(btrim(c.client_id)) = lower(btrim(p.client_id))"
                f" WHERE p.{key} = :id",
                {"id": post_id},
            )
        )
        .mappings()
        .first()
    )
    if row is None or client_key(row["client_id"] or "") == client_key(client_id):
        return None
    return dict(row)


async def _lift_exclusion(uow: UnitOfWork, client_id: str, platform: str, post_id: str) -> bool:
    deleted = await uow.execute(
        "DELETE FROM task_post_exclusions WHERE lower(btrim(client_id)) = :c AND platform = :p"
        " AND btrim(content_id) = :id RETURNING exclusion_id",
        {"c": client_key(client_id), "p": platform, "id": post_id},
    )
    return deleted.first() is not None


async def register_instagram_post(
    deps: IngestDeps,
    client_id: str,
    link: str,
    *,
    input_time: datetime | None = None,
    now: datetime | None = None,
) -> ManualRegistration:
    """ING-POST-8 `register_instagram_post` for one link or bare shortcode (share links resolved by the caller)."""
    now = now or now_wib()
    input_time = input_time or now
    shortcode = instagram_shortcode(link.strip())
    if not shortcode:
        raise ManualInputError("invalid_link", "bukan link post/reel Instagram")
    async with deps.db.uow() as uow:
        client = await _client_row(uow, client_id)
        khusus = await _owner_elsewhere(uow, "insta_post_khusus", "shortcode", shortcode, client_id)
        if khusus is not None:
            raise ManualInputError(
                "khusus_other_client",
                "link tugas khusus ini sudah didaftarkan satker lain; unggah konten di akun khusus satker sendiri",
                other_client_id=khusus["client_id"],
            )
        other = await _owner_elsewhere(uow, "insta_post", "shortcode", shortcode, client_id)
        if other is not None:
            name = other["nama"] or other["client_id"]
            raise ManualInputError(
                "other_client",
                f"sudah tercatat sebagai konten {name} pada {tgl_panjang(to_wib(other['created_at']))}",
                other_client_id=other["client_id"],
                other_client_name=name,
            )
    try:
        deps.social.instagram.require_key()
        item = await deps.social.instagram.post_info(shortcode)
    except (RapidApiError, RapidApiConfigError) as exc:
        raise _rapidapi_failure(exc) from exc
    if item is None:
        raise ManualInputError("post_not_found", "post tidak ditemukan, dihapus, atau privat")
    item = {**item, "code": shortcode}
    day = day_window(today_wib(now))
    assert day.start_utc is not None
    row = instagram_row(item, client["client_id"], source_type="manual_input", created_at=input_time, now=now)
    async with deps.db.uow() as uow:
        lifted = await _lift_exclusion(uow, client_id, "instagram", shortcode)
        await upsert_post(uow, "insta_post_khusus", row, day.start_utc)
        outcome = await upsert_post(uow, "insta_post", row, day.start_utc)
        if client_key(outcome.row["client_id"]) != client_key(client_id):
            # Another unit registered it between the check and the write: refuse, write nothing.
            raise ManualInputError("other_client", "sudah tercatat sebagai konten satker lain")
        await uow.execute(
            "INSERT INTO insta_post_clients (shortcode, client_id) VALUES (:s, :c) ON CONFLICT DO NOTHING",
            {"s": shortcode, "c": client["client_id"].strip().upper()},
        )
        await uow.commit()
    await invalidate_post_counts(deps.redis, client["client_id"])
    log.info(
        "manual_post_registered",
        extra={"platform": "instagram", "client_id": client["client_id"], "id": shortcode},
    )
    # ING-POST-8 step 7 / DIR-46.5: likes of this post only; a failure does not undo the post.
    likes = await refresh_posts_engagement(deps, "instagram_likes", client["client_id"], [shortcode], now=now)
    final = outcome.row
    return ManualRegistration(
        platform="instagram",
        client_id=client["client_id"],
        post_id=shortcode,
        status=_status(outcome, day.start_utc),
        created_at=final["created_at"].replace(tzinfo=UTC),
        original_created_at=final["original_created_at"] or taken_at(item),
        like_count=row["like_count"],
        comment_count=row["comment_count"],
        caption=row["caption"],
        exclusion_lifted=lifted,
        engagement=likes,
    )


async def register_tiktok_post(
    deps: IngestDeps,
    client_id: str,
    link: str,
    *,
    input_time: datetime | None = None,
    now: datetime | None = None,
) -> ManualRegistration:
    """ING-POST-8 `register_tiktok_post` for one direct link or bare id (short links resolved by the caller)."""
    now = now or now_wib()
    input_time = input_time or now
    video_id = tiktok_video_id(link.strip())
    if not video_id:
        raise ManualInputError("invalid_link", "format link/ID TikTok tidak dikenali")
    async with deps.db.uow() as uow:
        client = await _client_row(uow, client_id)
        other = await _owner_elsewhere(uow, "tiktok_post", "video_id", video_id, client_id)
        if other is not None:
            name = other["nama"] or other["client_id"]
            raise ManualInputError(
                "other_client",
                f"sudah terdaftar sebagai konten {name}",
                other_client_id=other["client_id"],
                other_client_name=name,
            )
    try:
        deps.social.tiktok.require_key()
        post = await deps.social.tiktok.post_detail(video_id)
    except RapidApiError as exc:
        if exc.kind == "bad_payload":
            raise ManualInputError("post_not_found", exc.message) from exc
        raise _rapidapi_failure(exc) from exc
    except RapidApiConfigError as exc:
        raise _rapidapi_failure(exc) from exc
    day = day_window(today_wib(now))
    assert day.start_utc is not None
    row = tiktok_row(post, client["client_id"], source_type="manual_input", created_at=input_time, now=now)
    row["video_id"] = video_id
    async with deps.db.uow() as uow:
        lifted = await _lift_exclusion(uow, client_id, "tiktok", video_id)
        outcome = await upsert_post(uow, "tiktok_post", row, day.start_utc)
        if client_key(outcome.row["client_id"]) != client_key(client_id):
            raise ManualInputError("other_client", "sudah terdaftar sebagai konten satker lain")
        await uow.commit()
    await invalidate_post_counts(deps.redis, client["client_id"])
    log.info(
        "manual_post_registered",
        extra={"platform": "tiktok", "client_id": client["client_id"], "id": video_id},
    )
    # DIR-47.4: comments of this video only; a failure does not undo the post.
    comments = await refresh_posts_engagement(
        deps, "tiktok_comments", client["client_id"], [video_id], now=now
    )
    final = outcome.row
    author = post.author or (client["client_tiktok"] or "").strip().lstrip("@").lower() or None
    return ManualRegistration(
        platform="tiktok",
        client_id=client["client_id"],
        post_id=video_id,
        status=_status(outcome, day.start_utc),
        created_at=final["created_at"].replace(tzinfo=UTC),
        original_created_at=final["original_created_at"] or post.create_time,
        like_count=post.like_count,
        comment_count=post.comment_count,
        caption=post.caption,
        exclusion_lifted=lifted,
        engagement=comments,
        author=author,
    )
