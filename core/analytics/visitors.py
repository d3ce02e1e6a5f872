"""The public visitor ping (API-87): one `visitor_logs` row per IP per minute."""

from __future__ import annotations

import logging

from redis.exceptions import RedisError

from core.cache import RedisStore
from core.db import UnitOfWork

log = logging.getLogger(__name__)
USER_AGENT_MAX = 300
WINDOW_S = 60


async def record_visit(uow: UnitOfWork, redis: RedisStore, ip: str, user_agent: str) -> bool:
    """True when a row was written. Without Redis no row is written: an unbounded flood of rows
    is worse than a missed visit, and the ping still answers."""
    try:
        first = await redis.client.set(redis.key("visitor", ip), "1", nx=True, ex=WINDOW_S)
    except RedisError:
        log.warning("visitor_ping_unrecorded", extra={"reason": "redis_unavailable"})
        return False
    if not first:
        return False
    await uow.execute(
        "INSERT INTO visitor_logs (ip, user_agent) VALUES (:ip, :ua)",
        {"ip": ip, "ua": (user_agent or "")[:USER_AGENT_MAX]},
    )
    await uow.commit()
    return True
