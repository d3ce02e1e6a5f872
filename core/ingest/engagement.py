"""Likes and comments ingestion (ING-ENG-1..6): fetch, union into the stored list, audit snapshot.

Stored lists hold handles in the one normal form (ING-GEN-1), so readers can match them without
re-normalising rows Cicero wrote; legacy elements are normalised the first time a row is merged.
A list is the union of what it held and what the provider returned (ING-ENG-2): it never shrinks
and never receives a handle the provider did not return (exception personnel are not injected,
spec/README.md decision 7).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from core.db import Database
from core.ingest.context import IngestDeps
from core.ingest.selection import client_key, task_post_ids
from core.social.handles import normalize_handle
from core.social.paging import Paged
from core.social.rapidapi import RapidApiConfigError
from core.timewindow import day_window, now_wib, today_wib, utc_naive

log = logging.getLogger(__name__)

Kind = Literal["instagram_likes", "instagram_comments", "tiktok_comments"]


@dataclass(frozen=True)
class Store:
    table: str
    column: str
    key: str
    audit: str | None
    platform: Literal["instagram", "tiktok"]
    post_table: str


STORES: dict[str, Store] = {
    "instagram_likes": Store(
        "insta_like", "likes", "shortcode", "insta_like_audit", "instagram", "insta_post"
    ),
    "instagram_comments": Store("insta_comment", "comments", "shortcode", None, "instagram", "insta_post"),
    "tiktok_comments": Store(
        "tiktok_comment", "comments", "video_id", "tiktok_comment_audit", "tiktok", "tiktok_post"
    ),
}


@dataclass
class PostEngagement:
    post_id: str
    ok: bool
    reason: str | None = None
    observed: int = 0
    stored: int = 0
    fatal: bool = False
    # The shape of an answer that proved nothing (throttled/empty, statusCode≠0, HTML; issue 15).
    inconclusive: str | None = None


@dataclass
class EngagementSummary:
    """Per-post outcomes of one refresh (`Berhasil` = ok, `Gagal` = failed, ING-ENG-5)."""

    kind: Kind
    client_id: str
    posts: list[PostEngagement] = field(default_factory=list)
    manual_only: bool = False

    @property
    def ok_count(self) -> int:
        return sum(1 for p in self.posts if p.ok)

    @property
    def failed(self) -> list[PostEngagement]:
        return [p for p in self.posts if not p.ok]

    def text(self) -> str:
        """The ING-ENG-5 summary line, or the no-posts line."""
        cid = self.client_id.strip().upper()
        manual = " manual" if self.manual_only else ""
        if not self.posts:
            what = "TikTok" if self.kind == "tiktok_comments" else "IG"
            return f"Tidak ada konten {what}{manual} hari ini untuk client {cid}."
        label = {
            "instagram_likes": "likes IG",
            "instagram_comments": "komentar IG",
            "tiktok_comments": "komentar TikTok",
        }[self.kind]
        return f"✅ Selesai fetch {label} client {cid}. Berhasil: {self.ok_count}, Gagal: {len(self.failed)}"


class EngagementMemo:
    """Within one fetch run a post's likes/comments are fetched at most once (ING-POST-2)."""

    def __init__(self) -> None:
        self._tasks: dict[tuple[str, str], asyncio.Future[PostEngagement]] = {}

    async def once(
        self, kind: str, post_id: str, work: Callable[[], Awaitable[PostEngagement]]
    ) -> PostEngagement:
        task = self._tasks.get((kind, post_id))
        if task is None:
            task = self._tasks[(kind, post_id)] = asyncio.ensure_future(work())
        return await task


# --- storage ------------------------------------------------------------------------------------


def union_handles(stored: Any, observed: Sequence[str]) -> list[str]:
    """ING-ENG-2: stored (normalised, de-duplicated, stored order) then new observed handles."""
    if isinstance(stored, str):
        try:
            stored = json.loads(stored)
        except ValueError:
            stored = [stored]
    merged: dict[str, None] = {}
    for value in stored if isinstance(stored, list) else []:
        handle = normalize_handle(value)
        if handle:
            merged.setdefault(handle, None)
    for handle in observed:
        merged.setdefault(handle, None)
    return list(merged)


