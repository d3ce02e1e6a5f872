"""Official post fetch of one client per platform (ING-POST-4, ING-POST-5, ING-API-12, ING-POST-10).

Deletion needs positive evidence (issue 15, tightening ING-POST-10 step 1): a stored post of today
is removed only when the same run's listing ended without error, covered today, and returned at
least one of today's posts, and that post is not among them. Throttling answers (a 200 with no
list or an empty one), `statusCode`≠0, HTML or container-less 200s are inconclusive sources: they
are logged with their shape and reported in `PostStepResult.inconclusive`, and change nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from core.db import UnitOfWork
from core.ingest.context import ClientAccounts, IngestDeps
from core.ingest.extended import store_extended_items
from core.ingest.locks import invalidate_post_counts, load_deferred, store_deferred
from core.ingest.posts import (
    MANUAL_SQL,
    UpsertOutcome,
    delete_instagram_posts,
    delete_tiktok_posts,
    instagram_row,
    tiktok_row,
    upsert_post,
)
from core.ingest.selection import client_key, excluded_ids, task_post_ids
from core.social.instagram import taken_at
from core.social.rapidapi import RapidApiError
from core.social.tiktok import PostList
from core.timewindow import Window, all_time_window, day_window, today_wib

log = logging.getLogger(__name__)

Platform = Literal["instagram", "tiktok"]


@dataclass
class PostStepResult:
    """What one platform post fetch did for one client (part of `FetchRunResult`, ING-POST-2)."""

    platform: Platform
    returned: int = 0
    today_items: int = 0
    inserted: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unlinked: list[str] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)
    complete: bool = False
    source: str | None = None
    malformed: int = 0
    error: str | None = None
    # The shape of the answer that ended the listing when it proved nothing (issue 15).
    inconclusive: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def note(self, outcome: UpsertOutcome) -> None:
        getattr(self, outcome.status).append(outcome.key)

    def failed_with(self, error: RapidApiError, client_id: str) -> None:
        self.error = error.message
        if error.inconclusive:
            self.inconclusive = error.shape or error.kind
            log.warning(
                "fetch_source_inconclusive",
                extra={
                    "client_id": client_id,
                    "platform": self.platform,
                    "endpoint": error.endpoint,
                    "shape": self.inconclusive,
                    "attempts": error.attempts,
                },
            )


def today_start_aware(day: Window) -> datetime:
    assert day.start_utc is not None
    return day.start_utc.replace(tzinfo=UTC)


def _in_day(when: datetime | None, day: Window) -> bool:
    return when is not None and day.contains_instant(when)


# A history run (ING-POST-2 P2) pages back to the page caps: no item is ever older than this.
HISTORY_START = datetime(1970, 1, 1, tzinfo=UTC)


def kept_window(day: Window, history: bool) -> tuple[Window, datetime]:
    """The dates whose items are stored and the instant older than which paging stops: today's
    (ING-POST-4/5), or, for a history run, every date up to today and no early stop."""
    if history:
        return all_time_window(day.last_date), HISTORY_START
    return day, today_start_aware(day)


# --- Instagram (ING-POST-4) ----------------------------------------------------------------------


async def fetch_instagram_posts(
    deps: IngestDeps, client: ClientAccounts, now: datetime, *, history: bool = False
) -> PostStepResult:
    day = day_window(today_wib(now))
    keep, stop = kept_window(day, history)
    result = PostStepResult("instagram")
    assert client.insta is not None
    paged = await deps.social.instagram.ig_posts(client.insta, stop)
    result.returned = len(paged.items)
    result.complete = paged.complete
    returned_ids = {str(i["code"]) for i in paged.items if i.get("code")}
    todays = [i for i in paged.items if i.get("code") and _in_day(taken_at(i), keep)]
    result.today_items = len(todays)
    async with deps.db.uow() as uow:
        excluded = await excluded_ids(uow, client.client_id, "instagram")
        # Sorted so concurrent runs lock shared rows in the same order.
        for item in sorted(todays, key=lambda i: str(i["code"])):
            code = str(item["code"])
            if code in excluded:
                result.excluded.append(code)
                continue
            published = taken_at(item)
            assert published is not None
            row = instagram_row(
                item, client.client_id, source_type="cron_fetch", created_at=published, now=now
            )
            assert day.start_utc is not None
            result.note(await upsert_post(uow, "insta_post", row, day.start_utc))
            await uow.execute(
                "INSERT INTO insta_post_clients (shortcode, client_id) VALUES (:s, :c) ON CONFLICT DO NOTHING",
                {"s": code, "c": client.client_id.strip().upper()},
            )
        await uow.commit()
    # ING-POST-14 (P2): after the commit, each in its own transaction; its errors are only logged.
    skipped = set(result.excluded)
    await store_extended_items(deps, [i for i in todays if str(i["code"]) not in skipped], client.client_id)
    if paged.error is not None:
        result.failed_with(paged.error, client.client_id)
    elif paged.complete and todays and not history:  # a history run never deletes (ING-POST-2 P2)
        await _vanish_instagram(deps, client, day, returned_ids, result)
    if result.inserted or result.deleted or result.unlinked:
        await invalidate_post_counts(deps.redis, client.client_id)
    return result


_IG_OWNED_CANDIDATES = f"""
SELECT shortcode FROM insta_post
WHERE lower(btrim(client_id)) = :c AND created_at >= :lo AND created_at < :hi
  AND NOT ({MANUAL_SQL.format(col="source_type")}) AND NOT (shortcode = ANY(:returned))
