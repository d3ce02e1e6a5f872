"""The shared handles a process needs (settings, database, Redis), opened once and closed once."""

from __future__ import annotations

from dataclasses import dataclass

from core.cache import RedisStore, create_redis
from core.config import Settings, get_settings
from core.db import Database, create_database


@dataclass
class AppContext:
    settings: Settings
    db: Database
    redis: RedisStore

    @classmethod
    def open(cls, process: str, settings: Settings | None = None) -> AppContext:
        settings = settings or get_settings()
        return cls(settings=settings, db=create_database(settings, process), redis=create_redis(settings))

    async def close(self) -> None:
        await self.db.dispose()
        await self.redis.close()
