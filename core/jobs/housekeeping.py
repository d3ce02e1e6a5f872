"""`housekeeping` (JOB-33): retention of delivered messages, runs, reminder state and audits."""

from __future__ import annotations

from datetime import timedelta

from core.jobs.context import JobContext
from core.timewindow import record_now

TERMINAL = ("sent", "dead_letter", "expired", "canceled")


async def run(ctx: JobContext) -> None:
    settings = ctx.settings
    # Rows stamped by the database age on the record clock; slots and date keys are business dates.
    stamped = record_now()
    cutoffs = {
        "outbox": stamped - timedelta(days=settings.outbox_retention_days),
        "runs": ctx.now - timedelta(days=settings.job_run_retention_days),
        "tasks": stamped - timedelta(days=30),
        "task_days": ctx.today - timedelta(days=30),
        "audits": stamped - timedelta(days=settings.engagement_audit_retention_days),
        "requests": stamped - timedelta(days=7),
    }
    statements = {
        "wa_outbox": (
            "DELETE FROM wa_outbox WHERE status = ANY(:terminal) AND updated_at < :outbox",
            {"terminal": list(TERMINAL)},
        ),
        "wa_outbox_document": (
            "DELETE FROM wa_outbox_document d WHERE NOT EXISTS"
            " (SELECT 1 FROM wa_outbox o WHERE o.document_id = d.document_id)",
            {},
        ),
        "email_outbox": (
            "DELETE FROM email_outbox WHERE status = ANY(:terminal) AND updated_at < :outbox",
            {"terminal": list(TERMINAL)},
        ),
        "job_task": ("DELETE FROM job_task WHERE created_at < :tasks", {}),
        "job_run": ("DELETE FROM job_run WHERE slot < :runs AND status <> 'running'", {}),
        "wa_notification_reminder_state": (
            "DELETE FROM wa_notification_reminder_state WHERE date_key < :task_days",
            {},
        ),
        "insta_like_audit": ("DELETE FROM insta_like_audit WHERE captured_at < :audits", {}),
        "tiktok_comment_audit": ("DELETE FROM tiktok_comment_audit WHERE captured_at < :audits", {}),
        "access_request": (
            "UPDATE access_request SET status = 'expired', decided_at = NOW()"
            " WHERE status = 'pending' AND requested_at < :requests",
            {},
        ),
    }
    # Each table is its own unit: one failing delete is reported and the others still run.
    for table, (sql, extra) in statements.items():
        try:
            async with ctx.app.db.uow() as uow:
                result = await uow.execute(sql, {**cutoffs, **extra})
                await uow.commit()
            ctx.summary.count(
                f"{table}_deleted" if table != "access_request" else "access_requests_expired",
                result.rowcount,
            )
            ctx.summary.units_ok += 1
        except Exception as exc:  # noqa: BLE001 - recorded per table (JOB-16)
            ctx.summary.fail(None, table, exc)
