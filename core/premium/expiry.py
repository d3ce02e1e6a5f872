"""The expiry jobs (JOB-72, JOB-74, JOB-76). Each expired row is its own unit of work together with
its notice, so one failure is reported and the others still run, and a re-run finds nothing left
to expire (the notices' keys come from the rows, so even a racing run enqueues nothing twice).

Business instants come from the run (`ctx.now`, the one clock) and go to SQL as parameters.
"""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from typing import Any

from core.jobs.context import JobContext
from core.premium import notices, subscriptions
from core.timewindow import today_wib, utc_naive

log = logging.getLogger(__name__)


async def _system_audit(
    ctx: JobContext, uow: Any, action: str, target_type: str, target_id: str, changes: dict[str, Any]
) -> None:
    """`audit_log` row of a change the scheduler made (DB-23): actor `system`, channel `job`."""
    await uow.execute(
        "INSERT INTO audit_log (actor_kind, actor_id, channel, action, target_type, target_id, changes)"
        " VALUES ('system', :job, 'job', :action, :ttype, :tid, CAST(:changes AS JSONB))",
        {"job": ctx.key, "action": action, "ttype": target_type, "tid": target_id,
         "changes": json.dumps(changes, default=str)},
    )  # fmt: skip


async def premium_expiry(ctx: JobContext) -> None:
    """JOB-72: premium ends on its end date (WIB); pending requests older than the setting expire."""
    today = today_wib(ctx.now)
    async with ctx.app.db.uow() as uow:
        due = (
            (
                await uow.execute(
                    'SELECT user_id, whatsapp, premium_end_date FROM "user" WHERE premium_status IS TRUE'
                    " AND premium_end_date IS NOT NULL AND premium_end_date <= :today ORDER BY user_id",
                    {"today": today},
                )
            )
            .mappings()
            .all()
        )
    ctx.summary.count("checked", len(due))
    ctx.summary.count("expired", 0)
    for user in due:
        try:
            async with ctx.app.db.uow() as uow:
                done = await uow.execute(
                    'UPDATE "user" SET premium_status = FALSE, premium_end_date = NULL'
                    " WHERE user_id = :u AND premium_status IS TRUE AND premium_end_date = :end",
                    {"u": user["user_id"], "end": user["premium_end_date"]},
                )
                if done.rowcount:
                    await _system_audit(ctx, uow, "user.premium_expire", "user", user["user_id"],
                                        {"premium_status": [True, False],
                                         "premium_end_date": [user["premium_end_date"], None]})  # fmt: skip
                    await notices.tell(
                        uow, user["whatsapp"], notices.mobile_expired(user["premium_end_date"]),
                        key=f"premium_expired:{user['user_id']}:{user['premium_end_date'].isoformat()}",
                        origin=f"job:{ctx.key}", settings=ctx.settings, job_run_id=ctx.run_id,
                    )  # fmt: skip
                await uow.commit()
            if done.rowcount:
                ctx.summary.count("expired")
            ctx.summary.units_ok += 1
        except Exception as exc:  # noqa: BLE001 - one user's failure never stops the others (JOB-72)
            ctx.summary.count("failed")
            ctx.summary.fail(None, f"user:{user['user_id']}", exc)
    cutoff = utc_naive(ctx.now - timedelta(hours=ctx.settings.premium_request_pending_hours))
    try:
        async with ctx.app.db.uow() as uow:
            expired = (
                (
                    await uow.execute(
                        "UPDATE premium_request SET status = 'expired', updated_at = :now"
                        " WHERE status = 'pending' AND created_at < :cutoff RETURNING request_id",
                        {"now": utc_naive(ctx.now), "cutoff": cutoff},
                    )
                )
                .scalars()
                .all()
            )
            for request_id in expired:
                await _system_audit(ctx, uow, "premium_request.expired", "premium_request", str(request_id),
                                    {"status": ["pending", "expired"]})  # fmt: skip
            await uow.commit()
        ctx.summary.count("requests_expired", len(expired))
        ctx.summary.units_ok += 1
    except Exception as exc:  # noqa: BLE001 - reported in the summary (JOB-16)
        ctx.summary.fail(None, "premium_request", exc)


