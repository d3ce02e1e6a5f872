"""Per-sender limit on link-report messages (CONV-256): 30 per hour, one refusal per hour beyond."""

from __future__ import annotations

from enum import StrEnum

from core.cache import RedisStore

MAX_PER_HOUR = 30
WINDOW_S = 3600


class Allowance(StrEnum):
    ALLOWED = "allowed"
    REFUSE = "refuse"  # over the limit: reply once
    SILENT = "silent"  # over the limit, already told this hour


async def link_report_allowance(redis: RedisStore, phone: str, limit: int = MAX_PER_HOUR) -> Allowance:
    key = redis.key("amplify", "rate", phone)
    count = await redis.client.incr(key)
    if count == 1:
        await redis.client.expire(key, WINDOW_S)
    if count <= limit:
        return Allowance.ALLOWED
    told = await redis.client.set(redis.key("amplify", "rate_told", phone), "1", nx=True, ex=WINDOW_S)
    return Allowance.REFUSE if told else Allowance.SILENT
