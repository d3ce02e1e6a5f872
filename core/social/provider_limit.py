"""The provider limit shared by every process (issue 20 item 4): RapidAPI requests in flight, via Redis.

`RAPIDAPI_<PLATFORM>_CONCURRENCY` bounds one process (ING-API-4); this bounds all of them together
(`RAPIDAPI_SHARED_CONCURRENCY` per provider), so N workers never exceed what the plan allows.
A slot is a lease in a sorted set scored by its expiry on the Redis clock: a process that dies
holding slots loses them after `lease_s`. A 429 with `Retry-After` pauses the provider for every
process. Redis unreachable: the request goes ahead on the per-process limit alone (logged), as
the fetch locks do.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass

from core.cache import RedisStore

log = logging.getLogger(__name__)

POLL_MIN_S = 0.003
POLL_MAX_S = 0.012

# Returns 1 = slot taken; 0 = full; a negative number = provider paused for that many ms.
_ACQUIRE = """
local pause = redis.call('PTTL', KEYS[2])
if pause > 0 then return -pause end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
  return 1
end
return 0
"""


@dataclass
class SharedProviderLimit:
    redis: RedisStore
    platform: str
    limit: int
    lease_s: float = 120.0

    @property
    def slots_key(self) -> str:
        return self.redis.key("rapidapi", self.platform, "inflight")

    @property
    def pause_key(self) -> str:
        return self.redis.key("rapidapi", self.platform, "pause")

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        token = await self._acquire()
        try:
            yield
        finally:
            if token is not None:
                with contextlib.suppress(Exception):
                    await self.redis.client.zrem(self.slots_key, token)

    async def _acquire(self) -> str | None:
        """Wait for a slot; None when Redis cannot be reached (the per-process limit still holds)."""
        token = secrets.token_hex(8)
        lease_ms = str(int(self.lease_s * 1000))
        while True:
            try:
                got = int(
                    await self.redis.client.eval(
                        _ACQUIRE, 2, self.slots_key, self.pause_key, token, lease_ms, str(self.limit)
                    )
                )
            except Exception:  # noqa: BLE001
                log.warning("provider_limit_unavailable", extra={"platform": self.platform})
                return None
            if got == 1:
                return token
            await asyncio.sleep(-got / 1000 if got < 0 else random.uniform(POLL_MIN_S, POLL_MAX_S))  # noqa: S311

    async def pause(self, seconds: float) -> None:
        """A 429 with Retry-After: no process sends to this provider until it has passed."""
        if seconds <= 0:
            return
        with contextlib.suppress(Exception):
            await self.redis.client.set(self.pause_key, "1", px=max(1, int(seconds * 1000)))
