"""DB-1 connection rules and the unit-of-work contract against the run's real database."""

from __future__ import annotations

import pytest

from core.db import Database


async def test_connections_use_utc_and_name_the_process(db: Database) -> None:
    async with db.uow() as uow:
        assert (await uow.execute("SHOW TimeZone")).scalar_one() == "UTC"
        assert (await uow.execute("SELECT current_setting('application_name')")).scalar_one() == "cicero-test"


async def test_unit_of_work_rolls_back_unless_committed(db: Database) -> None:
    async with db.uow() as uow:
        await uow.execute("CREATE TABLE IF NOT EXISTS uow_probe (n int)")
        await uow.commit()
    async with db.uow() as uow:
        await uow.execute("INSERT INTO uow_probe VALUES (1)")
    with pytest.raises(RuntimeError):
        async with db.uow() as uow:
            await uow.execute("INSERT INTO uow_probe VALUES (2)")
            raise RuntimeError("step failed")
    async with db.uow() as uow:
        await uow.execute("INSERT INTO uow_probe VALUES (3)")
        await uow.commit()
        assert [r[0] for r in await uow.execute("SELECT n FROM uow_probe ORDER BY n")] == [3]
        await uow.execute("DROP TABLE uow_probe")
        await uow.commit()
