"""Seeds and reads shared by the queue tests."""

from __future__ import annotations

import asyncio
import sys
import time
from datetime import datetime
from typing import Any

from core.app import AppContext
from core.db import Database
from core.fakes.rapidapi import FakeRapidApi
from core.timewindow import WIB
from tests.reports.seed import Seed

ADMIN = "6281100000009"
GROUP = "120363000000000301@g.us"
# Tests never depend on the real date: one fixed instant for everything they start.
NOW = datetime(2026, 11, 25, 9, 5, tzinfo=WIB)


async def seed_clients(db: Database, fake: FakeRapidApi, n: int, *, group: bool = True) -> list[str]:
    """`n` ORG clients with one Instagram post each (liked by their one member) and a group."""
    seed = Seed(db)
    ids = []
    for i in range(n):
        cid = f"POLRES_W{i:03d}"
        handle = f"polres_w{i:03d}"
        await seed.client(cid, f"POLRES W{i:03d}")
        async with db.uow() as uow:
            await uow.execute(
                "UPDATE clients SET client_insta = :h, client_insta_status = TRUE, client_tiktok_status = FALSE,"
                " client_group = :g"
                " WHERE client_id = :c",
                {"h": handle, "g": GROUP if group else None, "c": cid},
            )
            await uow.commit()
        await seed.user(f"9{i:03d}", cid, f"ANGGOTA {i}", insta=f"anggota{i}")
        code = f"W{i:03d}POSTabc"
        fake.instagram.add_post(handle, code, taken_at=datetime(2026, 11, 25, 7, 0, tzinfo=WIB))
        fake.instagram.set_likers(code, [f"anggota{i}", "warga"])
        ids.append(cid)
    return ids


async def rows(app: AppContext, sql: str, **params: Any) -> list[dict[str, Any]]:
    async with app.db.uow() as uow:
        return [dict(r) for r in (await uow.execute(sql, params)).mappings()]


def worker_env(cli_env: dict[str, str], fake: FakeRapidApi, settings: Any, **extra: str) -> dict[str, str]:
    """Environment of a `cicero worker` subprocess: this run's database and Redis prefix, the fake
    RapidAPI, the test's queues and quick retries."""
    return {
        **cli_env,
        **fake.env(),
        "AMQP_URL": settings.amqp_url.get_secret_value(),
        "WORKER_QUEUE_PREFIX": settings.worker_queue_prefix,
        "WORKER_RETRY_BASE_S": str(settings.worker_retry_base_s),
        "ADMIN_WHATSAPP": ADMIN,
        "LOG_LEVEL": "WARNING",
        **extra,
    }


async def start_worker(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "worker", env=env, stdout=asyncio.subprocess.DEVNULL
    )


async def stop_worker(proc: asyncio.subprocess.Process) -> int:
    """SIGTERM (WRK-4 graceful stop) and wait; returns the exit code."""
    if proc.returncode is None:
        proc.terminate()
    return await asyncio.wait_for(proc.wait(), timeout=90)


async def wait_for(predicate: Any, within_s: float = 30.0, every: float = 0.05) -> None:
    deadline = time.monotonic() + within_s
    while not await predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(every)
