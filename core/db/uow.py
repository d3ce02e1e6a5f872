"""Unit of work: one connection, one transaction (DESIGN.md §4).

`async with db.uow() as uow:` opens a transaction; `await uow.commit()` makes it durable.
Leaving the block without committing (or with an exception) rolls everything back, so a
failed step never leaves half-written rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any

from sqlalchemy import Executable, Result, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine


class UnitOfWork:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._conn: AsyncConnection | None = None

    @property
    def conn(self) -> AsyncConnection:
        if self._conn is None:
            raise RuntimeError("unit of work used outside 'async with'")
        return self._conn

    async def __aenter__(self) -> UnitOfWork:
        self._conn = await self._engine.connect()
        await self._conn.begin()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            if conn.in_transaction():
                await conn.rollback()
        finally:
            await conn.close()

    async def commit(self) -> None:
        await self.conn.commit()
        # Keep the unit usable after a commit: later statements run in a fresh transaction.
        await self.conn.begin()

    async def rollback(self) -> None:
        await self.conn.rollback()
        await self.conn.begin()

    async def execute(
        self,
        statement: str | Executable,
        params: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
    ) -> Result[Any]:
        """Run a statement; plain strings are wrapped in `text()` and always bound, never formatted."""
        stmt = text(statement) if isinstance(statement, str) else statement
        return await self.conn.execute(stmt, params)
