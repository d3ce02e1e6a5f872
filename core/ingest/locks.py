"""Redis locks and cache keys owned by ingestion (ING-CACHE-1, ING-CACHE-2).

Locks are `SET key token NX EX ttl`, released by compare-and-delete and extended every 60 s while
held. Redis is never required for correctness: when it cannot be reached a lock is granted (and
the failure logged) rather than blocking every fetch.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from collections.abc import AsyncIterator
from datetime import date

from core.cache import RedisStore

log = logging.getLogger(__name__)

GLOBAL_LOCK_TTL_S = 2100
CLIENT_LOCK_TTL_S = 900
VANISH_TTL_S = 36 * 3600
POST_COUNT_TTL_S = 60
_EXTEND_EVERY_S = 60

_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end
"""
_ACQUIRE_OWN = """
local held = redis.call('get', KEYS[1])
if not held then redis.call('set', KEYS[1], ARGV[1], 'EX', ARGV[2]) return 1 end
if held == ARGV[1] then redis.call('expire', KEYS[1], ARGV[2]) return 1 end
return 0
"""
_EXTEND = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('expire', KEYS[1], ARGV[2]) else return 0 end
"""


class FetchLockBusy(Exception):
    """Another fetch holds the lock (DIR-12.0 item 2: answer "already running", start nothing)."""

    def __init__(self, client_id: str | None) -> None:
        super().__init__(f"fetch already running for {client_id or 'all clients'}")
        self.client_id = client_id


def global_lock_key(redis: RedisStore) -> str:
    return redis.key("cron", "dirfetch", "sosmed")


def client_lock_key(redis: RedisStore, client_id: str) -> str:
    return redis.key("cicero", "lock", "fetch", client_id.strip().upper())


@contextlib.asynccontextmanager
async def redis_lock(
    redis: RedisStore | None, key: str, ttl_s: int, owner: str | None = None, token: str | None = None
) -> AsyncIterator[None]:
    """Hold `key` for the block; raise `FetchLockBusy` when another holder has it.

    A caller-chosen `token` (a queue task id) may take over a lock that already holds it: a task
    redelivered after its worker died must not wait for the dead holder's TTL (WRK-4)."""
    if redis is None:
        yield
        return
    try:
        if token is None:
            token = secrets.token_hex(16)
            acquired = await redis.client.set(key, token, nx=True, ex=ttl_s)
        else:
            acquired = await redis.client.eval(_ACQUIRE_OWN, 1, key, token, str(ttl_s))
    except Exception:  # noqa: BLE001 - Redis down: never block the fetch on the cache
        log.warning("fetch_lock_unavailable", extra={"key": key})
        yield
        return
    if not acquired:
        raise FetchLockBusy(owner)

    async def keep_alive() -> None:
        while True:
            await asyncio.sleep(_EXTEND_EVERY_S)
            with contextlib.suppress(Exception):
                await redis.client.eval(_EXTEND, 1, key, token, str(ttl_s))

    extender = asyncio.create_task(keep_alive())
    try:
        yield
    finally:
        extender.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await extender
        try:
            await redis.client.eval(_RELEASE, 1, key, token)
        except Exception:  # noqa: BLE001
            log.warning("fetch_lock_release_failed", extra={"key": key})


def client_fetch_lock(
    redis: RedisStore | None, client_id: str, token: str | None = None
) -> contextlib.AbstractAsyncContextManager[None]:
    """The per-client lock that menu refreshes and scheduled runs share (ING-CACHE-1)."""
    key = client_lock_key(redis, client_id) if redis else ""
    return redis_lock(redis, key, CLIENT_LOCK_TTL_S, owner=client_id.strip().upper(), token=token)


def global_fetch_lock(redis: RedisStore | None) -> contextlib.AbstractAsyncContextManager[None]:
    key = global_lock_key(redis) if redis else ""
    return redis_lock(redis, key, GLOBAL_LOCK_TTL_S)


# --- post counts (invalidated on every change of a client's posts) -------------------------------


def post_count_key(redis: RedisStore, platform: str, client_id: str, first: date | str, last: date) -> str:
    return redis.key(f"{platform}:post_count", client_id.strip().upper(), str(first), str(last))


async def invalidate_post_counts(redis: RedisStore | None, client_id: str) -> None:
    """Drop every cached post count of the client (ING-CACHE-1) after its posts changed."""
    if redis is None:
        return
    try:
        for platform in ("instagram", "tiktok"):
            pattern = redis.key(f"{platform}:post_count", client_id.strip().upper(), "*")
            keys = [k async for k in redis.client.scan_iter(match=pattern, count=500)]
            if keys:
                await redis.client.delete(*keys)
    except Exception:  # noqa: BLE001
        log.warning("post_count_invalidate_failed", extra={"client_id": client_id})


# --- deferred vanished-post candidates (ING-POST-10 step 3) --------------------------------------


def vanish_key(redis: RedisStore, platform: str, client_id: str, day: date) -> str:
    return redis.key("cicero", "fetch", "vanish", platform, client_id.strip().upper(), day.isoformat())


async def load_deferred(
    redis: RedisStore | None, platform: str, client_id: str, day: date
) -> set[str] | None:
    """The stored candidate set; None when Redis cannot be read (then nothing may be deleted)."""
    if redis is None:
        return None
    try:
        raw = await redis.client.get(vanish_key(redis, platform, client_id, day))
    except Exception:  # noqa: BLE001
        return None
    return set(json.loads(raw)) if raw else set()


async def store_deferred(
    redis: RedisStore | None, platform: str, client_id: str, day: date, ids: set[str]
) -> None:
    if redis is None:
        return
    key = vanish_key(redis, platform, client_id, day)
    try:
        if ids:
            await redis.client.set(key, json.dumps(sorted(ids)), ex=VANISH_TTL_S)
        else:
            await redis.client.delete(key)
    except Exception:  # noqa: BLE001
        log.warning("vanish_store_failed", extra={"client_id": client_id, "platform": platform})
