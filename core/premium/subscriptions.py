"""Dashboard subscriptions (JOB-70, JOB-71) and the `dashboard_user` premium cache (JOB-73).

"Active" = status `active`, `expires_at` > now, `canceled_at` null or in the future; the one with
the latest `expires_at` gives the tier. Every function that changes a subscription row refreshes
the cache in the same unit of work. `pending` is never written (legacy rows may hold it).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from core.db import UnitOfWork

ACTIVE = "status = 'active' AND expires_at > :now AND (canceled_at IS NULL OR canceled_at > :now)"


async def latest_active(uow: UnitOfWork, dashboard_user_id: str, now: datetime) -> dict[str, Any] | None:
    row = (
        (
            await uow.execute(
                "SELECT subscription_id::text AS subscription_id, tier, started_at, expires_at"  # noqa: S608 - fixed column lists and names, values bound
                " FROM dashboard_user_subscriptions"
                f" WHERE dashboard_user_id = CAST(:id AS UUID) AND {ACTIVE}"
                " ORDER BY expires_at DESC, started_at DESC LIMIT 1",
                {"id": dashboard_user_id, "now": now},
            )
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


async def refresh_cache(uow: UnitOfWork, dashboard_user_id: str, now: datetime) -> dict[str, Any] | None:
    """JOB-73: `premium_status` = an active subscription exists; tier and expiry from the latest one."""
    latest = await latest_active(uow, dashboard_user_id, now)
    await uow.execute(
        "UPDATE dashboard_user SET premium_status = :on, premium_tier = :tier, premium_expires_at = :exp"
        " WHERE dashboard_user_id = CAST(:id AS UUID)",
        {
            "on": latest is not None,
            "tier": latest["tier"] if latest else None,
            "exp": latest["expires_at"] if latest else None,
            "id": dashboard_user_id,
        },
    )
    return latest


async def start(
    uow: UnitOfWork, dashboard_user_id: str, tier: str, *, now: datetime, expires_at: datetime,
    metadata: dict[str, Any],
) -> str:  # fmt: skip
    """A new `active` subscription (JOB-71); returns its id after refreshing the cache."""
    subscription_id = (
        await uow.execute(
            "INSERT INTO dashboard_user_subscriptions (dashboard_user_id, tier, status, started_at, expires_at, metadata)"
            " VALUES (CAST(:id AS UUID), :tier, 'active', :now, :exp, CAST(:meta AS JSONB))"
            " RETURNING subscription_id::text",
            {
                "id": dashboard_user_id,
                "tier": tier,
                "now": now,
                "exp": expires_at,
                "meta": json.dumps(metadata, default=str),
            },
        )  # fmt: skip
    ).scalar_one()
    await refresh_cache(uow, dashboard_user_id, now)
    return subscription_id


async def expire(uow: UnitOfWork, subscription_id: str, dashboard_user_id: str, now: datetime) -> bool:
    """JOB-74: an active row past its end becomes `expired` (`canceled_at` cleared); False when another
    run got there first."""
    done = await uow.execute(
        "UPDATE dashboard_user_subscriptions SET status = 'expired', canceled_at = NULL"
        " WHERE subscription_id = CAST(:sid AS UUID) AND status = 'active' AND expires_at < :now",
        {"sid": subscription_id, "now": now},
    )
    if not done.rowcount:
        return False
    await refresh_cache(uow, dashboard_user_id, now)
    return True
