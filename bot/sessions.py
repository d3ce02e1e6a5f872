"""Menu sessions in Redis (CONV-50, CONV-51): one per chat, sliding idle timeout, survive restarts.

Key: `<prefix>:menu:<wa session>:<chat id>` (a bulk request pending in a group adds the sender).
The value has no Redis TTL while alive; the deadline lives in the sorted set `<prefix>:menu:deadlines`
so the sweeper (every 15 s) can send the expiry notice before deleting (CONV-51). A safety TTL of
one day above the idle timeout removes keys a crashed deployment might leave behind.
"""

from __future__ import annotations

import time

from core.cache import RedisStore
from menus.framework.session import MenuSession

SAFETY_TTL_S = 86_400

# Delete the key only if it still holds the value the sweeper read (the session did not move on).
_COMPARE_AND_DELETE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[2], KEYS[1])
  return 1
end
return 0
"""


class SessionStore:
    def __init__(self, redis: RedisStore, idle_timeout_s: int) -> None:
        self.redis = redis
        self.idle_timeout_s = min(3600, max(60, idle_timeout_s))  # CONV-51: allowed 60–3600
        self.deadlines = redis.key("menu", "deadlines")

    def key(self, wa_session: str, chat_id: str, sender: str | None = None) -> str:
        return self.redis.key("menu", wa_session, chat_id, *([sender] if sender else []))

    async def load(self, key: str) -> MenuSession | None:
        return await self.parse(key, await self.redis.client.get(key))

    async def parse(self, key: str, raw: str | None) -> MenuSession | None:
        if raw is None:
            return None
        try:
            return MenuSession.from_json(raw)
        except (ValueError, TypeError):
            await self.delete(key)  # an unreadable value never breaks the chat
            return None

    def expired(self, state: MenuSession, now: float | None = None) -> bool:
        return (now or time.time()) > state.last_activity + self.idle_timeout_s

    async def save(self, key: str, state: MenuSession) -> None:
        state.last_activity = time.time()
        pipe = self.redis.client.pipeline(transaction=True)
        pipe.set(key, state.to_json(), ex=self.idle_timeout_s + SAFETY_TTL_S)
        pipe.zadd(self.deadlines, {key: state.last_activity + self.idle_timeout_s})
        await pipe.execute()

    async def delete(self, key: str) -> None:
        pipe = self.redis.client.pipeline(transaction=True)
        pipe.delete(key)
        pipe.zrem(self.deadlines, key)
        await pipe.execute()

    async def due(self, now: float | None = None, limit: int = 200) -> list[str]:
        return list(
            await self.redis.client.zrangebyscore(self.deadlines, "-inf", now or time.time(), 0, limit)
        )

    async def take_expired(self, key: str, now: float | None = None) -> MenuSession | None:
        """Atomically remove `key` if its session is past its deadline; returns what was removed."""
        raw = await self.redis.client.get(key)
        if raw is None:
            await self.redis.client.zrem(self.deadlines, key)
            return None
        try:
            state = MenuSession.from_json(raw)
        except (ValueError, TypeError):
            await self.delete(key)
            return None
        if not self.expired(state, now):
            await self.redis.client.zadd(self.deadlines, {key: state.last_activity + self.idle_timeout_s})
            return None
        removed = await self.redis.client.eval(_COMPARE_AND_DELETE, 2, key, self.deadlines, raw)
        return state if removed else None

    def parse_key(self, key: str) -> tuple[str, str, str | None]:
        """(wa session, chat id, sender or None) of a session key."""
        rest = key[len(self.redis.key("menu")) + 1 :]
        parts = rest.split(":")
        return parts[0], parts[1], parts[2] if len(parts) > 2 else None
