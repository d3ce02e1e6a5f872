"""Health figures for `/api/health` and `/api/health/wa` (API-10, JOB-103 … JOB-105).

Every check is bounded by 2 s; a check that cannot answer reports `down` instead of hanging.
Reads only: `schema_migrations`, `wa_session_state`, `wa_outbox`, `job_run`, Redis, the broker port.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from core.app import AppContext
from core.tasks.amqp import Topology, amqp_url, queue_depths
from core.timewindow import record_now
from core.wa_sessions import load_session_config

T = TypeVar("T")
CHECK_TIMEOUT_S = 2.0
STALE_AFTER_S = 90
MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "sql" / "migrations"
OBSERVED = {"ready": "open", "connecting": "connecting", "disconnected": "close", "logged_out": "logged_out"}


async def bounded(coro: Awaitable[T]) -> T:
    return await asyncio.wait_for(coro, CHECK_TIMEOUT_S)


def migration_versions() -> set[int]:
    versions = set()
    for path in MIGRATIONS_DIR.glob("*.sql"):
        head = path.name.split("_", 1)[0]
        if head.isdigit():
            versions.add(int(head))
    return versions


async def database_check(ctx: AppContext) -> dict[str, Any]:
    started = time.perf_counter()
    try:

        async def probe() -> tuple[int | None, set[int]]:
            async with ctx.db.uow() as uow:
                rows = await uow.execute("SELECT version FROM schema_migrations")
                applied = {int(r[0]) for r in rows}
            return (max(applied) if applied else None), applied

        version, applied = await bounded(probe())
    except Exception:
        return {"status": "down", "latency_ms": None, "schema_version": None, "pending_migrations": None}
    return {
        "status": "ok",
        "latency_ms": round((time.perf_counter() - started) * 1000, 1),
        "schema_version": version,
        "pending_migrations": len(migration_versions() - applied),
    }


async def redis_check(ctx: AppContext) -> dict[str, Any]:
    started = time.perf_counter()
    embedded = ctx.settings.resolved_redis_url() is None
    try:
        await bounded(ctx.redis.client.ping())
    except Exception:
        return {"status": "down", "latency_ms": None, "embedded": embedded}
    return {
        "status": "ok",
        "latency_ms": round((time.perf_counter() - started) * 1000, 1),
        "embedded": embedded,
    }


async def session_states(ctx: AppContext) -> dict[str, dict[str, Any]]:
    """JOB-103 rows of the configured sessions; a missing row or an old heartbeat is `stale`."""
    names = list(load_session_config(ctx.settings).names)
    rows: dict[str, Any] = {}
    try:

        async def probe() -> dict[str, Any]:
            async with ctx.db.uow() as uow:
                result = await uow.execute("SELECT session_name, state, heartbeat_at FROM wa_session_state")
                return {r.session_name: r for r in result}

        rows = await bounded(probe())
    except Exception:
        rows = {}
    now = record_now()
    states: dict[str, dict[str, Any]] = {}
    for name in names:
        row = rows.get(name)
        if (
            row is None
            or row.heartbeat_at is None
            or (now - row.heartbeat_at).total_seconds() > STALE_AFTER_S
        ):
            states[name] = {"state": "stale", "ready": False, "row": row is not None}
        else:
            states[name] = {"state": row.state, "ready": row.state == "ready", "row": True}
    return states


async def outbox_check(ctx: AppContext) -> dict[str, Any]:
    try:

        async def probe() -> dict[str, Any]:
            async with ctx.db.uow() as uow:
                row = (
                    (
                        await uow.execute(
                            """
                        SELECT
                          COUNT(*) FILTER (WHERE status IN ('pending','retrying')) AS pending,
                          COUNT(*) FILTER (WHERE status = 'dead_letter' AND updated_at > NOW() - INTERVAL '24 hours')
                            AS dead_letter_24h,
                          COUNT(*) FILTER (WHERE status = 'dead_letter' AND updated_at > NOW() - INTERVAL '1 hour')
                            AS dead_letter_1h,
                          EXTRACT(EPOCH FROM NOW() - MIN(created_at) FILTER (WHERE status IN ('pending','retrying')))
                            AS oldest
                        FROM wa_outbox
                        """
                        )
                    )
                    .mappings()
                    .one()
                )
                return dict(row)

        row = await bounded(probe())
    except Exception:
        return {"pending": None, "dead_letter_24h": None, "oldest_pending_seconds": None, "_dead_1h": 0}
    return {
        "pending": int(row["pending"]),
        "dead_letter_24h": int(row["dead_letter_24h"]),
        "oldest_pending_seconds": int(row["oldest"] or 0),
        "_dead_1h": int(row["dead_letter_1h"]),
    }


async def scheduler_check(ctx: AppContext, runs_scheduler: bool) -> dict[str, Any]:
    state = (
        "stopped" if not ctx.settings.scheduler_enabled else ("running" if runs_scheduler else "elsewhere")
    )
    last_failed = None
    try:

        async def probe() -> str | None:
            async with ctx.db.uow() as uow:
                row = await uow.execute(
                    """
                    SELECT DISTINCT ON (job_key) job_key, status FROM job_run
                    WHERE status NOT IN ('queued','running') ORDER BY job_key, slot DESC
                    """
                )
                failed = [r.job_key for r in row if r.status == "failed"]
                return failed[0] if failed else None

        last_failed = await bounded(probe())
    except Exception:
        last_failed = None
    return {"state": state, "last_failed_job": last_failed}


async def queue_check(ctx: AppContext) -> dict[str, Any]:
    """The broker and the depth of each task queue (WRK-2); `not_configured` = tasks run in-process."""
    if not amqp_url(ctx.settings):
        return {"status": "not_configured"}
    try:
        depths = await bounded(queue_depths(ctx.settings))
    except Exception:
        return {"status": "down"}
    topo = Topology.of(ctx.settings)
    return {
        "status": "ok",
        "tasks": depths[topo.tasks],
        "retry": depths[topo.retry],
        "dead": depths[topo.dead],
    }


async def health_report(
    ctx: AppContext, started_at: datetime, version: str, runs_scheduler: bool
) -> dict[str, Any]:
    database, redis, sessions, outbox, scheduler, queue = await asyncio.gather(
        database_check(ctx),
        redis_check(ctx),
        session_states(ctx),
        outbox_check(ctx),
        scheduler_check(ctx, runs_scheduler),
        queue_check(ctx),
    )
    dead_1h = outbox.pop("_dead_1h", 0)
    # JOB-105: down / degraded / ok.
    if database["status"] == "down" or (database["pending_migrations"] or 0) > 0:
        status = "down"
    elif sessions and not any(s["ready"] for s in sessions.values()):
        status = "down"
    elif (
        redis["status"] == "down"
        or queue["status"] == "down"  # WRK-7: heavy work falls back to the publishing process
        or not all(s["ready"] for s in sessions.values())
        or (outbox["oldest_pending_seconds"] or 0) > 900
        or dead_1h
        or scheduler["last_failed_job"]
    ):
        status = "degraded"
    else:
        status = "ok"
    now = record_now()
    return {
        "status": status,
        "version": version,
        "started_at": started_at.isoformat(),
        "uptime_seconds": int((now - started_at).total_seconds()),
        "checks": {
            "database": database,
            "redis": redis,
            "whatsapp": [
                {"session": n, "state": s["state"], "ready": s["ready"]} for n, s in sessions.items()
            ],
            "outbox": outbox,
            "scheduler": scheduler,
            "queue": queue,
            "email": {"configured": bool(ctx.settings.smtp_host.strip())},  # JOB-61
        },
    }


async def wa_report(ctx: AppContext, runs_sessions: bool) -> dict[str, Any]:
    sessions = await session_states(ctx)
    clients = {
        name: {
            "ready": s["ready"],
            "observedState": OBSERVED.get(s["state"], "unavailable")
            if s["state"] != "stale"
            else "unavailable",
        }
        for name, s in sessions.items()
    }
    ttl_ms = ctx.settings.wa_message_dedup_ttl_ms  # already normalised by Settings (DLV-26)
    size, oldest = 0, None
    try:

        async def probe() -> tuple[int, int | None]:
            count, min_left = 0, None
            async for key in ctx.redis.client.scan_iter(match=ctx.redis.key("wa", "seen", "*"), count=1000):
                count += 1
                left = await ctx.redis.client.pttl(key)
                if left >= 0 and (min_left is None or left < min_left):
                    min_left = left
                if count >= 10000:
                    break
            return count, (ttl_ms - min_left) if min_left is not None else None

        size, oldest = await bounded(probe())
    except Exception:
        size, oldest = 0, None
    return {
        "status": "ok",
        "shouldInitWhatsAppClients": runs_sessions,
        "clients": clients,
        "messageDeduplication": {
            "cacheSize": size,
            "ttlMs": ttl_ms,
            "oldestEntryAgeMs": oldest,
            "ttlHours": ttl_ms // 3_600_000,
        },
    }