async def dashboard_subscription_expiry(ctx: JobContext) -> None:
    """JOB-74: active subscriptions whose end has passed become `expired`; the cache follows (JOB-73)."""
    async with ctx.app.db.uow() as uow:
        active = (
            (
                await uow.execute(
                    "SELECT s.subscription_id::text AS subscription_id, s.dashboard_user_id::text AS dashboard_user_id,"
                    " s.tier, s.expires_at, d.whatsapp FROM dashboard_user_subscriptions s"
                    " JOIN dashboard_user d ON d.dashboard_user_id = s.dashboard_user_id"
                    " WHERE s.status = 'active' ORDER BY s.expires_at"
                )
            )
            .mappings()
            .all()
        )
    ctx.summary.count("checked", len(active))
    ctx.summary.count("expired", 0)
    for sub in (s for s in active if s["expires_at"] < ctx.now):
        try:
            async with ctx.app.db.uow() as uow:
                if await subscriptions.expire(uow, sub["subscription_id"], sub["dashboard_user_id"], ctx.now):
                    await _system_audit(ctx, uow, "dashboard_subscription.expired", "dashboard_subscription",
                                        sub["subscription_id"], {"status": ["active", "expired"]})  # fmt: skip
                    await notices.tell(
                        uow, sub["whatsapp"], notices.subscription_expired(sub["tier"], sub["expires_at"]),
                        key=f"sub_expired:{sub['subscription_id']}", origin=f"job:{ctx.key}",
                        settings=ctx.settings, job_run_id=ctx.run_id,
                    )  # fmt: skip
                    ctx.summary.count("expired")
                await uow.commit()
            ctx.summary.units_ok += 1
        except Exception as exc:  # noqa: BLE001 - per-row transactions (JOB-74)
            ctx.summary.fail(None, f"subscription:{sub['subscription_id']}", exc)


async def dashboard_premium_request_expiry(ctx: JobContext) -> None:
    """JOB-76: open requests past `expired_at` become `expired`; requesters and admins are told."""
    async with ctx.app.db.uow() as uow:
        due = (
            (
                await uow.execute(
                    "SELECT request_id, request_token::text AS request_token, dashboard_user_id::text AS dashboard_user_id,"
                    " username, whatsapp, client_id, premium_tier, status FROM dashboard_premium_request"
                    " WHERE status IN ('pending', 'confirmed') AND expired_at <= :now ORDER BY request_id",
                    {"now": ctx.now},
                )
            )
            .mappings()
            .all()
        )
    ctx.summary.count("checked", len(due))
    expired: list[dict[str, Any]] = []
    for request in due:
        try:
            async with ctx.app.db.uow() as uow:
                done = await uow.execute(
                    "UPDATE dashboard_premium_request SET status = 'expired', responded_at = COALESCE(responded_at, :now)"
                    " WHERE request_id = :rid AND status = :was",
                    {"now": ctx.now, "rid": request["request_id"], "was": request["status"]},
                )
                if done.rowcount:
                    await uow.execute(
                        "INSERT INTO dashboard_premium_request_audit"
                        " (request_id, dashboard_user_id, action, actor, status_from, status_to)"
                        " VALUES (:rid, CAST(:uid AS UUID), 'expired', 'system', :was, 'expired')",
                        {
                            "rid": request["request_id"],
                            "uid": request["dashboard_user_id"],
                            "was": request["status"],
                        },
                    )
                    await notices.tell(
                        uow, request["whatsapp"],
                        notices.dashboard_request_expired(request["request_id"], request["premium_tier"]),
                        key=f"dash_request_expired:{request['request_id']}", origin=f"job:{ctx.key}",
                        settings=ctx.settings, job_run_id=ctx.run_id,
                    )  # fmt: skip
                    expired.append(dict(request))
                await uow.commit()
            ctx.summary.units_ok += 1
        except Exception as exc:  # noqa: BLE001 - per-row transactions (JOB-76)
            ctx.summary.fail(None, f"dashboard_premium_request:{request['request_id']}", exc)
    ctx.summary.count("expired", len(expired))
    if not expired:
        return  # JOB-76: nothing expired, nothing sent
    ids = ",".join(str(r["request_id"]) for r in expired)
    async with ctx.app.db.uow() as uow:
        await notices.tell_admins(
            uow, notices.dashboard_requests_expired_for_admins(expired), key=f"dash_requests_expired:{ids}",
            origin=f"job:{ctx.key}", settings=ctx.settings, job_run_id=ctx.run_id,
        )  # fmt: skip
        await uow.commit()
