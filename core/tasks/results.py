"""A unit's share of the run summary (JOB-12): stored in `job_task.result`, merged by the runner (WRK-5)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from core.jobs.context import RunSummary
from core.tasks.store import TaskRow


def summary_result(summary: RunSummary) -> dict[str, Any]:
    return {
        "counters": summary.counters,
        "failures": summary.failures,
        "invalid_recipients": summary.invalid_recipients,
        "units_ok": summary.units_ok,
        "extra": summary.extra,
    }


def merge_result(summary: RunSummary, result: dict[str, Any]) -> None:
    for name, n in (result.get("counters") or {}).items():
        summary.count(name, int(n))
    summary.failures.extend(result.get("failures") or [])
    summary.invalid_recipients.extend(result.get("invalid_recipients") or [])
    summary.units_ok += int(result.get("units_ok") or 0)
    summary.extra.update(result.get("extra") or {})


def merge_rows(summary: RunSummary, rows: Iterable[TaskRow]) -> None:
    """Fold every task of a run into its summary; a failed or expired task is one failure line."""
    for row in rows:
        if row.result:
            merge_result(summary, row.result)
        if row.status == "failed":
            summary.fail(row.args.get("client_id"), row.type, row.error or "failed")
            summary.count("tasks_failed")
        elif row.status == "expired":
            summary.fail(row.args.get("client_id"), row.type, row.error or "expired")
            summary.count("tasks_expired")
