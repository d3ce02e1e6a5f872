"""Ingestion dependencies for one menu action or job run: provider clients opened and closed once.

async with open_ingest_deps(env) as deps:     # env: settings, db, redis
    await register_posts(deps, ...)
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Protocol

from core.cache import RedisStore
from core.config import Settings
from core.db import Database
from core.ingest.context import IngestDeps
from core.social.clients import open_social_clients


class Env(Protocol):
    settings: Settings
    db: Database
    redis: RedisStore


@contextlib.asynccontextmanager
async def open_ingest_deps(env: Env) -> AsyncIterator[IngestDeps]:
    social = open_social_clients(env.settings, env.redis)
    try:
        yield IngestDeps(db=env.db, social=social, redis=env.redis)
    finally:
        await social.aclose()
