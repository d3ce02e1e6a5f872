"""The `job_task` table (WRK-5): one row per unit, inserted before publishing, the run's record of it.

Statuses: `queued` → `running` → `succeeded` | `failed` | `expired`. A redelivered task whose row is
already terminal is acknowledged without work (WRK-4: idempotent task ids); a `running` row is
claimed again (the worker that held it died before its `ack`).

A unit's share of the run summary (WRK-5 "computed from the task results") is kept in its run's
`job_run.summary` under `task_results.<task_id>`, written in the transaction that marks the task
terminal, so the schema of `job_task` stays as 50-http-schema.md gives it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from core.db import Database, UnitOfWork
from core.tasks.message import TaskMessage

TERMINAL = frozenset({"succeeded", "failed", "expired"})
MAX_ERROR_CHARS = 2000


@dataclass(frozen=True)
class TaskRow:
    task_id: str
    type: str
    args: dict[str, Any]
    status: str
    attempts: int
    error: str | None
    result: dict[str, Any] | None


async def insert_tasks(uow: UnitOfWork, messages: Sequence[TaskMessage]) -> None:
    await uow.execute(
        "INSERT INTO job_task (task_id, job_run_id, type, args, status)"
        " VALUES (CAST(:id AS uuid), :run, :type, CAST(:args AS jsonb), 'queued')"
        " ON CONFLICT (task_id) DO NOTHING",
        [
            {"id": m.task_id, "run": m.job_run_id, "type": m.type, "args": json.dumps(m.args)}
            for m in messages
        ],
    )


async def claim(db: Database, task_id: str) -> str | None:
    """Mark the task `running` (one more attempt); returns the status found, None = no such row."""
    async with db.uow() as uow:
        row = (
            await uow.execute(
                "UPDATE job_task SET status = 'running', attempts = attempts + 1,"
                " started_at = COALESCE(started_at, NOW())"
                " WHERE task_id = CAST(:id AS uuid) AND status IN ('queued', 'running') RETURNING status",
                {"id": task_id},
            )
        ).first()
        if row is None:
            row = (
                await uow.execute(
                    "SELECT status FROM job_task WHERE task_id = CAST(:id AS uuid)", {"id": task_id}
                )
            ).first()
        await uow.commit()
    return None if row is None else str(row[0])


async def finish(
    db: Database,
    task_id: str,
    status: str,
    *,
    error: str | None = None,
    result: dict[str, Any] | None = None,
) -> bool:
    """Record a terminal status; False when the row was no longer `running` (expired by the runner)."""
    assert status in TERMINAL
    async with db.uow() as uow:
        row = (
            await uow.execute(
                "UPDATE job_task SET status = :st, error = :e, finished_at = NOW()"
                " WHERE task_id = CAST(:id AS uuid) AND status IN ('queued', 'running') RETURNING job_run_id",
                {"st": status, "e": error[:MAX_ERROR_CHARS] if error else None, "id": task_id},
            )
        ).first()
        if row is not None and result is not None:
            await uow.execute(
                "UPDATE job_run SET summary = jsonb_set(COALESCE(summary, '{}'::jsonb)"
                " || jsonb_build_object('task_results', COALESCE(summary -> 'task_results', '{}'::jsonb)),"
                " ARRAY['task_results', :id], CAST(:r AS jsonb)) WHERE run_id = :run",
                {"id": task_id, "r": json.dumps(result, default=str), "run": row[0]},
            )
        await uow.commit()
    return row is not None


async def requeue(db: Database, task_id: str, error: str) -> None:
    """A transient failure that will be retried: back to `queued`, the error kept for the record."""
    async with db.uow() as uow:
        await uow.execute(
            "UPDATE job_task SET status = 'queued', error = :e WHERE task_id = CAST(:id AS uuid)"
            " AND status = 'running'",
            {"e": error[:MAX_ERROR_CHARS], "id": task_id},
        )
        await uow.commit()


async def open_count(db: Database, task_ids: Sequence[str]) -> int:
    async with db.uow() as uow:
        return int(
            (
                await uow.execute(
                    "SELECT count(*) FROM job_task WHERE task_id = ANY(CAST(:ids AS uuid[]))"
                    " AND status IN ('queued', 'running')",
                    {"ids": list(task_ids)},
                )
            ).scalar_one()
        )


async def expire_open(db: Database, task_ids: Sequence[str]) -> int:
    """WRK-5: the run deadline passed; what is still open becomes `expired`."""
    async with db.uow() as uow:
        n = len(
            (
                await uow.execute(
                    "UPDATE job_task SET status = 'expired', finished_at = NOW(),"
                    " error = COALESCE(error, 'run deadline passed')"
                    " WHERE task_id = ANY(CAST(:ids AS uuid[])) AND status IN ('queued', 'running')"
                    " RETURNING 1",
                    {"ids": list(task_ids)},
                )
            ).all()
        )
        await uow.commit()
    return n


async def load_rows(db: Database, *, run_id: int) -> list[TaskRow]:
    async with db.uow() as uow:
        results = (
            await uow.execute(
                "SELECT COALESCE(summary -> 'task_results', '{}'::jsonb) FROM job_run WHERE run_id = :r",
                {"r": run_id},
            )
        ).scalar_one_or_none() or {}
        rows = await uow.execute(
            "SELECT task_id::text, type, args, status, attempts, error FROM job_task"
            " WHERE job_run_id = :r ORDER BY created_at, task_id",
            {"r": run_id},
        )
        return [TaskRow(r[0], r[1], r[2] or {}, r[3], int(r[4]), r[5], results.get(r[0])) for r in rows]
