"""The fetch run (ING-POST-2): the one entry point of the scheduled job, the menus and `cicero fetch`.

`run_fetch` selects clients, takes the locks, processes clients concurrently and returns a
`FetchRunResult`; `fetch_client` is the per-client unit (steps a–e, each isolated) that the job
runner may also call on its own (40-jobs-delivery WRK-1). The task broadcast (step f) belongs to
the job and reads `FetchRunResult`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from core.ingest.context import ClientAccounts, IngestDeps, UnknownClientError, load_clients
from core.ingest.engagement import EngagementMemo, EngagementSummary, Kind, refresh_client_engagement
from core.ingest.locks import FetchLockBusy, client_fetch_lock, global_fetch_lock
from core.ingest.official import PostStepResult, count_today, fetch_instagram_posts, fetch_tiktok_posts
from core.social.rapidapi import RapidApiConfigError, RapidApiError
from core.timewindow import day_window, now_wib, today_wib

log = logging.getLogger(__name__)

Platform = Literal["instagram", "tiktok"]
ALL_PLATFORMS: frozenset[Platform] = frozenset({"instagram", "tiktok"})
# Clients not started this long before the run deadline are skipped (ING-POST-2 step 3, JOB-20.3).
_START_MARGIN_S = 20


@dataclass
class ClientFetchResult:
    client_id: str
    nama: str
    skipped: Literal["locked", "deadline"] | None = None
    posts: dict[str, PostStepResult] = field(default_factory=dict)
    engagement: dict[str, EngagementSummary] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    before: dict[str, int] = field(default_factory=dict)
    after: dict[str, int] = field(default_factory=dict)

    @property
    def deleted_ids(self) -> dict[str, list[str]]:
        """Deleted post ids per platform (ING-POST-10 step 5, read by ING-TASK)."""
        return {p: r.deleted for p, r in self.posts.items() if r.deleted}

    @property
    def ok(self) -> bool:
        return self.skipped is None and not self.errors

    @property
    def inconclusive(self) -> dict[str, str]:
        """Steps whose provider answers proved nothing (issue 15), step name → answer shape.

        Nothing stored was removed or shrunk on them; the next scheduled run asks again."""
        found = {f"{p}_posts": r.inconclusive for p, r in self.posts.items() if r.inconclusive}
        for kind, summary in self.engagement.items():
            shapes = [p.inconclusive for p in summary.posts if p.inconclusive]
            if shapes:
                found[kind] = f"{len(shapes)} post(s): {shapes[0]}"
        return found


@dataclass
class FetchRunResult:
    trigger: str
    started_at: datetime
    finished_at: datetime | None = None
    clients: list[ClientFetchResult] = field(default_factory=list)
    error: str | None = None
    lock_skipped: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None and not self.lock_skipped and all(c.ok for c in self.clients)


ProgressCallback = Callable[[ClientFetchResult], None]


async def _step(result: ClientFetchResult, name: str, work) -> object | None:  # type: ignore[no-untyped-def]
    """Run one step; a failure is recorded and the remaining steps still run (ING-POST-2 step 4)."""
    try:
        return await work()
    except RapidApiConfigError:
        raise
    except RapidApiError as exc:
        result.errors[name] = exc.message
    except Exception as exc:  # noqa: BLE001
        log.exception("fetch_step_failed", extra={"client_id": result.client_id, "step": name})
        result.errors[name] = f"{type(exc).__name__}: {exc}"
    return None


async def fetch_client(
    deps: IngestDeps,
    client: ClientAccounts,
    *,
    platforms: Collection[Platform] = ALL_PLATFORMS,
    engagement_only: bool = False,
    posts_only: bool = False,
    history: bool = False,
    now: datetime | None = None,
    memo: EngagementMemo | None = None,
) -> ClientFetchResult:
    """Steps a–e of ING-POST-2 for one client (the caller holds the client's lock); `history`
    keeps every dated item the post sources return and never deletes (the P2 history run)."""
    now = now or now_wib()
    memo = memo or EngagementMemo()
    day = day_window(today_wib(now))
    result = ClientFetchResult(client.client_id, client.nama)
    ig = "instagram" in platforms
    tt = "tiktok" in platforms
    async with deps.db.uow() as uow:
        for platform in sorted(platforms):
            result.before[platform] = await count_today(uow, client, platform, day)

    async def posts(platform: Platform) -> None:
        fetch = fetch_instagram_posts if platform == "instagram" else fetch_tiktok_posts
        step = await fetch(deps, client, now, history=history)
        result.posts[platform] = step
        if step.error:
            result.errors[f"{platform}_posts"] = step.error

    async def engagement(kind: Kind) -> None:
        summary = await refresh_client_engagement(
            deps, kind, client.client_id, now=now, memo=memo, directorate=client.is_directorate
        )
        result.engagement[kind] = summary
        if summary.failed:
            result.errors[kind] = "; ".join(f"{p.post_id}: {p.reason}" for p in summary.failed[:5])

    if not engagement_only:
        if ig and client.ig_posts_eligible:
            await _step(result, "instagram_posts", lambda: posts("instagram"))
        if tt and client.tiktok_eligible:
            await _step(result, "tiktok_posts", lambda: posts("tiktok"))
    if not posts_only:
        if ig and client.ig_engagement_eligible:
            await _step(result, "instagram_likes", lambda: engagement("instagram_likes"))
            if deps.settings.fetch_ig_comments:
                await _step(result, "instagram_comments", lambda: engagement("instagram_comments"))
        if tt and client.tiktok_eligible:
            await _step(result, "tiktok_comments", lambda: engagement("tiktok_comments"))
    async with deps.db.uow() as uow:
        for platform in sorted(platforms):
            result.after[platform] = await count_today(uow, client, platform, day)
    return result


async def run_fetch(
    deps: IngestDeps,
    client_ids: Sequence[str] | None = None,
    *,
    platforms: Collection[Platform] = ALL_PLATFORMS,
    engagement_only: bool = False,
    posts_only: bool = False,
    history: bool = False,
    trigger: str = "manual",
    now: datetime | None = None,
    progress: ProgressCallback | None = None,
) -> FetchRunResult:
    """ING-POST-2. Raises `UnknownClientError` for an unknown or inactive requested id."""
    now = now or now_wib()
    run = FetchRunResult(trigger=trigger, started_at=now)
    try:
        deps.social.instagram.require_key()
        deps.social.tiktok.require_key()
    except RapidApiConfigError as exc:
        # ING-API-2: reported once for the run, before any client.
        run.error = exc.message
        run.finished_at = now_wib()
        return run
    async with deps.db.uow() as uow:
        clients = await load_clients(uow, client_ids)
    if client_ids is None:
        try:
            async with global_fetch_lock(deps.redis):
                await _run_clients(
                    deps, run, clients, platforms, engagement_only, posts_only, history, now, progress
                )
        except FetchLockBusy:
            log.info("lock_skipped", extra={"trigger": trigger})
            run.lock_skipped = True
    else:
        await _run_clients(deps, run, clients, platforms, engagement_only, posts_only, history, now, progress)
    run.finished_at = now_wib()
    log.info(
        "fetch_run_finished",
        extra={
            "trigger": trigger,
            "clients": len(run.clients),
            "failed_clients": sum(1 for c in run.clients if not c.ok),
            "inconclusive": {c.client_id: c.inconclusive for c in run.clients if c.inconclusive},
            "error": run.error,
        },
    )
    return run


async def _run_clients(
    deps: IngestDeps,
    run: FetchRunResult,
    clients: list[ClientAccounts],
    platforms: Collection[Platform],
    engagement_only: bool,
    posts_only: bool,
    history: bool,
    now: datetime,
    progress: ProgressCallback | None,
) -> None:
    settings = deps.settings
    slots = asyncio.Semaphore(max(1, settings.fetch_client_concurrency))
    memo = EngagementMemo()
    deadline = time.monotonic() + settings.fetch_max_run_minutes * 60 - _START_MARGIN_S
    results: dict[str, ClientFetchResult] = {}

    async def one(client: ClientAccounts) -> None:
        async with slots:
            if time.monotonic() > deadline:
                outcome = ClientFetchResult(client.client_id, client.nama, skipped="deadline")
            else:
                try:
                    async with client_fetch_lock(deps.redis, client.client_id):
                        outcome = await fetch_client(
                            deps,
                            client,
                            platforms=platforms,
                            engagement_only=engagement_only,
                            posts_only=posts_only,
                            history=history,
                            now=now,
                            memo=memo,
                        )
                except FetchLockBusy:
                    outcome = ClientFetchResult(client.client_id, client.nama, skipped="locked")
            results[client.client_id] = outcome
            if progress is not None:
                progress(outcome)

    await asyncio.gather(*(one(c) for c in clients))
    run.clients = [results[c.client_id] for c in clients]


__all__ = [
    "ClientFetchResult",
    "FetchRunResult",
    "UnknownClientError",
    "fetch_client",
    "run_fetch",
]
