"""The tick pipeline (JOB-8), single-flight with one queued rerun (JOB-9), manual runs (JOB-11).

"In progress" is a PostgreSQL session advisory lock keyed by the job key, held on a dedicated
autocommit connection for the whole run, so it works across processes and is released by
PostgreSQL itself when a process dies.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import time as monotonic_time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from core.app import AppContext
from core.jobs.catalogue import JobSpec, get_job, seed_active
from core.jobs.config import JobConfig
from core.jobs.context import JobContext, JobNotApplicable, RunDetached, RunSummary
from core.jobs.cron import CronExpr
from core.jobs.reports import report_run_to_admins
from core.timewindow import WIB, now_wib

log = logging.getLogger(__name__)

LOCK_CLASS = 1129595973  # "CICE": namespaces Cicero's advisory locks
HOST = f"{socket.gethostname()}:{os.getpid()}"
DEADLINE_GRACE = timedelta(minutes=2)


class JobRefused(Exception):
    """A manual run that cannot start; the message is shown to the requester as is."""


@dataclass
class RunOutcome:
    run_id: int
    status: str
    summary: dict[str, Any]


def slot_key(slot: datetime) -> str:
    return slot.astimezone(WIB).strftime("%Y%m%dT%H%M")


async def record_run(
    app: AppContext,
    key: str,
    trigger: str,
    slot: datetime,
    status: str,
    summary: dict[str, Any] | None = None,
    requested_by: str | None = None,
) -> int:
    async with app.db.uow() as uow:
        run_id = (
            await uow.execute(
                "INSERT INTO job_run (job_key, trigger, slot, status, requested_by, host, summary, started_at)"
                " VALUES (:k, :t, :s, :st, :rb, :h, CAST(:sum AS jsonb),"
                " CASE WHEN :st = 'running' THEN NOW() END) RETURNING run_id",
                {
                    "k": key,
                    "t": trigger,
                    "s": slot,
                    "st": status,
                    "rb": requested_by,
                    "h": HOST,
                    "sum": json.dumps(summary or {}),
                },
            )
        ).scalar_one()
        await uow.commit()
    if status not in ("running",):
        log.info("job_run_skipped", extra={"job_key": key, "run_id": run_id, "status": status})
    return int(run_id)


async def gate_is_active(
    app: AppContext, spec: JobSpec, attempts: int = 2, pause_s: float = 1.0
) -> bool | None:
    """JOB-6: the `cron_job_config` row decides; a missing row is seeded. None = lookup failed."""
    for attempt in range(attempts):
        try:
            async with app.db.uow() as uow:
                row = (
                    await uow.execute(
                        "SELECT is_active FROM cron_job_config WHERE job_key = :k", {"k": spec.key}
                    )
                ).first()
                if row is None:
                    active = await seed_active(uow, spec)
                    await uow.commit()
                    return active
                return bool(row[0])
        except Exception:  # noqa: BLE001 - any database trouble counts as a failed lookup
            log.warning("job_gate_lookup_failed", extra={"job_key": spec.key, "attempt": attempt + 1})
            if attempt + 1 < attempts:
                await asyncio.sleep(pause_s)
    return None


async def _try_lock(app: AppContext, key: str) -> AsyncConnection | None:
    conn = await app.db.engine.connect()
    await conn.execution_options(isolation_level="AUTOCOMMIT")
    got = (
        await conn.execute(text("SELECT pg_try_advisory_lock(:c, hashtext(:k))"), {"c": LOCK_CLASS, "k": key})
    ).scalar_one()
    if got:
        return conn
    await conn.close()
    return None


async def _unlock(conn: AsyncConnection, key: str) -> None:
    try:
        await conn.execute(text("SELECT pg_advisory_unlock(:c, hashtext(:k))"), {"c": LOCK_CLASS, "k": key})
    finally:
        await conn.close()


async def _queue_behind_running(app: AppContext, key: str, slot: datetime) -> RunOutcome:
    """JOB-9: at most one queued rerun; a further tick is `coalesced` into it and lends it its slot."""
    async with app.db.uow() as uow:
        queued = (
            await uow.execute(
                "SELECT run_id FROM job_run WHERE job_key = :k AND status = 'queued' ORDER BY run_id LIMIT 1"
                " FOR UPDATE",
                {"k": key},
            )
        ).first()
        if queued is None:
            run_id = (
                await uow.execute(
                    "INSERT INTO job_run (job_key, trigger, slot, status, host) VALUES (:k, 'rerun', :s, 'queued', :h)"
                    " RETURNING run_id",
                    {"k": key, "s": slot, "h": HOST},
                )
            ).scalar_one()
            await uow.commit()
            return RunOutcome(int(run_id), "queued", {})
        await uow.execute("UPDATE job_run SET slot = :s WHERE run_id = :r", {"s": slot, "r": queued[0]})
        run_id = (
            await uow.execute(
                "INSERT INTO job_run (job_key, trigger, slot, status, host, summary)"
                " VALUES (:k, 'schedule', :s, 'coalesced', :h, CAST(:sum AS jsonb)) RETURNING run_id",
                {"k": key, "s": slot, "h": HOST, "sum": json.dumps({"merged_into": queued[0]})},
            )
        ).scalar_one()
        await uow.commit()
        return RunOutcome(int(run_id), "coalesced", {"merged_into": queued[0]})


async def _execute(
    app: AppContext,
    spec: JobSpec,
    config: JobConfig,
    *,
    trigger: str,
    slot: datetime,
    now: datetime,
    client_ids: list[str],
    requested_by: str | None = None,
    run_id: int | None = None,
    keyed_by_slot: bool = True,
    detach: bool = False,
) -> RunOutcome:
    """Run the body with the lock already held; record the outcome and report it (JOB-8 steps 5–6)."""
    if run_id is None:
        run_id = await record_run(app, spec.key, trigger, slot, "running", requested_by=requested_by)
    else:
        async with app.db.uow() as uow:
            await uow.execute(
                "UPDATE job_run SET status = 'running', trigger = :t, started_at = NOW(), host = :h WHERE run_id = :r",
                {"t": trigger, "h": HOST, "r": run_id},
            )
            await uow.commit()
    prefix = f"job:{spec.key}:{slot_key(slot)}" if keyed_by_slot else f"manual:{run_id}:job:{spec.key}"
    ctx = JobContext(
        key=spec.key,
        run_id=run_id,
        trigger=trigger,
        slot=slot,
        now=now,
        app=app,
        config=config,
        client_ids=client_ids,
        idempotency_prefix=prefix,
        detach=detach,
    )
    log.info("job_run_started", extra={"job_key": spec.key, "run_id": run_id, "trigger": trigger})
    started = monotonic_time.monotonic()
    error: str | None = None
    deadline = timedelta(minutes=spec.max_minutes(app.settings)) + DEADLINE_GRACE
    try:
        await asyncio.wait_for(spec.load_body()(ctx), timeout=deadline.total_seconds())
        status = ctx.summary.status()
    except RunDetached:
        log.info("job_run_detached", extra={"job_key": spec.key, "run_id": run_id})
        return RunOutcome(run_id, "running", {})
    except TimeoutError:
        ctx.summary.fail(None, "deadline", "run exceeded its maximum run time")
        status = "partial" if ctx.summary.units_ok else "failed"
    except JobNotApplicable as exc:
        ctx.summary.extra["reason"] = str(exc)
        status = "skipped_not_applicable"
    except Exception as exc:  # noqa: BLE001 - JOB-8.5: a body error never stops the scheduler
        log.exception("job_run_failed", extra={"job_key": spec.key, "run_id": run_id})
        error = f"{type(exc).__name__}: {exc}"[:2000]
        status = "failed"
    duration_ms = int((monotonic_time.monotonic() - started) * 1000)
    summary = ctx.summary.as_json()
    async with app.db.uow() as uow:
        await uow.execute(
            "UPDATE job_run SET status = :st, finished_at = NOW(), summary = CAST(:sum AS jsonb), error = :e"
            " WHERE run_id = :r",
            {"st": status, "sum": json.dumps(summary, default=str), "e": error, "r": run_id},
        )
        await uow.commit()
    log.info(
        "job_run_finished",
        extra={
            "job_key": spec.key,
            "run_id": run_id,
            "status": status,
            "duration_ms": duration_ms,
            **ctx.summary.counters,
        },
    )
    await report_run_to_admins(app, spec, config, run_id, status, summary, error, started_at=now)
    return RunOutcome(run_id, status, summary)


async def _drain_queue(
    app: AppContext, spec: JobSpec, config: JobConfig, now_fn: Callable[[], datetime]
) -> None:
    """After a run ends, start the queued rerun if it is still fresh, else mark it stale (JOB-9)."""
    while True:
        async with app.db.uow() as uow:
            row = (
                await uow.execute(
                    "SELECT run_id, slot FROM job_run WHERE job_key = :k AND status = 'queued' ORDER BY run_id LIMIT 1",
                    {"k": spec.key},
                )
            ).first()
        if row is None:
            return
        run_id, slot = int(row[0]), row[1].astimezone(WIB)
        now = now_fn()
        if now - slot > timedelta(minutes=app.settings.job_rerun_max_delay_min):
            async with app.db.uow() as uow:
                await uow.execute(
                    "UPDATE job_run SET status = 'skipped_stale' WHERE run_id = :r", {"r": run_id}
                )
                await uow.commit()
            continue
        await _execute(
            app, spec, config, trigger="rerun", slot=slot, now=now, client_ids=config.clients, run_id=run_id
        )


async def tick(
    app: AppContext,
    key: str,
    config: JobConfig,
    slot: datetime,
    now: datetime | None = None,
    now_fn: Callable[[], datetime] = now_wib,
) -> RunOutcome:
    """One scheduled firing of a job, through every step of JOB-8 in order."""
    spec = get_job(key)
    now = now or now_fn()
    slot = slot.astimezone(WIB).replace(second=0, microsecond=0)
    if spec.group == "dir" and not app.settings.enable_dirrequest_group:
        return RunOutcome(
            await record_run(app, key, "schedule", slot, "skipped_group_disabled"),
            "skipped_group_disabled",
            {},
        )
    active = await gate_is_active(app, spec)
    if active is None and app.settings.cron_status_lookup_strategy == "fail_closed":
        return RunOutcome(
            await record_run(app, key, "schedule", slot, "skipped_lookup_failed"), "skipped_lookup_failed", {}
        )
    if active is False:
        return RunOutcome(
            await record_run(app, key, "schedule", slot, "skipped_inactive"), "skipped_inactive", {}
        )
    if not spec.is_applicable(slot.date(), app.settings):
        return RunOutcome(
            await record_run(app, key, "schedule", slot, "skipped_not_applicable"),
            "skipped_not_applicable",
            {},
        )
    lock = await _try_lock(app, key)
    if lock is None:
        return await _queue_behind_running(app, key, slot)
    try:
        outcome = await _execute(
            app, spec, config, trigger="schedule", slot=slot, now=now, client_ids=config.clients
        )
        await _drain_queue(app, spec, config, now_fn)
        return outcome
    finally:
        await _unlock(lock, key)


async def run_manual(
    app: AppContext,
    key: str,
    config: JobConfig,
    *,
    client_ids: list[str] | None = None,
    slot: datetime | None = None,
    requested_by: str,
    now: datetime | None = None,
    detach: bool = False,
) -> RunOutcome:
    """JOB-11: ignores the gate and applicability, honours the group switch, refuses while running.

    `detach=True` (JOB-111 without `--wait`): with AMQP the run returns once its tasks are published."""
    spec = get_job(key)
    if spec.group == "dir" and not app.settings.enable_dirrequest_group:
        raise JobRefused(
            f"Grup job direktorat sedang dinonaktifkan (ENABLE_DIRREQUEST_GROUP=false); {key} tidak dijalankan."
        )
    now = now or now_wib()
    lock = await _try_lock(app, key)
    if lock is None:
        async with app.db.uow() as uow:
            since = (
                await uow.execute(
                    "SELECT started_at FROM job_run WHERE job_key = :k AND status = 'running'"
                    " ORDER BY run_id DESC LIMIT 1",
                    {"k": key},
                )
            ).scalar_one_or_none()
        when = since.astimezone(WIB).strftime("%H:%M WIB") if since else "beberapa saat lalu"
        raise JobRefused(f"Job {key} sedang berjalan sejak {when}; tunggu sampai selesai.")
    try:
        return await _execute(
            app,
            spec,
            config,
            trigger="manual",
            slot=(slot or now).astimezone(WIB).replace(second=0, microsecond=0),
            now=now,
            client_ids=[c.upper() for c in client_ids] if client_ids else config.clients,
            requested_by=requested_by,
            keyed_by_slot=slot is not None,
            detach=detach,
        )
    finally:
        await _unlock(lock, key)


async def mark_interrupted(app: AppContext) -> int:
    """JOB-10: `running` rows whose job lock is free belong to a dead process."""
    interrupted = 0
    async with app.db.uow() as uow:
        rows = (await uow.execute("SELECT run_id, job_key FROM job_run WHERE status = 'running'")).all()
    for run_id, key in rows:
        lock = await _try_lock(app, key)
        if lock is None:
            continue
        try:
            async with app.db.uow() as uow:
                await uow.execute(
                    "UPDATE job_run SET status = 'interrupted', finished_at = NOW() WHERE run_id = :r AND status = 'running'",
                    {"r": run_id},
                )
                await uow.commit()
            interrupted += 1
        finally:
            await _unlock(lock, key)
    return interrupted


async def catch_up_monthly_excel(app: AppContext, config: JobConfig, now: datetime) -> RunOutcome | None:
    """JOB-10: the only job replayed after downtime; its latest slot within 12 h runs if it has no row."""
    slots = [
        s for expr in config.schedules for s in _fire_times_between(expr, now - timedelta(hours=12), now)
    ]
    if not slots:
        return None
    slot = max(slots)
    async with app.db.uow() as uow:
        seen = (
            await uow.execute(
                "SELECT 1 FROM job_run WHERE job_key = 'amplify_monthly_excel' AND slot = :s", {"s": slot}
            )
        ).first()
    if seen is not None:
        return None
    return await tick(app, "amplify_monthly_excel", config, slot=slot, now=now)


def _fire_times_between(expr: CronExpr, start: datetime, end: datetime) -> list[datetime]:
    out: list[datetime] = []
    previous: datetime | None = None
    current = start
    while True:
        nxt = expr.trigger.get_next_fire_time(previous, current)
        if nxt is None or nxt > end:
            return out
        out.append(nxt)
        previous, current = nxt, nxt


__all__ = [
    "JobRefused",
    "RunOutcome",
    "RunSummary",
    "catch_up_monthly_excel",
    "mark_interrupted",
    "record_run",
    "run_manual",
    "slot_key",
    "tick",
]
