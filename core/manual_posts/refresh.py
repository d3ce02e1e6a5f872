"""Engagement refresh of today's manual posts (menus 50-52; DIR-50.0, DIR-50, DIR-51, DIR-52).

The selection and the refresh are ingestion's (`refresh_client_engagement(manual_only=True)`:
today's WIB manual rows of the client, client id compared trimmed and case-insensitively, legacy
`manual_fetch` included, exclusions left out). This module adds what the menu options need: the
per-client fetch lock (DIR-12.0 item 2), the diagnostic count per `source_type`, the audit line
(DIR-0.19) and the reply text.
"""

from __future__ import annotations

import logging
import time
from datetime import date, timedelta

from core.db import Database
from core.ingest.context import IngestDeps
from core.ingest.engagement import EngagementSummary, Kind, refresh_client_engagement
from core.ingest.locks import client_fetch_lock
from core.ingest.selection import client_key, task_post_ids
from core.timewindow import day_window, now_wib, today_wib, wib_midnight_utc

log = logging.getLogger(__name__)

KINDS: dict[int, Kind] = {50: "instagram_likes", 51: "tiktok_comments", 52: "instagram_comments"}

START_LINES = {
    50: "⏳ Memulai fetch likes Instagram untuk konten manual hari ini...",
    51: "⏳ Memulai fetch komentar TikTok untuk konten manual hari ini...",
    52: "⏳ Memulai fetch komentar Instagram untuk konten manual hari ini...",
}


async def _counts_by_source(deps: IngestDeps, client_id: str, kind: Kind, today: date) -> dict[str, int]:
    """DIR-50.0: today's rows of the client per `source_type`, so "nothing found" can be diagnosed."""
    table = "tiktok_post" if kind == "tiktok_comments" else "insta_post"
    async with deps.db.uow() as uow:
        rows = await uow.execute(
            f"SELECT coalesce(source_type, 'null') AS s, count(*) AS n FROM {table}"  # noqa: S608 - fixed name
            " WHERE lower(btrim(client_id)) = lower(btrim(:c)) AND created_at >= :lo AND created_at < :hi"
            " GROUP BY 1",
            {
                "c": client_id,
                "lo": wib_midnight_utc(today),
                "hi": wib_midnight_utc(today + timedelta(days=1)),
            },
        )
        return {r.s: r.n for r in rows}


async def refresh_todays_manual(
    deps: IngestDeps, option: int, client_id: str, *, actor: str = "-", lock_token: str | None = None
) -> EngagementSummary:
    """Run option 50, 51 or 52 for the client; raises `FetchLockBusy` when a fetch holds the client
    (`lock_token`: a queue task's id, see core.ingest.locks.redis_lock)."""
    started = time.monotonic()
    kind = KINDS[option]
    now = now_wib()
    counts = await _counts_by_source(deps, client_id, kind, today_wib(now))
    async with client_fetch_lock(deps.redis, client_id, token=lock_token):
        summary = await refresh_client_engagement(deps, kind, client_id, manual_only=True, now=now)
    log.info(
        "dirrequest_manual_refresh",
        extra={
            "actor": actor,
            "client_id": client_id.strip().upper(),
            "option": option,
            "today_by_source": counts,
            "content_ids": [p.post_id for p in summary.posts],
            "ok": summary.ok_count,
            "failed": len(summary.failed),
            "outcome": "empty" if not summary.posts else ("ok" if not summary.failed else "error"),
            "duration_ms": int((time.monotonic() - started) * 1000),
        },
    )
    return summary


async def todays_manual_count(db: Database, option: int, client_id: str) -> int:
    """How many of the client's manual posts of today option 50-52 will refresh (DIR-51's second line)."""
    kind = KINDS[option]
    platform = "tiktok" if kind == "tiktok_comments" else "instagram"
    async with db.uow() as uow:
        directorate = (
            await uow.execute(
                "SELECT lower(btrim(client_type)) = 'direktorat' FROM clients WHERE lower(btrim(client_id)) = :c",
                {"c": client_key(client_id)},
            )
        ).scalar()
        ids = await task_post_ids(
            uow, client_id, platform, day_window(today_wib()), directorate=bool(directorate), manual_only=True
        )
    return len(ids)


def render_manual_refresh(summary: EngagementSummary) -> str:
    """DIR-50/51/52 final reply: the ING-ENG-5 line, then `- <id>: <reason>` per failed post."""
    lines = [summary.text()]
    lines += [f"- {p.post_id}: {p.reason or 'gagal'}" for p in summary.failed]
    return "\n".join(lines)
