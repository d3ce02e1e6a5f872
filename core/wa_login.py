"""Fresh-QR requests (CONV-5): after a QR expired unscanned a session waits; `cicero wa qr` (or
SIGUSR1 to the process) asks for a new one. The request goes through Redis, so the CLI reaches
whichever process holds the session; that process takes it within a few seconds."""

from __future__ import annotations

from core.cache import RedisStore

REQUEST_TTL_S = 600  # a request no process took is forgotten after 10 minutes


def _key(redis: RedisStore, session: str) -> str:
    return redis.key("wa", "login_request", session)


async def request_fresh_qr(redis: RedisStore, session: str) -> None:
    await redis.client.set(_key(redis, session), "1", ex=REQUEST_TTL_S)


async def take_fresh_qr_request(redis: RedisStore, session: str) -> bool:
    """True once per request (GETDEL): the caller shows the fresh QR."""
    return await redis.client.getdel(_key(redis, session)) is not None


async def fresh_qr_pending(redis: RedisStore, session: str) -> bool:
    return bool(await redis.client.exists(_key(redis, session)))
