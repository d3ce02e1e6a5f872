"""The long-lived services every stage may use (`turn.deps`), built once per router.

Nothing here decides how a message is handled; these are the shared tools: settings, database,
Redis, the menu registry and session store, the duplicate window, the flood cap, the startup buffer,
the transports, and small lookups several stages need (which structured handlers this session
serves, the allow-listed groups, the step context for a menu step).
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime

from bot.dedup import InboundDedup
from bot.flood_cap import FloodCap
from bot.sessions import SessionStore
from bot.stages.chat_lock import ChatLocks
from bot.stages.identity import Identity
from bot.stages.startup_buffer import StartupBuffer
from bot.transport.base import Inbound, Transport
from core.actors import Actor
from core.alerts import admin_numbers
from core.cache import RedisStore
from core.config import Settings
from core.db import Database, UnitOfWork
from core.phones import FieldKind, parse_phone_list, parse_recipients
from core.timewindow import now_utc
from core.wa_sessions import SessionConfig, WaSession
from menus.framework import Registry, Services, StepContext
from menus.framework.context import InboundDocument
from menus.framework.registry import Structured

log = logging.getLogger(__name__)
GROUPS_REFRESH_S = 600  # CONV-10


class Deps:
    def __init__(
        self,
        *,
        settings: Settings,
        db: Database,
        redis: RedisStore,
        config: SessionConfig,
        registry: Registry,
        transports: dict[str, Transport],
        extra_session: WaSession | None,
    ) -> None:
        self.settings = settings
        self.db = db
        self.redis = redis
        self.config = config
        self.registry = registry
        self.transports = transports
        self.extra_session = extra_session  # the console session of `cicero chat` (CONV-280)
        self.sessions = SessionStore(redis, settings.menu_idle_timeout_s)
        self.dedup = InboundDedup(redis, settings.wa_message_dedup_ttl_ms)
        self.flood_cap = FloodCap(redis, settings)
        self.services = Services(settings=settings, db=db, redis=redis)
        # CONV-10/144: menus that change a client's group or status rebuild the allow-list at once.
        self.services.extra["invalidate_groups"] = self.invalidate_groups
        self.admins = admin_numbers(settings)
        self.gateway_numbers = frozenset(parse_phone_list(settings.gateway_whatsapp_admin))
        self.buffer = StartupBuffer(self.send_direct)
        self.chat_locks = ChatLocks()
        self.identity = Identity(lambda name: getattr(self.transports.get(name), "resolve_lid", None))
        self.background: set[asyncio.Task] = set()  # long actions (CONV-66)
        self.db_down_sent: dict[str, float] = {}  # chat → when, while Redis is down as well
        self.accepting = True
        self._groups: frozenset[str] = frozenset()
        self._groups_at = 0.0

    def wa_session(self, name: str) -> WaSession:
        if self.extra_session is not None and name == self.extra_session.name:
            return self.extra_session
        return self.config.get(name) or WaSession(name, frozenset())

    def own_numbers(self) -> frozenset[str]:
        return frozenset(t.phone for t in self.transports.values() if t.phone)

    async def send_direct(self, inbound: Inbound, text: str) -> None:
        """A line that cannot wait for the outbox (startup notice, DLV-27; database down)."""
        transport = self.transports.get(inbound.session)
        if transport is not None:
            await transport.send_text(inbound.chat_id, text)

    async def once(self, *parts: str, ttl: int) -> bool:
        """True the first time within `ttl` seconds (a Redis gate per chat and kind)."""
        return bool(await self.redis.client.set(self.redis.key("once", *parts), "1", nx=True, ex=ttl))

    def stale(self, inbound: Inbound, arrived_at: datetime | None = None) -> bool:
        """DLV-27: older than WA_INBOUND_MAX_AGE_S when it arrived (a held message: when it was held)."""
        age = ((arrived_at or now_utc()) - inbound.timestamp).total_seconds()
        return age > self.settings.wa_inbound_max_age_s

    def label(self, menu_name: str) -> str:
        menu = self.registry.menus.get(menu_name)
        return menu.label if menu is not None else menu_name

    # --- structured messages (CONV-23) -----------------------------------------------------------
    def structured(
        self, inbound: Inbound, *, group: bool, before_session: bool | None = None
    ) -> list[Structured]:
        ws = self.wa_session(inbound.session)
        out = []
        for h in self.registry.structured:
            if not ws.serves_capability(h.capability):
                continue
            if group and not h.groups or not group and not h.private:
                continue
            if before_session is not None and (h.order < 50) != before_session:
                continue
            out.append(h)
        return out

    def recognised(self, handlers: list[Structured], inbound: Inbound) -> Structured | None:
        for h in handlers:
            try:
                if h.recognise(inbound):
                    return h
            except Exception:  # noqa: BLE001 - a faulty recogniser must not break routing
                log.exception("structured_recognise_failed", extra={"handler": h.name})
        return None

    # --- groups (CONV-10) ------------------------------------------------------------------------
    def invalidate_groups(self) -> None:
        self._groups_at = 0.0

    async def allow_listed_groups(self, uow: UnitOfWork | None = None) -> frozenset[str]:
        """Group ids of active clients, rebuilt at least every 10 minutes."""
        if time.monotonic() - self._groups_at < GROUPS_REFRESH_S and self._groups_at:
            return self._groups
        if uow is None:
            async with self.db.uow() as own:
                return await self.allow_listed_groups(own)
        rows = await uow.execute(
            "SELECT client_id, client_group FROM clients WHERE coalesce(client_status, true) "
            "AND coalesce(client_group, '') <> ''"
        )
        groups: set[str] = set()
        for client_id, raw in rows:
            good, bad = parse_recipients(raw, FieldKind.GROUP)
            groups.update(good)
            if bad:
                log.warning("client_group_invalid", extra={"client_id": client_id, "count": len(bad)})
        self._groups, self._groups_at = frozenset(groups), time.monotonic()
        return self._groups

    # --- menu steps --------------------------------------------------------------------------------
    def step_context(
        self, inbound: Inbound, actor: Actor, uow: UnitOfWork, data: dict | None = None
    ) -> StepContext:
        doc = None
        if inbound.document is not None:
            transport = self.transports.get(inbound.session)
            doc = InboundDocument(
                inbound.document.file_name,
                inbound.document.mimetype,
                inbound.document.size,
                (lambda: transport.download(inbound)) if transport is not None else None,
            )
        return StepContext(
            actor=actor,
            services=self.services,
            uow=uow,
            session=inbound.session,
            chat_id=inbound.chat_id,
            received_at=inbound.timestamp,
            data=data if data is not None else {},
            sender=inbound.sender_phone,
            is_group=inbound.is_group,
            message_id=inbound.message_id,
            quoted_message_id=inbound.quoted_message_id,
            quoted_text=inbound.quoted_text,
            document=doc,
            capabilities=self.wa_session(inbound.session).serves,
        )
