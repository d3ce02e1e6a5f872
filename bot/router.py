"""The inbound router (CONV-20, CONV-21): one place that decides who handles a message.

Per message: duplicate window (DLV-26), stale backlog (DLV-27), actor resolution once (CONV-32),
the chat's menu session, then the evaluation order of CONV-20 (private) or CONV-21 (groups). Every
reply is queued in the outbox inside the same unit of work as the step's writes; the session is
saved to Redis after that commit. Messages of one chat are handled one after another (CONV-12).
When the database cannot be reached, a private chat gets a direct "send it again" line instead and
keeps its menu session, so the conversation resumes where it was once the database is back.

Menus and structured handlers come from `menus.framework.REGISTRY`; nothing here names a menu
except the fallback's use of `userrequest` (CONV-24).
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from redis.exceptions import RedisError

from bot.dedup import InboundDedup
from bot.flood_cap import FloodCap
from bot.sessions import SessionStore
from bot.stages.identity import Identity
from bot.stages.startup_buffer import StartupBuffer
from bot.transport.base import Inbound, Transport
from core import input_policy
from core.actors import Actor, resolve_actor
from core.alerts import admin_numbers, notify_admins
from core.cache import RedisStore
from core.config import Settings
from core.db import Database, UnitOfWork
from core.db.errors import database_unavailable
from core.outbox import PRIORITY_REPLY, OutboxError, enqueue_stored_document, enqueue_text, store_document
from core.phones import FieldKind, mask_phones, parse_phone_list, parse_recipients
from core.timewindow import now_utc
from core.wa_sessions import SessionConfig, WaSession
from menus.framework import REGISTRY, Registry, Services, StepContext
from menus.framework.access import Entry, authorize
from menus.framework.context import InboundDocument
from menus.framework.engine import Outcome, apology, apply_reply, closed_text, handle_input, open_menu
from menus.framework.home import HOME
from menus.framework.menu import Menu
from menus.framework.registry import Structured
from menus.framework.reply import Out, OutDocument, OutText, Reply
from menus.framework.session import MenuSession
from menus.framework.vocabulary import Word, control_word, is_close_word

log = logging.getLogger(__name__)

NO_MENU_OPEN = "ℹ️ Tidak ada menu yang sedang dibuka."
BUSY = "⏳ Permintaan sebelumnya masih diproses. Mohon tunggu, atau ketik *batal* untuk menutup menu."
UNRESOLVED = "ℹ️ Nomor Anda belum dapat dikenali saat ini. Silakan kirim ulang pesan sebentar lagi."
STALE = "ℹ️ Bot sempat offline. Pesan Anda sebelumnya tidak diproses; silakan kirim ulang permintaan Anda."
UNAVAILABLE = "ℹ️ Menu ini sementara tidak tersedia di nomor ini. Silakan coba lagi nanti."
DB_DOWN = "⚠️ Layanan sedang terganggu sebentar. Silakan kirim ulang pesan Anda dalam satu menit."
DB_DOWN_EVERY_S = 60  # issue 10: at most one such line per chat per minute
LONG_ACTION_LIMIT_S = 600  # CONV-66
HELP_EVERY_S = 6 * 3600  # CONV-26
UNRESOLVED_EVERY_S = 3600  # CONV-9
GROUPS_REFRESH_S = 600  # CONV-10

DENIALS = {
    "deny_operator_menu": "❌ Menu operator hanya untuk operator atau super admin client yang terdaftar. "
    "Nomor operator ditetapkan oleh admin; hubungi admin Anda.",
    "deny_client_inactive": "❌ Client Anda sedang tidak aktif. Silakan hubungi admin.",
    "deny_dirrequest": "❌ Nomor ini tidak terdaftar sebagai admin, pengguna dashboard Direktorat yang disetujui, "
    "atau operator client Direktorat.",
    "deny_dashboard": "❌ Nomor ini belum terdaftar atau belum disetujui sebagai pengguna dashboard.",
    "deny_wabot": "❌ Nomor ini tidak terdaftar sebagai pengguna Ditbinmas.",
    "deny_admin": "❌ Anda tidak memiliki akses ke menu ini.",
    "deny_scope": "❌ Data tersebut di luar cakupan client Anda.",
}


@dataclass
class RouteResult:
    """What happened to one message (logged; asserted by tests and the benchmark)."""

    handled_by: str
    code: str = "ok"
    messages: list[Out] = field(default_factory=list)


@dataclass
class _Work:
    """Outgoing messages and the session change decided while handling one message."""

    outs: list[Out] = field(default_factory=list)
    session_key: str | None = None
    session: MenuSession | None = None
    delete_session: bool = False
    background: list[tuple[StepContext, Callable, str]] = field(default_factory=list)


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
        self.settings = settings
        self.db = db
        self.redis = redis
        self.config = config
        self.registry = registry
        self.transports = transports if transports is not None else {}
        self.extra_session = extra_session  # the console session of `cicero chat` (CONV-280)
        self.sessions = SessionStore(redis, settings.menu_idle_timeout_s)
        self.dedup = InboundDedup(redis, settings.wa_message_dedup_ttl_ms)
        self.flood_cap = FloodCap(redis, settings)
        self.services = Services(settings=settings, db=db, redis=redis)
        # CONV-10/144: menus that change a client's group or status rebuild the allow-list at once.
        self.services.extra["invalidate_groups"] = self.invalidate_groups
        self.admins = admin_numbers(settings)
        self.gateway_numbers = frozenset(parse_phone_list(settings.gateway_whatsapp_admin))
        self._locks: dict[str, asyncio.Lock] = {}
        self._lock_users: dict[str, int] = {}
        self._background: set[asyncio.Task] = set()
        self._groups: frozenset[str] = frozenset()
        self._groups_at = 0.0
        self._db_down_sent: dict[str, float] = {}  # chat → when, while Redis is down as well
        self.accepting = True
        self.buffer = StartupBuffer(self._send_direct)
        self.identity = Identity(lambda name: getattr(self.transports.get(name), "resolve_lid", None))

    # --- plumbing ----------------------------------------------------------------------------
    def wa_session(self, name: str) -> WaSession:
        if self.extra_session is not None and name == self.extra_session.name:
            return self.extra_session
        return self.config.get(name) or WaSession(name, frozenset())

    def own_numbers(self) -> frozenset[str]:
        return frozenset(t.phone for t in self.transports.values() if t.phone)

    async def _chat_lock(self, key: str) -> asyncio.Lock:
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        self._lock_users[key] = self._lock_users.get(key, 0) + 1
        return lock

    def _release_lock(self, key: str) -> None:
        self._lock_users[key] -= 1
        if self._lock_users[key] == 0:
            del self._lock_users[key]
            self._locks.pop(key, None)

    @property
    def background(self) -> set[asyncio.Task]:
        return self._background

    async def wait_idle(self) -> None:
        """Wait for running background actions (CONV-66) — `cicero chat` and shutdown use it."""
        while self._background:
            await asyncio.wait(list(self._background))

    def invalidate_groups(self) -> None:
        self._groups_at = 0.0

    async def allow_listed_groups(self, uow: UnitOfWork) -> frozenset[str]:
        """CONV-10: group ids of active clients, rebuilt at least every 10 minutes."""
        if time.monotonic() - self._groups_at < GROUPS_REFRESH_S and self._groups_at:
            return self._groups
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

    async def _send_direct(self, inbound: Inbound, text: str) -> None:
        """A line that cannot wait for the outbox (startup notice, DLV-27)."""
        transport = self.transports.get(inbound.session)
        if transport is not None:
            await transport.send_text(inbound.chat_id, text)

    # --- entry -------------------------------------------------------------------------------
    async def handle(self, inbound: Inbound) -> RouteResult:
        if not self.accepting:
            return RouteResult("stopped", "stopped")
        if not await self.buffer.wait_turn(inbound):
            return RouteResult("dropped", "startup_buffer_full")
        lock_key = self.identity.lock_key(inbound)
        lock = await self._chat_lock(lock_key)
        try:
            async with lock:
                inbound = await self.identity.resolve(inbound)
                if not inbound.is_group and inbound.sender_phone in self.own_numbers():
                    result = RouteResult("ignored", "own_number")  # CONV-8: no bot-to-bot loops
                else:
                    result = await self._handle_locked(inbound)
        finally:
            self._release_lock(lock_key)
        log.info(
            "inbound_handled",
            extra={"session": inbound.session, "handled_by": result.handled_by, "code": result.code},
        )
        transport = self.transports.get(inbound.session)
        if transport is not None and result.handled_by not in ("duplicate", "stopped"):
            try:
                await transport.mark_read(inbound)  # CONV-14
            except Exception:  # noqa: BLE001 - a read receipt never matters enough to fail a message
                log.debug("mark_read_failed", exc_info=True)
        return result

    async def _handle_locked(self, inbound: Inbound) -> RouteResult:
        if inbound.is_group:
            return await self._handle_group(inbound)
        skey = self.sessions.key(inbound.session, inbound.chat_id)
        claimed, raw = await self.dedup.claim_and_get(inbound.chat_id, inbound.message_id, skey)
        if not claimed:
            log.info("inbound_duplicate_dropped", extra={"session": inbound.session})
            return RouteResult("duplicate", "duplicate")
        try:
            return await self._handle_private(inbound, skey, await self.sessions.parse(skey, raw))
        except Exception as exc:
            if not database_unavailable(exc):
                raise
            # The message was not handled: a re-delivery of it must not be dropped as a duplicate.
            await self.dedup.release(inbound.chat_id, inbound.message_id)
            return await self._database_down(inbound, exc)

    def _ctx(self, inbound: Inbound, actor: Actor, uow: UnitOfWork, data: dict | None = None) -> StepContext:
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

    def _stale(self, inbound: Inbound) -> bool:
        age = (now_utc() - inbound.timestamp).total_seconds()
        return age > self.settings.wa_inbound_max_age_s

    def _structured(
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

    def _recognised(self, handlers: list[Structured], inbound: Inbound) -> Structured | None:
        for h in handlers:
            try:
                if h.recognise(inbound):
                    return h
            except Exception:  # noqa: BLE001 - a faulty recogniser must not break routing
                log.exception("structured_recognise_failed", extra={"handler": h.name})
        return None

    async def _once(self, *parts: str, ttl: int) -> bool:
        return bool(await self.redis.client.set(self.redis.key("once", *parts), "1", nx=True, ex=ttl))

    async def _database_down(self, inbound: Inbound, exc: BaseException) -> RouteResult:
        """Issue 10: the database is unreachable, so the outbox is too; answer on the transport itself.

        The menu session in Redis is left as it was, so the conversation resumes at the same step.
        """
        log.warning(
            "inbound_db_unavailable", extra={"session": inbound.session, "error_class": type(exc).__name__}
        )
        result = RouteResult("db_unavailable", "db_unavailable")
        transport = self.transports.get(inbound.session)
        if transport is None or not await self._db_down_due(inbound):
            return result
        try:
            await transport.send_text(inbound.chat_id, DB_DOWN)
        except Exception:  # noqa: BLE001 - nothing more can be done for this message
            log.warning("db_down_notice_failed", extra={"session": inbound.session}, exc_info=True)
            return result
        result.messages.append(OutText(DB_DOWN))
        return result

    async def _db_down_due(self, inbound: Inbound) -> bool:
        """Once per chat per minute: a Redis gate, or this process's memory when Redis is down too."""
        try:
            return await self._once("db_down", inbound.session, inbound.chat_id, ttl=DB_DOWN_EVERY_S)
        except (RedisError, OSError):
            now = time.monotonic()
            self._db_down_sent = {k: at for k, at in self._db_down_sent.items() if now - at < DB_DOWN_EVERY_S}
            key = f"{inbound.session}:{inbound.chat_id}"
            if key in self._db_down_sent:
                return False
            self._db_down_sent[key] = now
            return True

    # --- private chats (CONV-20) ---------------------------------------------------------------
    async def _handle_private(self, inbound: Inbound, skey: str, state: MenuSession | None) -> RouteResult:
        ws = self.wa_session(inbound.session)
        text = inbound.text
        if inbound.sender_phone is None:
            # CONV-9: unresolved LID sender: one notice per chat per hour, nothing else.
            work = _Work()
            if await self._once("unresolved", inbound.session, inbound.chat_id, ttl=UNRESOLVED_EVERY_S):
                work.outs.append(OutText(UNRESOLVED))
            async with self.db.uow() as uow:
                await self._commit(uow, inbound, work)
            return RouteResult("unresolved", "unresolved", work.outs)

        if state is not None and self.sessions.expired(state):
            await self._expire(skey, state)
            state = None

        if self._stale(inbound):
            structured = self._recognised(self._structured(inbound, group=False), inbound)
            if structured is None:
                # DLV-27: old backlog is not executed; one notice per chat (per hour here).
                log.info("inbound_stale_dropped", extra={"session": inbound.session})
                work = _Work()
                if await self._once("stale", inbound.session, inbound.chat_id, ttl=3600):
                    work.outs.append(OutText(STALE))
                async with self.db.uow() as uow:
                    await self._commit(uow, inbound, work)
                return RouteResult("stale", "stale", work.outs)

        async with self.db.uow() as uow:
            actor = await resolve_actor(uow, inbound.sender_phone, self.admins)
            if actor.is_unknown and not await self.flood_cap.allow(inbound.session, inbound.chat_id):
                return RouteResult("flood_capped", "flood_capped")  # issue 17: no reply, no outbox row
            work = _Work(session_key=skey, session=state)
            if not input_policy.inbound_storable(inbound):  # NUL / lone surrogate: one line, session kept
                work.outs.append(OutText(input_policy.CHAT_REPLY))
                await self._commit(uow, inbound, work)
                return RouteResult("refused_input", "unstorable_text", work.outs)
            try:
                handled_by, code = await self._route_private(uow, inbound, actor, text, ws, work)
            except Exception as exc:  # noqa: BLE001 - CONV-67: the user gets an apology, never a trace
                if database_unavailable(exc):
                    raise  # not the step's fault: keep the session, ask for a retry (`_database_down`)
                await uow.rollback()
                return await self._fail(inbound, actor, state, exc, skey)
            await self._commit(uow, inbound, work)
        await self._persist(work)
        return RouteResult(handled_by, code, work.outs)

    async def _route_private(
        self, uow: UnitOfWork, inbound: Inbound, actor: Actor, text: str, ws: WaSession, work: _Work
    ) -> tuple[str, str]:
        state = work.session
        # Row 1: close words.
        if is_close_word(text):
            if state is not None:
                work.delete_session, work.session = True, None
                label = self._label(state.menu)
                work.outs.append(OutText(closed_text(label)))
                return "close", "closed"
            if not actor.is_unknown or ws.serves_capability("userrequest"):
                work.outs.append(OutText(NO_MENU_OPEN))
            return "close", "no_menu"
        # Row 2: busy.
        if state is not None and state.busy_since:
            if time.time() - state.busy_since < LONG_ACTION_LIMIT_S:
                work.outs.append(OutText(BUSY))
                return "busy", "busy"
            state.busy_since = None  # CONV-66: an action over 10 minutes counts as failed
        # Row 3: trigger words.
        menu = self.registry.trigger(text) if inbound.has_text else None
        if menu is not None and not (
            state is not None and state.menu == menu.name and not menu.restart_on_trigger
        ):
            result = await self._trigger(uow, inbound, actor, menu, ws, work)
            if result is not None:
                return result
        # Row 4: handlers that come before the open session (pending confirmations, CONV-208).
        pre = self._recognised(self._structured(inbound, group=False, before_session=True), inbound)
        if pre is not None:
            return await self._run_structured(uow, inbound, actor, pre, work)
        # Row 5: the open menu session.
        if state is not None:
            menu = self.registry.menus.get(state.menu)
            if menu is None:
                work.delete_session, work.session = True, None
                work.outs.append(OutText("ℹ️ Menu sebelumnya sudah berakhir. Silakan buka lagi."))
                return "session", "stale_step"
            ctx = self._ctx(inbound, actor, uow, state.data)
            # Escape rule: only rows 6-9 (commands, complaint, bulk, link report; orders 50-99).
            later = [h for h in self._structured(inbound, group=False, before_session=False) if h.order < 100]
            outcome = await handle_input(
                menu,
                state,
                ctx,
                text,
                structured_recognises=lambda: self._recognised(later, inbound) is not None,
                has_text=inbound.has_text,
            )
            if not outcome.reroute:
                return await self._apply_outcome(uow, inbound, actor, menu, ctx, outcome, work)
            work.delete_session, work.session = True, None
            if outcome.closed_label:
                work.outs.append(OutText(closed_text(outcome.closed_label)))
        if not inbound.has_text:
            return "ignored", "no_text"  # CONV-8: media without text outside a menu
        # Rows 6-10: structured messages.
        handler = self._recognised(self._structured(inbound, group=False, before_session=False), inbound)
        if handler is not None:
            return await self._run_structured(uow, inbound, actor, handler, work)
        # Row 11: `menu` opens the home chooser for privileged actors.
        if control_word(text) is Word.MENU and authorize(actor, Entry.HOME).allowed:
            return await self._open(uow, inbound, actor, HOME, "trigger", work)
        # Row 12: fallback.
        return await self._fallback(uow, inbound, actor, ws, work)

    def _label(self, menu_name: str) -> str:
        menu = self.registry.menus.get(menu_name)
        return menu.label if menu is not None else menu_name

    async def _trigger(
        self, uow: UnitOfWork, inbound: Inbound, actor: Actor, menu: Menu, ws: WaSession, work: _Work
    ) -> tuple[str, str] | None:
        access = authorize(actor, menu.entry) if menu.entry else None
        allowed = access is None or access.allowed
        if menu.capability and not ws.serves_capability(menu.capability):
            # CONV-3: point an allowed actor at the number that serves it; others: ordinary text.
            if not allowed:
                return None
            owner = self.config.owner_of(menu.capability)
            if owner is None or owner.name == ws.name:
                return None
            transport = self.transports.get(owner.name)
            if transport is not None and transport.phone:
                work.outs.append(
                    OutText(f"ℹ️ Menu ini dilayani oleh nomor lain: https://wa.me/{transport.phone}")
                )
            else:
                work.outs.append(OutText(UNAVAILABLE))
            return "pointer", "pointer"
        if not allowed:
            assert access is not None
            work.outs.append(OutText(DENIALS.get(access.code or "", DENIALS["deny_admin"])))
            offer = self.registry.menus.get(menu.denial_offers.get(access.code or "", ""))
            if offer is not None and not inbound.is_group and actor.is_resolved:
                await self._open(uow, inbound, actor, offer, "denial", work)  # CONV-46
            return f"trigger:{menu.name}", access.code or "denied"
        return await self._open(uow, inbound, actor, menu, "trigger", work)

    async def _open(
        self, uow: UnitOfWork, inbound: Inbound, actor: Actor, menu: Menu, via: str, work: _Work
    ) -> tuple[str, str]:
        ctx = self._ctx(inbound, actor, uow)
        ctx.opened_via = via
        ctx.entry_text = inbound.text
        outcome = await open_menu(menu, ctx)
        work.session = None  # replacing any open menu (CONV-22)
        work.delete_session = True
        return await self._apply_outcome(
            uow, inbound, actor, menu, ctx, outcome, work, handled=f"open:{menu.name}"
        )

    async def _apply_outcome(
        self,
        uow: UnitOfWork,
        inbound: Inbound,
        actor: Actor,
        menu: Menu,
        ctx: StepContext,
        outcome: Outcome,
        work: _Work,
        handled: str | None = None,
        opened: bool = False,
    ) -> tuple[str, str]:
        work.outs.extend(outcome.messages)
        if outcome.go_home:
            return await self._open(uow, inbound, actor, HOME, "trigger", work)
        if outcome.open_menu:
            target = self.registry.menus.get(outcome.open_menu)
            if target is None:
                return handled or "session", "unknown_menu"
            # Chosen from the home chooser's list: `back` returns home (CONV-25). The single-menu
            # shortcut (home opened straight into the only menu) must not loop back to itself.
            via = "home" if menu is HOME and not opened else "trigger"
            return await self._open(uow, inbound, actor, target, via, work)
        if outcome.session is not None:
            outcome.session.actor_number = inbound.sender_phone
            work.session, work.delete_session = outcome.session, False
        else:
            work.session, work.delete_session = None, True
        if outcome.background is not None:
            label, job = outcome.background
            work.background.append((ctx, job, label))
        return handled or f"session:{menu.name}", outcome.code

    async def _run_structured(
        self, uow: UnitOfWork, inbound: Inbound, actor: Actor, handler: Structured, work: _Work
    ) -> tuple[str, str]:
        ctx = self._ctx(inbound, actor, uow)
        ctx.opened_via = "structured"
        menu = handler.menu
        if menu is not None:
            ctx.menu_name, ctx.menu = menu.name, menu
        reply = await handler.handle(ctx, inbound.text)
        if menu is None:
            work.outs.extend(reply.messages)
            return f"structured:{handler.name}", reply.code
        outcome = apply_reply(menu, None, reply, ctx)
        return await self._apply_outcome(
            uow, inbound, actor, menu, ctx, outcome, work, handled=f"structured:{handler.name}"
        )

    async def _fallback(
        self, uow: UnitOfWork, inbound: Inbound, actor: Actor, ws: WaSession, work: _Work
    ) -> tuple[str, str]:
        """CONV-24."""
        if actor.is_privileged:
            return await self._open(uow, inbound, actor, HOME, "trigger", work)
        if actor.is_personnel:
            if ws.serves_capability("userrequest") and await self._once(
                "help", inbound.session, inbound.chat_id, ttl=HELP_EVERY_S
            ):
                ctx = self._ctx(inbound, actor, uow)
                if self.registry.personnel_help is not None:
                    reply = await self.registry.personnel_help(ctx)
                    work.outs.extend(reply.messages)
                else:
                    work.outs.append(OutText(default_help(actor)))
                return "fallback", "help"
            return "fallback", "silent"
        if ws.serves_capability("userrequest"):
            menu = self.registry.menus.get("userrequest")
            if menu is not None:
                return await self._open(uow, inbound, actor, menu, "fallback", work)
            log.warning("fallback_without_userrequest_menu")
        return "fallback", "silent"

    # --- groups (CONV-21) -----------------------------------------------------------------------
    async def _handle_group(self, inbound: Inbound) -> RouteResult:
        phone = inbound.sender_phone
        if phone is None or phone in self.gateway_numbers or phone in self.own_numbers():
            return RouteResult("ignored", "group_sender")  # CONV-9, CONV-27
        if not input_policy.inbound_storable(inbound):
            return RouteResult("ignored", "unstorable_text")  # in groups, refusals are silent (CONV-40)
        async with self.db.uow() as uow:
            handlers = self._structured(inbound, group=True)
            skey = self.sessions.key(inbound.session, inbound.chat_id, phone)
            state = await self.sessions.load(skey)
            if state is not None and self.sessions.expired(state):
                await self._expire(skey, state)
                state = None
            any_group = [h for h in handlers if h.order < 20]  # row 1: thisgroup# works in any group
            first = self._recognised(any_group, inbound)
            if first is None:
                if inbound.chat_id not in await self.allow_listed_groups(uow):
                    return RouteResult("ignored", "group_not_listed")
                if state is None:
                    first = self._recognised([h for h in handlers if h.order >= 20], inbound)
                    if first is None:
                        return RouteResult("ignored", "group_nothing")
            # CONV-11: claim the message only now that this number will handle it.
            if not await self.dedup.claim(inbound.chat_id, inbound.message_id):
                return RouteResult("duplicate", "duplicate")
            if self._stale(inbound) and first is None:
                return RouteResult("stale", "stale")
            actor = await resolve_actor(uow, phone, self.admins)
            work = _Work(session_key=skey, session=state)
            try:
                if first is None and state is not None:
                    handled, code = await self._group_pending(uow, inbound, actor, state, work)
                else:
                    assert first is not None
                    handled, code = await self._run_structured(uow, inbound, actor, first, work)
            except Exception as exc:  # noqa: BLE001 - CONV-67
                if database_unavailable(exc):
                    raise  # an outage does not close the sender's pending request
                await uow.rollback()
                return await self._fail(inbound, actor, state, exc, skey)
            await self._commit(uow, inbound, work)
        await self._persist(work)
        return RouteResult(handled, code, work.outs)

    async def _group_pending(
        self, uow: UnitOfWork, inbound: Inbound, actor: Actor, state: MenuSession, work: _Work
    ) -> tuple[str, str]:
        """CONV-21 row 3: the sender's own pending request (bulk) in this group; a close word cancels."""
        menu = self.registry.menus.get(state.menu)
        if is_close_word(inbound.text) or menu is None:
            work.delete_session, work.session = True, None
            work.outs.append(OutText(closed_text(self._label(state.menu))))
            return "close", "closed"
        ctx = self._ctx(inbound, actor, uow, state.data)
        outcome = await handle_input(menu, state, ctx, inbound.text, has_text=inbound.has_text)
        return await self._apply_outcome(uow, inbound, actor, menu, ctx, outcome, work)

    # --- output ---------------------------------------------------------------------------------
    async def _commit(self, uow: UnitOfWork, inbound: Inbound, work: _Work, tag: str = "") -> None:
        await self.enqueue(uow, inbound.session, inbound.chat_id, inbound.message_id, work.outs, tag)
        await uow.commit()

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
        base = f"reply:{session}:{message_id or uuid.uuid4().hex}:{tag}"
        for i, out in enumerate(outs):
            to = out.to or chat_id
            key = f"{base}{i}"
            try:
                if isinstance(out, OutText):
                    if not out.text.strip():
                        continue
                    await enqueue_text(
                        uow,
                        to,
                        out.text,
                        origin="reply",
                        idempotency_key=key,
                        session=session,
                        priority=PRIORITY_REPLY,
                        settings=self.settings,
                    )
                elif isinstance(out, OutDocument):
                    doc_id = await store_document(
                        uow, out.content, out.file_name, out.mimetype, self.settings
                    )
                    await enqueue_stored_document(
                        uow,
                        to,
                        doc_id,
                        origin="reply",
                        idempotency_key=key,
                        caption=out.caption,
                        as_image=out.as_image,
                        session=session,
                        priority=PRIORITY_REPLY,
                        settings=self.settings,
                    )
            except OutboxError as exc:
                log.warning("reply_not_queued", extra={"session": session, "error": str(exc)})

    async def _persist(self, work: _Work) -> None:
        if work.session_key is None:
            return
        if work.session is not None:
            await self.sessions.save(work.session_key, work.session)
        elif work.delete_session:
            await self.sessions.delete(work.session_key)
        for ctx, job, label in work.background:
            task = asyncio.create_task(self._run_background(ctx, job, label, work.session_key))
            self._background.add(task)
            task.add_done_callback(self._background.discard)

    async def _fail(
        self, inbound: Inbound, actor: Actor, state: MenuSession | None, exc: BaseException, skey: str
    ) -> RouteResult:
        """CONV-67: close the menu, apologise with a reference id, log, alert admins (rate-limited)."""
        from menus.framework.engine import reference_id

        ref = reference_id()
        menu = self.registry.menus.get(state.menu) if state is not None else None
        log.error(
            "step_failed",
            exc_info=(type(exc), exc, exc.__traceback__),
            extra={"session": inbound.session, "ref": ref, "menu": state.menu if state else None},
        )
        outs: list[Out] = [OutText(apology(ref, menu))]
        async with self.db.uow() as uow:
            await self.enqueue(uow, inbound.session, inbound.chat_id, inbound.message_id, outs, "err")
            try:
                await notify_admins(
                    uow,
                    self.redis,
                    "internal_error",
                    # JOB-110: reference id and a short error summary (numbers masked, JOB-102).
                    f"⚠️ Kesalahan internal (ref: {ref}) di sesi {inbound.session}: "
                    + mask_phones(f"{type(exc).__name__}: {exc}")[:200],
                    subject=inbound.session,
                    session=self.config.admin,
                    settings=self.settings,
                )
            except Exception:  # noqa: BLE001 - the apology must still go out
                log.exception("admin_alert_failed")
            await uow.commit()
        await self.sessions.delete(skey)
        return RouteResult("error", "internal_error", outs)

    async def _expire(self, key: str, state: MenuSession) -> None:
        """CONV-51: delete an idle session and, in private chats, send one notice."""
        wa_session, chat_id, sender = self.sessions.parse_key(key)
        taken = await self.sessions.take_expired(key)
        if taken is None or sender is not None or chat_id.endswith("@g.us"):
            return
        menu = self.registry.menus.get(taken.menu)
        label = menu.label if menu is not None else taken.menu
        trigger = menu.triggers[0] if menu is not None and menu.triggers else "menu"
        minutes = max(1, self.sessions.idle_timeout_s // 60)
        text = f"⌛ {label} ditutup karena tidak ada aktivitas selama {minutes} menit. Ketik *{trigger}* untuk membuka lagi."
        async with self.db.uow() as uow:
            await self.enqueue(
                uow,
                wa_session,
                chat_id,
                f"expiry:{taken.version}:{int(taken.last_activity)}",
                [OutText(text)],
            )
            await uow.commit()

    async def sweep_expired(self) -> int:
        """One sweeper pass (CONV-51); `bot.components` runs it every 15 s."""
        n = 0
        for key in await self.sessions.due():
            state = await self.sessions.load(key)
            if state is None:
                await self.redis.client.zrem(self.sessions.deadlines, key)
                continue
            if self.sessions.expired(state):
                await self._expire(key, state)
                n += 1
        return n

    async def _run_background(self, ctx: StepContext, job: Callable, label: str, skey: str) -> None:
        """CONV-66: run a long action, deliver its output, then (unless closed meanwhile) its menu."""
        inbound_id = ctx.message_id
        try:
            async with self.db.uow() as uow:
                ctx.uow = uow
                reply: Reply = await asyncio.wait_for(job(ctx), timeout=LONG_ACTION_LIMIT_S)
                state = await self.sessions.load(skey)
                menu = self.registry.menus.get(ctx.menu_name)
                outs: list[Out] = list(reply.messages)
                new_state = None
                if state is not None and state.busy_since and menu is not None and state.menu == menu.name:
                    state.busy_since = None
                    outcome = apply_reply(menu, state, reply, ctx)
                    outs = outcome.messages
                    new_state = outcome.session
                await self.enqueue(uow, ctx.session, ctx.chat_id, inbound_id, outs, "bg")
                await uow.commit()
            if state is not None and state.menu == ctx.menu_name:
                if new_state is not None:
                    await self.sessions.save(skey, new_state)
                else:
                    await self.sessions.delete(skey)
        except Exception as exc:  # noqa: BLE001 - CONV-66/67: reported as failed with a reference
            from menus.framework.engine import reference_id

            ref = reference_id()
            log.error("background_failed", exc_info=(type(exc), exc, exc.__traceback__), extra={"ref": ref})
            menu = self.registry.menus.get(ctx.menu_name)
            async with self.db.uow() as uow:
                await self.enqueue(
                    uow, ctx.session, ctx.chat_id, inbound_id, [OutText(apology(ref, menu))], "bgerr"
                )
                await notify_admins(
                    uow,
                    self.redis,
                    "internal_error",
                    f"⚠️ Proses panjang gagal (ref: {ref}): {label} – "
                    + mask_phones(f"{type(exc).__name__}: {exc}")[:200],
                    subject=ctx.session,
                    session=self.config.admin,
                    settings=self.settings,
                )
                await uow.commit()
            await self.sessions.delete(skey)


def default_help(actor: Actor) -> str:
    """CONV-26 when no `userrequest` module registered its own help text."""
    who = f"{actor.personnel.title} {actor.personnel.nama}".strip() if actor.personnel else "Rekan"
    return (
        f"Halo {who}.\n"
        "• Ketik *userrequest* untuk melihat dan memperbarui data Anda.\n"
        "• Laporkan link amplifikasi dengan membalas pesan tugas atau menyertakan link post resmi.\n"
        "• *notifwa#on* / *notifwa#off* untuk mengatur pengingat tugas."
    )
