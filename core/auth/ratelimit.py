"""Fixed-window rate limits in Redis (API-17): key `rl:<bucket>:<subject>:<window start>`."""

from __future__ import annotations

import logging
import time

from redis.exceptions import RedisError

from core.auth.errors import rate_limited, service_unavailable
from core.cache import RedisStore

log = logging.getLogger(__name__)


class RateLimiter:
    def __init__(self, redis: RedisStore) -> None:
        self.redis = redis

    def _key(self, bucket: str, subject: str, window: int, now: float) -> tuple[str, int]:
        start = int(now // window * window)
        return self.redis.key("rl", bucket, subject, start), start + window - int(now)

    async def hit(self, bucket: str, subject: str, limit: int, window: int) -> None:
        """Count one request; 429 with `retry_after` once the window's count exceeds `limit`."""
        now = time.time()
        key, remaining = self._key(bucket, subject, window, now)
        try:
            pipe = self.redis.client.pipeline()
            pipe.incr(key)
            pipe.expire(key, window + 1)
            count, _ = await pipe.execute()
        except RedisError:
            raise service_unavailable() from None
        if count > limit:
            log.warning("rate_limit_hit", extra={"bucket": bucket})
            raise rate_limited(max(1, remaining))

    async def check_failures(self, bucket: str, subject: str, limit: int, window: int) -> None:
        """Refuse without counting when `limit` failures are already recorded (`login_fail`)."""
        now = time.time()
        key, remaining = self._key(bucket, subject, window, now)
        try:
            count = int(await self.redis.client.get(key) or 0)
        except RedisError:
            raise service_unavailable() from None
        if count >= limit:
            log.warning("rate_limit_hit", extra={"bucket": bucket})
            raise rate_limited(max(1, remaining))

    async def add_failure(self, bucket: str, subject: str, window: int) -> None:
        key, _ = self._key(bucket, subject, window, time.time())
        try:
            pipe = self.redis.client.pipeline()
            pipe.incr(key)
            pipe.expire(key, window + 1)
            await pipe.execute()
        except RedisError:
            raise service_unavailable() from None

    async def clear(self, bucket: str, subject: str, window: int) -> None:
        key, _ = self._key(bucket, subject, window, time.time())
        try:
            await self.redis.client.delete(key)
        except RedisError:
            raise service_unavailable() from None
