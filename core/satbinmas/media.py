"""DIR-37 / DIR-39: today's content of every active official account of the `org` jajaran, one
account at a time, upserted into `satbinmas_official_media` (never the legacy hashtag/mention or
`satbinmas_tiktok_*` tables, DB-4).

Provider rule (../shared/notes/rapidapi.md, issue 15): a stored item of today is removed only when
the same run's listing ended without error, covered today and returned at least one of today's
items; an empty or throttled listing proves nothing and changes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from core.db import UnitOfWork
from core.ingest.context import IngestDeps
from core.satbinmas.accounts import Account, Platform, active_accounts, org_units
from core.social.instagram import taken_at
from core.social.rapidapi import RapidApiConfigError, RapidApiError
from core.social.tiktok import TikTokPost
from core.timewindow import Window, day_window

log = logging.getLogger(__name__)


@dataclass
class AccountOutcome:
    account: Account
    stored: int = 0
    removed: int = 0
    error: str | None = None  # the one-line reason of a failed account


@dataclass
class MediaRun:
    platform: Platform
    units: int = 0
    outcomes: list[AccountOutcome] = field(default_factory=list)
    fatal: str | None = None  # nothing could be fetched at all (missing key)

    @property
    def failed(self) -> list[AccountOutcome]:
        return [o for o in self.outcomes if o.error]

    @property
    def total_failure(self) -> bool:
        return self.fatal is not None or (bool(self.outcomes) and len(self.failed) == len(self.outcomes))


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None and value != "" and not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None


def _first_url(versions: Any) -> str | None:
    if isinstance(versions, dict):
        versions = versions.get("items") or versions.get("candidates")
    if isinstance(versions, list) and versions and isinstance(versions[0], dict):
        return versions[0].get("url")
    return None


def instagram_row(item: dict[str, Any], when: datetime) -> dict[str, Any]:
    """One Instagram item (social-api4 shape) as a `satbinmas_official_media` row."""
    caption = item.get("caption")
    text = caption.get("text") if isinstance(caption, dict) else caption if isinstance(caption, str) else None
    media_type = item.get("media_type")
    is_video = item.get("is_video") is True or media_type == 2
    return {
        "media_id": str(item.get("id") or item.get("pk") or item.get("code")),
        "code": item.get("code"),
        "media_type": str(media_type) if media_type is not None else None,
        "product_type": item.get("product_type"),
        "taken_at": when,
        "caption_text": text,
        "like_count": _int(item.get("like_count")),
        "comment_count": _int(item.get("comment_count")),
        "view_count": _int(item.get("view_count")),
        "play_count": _int(item.get("play_count")),
        "save_count": _int(item.get("save_count")),
        "share_count": _int(item.get("share_count")),
        "width": _int(item.get("original_width")),
        "height": _int(item.get("original_height")),
        "thumbnail_url": item.get("thumbnail_url"),
        "media_url": item.get("display_url") or _first_url(item.get("image_versions")),
        "video_url": item.get("video_url") or _first_url(item.get("video_versions")),
        "duration_seconds": item.get("video_duration"),
        "is_album": media_type == 8 or bool(item.get("carousel_media")),
        "is_video": is_video,
    }


def tiktok_row(post: TikTokPost, when: datetime) -> dict[str, Any]:
    return {
        "media_id": post.video_id,
        "code": post.video_id,
        "media_type": "video",
        "product_type": None,
        "taken_at": when,
        "caption_text": post.caption,
        "like_count": post.like_count,
        "comment_count": post.comment_count,
        "view_count": None,
        "play_count": None,
        "save_count": None,
        "share_count": None,
        "width": None,
        "height": None,
        "thumbnail_url": None,
        "media_url": None,
        "video_url": None,
        "duration_seconds": None,
        "is_album": False,
        "is_video": True,
    }


_COLUMNS = (
    "media_id", "code", "media_type", "product_type", "taken_at", "caption_text", "like_count",
    "comment_count", "view_count", "play_count", "save_count", "share_count", "width", "height",
    "thumbnail_url", "media_url", "video_url", "duration_seconds", "is_album", "is_video",
)  # fmt: skip
_UPDATED = ", ".join(f"{c} = EXCLUDED.{c}" for c in _COLUMNS if c not in ("media_id", "taken_at"))
# Column names are the constants above, never input.
_UPSERT = (
    "INSERT INTO satbinmas_official_media (satbinmas_account_id, client_id, username, fetched_for_date, "  # noqa: S608
    + ", ".join(_COLUMNS)
    + ") VALUES (:account_id, :client_id, :username, :fetched_for_date, "
    + ", ".join(f":{c}" for c in _COLUMNS)
    + ") ON CONFLICT ON CONSTRAINT satbinmas_official_media_unique DO UPDATE SET "
    + _UPDATED
    + ", satbinmas_account_id = EXCLUDED.satbinmas_account_id, fetched_for_date = EXCLUDED.fetched_for_date,"
    " updated_at = now()"
)


async def _write(
    uow: UnitOfWork, acc: Account, rows: list[dict[str, Any]], day: Window, today: date, *, prune: bool
) -> int:
    """Upsert today's rows; with positive evidence (`prune`), drop today's stored items not returned."""
    for row in rows:
        await uow.execute(
            _UPSERT,
            {**row, "account_id": acc.account_id, "client_id": acc.client_id, "username": acc.username,
             "fetched_for_date": today},
        )  # fmt: skip
    if not prune:
        return 0
    assert day.start_utc is not None
    gone = await uow.execute(
        "DELETE FROM satbinmas_official_media WHERE satbinmas_account_id = :a"
        " AND taken_at >= :lo AND taken_at < :hi AND NOT (media_id = ANY(:kept))",
        {"a": acc.account_id, "lo": day.start_utc.replace(tzinfo=UTC), "hi": day.end_utc.replace(tzinfo=UTC),
         "kept": [r["media_id"] for r in rows]},
    )  # fmt: skip
    return gone.rowcount or 0


async def _instagram(deps: IngestDeps, acc: Account, day: Window) -> tuple[list[dict[str, Any]], bool]:
    assert day.start_utc is not None
    paged = await deps.social.instagram.ig_posts(acc.username, day.start_utc.replace(tzinfo=UTC))
    if paged.error is not None:
        raise paged.error
    rows = []
    for item in paged.items:
        when = taken_at(item)
        if when is not None and day.contains_instant(when):
            rows.append(instagram_row(item, when))
    return rows, paged.complete


async def _secuid(deps: IngestDeps, acc: Account) -> str:
    """The stored secUid, else resolved from the username and stored (../shared/notes/rapidapi.md:
    `api/user/posts` needs it)."""
    if acc.secuid:
        return acc.secuid
    profile = await deps.social.tiktok.user_info(acc.username)
    secuid = str(profile.get("secUid") or "").strip()
    if not secuid:
        raise RapidApiError(
            platform="tiktok", endpoint="api/user/info", kind="bad_payload", shape="no secUid"
        )
    async with deps.db.uow() as uow:
        await store_secuid(uow, acc, secuid)
        await uow.commit()
    return secuid


async def store_secuid(uow: UnitOfWork, acc: Account, secuid: str) -> None:
    await uow.execute(
        "UPDATE satbinmas_official_accounts SET secuid = :s, updated_at = now() WHERE satbinmas_account_id = :a",
        {"s": secuid, "a": acc.account_id},
    )


async def _tiktok(deps: IngestDeps, acc: Account, day: Window) -> tuple[list[dict[str, Any]], bool]:
    assert day.start_utc is not None
    listing = await deps.social.tiktok.posts_by_secuid(
        await _secuid(deps, acc), day.start_utc.replace(tzinfo=UTC)
    )
    if listing.paged.error is not None:
        raise listing.paged.error
    rows = [
        tiktok_row(p, p.create_time)
        for p in listing.paged.items
        if p.create_time is not None and day.contains_instant(p.create_time)
    ]
    return rows, listing.paged.complete


async def fetch_official_media(
    deps: IngestDeps, directorate_id: str | None, platform: Platform, today: date
) -> MediaRun:
    """Today's content of every active official account of `platform` of the directorate's jajaran."""
    day = day_window(today)
    async with deps.db.uow() as uow:
        units = await org_units(uow, directorate_id)
        accounts = await active_accounts(uow, units, platform)
    run = MediaRun(platform, units=len(units))
    for acc in accounts:  # one account at a time (20-dirrequest.md: RapidAPI pacing of 30)
        outcome = AccountOutcome(acc)
        run.outcomes.append(outcome)
        try:
            rows, complete = await (_instagram if platform == "instagram" else _tiktok)(deps, acc, day)
        except RapidApiConfigError as exc:
            run.fatal = exc.message
            return run
        except RapidApiError as exc:
            outcome.error = exc.reason
            log.warning(
                "satbinmas_media_failed",
                extra={"client_id": acc.client_id, "platform": platform, "error": exc.message},
            )
            continue
        async with deps.db.uow() as uow:
            outcome.removed = await _write(uow, acc, rows, day, today, prune=complete and bool(rows))
            await uow.commit()
        outcome.stored = len(rows)
    return run
