"""The inbound router (CONV-20, CONV-21): the services of `bot/stages/deps.py` and the stages of
`bot/pipeline.py`, composed once. `handle` runs one message through the pipeline; the rest is what
the runtime and tools need from outside (idle sweeper, long actions, outbox enqueue, stop).

Menus and structured handlers come from `menus.framework.REGISTRY`; nothing here names a menu.
"""

from __future__ import annotations

import asyncio

from bot.pipeline import STAGES, compose
from bot.stages import outbound
from bot.stages.context import RouteResult, Turn
from bot.stages.deps import Deps
from bot.stages.session import sweep_expired
from bot.transport.base import Inbound, Transport
from core.cache import RedisStore
from core.config import Settings
from core.db import Database, UnitOfWork
from core.wa_sessions import SessionConfig, WaSession
from menus.framework import REGISTRY, Registry
from menus.framework.reply import Out

__all__ = ["RouteResult", "Router"]


class Router:
    def __init__(
        self,
        *,
        settings: Settings,
        db: Database,
        redis: RedisStore,
        config: SessionConfig,
        registry: Registry = REGISTRY,
        transports: dict[str, Transport] | None = None,
        extra_session: WaSession | None = None,
    ) -> None:
        self.deps = Deps(
            settings=settings,
            db=db,
            redis=redis,
            config=config,
            registry=registry,
            transports=transports if transports is not None else {},
            extra_session=extra_session,
        )
        self._run = compose(STAGES)
        d = self.deps
        self.settings, self.db, self.redis, self.config, self.registry = settings, db, redis, config, registry
        self.transports, self.sessions, self.dedup, self.flood_cap = (
            d.transports,
            d.sessions,
            d.dedup,
            d.flood_cap,
        )
        self.services, self.buffer, self.identity = d.services, d.buffer, d.identity

    async def handle(self, inbound: Inbound) -> RouteResult:
        return await self._run(Turn(inbound, self.deps))

    @property
    def accepting(self) -> bool:
        return self.deps.accepting

    @accepting.setter
    def accepting(self, value: bool) -> None:
        self.deps.accepting = value  # False on stop: new messages are refused

    @property
    def background(self) -> set[asyncio.Task]:
        return self.deps.background

    async def wait_idle(self) -> None:
        """Wait for running background actions (CONV-66) — `cicero chat` and shutdown use it."""
        while self.deps.background:
            await asyncio.wait(list(self.deps.background))

    def wa_session(self, name: str) -> WaSession:
        return self.deps.wa_session(name)

    def own_numbers(self) -> frozenset[str]:
        return self.deps.own_numbers()

    def invalidate_groups(self) -> None:
        self.deps.invalidate_groups()

    async def allow_listed_groups(self, uow: UnitOfWork | None = None) -> frozenset[str]:
        return await self.deps.allow_listed_groups(uow)

    async def sweep_expired(self) -> int:
        """One idle-session sweeper pass (CONV-51); `bot.whatsapp` runs it every 15 s."""
        return await sweep_expired(self.deps)

    async def enqueue(
        self,
        uow: UnitOfWork,
        session: str,
        chat_id: str,
        message_id: str | None,
        outs: list[Out],
        tag: str = "",
    ) -> None:
        """Queue replies (DLV-5 key `reply:<session>:<inbound id>:<output index>`)."""
        await outbound.enqueue(self.deps, uow, session, chat_id, message_id, outs, tag)
