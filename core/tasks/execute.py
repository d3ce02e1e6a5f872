"""Running one task (WRK-1, WRK-4): claim its `job_task` row, run the unit, record the outcome.

Both transports call `execute_task`; only the AMQP worker acts on `retry` (republish with a delay)
and `dead` (dead-letter queue and the `worker_dead_task` alert). Inline runs use one attempt.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

from core.app import AppContext
from core.ingest.context import UnknownClientError
from core.jobs.catalogue import UnknownJob, job_config
from core.jobs.context import JobContext
from core.tasks import store
from core.tasks.kinds import resolve
from core.tasks.message import BadTask, TaskMessage
from core.tasks.results import summary_result
from core.timewindow import record_now

log = logging.getLogger(__name__)

OutcomeKind = Literal["succeeded", "duplicate", "expired", "retry", "dead"]

# WRK-4 "permanent error (validation, client not found)": retrying cannot help.
PERMANENT = (BadTask, UnknownClientError, UnknownJob, ValueError, TypeError, LookupError)


@dataclass(frozen=True)
class TaskOutcome:
    kind: OutcomeKind
    error: str | None = None


def describe(exc: BaseException) -> str:
    if isinstance(exc, BadTask):
        return exc.reason
    if isinstance(exc, UnknownClientError):
        return exc.message
    return f"{type(exc).__name__}: {exc}"


def job_context(app: AppContext, msg: TaskMessage) -> JobContext:
    prefix = msg.args.get("key_prefix")
    if not isinstance(prefix, str) or not prefix:
        raise BadTask("args.key_prefix is missing")
    return JobContext(
        key=msg.job_key,
        run_id=msg.job_run_id,
        trigger="task",
        slot=msg.slot,
        now=msg.now,
        app=app,
        config=job_config(msg.job_key),
        client_ids=[msg.client_id] if msg.client_id else [],
        idempotency_prefix=prefix,
    )


async def execute_task(app: AppContext, msg: TaskMessage, *, max_attempts: int) -> TaskOutcome:
    status = await store.claim(app.db, msg.task_id)
    if status is None:
        return TaskOutcome("dead", "no job_task row for this task (run deleted?)")
    if status != "running":
        log.info("task_duplicate", extra={"task_id": msg.task_id, "status": status})
        return TaskOutcome("duplicate")
    if record_now() > msg.deadline:
        await store.finish(app.db, msg.task_id, "expired", error="deadline passed before start")
        log.warning("task_expired", extra={"task_id": msg.task_id, "type": msg.type})
        return TaskOutcome("expired")
    try:
        unit = resolve(msg.type, msg.args)
        ctx = job_context(app, msg)
        await unit(ctx, {**msg.args, "task_id": msg.task_id})
    except PERMANENT as exc:
        error = describe(exc)
        await store.finish(app.db, msg.task_id, "failed", error=error)
        log.warning("task_failed_permanent", extra={"task_id": msg.task_id, "type": msg.type, "error": error})
        return TaskOutcome("dead", error)
    except Exception as exc:  # noqa: BLE001 - network, provider 5xx, database connection: retried
        error = describe(exc)
        log.warning(
            "task_failed",
            extra={"task_id": msg.task_id, "type": msg.type, "attempt": msg.attempt, "error": error},
        )
        if msg.attempt < max_attempts:
            await store.requeue(app.db, msg.task_id, error)
            return TaskOutcome("retry", error)
        await store.finish(app.db, msg.task_id, "failed", error=f"{error} (after {msg.attempt} attempts)")
        return TaskOutcome("dead", error)
    # WRK-4: the unit committed its own transactions (results and outbox rows); the row says so last.
    await store.finish(app.db, msg.task_id, "succeeded", result=summary_result(ctx.summary))
    return TaskOutcome("succeeded")
