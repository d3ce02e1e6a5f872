"""The task runner of a job run (WRK-1, WRK-2, WRK-5, WRK-7): one entry point, two transports.

`run_units(ctx, kind, args_list, concurrency=…)` turns a job's per-client work into tasks. Without
`AMQP_URL` they run here, at most `concurrency` at a time. With it they are inserted into
`job_task`, published to RabbitMQ and watched until every row is terminal or the run deadline
passes; if publishing fails the rest run here (WRK-7). Either way the unit results are folded
into `ctx.summary` from the rows, so the run summary is the same in both modes.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from core.app import AppContext
from core.jobs.catalogue import run_spec
from core.jobs.context import JobContext, RunDetached
from core.tasks import store
from core.tasks.amqp import TaskPublisher, amqp_url
from core.tasks.execute import execute_task
from core.tasks.message import TaskMessage, new_task_id
from core.tasks.results import merge_rows, summary_result
from core.timewindow import record_now

log = logging.getLogger(__name__)

WATCH_INTERVAL_S = 0.5  # WRK-5 says every 5 s; a row count twice a second is cheap and ends runs sooner


def build_messages(ctx: JobContext, kind: str, args_list: Sequence[dict[str, Any]]) -> list[TaskMessage]:
    deadline = record_now() + timedelta(minutes=run_spec(ctx.key).max_minutes(ctx.settings))
    return [
        TaskMessage(
            task_id=new_task_id(),
            type=kind,
            job_key=ctx.key,
            job_run_id=ctx.run_id,
            slot=ctx.slot,
            now=ctx.now,
            deadline=deadline,
            args={**args, "key_prefix": ctx.idempotency_prefix},
        )
        for args in args_list
    ]


async def run_inline(app: AppContext, messages: Sequence[TaskMessage], concurrency: int) -> None:
    """WRK-1: the same units in this process, one attempt each (the job report covers failures)."""
    slots = asyncio.Semaphore(max(1, concurrency))

    async def one(msg: TaskMessage) -> None:
        async with slots:
            await execute_task(app, msg, max_attempts=1)

    await asyncio.gather(*(one(m) for m in messages))


async def publish_all(app: AppContext, messages: Sequence[TaskMessage]) -> int:
    """Publish in order until one fails; returns how many the broker confirmed (WRK-7)."""
    published = 0
    try:
        async with TaskPublisher(app.settings) as publisher:
            for msg in messages:
                await publisher.publish(msg)
                published += 1
    except Exception as exc:  # noqa: BLE001 - connection refused, channel closed, confirm refused
        log.warning(
            "task_publish_failed_running_inline",
            extra={
                "published": published,
                "remaining": len(messages) - published,
                "error": type(exc).__name__,
            },
        )
    return published


async def watch(app: AppContext, task_ids: Sequence[str], deadline_monotonic: float) -> None:
    """WRK-5: wait until every task is terminal; at the run deadline the rest become `expired`."""
    while await store.open_count(app.db, task_ids):
        if time.monotonic() >= deadline_monotonic:
            expired = await store.expire_open(app.db, task_ids)
            log.warning("tasks_expired_at_run_deadline", extra={"expired": expired})
            return
        await asyncio.sleep(WATCH_INTERVAL_S)


async def run_units(
    ctx: JobContext, kind: str, args_list: Sequence[dict[str, Any]], *, concurrency: int
) -> int:
    """Run the units as tasks; returns how many went through the broker (the rest ran here)."""
    app = ctx.app
    messages = build_messages(ctx, kind, args_list)
    if not messages:
        return 0
    async with app.db.uow() as uow:
        await store.insert_tasks(uow, messages)
        await uow.commit()
    published = await publish_all(app, messages) if amqp_url(app.settings) else 0
    if published < len(messages):
        await run_inline(app, messages[published:], concurrency)
    if published and ctx.detach:
        # JOB-111 without --wait: the last worker to finish a task completes the run (core.tasks.runs).
        await _record_detached(ctx)
        raise RunDetached(ctx.run_id)
    if published:
        max_s = run_spec(ctx.key).max_minutes(ctx.settings) * 60
        await watch(app, [m.task_id for m in messages], time.monotonic() + max_s)
    ids = {m.task_id for m in messages}
    merge_rows(ctx.summary, [r for r in await store.load_rows(app.db, run_id=ctx.run_id) if r.task_id in ids])
    return published


async def _record_detached(ctx: JobContext) -> None:
    async with ctx.app.db.uow() as uow:
        await uow.execute(
            "UPDATE job_run SET summary = CAST(:s AS jsonb) WHERE run_id = :r",
            {"s": json.dumps({"detached": summary_result(ctx.summary)}, default=str), "r": ctx.run_id},
        )
        await uow.commit()
