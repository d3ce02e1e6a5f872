"""Inbound duplicate window (DLV-26, CONV-11): `SET <prefix>:wa:seen:<chat>:<message id> NX PX ttl`.

No session part, so a group message received by two Cicero numbers is handled once. When Redis is
unreachable an in-process LRU of 10 000 keys with the same TTL takes over (and a warning is logged).
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict

from redis.exceptions import RedisError

from core.cache import RedisStore

log = logging.getLogger(__name__)
DEFAULT_TTL_MS = 86_400_000
LRU_SIZE = 10_000


def effective_ttl_ms(value: object) -> int:
    try:
        ttl = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return DEFAULT_TTL_MS
    return ttl if ttl >= 60_000 else DEFAULT_TTL_MS


class InboundDedup:
    def __init__(self, redis: RedisStore, ttl_ms: object) -> None:
        self.redis = redis
        self.ttl_ms = effective_ttl_ms(ttl_ms)
        self._lru: OrderedDict[str, float] = OrderedDict()

    def key(self, chat_id: str, message_id: str) -> str:
        return self.redis.key("wa", "seen", chat_id, message_id)

    async def claim(self, chat_id: str, message_id: str | None) -> bool:
        """True the first time a message is seen (handle it); False for a duplicate (drop it)."""
        if not message_id:
            log.info("inbound_without_id", extra={"chat": chat_id})
            return True
        key = self.key(chat_id, message_id)
        try:
            return bool(await self.redis.client.set(key, "1", nx=True, px=self.ttl_ms))
        except (RedisError, OSError):
            log.warning("dedup_redis_unavailable", extra={"chat": chat_id})
            return self._claim_local(key)

    async def claim_and_get(self, chat_id: str, message_id: str | None, key: str) -> tuple[bool, str | None]:
        """`claim()` and a GET of `key` (the chat's menu session) in one Redis round trip."""
        if not message_id:
            log.info("inbound_without_id", extra={"chat": chat_id})
            return True, await self.redis.client.get(key)
        seen = self.key(chat_id, message_id)
        try:
            pipe = self.redis.client.pipeline(transaction=False)
            pipe.set(seen, "1", nx=True, px=self.ttl_ms)
            pipe.get(key)
            claimed, raw = await pipe.execute()
            return bool(claimed), raw
        except (RedisError, OSError):
            log.warning("dedup_redis_unavailable", extra={"chat": chat_id})
            return self._claim_local(seen), None

    async def release(self, chat_id: str, message_id: str | None) -> None:
        """Forget a claim, so a re-delivery of the message is handled (issue 10: database outage)."""
        if not message_id:
            return
        key = self.key(chat_id, message_id)
        self._lru.pop(key, None)
        try:
            await self.redis.client.delete(key)
        except (RedisError, OSError):
            log.warning("dedup_redis_unavailable", extra={"chat": chat_id})

    def _claim_local(self, key: str) -> bool:
        now = time.monotonic()
        expiry = self._lru.get(key)
        if expiry is not None and expiry > now:
            return False
        self._lru[key] = now + self.ttl_ms / 1000
        self._lru.move_to_end(key)
        while len(self._lru) > LRU_SIZE:
            self._lru.popitem(last=False)
        return True