async def merge_observed(
    deps: IngestDeps, store: Store, post_id: str, observed: Sequence[str], now: datetime
) -> int:
    """Union `observed` into the stored list of one post in one transaction; returns the stored size."""
    params = {"id": post_id, "now": utc_naive(now)}
    async with deps.db.uow() as uow:
        # The row exists after this statement, so the FOR UPDATE below serialises concurrent merges.
        await uow.execute(
            f"INSERT INTO {store.table} ({store.key}, {store.column}, updated_at)"  # noqa: S608 - fixed names
            f" VALUES (:id, '[]'::jsonb, :now) ON CONFLICT ({store.key}) DO NOTHING",
            params,
        )
        row = (
            await uow.execute(
                f"SELECT {store.column} FROM {store.table} WHERE {store.key} = :id FOR UPDATE",  # noqa: S608
                params,
            )
        ).first()
        merged = union_handles(row[0] if row else [], observed)
        await uow.execute(
            f"UPDATE {store.table} SET {store.column} = CAST(:v AS jsonb), updated_at = :now"  # noqa: S608
            f" WHERE {store.key} = :id",
            {**params, "v": json.dumps(merged)},
        )
        await uow.commit()
    return len(merged)


async def insert_audit(
    deps: IngestDeps, store: Store, post_id: str, observed: Sequence[str], now: datetime
) -> None:
    """ING-ENG-6: one snapshot of the observed set; a failure is logged and never fails the post."""
    if store.audit is None:
        return
    start = now - timedelta(minutes=deps.settings.engagement_audit_window_min)
    try:
        async with deps.db.uow() as uow:
            await uow.execute(
                f"INSERT INTO {store.audit} ({store.key}, usernames, snapshot_window_start,"  # noqa: S608
                " snapshot_window_end, captured_at) VALUES (:id, CAST(:u AS jsonb), :start, :now, :now)",
                {"id": post_id, "u": json.dumps(list(observed)), "start": start, "now": now},
            )
            await uow.commit()
    except Exception:  # noqa: BLE001
        log.exception("engagement_audit_failed", extra={"table": store.audit, "post_id": post_id})


# --- one post -----------------------------------------------------------------------------------


_COUNT_COLUMN = {
    "instagram_likes": "like_count",
    "instagram_comments": "comment_count",
    "tiktok_comments": "comment_count",
}


async def _expects_engagement(deps: IngestDeps, kind: Kind, post_id: str) -> bool:
    """Whether the post's stored count says it has likes/comments, so that an empty first page is
    a throttling answer to retry rather than "nobody yet" (../shared/notes/rapidapi.md)."""
    store = STORES[kind]
    async with deps.db.uow() as uow:
        row = (
            await uow.execute(
                f"SELECT {_COUNT_COLUMN[kind]} FROM {store.post_table} WHERE {store.key} = :id",  # noqa: S608
                {"id": post_id},
            )
        ).first()
    return bool(row and row[0] and row[0] > 0)


async def _page(deps: IngestDeps, kind: Kind, post_id: str) -> Paged[str]:
    expect = await _expects_engagement(deps, kind, post_id)
    if kind == "instagram_likes":
        return await deps.social.instagram.ig_likes(post_id, expect)
    if kind == "instagram_comments":
        return await deps.social.instagram.ig_comments(post_id, expect)
    return await deps.social.tiktok.comments(post_id, expect)


async def refresh_post(deps: IngestDeps, kind: Kind, post_id: str, now: datetime) -> PostEngagement:
    """ING-ENG-1 steps 1–4 for one post."""
    store = STORES[kind]
    try:
        paged = await _page(deps, kind, post_id)
    except RapidApiConfigError as exc:
        return PostEngagement(post_id, False, exc.message, fatal=True)
    outcome = PostEngagement(post_id, paged.ok, observed=len(paged.items))
    try:
        # The usernames collected before an error are still merged (ING-ENG-1 step 4); an answer
        # without usernames leaves the stored row untouched (ING-ENG-2, issue 15).
        if paged.items:
            outcome.stored = await merge_observed(deps, store, post_id, paged.items, now)
    except Exception as exc:  # noqa: BLE001 - e.g. the post was removed meanwhile (FK)
        log.exception("engagement_merge_failed", extra={"kind": kind, "post_id": post_id})
        return PostEngagement(post_id, False, f"gagal menyimpan: {type(exc).__name__}")
    if paged.error is not None:
        outcome.reason = paged.error.reason
        outcome.fatal = paged.error.stops_everything
        if paged.error.inconclusive:
            outcome.inconclusive = paged.error.shape or paged.error.kind
        log.warning(
            "engagement_fetch_failed",
            extra={
                "kind": kind,
                "post_id": post_id,
                "error_kind": paged.error.kind,
                "status": paged.error.status,
                "shape": paged.error.shape,
            },
        )
    elif paged.items:
        # ING-ENG-6 step 3: only a paging that returned usernames and ended without error is a
        # snapshot; an empty or list-less answer would tell complaint triage "nobody" (issue 15).
        await insert_audit(deps, store, post_id, paged.items, now)
    return outcome


