"""DESIGN.md §3: with DATABASE_URL and REDIS_URL unset the app starts embedded servers and reuses them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import asyncio
from core.app import AppContext

async def main():
    ctx = AppContext.open("probe")
    async with ctx.db.uow() as uow:
        tz = (await uow.execute("SHOW TimeZone")).scalar_one()
        app = (await uow.execute("SELECT current_setting('application_name')")).scalar_one()
        await uow.execute("CREATE TABLE IF NOT EXISTS probe (n int)")
        await uow.execute("INSERT INTO probe VALUES (1)")
        await uow.commit()
        count = (await uow.execute("SELECT count(*) FROM probe")).scalar_one()
    await ctx.redis.client.incr(ctx.redis.key("probe"))
    hits = await ctx.redis.client.get(ctx.redis.key("probe"))
    print(tz, app, count, hits)
    await ctx.close()

asyncio.run(main())
"""


@pytest.mark.embedded
def test_embedded_servers_start_and_persist_across_runs(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DB_HOST"}}
    env["CICERO_DATA_DIR"] = str(tmp_path / "data")
    first = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120
    )
    assert first.returncode == 0, first.stderr
    assert first.stdout.split() == ["UTC", "cicero-probe", "1", "1"]
    # A second process reuses the same cluster and Redis data file: the rows and counter are still there.
    second = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120
    )
    assert second.returncode == 0, second.stderr
    assert second.stdout.split() == ["UTC", "cicero-probe", "2", "2"]
