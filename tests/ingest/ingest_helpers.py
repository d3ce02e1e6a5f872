"""Helpers shared by the ingestion tests (imported as `ingest_helpers`)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from core.config import Settings
from core.db import Database
from core.ingest import IngestDeps
from core.social.clients import open_social_clients
from core.timewindow import WIB

# A fixed "now" so day edges are deterministic whatever the machine clock says.
NOW = datetime(2026, 3, 4, 10, 0, tzinfo=WIB)


def wib(hour: int, minute: int = 0, day: int = 4) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=WIB)


async def add_client(db: Database, client_id: str, **cols: Any) -> None:
    values: dict[str, Any] = {
        "client_id": client_id,
        "nama": cols.pop("nama", f"POLRES {client_id}"),
        "client_type": cols.pop("client_type", "org"),
        "client_status": cols.pop("client_status", True),
        "client_insta": cols.pop("client_insta", None),
        "client_insta_status": cols.pop("client_insta_status", True),
        "client_tiktok": cols.pop("client_tiktok", None),
        "client_tiktok_status": cols.pop("client_tiktok_status", True),
        "client_amplify_status": cols.pop("client_amplify_status", False),
        "tiktok_secuid": cols.pop("tiktok_secuid", None),
    }
    assert not cols, cols
    names = ", ".join(values)
    binds = ", ".join(f":{k}" for k in values)
    async with db.uow() as uow:
        await uow.execute(f"INSERT INTO clients ({names}) VALUES ({binds})", values)
        await uow.commit()


async def rows(db: Database, sql: str, **params: Any) -> list[dict[str, Any]]:
    async with db.uow() as uow:
        return [dict(r) for r in (await uow.execute(sql, params)).mappings()]


@contextlib.asynccontextmanager
async def deps_for(db: Database, redis: Any, settings: Settings) -> AsyncIterator[IngestDeps]:
    social = open_social_clients(settings, redis)
    try:
        yield IngestDeps(db=db, social=social, redis=redis)
    finally:
        await social.aclose()
