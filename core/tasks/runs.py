"""Completing a detached run (JOB-111 `cicero jobs run` without `--wait`, WRK-5).

The publishing side returned once its tasks were on the queue and left the run `running` with its
pre-task summary under `summary.detached`. After each terminal task a worker calls
`complete_detached_run`; the one that sees no open task left (under the run row's lock) records
the run's status and summary and sends the job report, exactly once.
"""

from __future__ import annotations

import json
import logging

from core.app import AppContext
from core.jobs.catalogue import job_config, run_spec
from core.jobs.context import RunSummary
from core.jobs.reports import report_run_to_admins
from core.tasks import store
from core.tasks.results import merge_result, merge_rows
from core.timewindow import to_wib

log = logging.getLogger(__name__)


async def complete_detached_run(app: AppContext, run_id: int) -> str | None:
    """The run's final status when this call completed it, else None."""
    async with app.db.uow() as uow:
        row = (
            await uow.execute(
                "SELECT job_key, status, summary -> 'detached', started_at FROM job_run"
                " WHERE run_id = :r FOR UPDATE",
                {"r": run_id},
            )
        ).first()
        if row is None or row[1] != "running" or row[2] is None:
            return None
        open_tasks = (
            await uow.execute(
                "SELECT count(*) FROM job_task WHERE job_run_id = :r AND status IN ('queued', 'running')",
                {"r": run_id},
            )
        ).scalar_one()
        if open_tasks:
            return None
        key, before, started_at = row[0], row[2], row[3]
        summary = RunSummary()
        merge_result(summary, before)
        merge_rows(summary, await store.load_rows(app.db, run_id=run_id))
        status = summary.status()
        final = summary.as_json()
        await uow.execute(
            "UPDATE job_run SET status = :st, finished_at = NOW(), summary = CAST(:s AS jsonb) WHERE run_id = :r",
            {"st": status, "s": json.dumps(final, default=str), "r": run_id},
        )
        await uow.commit()
    log.info("job_run_finished", extra={"job_key": key, "run_id": run_id, "status": status, "detached": True})
    spec = run_spec(key)
    await report_run_to_admins(
        app, spec, job_config(key), run_id, status, final, None, started_at=to_wib(started_at)
    )
    return status
