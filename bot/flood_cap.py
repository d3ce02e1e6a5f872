"""Per-chat inbound cap for unknown senders (issue 17 item 7).

A stranger's private chat gets its first `WA_STRANGER_BURST` messages handled as usual (enough for
the registration flow and a few retries); beyond that, one message per `WA_STRANGER_INTERVAL_S`
seconds is handled and the rest are dropped before any reply is built, so a flood costs the outbox
nothing. The budget refills once the chat has been quiet for burst × interval seconds. Registered
senders never pass through here: they keep the outbox's own per-chat limits (DLV-12).

Self-contained on purpose: the router calls `FloodCap.allow` right after resolving the actor, and
the inbound pipeline (issue [inbound-pipeline]) turns that call into its `cap_floods` stage.
"""

from __future__ import annotations

import logging

from redis.exceptions import RedisError

from core.cache import RedisStore
from core.config import Settings

log = logging.getLogger(__name__)


class FloodCap:
    def __init__(self, redis: RedisStore, settings: Settings) -> None:
        self.redis = redis
        self.burst = max(1, settings.wa_stranger_burst)
        self.interval_s = max(1, settings.wa_stranger_interval_s)

    async def allow(self, session: str, chat_id: str) -> bool:
        """True when this message of an unknown sender's chat is to be handled."""
        count_key = self.redis.key("flood", "count", session, chat_id)
        gap_key = self.redis.key("flood", "gap", session, chat_id)
        client = self.redis.client
        try:
            async with client.pipeline(transaction=True) as pipe:
                pipe.incr(count_key)
                pipe.expire(count_key, self.burst * self.interval_s)  # refills after a quiet spell
                count, _ = await pipe.execute()
            if count < self.burst:
                return True
            if count == self.burst:
                # The last message of the burst opens the first gap, so the next one waits a full interval.
                await client.set(gap_key, "1", ex=self.interval_s)
                return True
            return bool(await client.set(gap_key, "1", nx=True, ex=self.interval_s))
        except RedisError:
            # Redis is down: the dedup claim has failed before us anyway; never drop a message for it.
            log.warning("flood_cap_unavailable", exc_info=True)
            return True