"""  # noqa: S608 - constant fragments only
_IG_LINKED_CANDIDATES = """
SELECT pc.shortcode FROM insta_post_clients pc JOIN insta_post p ON p.shortcode = pc.shortcode
WHERE lower(btrim(pc.client_id)) = :c AND lower(btrim(p.client_id)) <> :c
  AND p.created_at >= :lo AND p.created_at < :hi AND NOT (pc.shortcode = ANY(:returned))
"""


async def _vanish_instagram(
    deps: IngestDeps, client: ClientAccounts, day: Window, returned: set[str], result: PostStepResult
) -> None:
    params = {
        "c": client_key(client.client_id),
        "lo": day.start_utc,
        "hi": day.end_utc,
        "returned": list(returned),
    }
    async with deps.db.uow() as uow:
        owned = {r[0] for r in await uow.execute(_IG_OWNED_CANDIDATES, params)}
        linked = {r[0] for r in await uow.execute(_IG_LINKED_CANDIDATES, params)}
        total = len(await task_post_ids(uow, client.client_id, "instagram", day))
        remove = await _guarded(deps, "instagram", client, day, owned | linked, total, result)
        await delete_instagram_posts(uow, sorted(owned & remove))
        if linked & remove:
            await uow.execute(
                "DELETE FROM insta_post_clients WHERE shortcode = ANY(:ids) AND lower(btrim(client_id)) = :c",
                {"ids": sorted(linked & remove), "c": params["c"]},
            )
        await uow.commit()
    result.deleted = sorted(owned & remove)
    result.unlinked = sorted(linked & remove)


async def _guarded(
    deps: IngestDeps,
    platform: Platform,
    client: ClientAccounts,
    day: Window,
    candidates: set[str],
    total_today: int,
    result: PostStepResult,
) -> set[str]:
    """ING-POST-10 step 3: the candidates this run may delete; a mass deletion is deferred instead."""
    day_date = day.start_date
    assert day_date is not None
    deferred = await load_deferred(deps.redis, platform, client.client_id, day_date)
    confirmed = candidates & deferred if deferred else set()
    fresh = candidates - confirmed
    settings = deps.settings
    mass = len(fresh) >= settings.fetch_delete_guard_min and len(
        fresh
    ) * 100 > settings.fetch_delete_guard_percent * max(total_today, 1)
    if not mass:
        await store_deferred(deps.redis, platform, client.client_id, day_date, set())
        return candidates
    log.warning(
        "fetch_mass_deletion_deferred",
        extra={
            "client_id": client.client_id,
            "platform": platform,
            "candidates": sorted(fresh),
            "today_posts": total_today,
            "admin_alert": True,
        },
    )
    result.deferred = sorted(fresh)
    if deferred is not None:
        await store_deferred(deps.redis, platform, client.client_id, day_date, fresh)
    return confirmed


# --- TikTok (ING-POST-5, ING-API-12) -------------------------------------------------------------


async def _resolve_secuid(deps: IngestDeps, client: ClientAccounts, *, fresh: bool = False) -> str | None:
    """The client's secUid: stored, else looked up by handle (`api/user/info`) and persisted.

    `fresh=True` asks the provider again (the "missing required params" answer, issue 15)."""
    if client.tiktok_secuid and not fresh:
        return client.tiktok_secuid
    if not client.tiktok:
        return None
    try:
        profile = await deps.social.tiktok.user_info(client.tiktok, fresh=fresh)
    except RapidApiError as exc:
        # ING-API-12 step 1: a failed resolution skips the secUid source, not the client.
        log.warning(
            "tiktok_secuid_unresolved",
            extra={"client_id": client.client_id, "kind": exc.kind, "shape": exc.shape},
        )
        return None
    secuid = profile.get("secUid")
    if not isinstance(secuid, str) or not secuid:
        return None
    async with deps.db.uow() as uow:
        await uow.execute(
            "UPDATE clients SET tiktok_secuid = :s WHERE client_id = :id",
            {"s": secuid, "id": client.client_id},
        )
        await uow.commit()
    return secuid


async def tiktok_post_list(
    deps: IngestDeps, client: ClientAccounts, day: Window, start: datetime
) -> PostList | None:
    """ING-API-12: the sources in order, stopping at the first with an item dated in `day`
    (today, or every date for a history run); `start` is the older-item stop of the paging.

    `api/user/posts` needs a secUid (../shared/notes/rapidapi.md), so the handle source is tried
    only while no secUid is known, and its "missing required params" answer means: resolve the
    secUid again and list with it (issue 15). Returns the chosen list, or None when there was no
    source at all.
    """
    tiktok = deps.social.tiktok
    tried: list[PostList] = []
    ident: dict[str, str] = {}
    secuid = await _resolve_secuid(deps, client)
    if secuid:
        ident = {"secUid": secuid}
        tried.append(await tiktok.posts_by_secuid(secuid, start))
    elif client.tiktok:
        ident = {"uniqueId": client.tiktok, "username": client.tiktok}
        by_handle = await tiktok.posts_by_handle(client.tiktok, start)
        tried.append(by_handle)
        if by_handle.missing_secuid:
            secuid = await _resolve_secuid(deps, client, fresh=True)
            if secuid:
                ident = {"secUid": secuid}
                tried.append(await tiktok.posts_by_secuid(secuid, start))
    if not _has_today(tried, day) and tiktok.has_fallback and ident:
        tried.append(await tiktok.fallback_posts(ident, start))
    for candidate in tried:
        if any(_in_day(p.create_time, day) for p in candidate.paged.items):
            return candidate
    return next((c for c in tried if c.paged.ok), None) or (tried[-1] if tried else None)


def _has_today(tried: list[PostList], day: Window) -> bool:
    return any(_in_day(p.create_time, day) for c in tried for p in c.paged.items)


async def fetch_tiktok_posts(
    deps: IngestDeps, client: ClientAccounts, now: datetime, *, history: bool = False
) -> PostStepResult:
    day = day_window(today_wib(now))
    keep, stop = kept_window(day, history)
    result = PostStepResult("tiktok")
    chosen = await tiktok_post_list(deps, client, keep, stop)
    if chosen is None:
        result.error = "akun TikTok tidak punya sumber data"
        return result
    result.source = chosen.source
    result.malformed = chosen.malformed
    result.returned = len(chosen.paged.items)
    result.complete = chosen.paged.complete
    if chosen.paged.error is not None and not chosen.paged.items:
        result.failed_with(chosen.paged.error, client.client_id)
        return result
    returned_ids = {p.video_id for p in chosen.paged.items}
    # An item without a usable time is skipped, never stored as "now" (ING-POST-5).
    todays = sorted((p for p in chosen.paged.items if _in_day(p.create_time, keep)), key=lambda p: p.video_id)
    result.today_items = len(todays)
    async with deps.db.uow() as uow:
        excluded = await excluded_ids(uow, client.client_id, "tiktok")
        for post in todays:
            if post.video_id in excluded:
                result.excluded.append(post.video_id)
                continue
            assert post.create_time is not None and day.start_utc is not None
            row = tiktok_row(
                post, client.client_id, source_type="cron_fetch", created_at=post.create_time, now=now
            )
            result.note(await upsert_post(uow, "tiktok_post", row, day.start_utc))
        await uow.commit()
    if chosen.paged.error is not None:
        result.failed_with(chosen.paged.error, client.client_id)
    elif chosen.paged.complete and todays and not history:
        await _vanish_tiktok(deps, client, day, returned_ids, result)
    if result.inserted or result.deleted:
        await invalidate_post_counts(deps.redis, client.client_id)
    return result


_TT_CANDIDATES = f"""
SELECT video_id FROM tiktok_post
WHERE lower(btrim(client_id)) = :c AND created_at >= :lo AND created_at < :hi
  AND NOT ({MANUAL_SQL.format(col="source_type")}) AND NOT (video_id = ANY(:returned))
"""  # noqa: S608 - constant fragments only


async def _vanish_tiktok(
    deps: IngestDeps, client: ClientAccounts, day: Window, returned: set[str], result: PostStepResult
) -> None:
    # ING-POST-10 *fixed*: only this client's rows are candidates, never other clients' posts.
    params = {
        "c": client_key(client.client_id),
        "lo": day.start_utc,
        "hi": day.end_utc,
        "returned": list(returned),
    }
    async with deps.db.uow() as uow:
        owned = {r[0] for r in await uow.execute(_TT_CANDIDATES, params)}
        total = len(await task_post_ids(uow, client.client_id, "tiktok", day))
        remove = await _guarded(deps, "tiktok", client, day, owned, total, result)
        await delete_tiktok_posts(uow, sorted(owned & remove))
        await uow.commit()
    result.deleted = sorted(owned & remove)


async def count_today(uow: UnitOfWork, client: ClientAccounts, platform: Platform, day: Window) -> int:
    return len(await task_post_ids(uow, client.client_id, platform, day, directorate=client.is_directorate))
