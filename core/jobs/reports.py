"""What admins hear about job runs (JOB-17): one message per run, per `JOB_<KEY>_ADMIN_REPORT`."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from core.alerts import notify_admins
from core.timewindow import WIB, now_wib

if TYPE_CHECKING:
    from core.app import AppContext
    from core.jobs.catalogue import JobSpec
    from core.jobs.config import JobConfig

log = logging.getLogger(__name__)

OUTCOME_WORDS = {
    "succeeded": "berhasil",
    "partial": "sebagian gagal",
    "failed": "gagal",
    "skipped_not_applicable": "dilewati",
}
MAX_LISTED_FAILURES = 10


def should_report(mode: str, status: str) -> bool:
    if mode == "off" or status not in OUTCOME_WORDS:
        return False
    # JOB-26: a directorate job whose target is missing is always reported, like a failure.
    return mode == "summary" or status in ("partial", "failed", "skipped_not_applicable")


def render_run_report(
    spec: JobSpec,
    status: str,
    summary: dict[str, Any],
    error: str | None,
    started_at: datetime,
    finished_at: datetime,
) -> str:
    lines = [
        f"🗓️ *{spec.label}* ({spec.key})",
        f"Hasil: *{OUTCOME_WORDS[status]}*",
        f"Mulai {started_at.astimezone(WIB):%H:%M} – selesai {finished_at.astimezone(WIB):%H:%M} WIB",
    ]
    for name, value in summary.items():
        if isinstance(value, int):
            lines.append(f"• {name}: {value}")
    if error:
        lines.append(f"Kesalahan: {error[:300]}")
    if summary.get("reason"):
        lines.append(f"Alasan: {summary['reason']}")
    failures = summary.get("failures") or []
    for failure in failures[:MAX_LISTED_FAILURES]:
        lines.append(f"{failure['client_id']}: {failure['step']} – {failure['error']}")
    if len(failures) > MAX_LISTED_FAILURES:
        lines.append(f"… dan {len(failures) - MAX_LISTED_FAILURES} lainnya")
    return "\n".join(lines)


async def report_run_to_admins(
    app: AppContext,
    spec: JobSpec,
    config: JobConfig,
    run_id: int,
    status: str,
    summary: dict[str, Any],
    error: str | None,
    started_at: datetime,
) -> None:
    if not should_report(config.admin_report, status):
        return
    text = render_run_report(spec, status, summary, error, started_at, now_wib())
    try:
        async with app.db.uow() as uow:
            await notify_admins(
                uow,
                app.redis,
                "job_report",
                text,
                subject=spec.key,
                rate_limited=False,
                settings=app.settings,
            )
            await uow.commit()
    except Exception:  # noqa: BLE001 - a failed report must not turn a finished run into a crash
        log.exception("job_report_failed", extra={"job_key": spec.key, "run_id": run_id})