async def _refresh_many(
    deps: IngestDeps,
    kind: Kind,
    post_ids: Sequence[str],
    now: datetime,
    memo: EngagementMemo | None,
) -> list[PostEngagement]:
    """Posts concurrently, at most FETCH_POST_CONCURRENCY at a time, inside the provider limit.

    A key or quota failure stops the remaining posts, which count as failed with that reason.
    """
    slots = asyncio.Semaphore(max(1, deps.settings.fetch_post_concurrency))
    stop: list[str] = []

    async def one(post_id: str) -> PostEngagement:
        async with slots:
            if stop:
                return PostEngagement(post_id, False, stop[0])
            work = lambda: refresh_post(deps, kind, post_id, now)  # noqa: E731
            outcome = await (memo.once(kind, post_id, work) if memo else work())
            if outcome.fatal and not stop:
                stop.append(outcome.reason or "RapidAPI berhenti")
            return outcome

    return list(await asyncio.gather(*(one(p) for p in post_ids)))


# --- entry points for runs and menus ------------------------------------------------------------


async def _is_directorate(deps: IngestDeps, client_id: str) -> bool:
    async with deps.db.uow() as uow:
        row = (
            await uow.execute(
                "SELECT lower(btrim(client_type)) FROM clients WHERE lower(btrim(client_id)) = :c",
                {"c": client_key(client_id)},
            )
        ).first()
    return bool(row and row[0] == "direktorat")


async def refresh_client_engagement(
    deps: IngestDeps,
    kind: Kind,
    client_id: str,
    *,
    manual_only: bool = False,
    now: datetime | None = None,
    memo: EngagementMemo | None = None,
    directorate: bool | None = None,
) -> EngagementSummary:
    """Refresh one kind of engagement for the client's task posts of today (ING-ENG-1/3/4).

    `manual_only=True` selects today's manual posts only (menus 50–52, DIR-50.0).
    """
    now = now or now_wib()
    day = day_window(today_wib(now))
    if directorate is None:
        directorate = await _is_directorate(deps, client_id)
    async with deps.db.uow() as uow:
        ids = await task_post_ids(
            uow, client_id, STORES[kind].platform, day, directorate=directorate, manual_only=manual_only
        )
    summary = EngagementSummary(kind, client_id, manual_only=manual_only)
    summary.posts = await _refresh_many(deps, kind, ids, now, memo)
    log.info(
        "engagement_refreshed",
        extra={"kind": kind, "client_id": client_id, "posts": len(ids), "ok": summary.ok_count},
    )
    return summary


async def refresh_posts_engagement(
    deps: IngestDeps, kind: Kind, client_id: str, post_ids: Sequence[str], *, now: datetime | None = None
) -> EngagementSummary:
    """Refresh the given stored posts only (DIR-46.5, DIR-47.4), whatever their date."""
    now = now or now_wib()
    store = STORES[kind]
    async with deps.db.uow() as uow:
        rows = await uow.execute(
            f"SELECT {store.key} FROM {store.post_table} WHERE {store.key} = ANY(:ids)",  # noqa: S608
            {"ids": list(post_ids)},
        )
        known = {r[0] for r in rows}
    ordered = [p for p in dict.fromkeys(post_ids) if p in known]
    summary = EngagementSummary(kind, client_id)
    summary.posts = await _refresh_many(deps, kind, ordered, now, None)
    summary.posts += [
        PostEngagement(p, False, "post belum tersimpan") for p in dict.fromkeys(post_ids) if p not in known
    ]
    return summary


# --- audit readers (ING-ENG-6) ------------------------------------------------------------------


async def latest_audit(
    deps_db: Database,
    kind: Literal["instagram_likes", "tiktok_comments"],
    post_ids: Sequence[str],
    since: datetime,
) -> dict[str, list[str]]:
    """Per post, the usernames of the newest snapshot captured at or after `since`, re-normalised."""
    store = STORES[kind]
    async with deps_db.uow() as uow:
        result = await uow.execute(
            f"SELECT DISTINCT ON ({store.key}) {store.key}, usernames FROM {store.audit}"  # noqa: S608
            f" WHERE {store.key} = ANY(:ids) AND captured_at >= :since"
            f" ORDER BY {store.key}, captured_at DESC, audit_id DESC",
            {"ids": list(post_ids), "since": since},
        )
        return {row[0]: union_handles(row[1], []) for row in result}


async def purge_audits(deps_db: Database, retention_days: int, now: datetime | None = None) -> int:
    """Delete snapshots older than the retention (the daily purge job of 40-jobs-delivery)."""
    cutoff = (now or now_wib()) - timedelta(days=retention_days)
    removed = 0
    async with deps_db.uow() as uow:
        for table in ("insta_like_audit", "tiktok_comment_audit"):
            result = await uow.execute(
                f"DELETE FROM {table} WHERE captured_at < :cutoff",  # noqa: S608 - fixed names
                {"cutoff": cutoff},
            )
            removed += result.rowcount or 0
        await uow.commit()
    return removed
