"""The WhatsApp side of the process as one component: transports → router → outbox senders.

`component(app)` (for `cicero run` / `cicero bot`) builds one neonize transport per configured
session (CONV-1); `cicero chat` and the tests build `WhatsAppComponent` with in-memory transports.
Besides the router and one `OutboxSender` per transport it runs the idle-session sweeper (every 15 s,
CONV-51) and the `wa_session_state` heartbeat (every 30 s, JOB-103).
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable
from datetime import datetime

from bot.lid import lid_resolver
from bot.outbox_sender import OutboxSender
from bot.router import Router
from bot.session_state import heartbeat, record_state
from bot.transport.base import Inbound, SessionState, Transport
from core.alerts import notify_admins
from core.app import AppContext
from core.timefmt import jam
from core.timewindow import now_wib
from core.wa_health import record_decrypt_failure, reset_decrypt_failures
from core.wa_login import take_fresh_qr_request
from core.wa_sessions import SessionConfig, WaSession, load_session_config
from menus.framework import load_menus

log = logging.getLogger(__name__)
SWEEP_EVERY_S = 15
HEARTBEAT_EVERY_S = 30
LOGIN_REQUESTS_EVERY_S = 2  # `cicero wa qr` waits for its request to be taken

# Endings of a connection that an admin must hear about at once (reason codes: EndKind values of
# bot/transport/connection.py); the plain drops are covered by the WA_DOWN_ALERT_AFTER_S timer.
ENDING_ALERTS: dict[str, Callable[[str, str], str]] = {
    "stream_replaced": lambda s, r: (
        f"⚠️ Sesi WhatsApp *{s}* dibuka di tempat lain (stream replaced). Cicero menyambung lagi "
        "dalam 5 menit; pastikan tidak ada proses Cicero lain yang memakai nomor ini."
    ),
    "client_outdated": lambda s, r: (
        f"⚠️ Sesi WhatsApp *{s}* ditolak karena versi klien terlalu lama (client outdated). "
        "Perbarui paket neonize di server; Cicero terus mencoba menyambung."
    ),
    "temporary_ban": lambda s, r: (
        f"⚠️ Nomor sesi WhatsApp *{s}* diblokir sementara oleh WhatsApp ({r.split(':', 1)[-1].strip()}). "
        "Cicero menyambung lagi setelah masa blokir berakhir; kurangi pengiriman massal."
    ),
    "connect_failure": lambda s, r: (
        f"⚠️ Sesi WhatsApp *{s}* gagal tersambung ({r.split(':', 1)[-1].strip()}). "
        "Cicero mencoba lagi dengan jeda bertahap."
    ),
    "qr_timeout": lambda s, r: (
        f"ℹ️ Kode QR sesi WhatsApp *{s}* kedaluwarsa tanpa dipindai. Untuk kode QR baru jalankan "
        f"`cicero wa qr {s}` di server (atau jalankan ulang Cicero)."
    ),
    "pair_failed": lambda s, r: (
        f"⚠️ Penautan sesi WhatsApp *{s}* gagal ({r.split(':', 1)[-1].strip()}). Silakan coba tautkan lagi."
    ),
}


class WhatsAppComponent:
    name = "whatsapp"

    def __init__(
        self,
        app: AppContext,
        config: SessionConfig,
        transports: list[Transport],
        *,
        pacing: bool = True,
        extra_session: WaSession | None = None,
    ) -> None:
        self.app = app
        self.config = config
        self.transports = {t.name: t for t in transports}
        self.router = Router(
            settings=app.settings,
            db=app.db,
            redis=app.redis,
            config=config,
            transports=self.transports,
            extra_session=extra_session,
        )
        self.senders = {
            t.name: OutboxSender(
                db=app.db,
                redis=app.redis,
                settings=app.settings,
                transport=t,
                fallback_sessions=config.fallback_order,
                admin_session=config.admin,
                pacing=pacing,
            )
            for t in transports
        }
        self._inflight: set[asyncio.Task] = set()
        self._tasks: list[asyncio.Task] = []
        self._inbound_seen: set[str] = set()
        self._down_checks: dict[str, asyncio.Task] = {}

    async def on_message(self, inbound: Inbound) -> None:
        """Transport callback: one task per message; per-chat order is kept by the router (CONV-12)."""
        task = asyncio.current_task()
        if task is not None:
            self._inflight.add(task)
        try:
            self._inbound_seen.add(inbound.session)
            await self.router.handle(inbound)
        except Exception:  # noqa: BLE001 - one bad message never stops the transport
            log.exception("inbound_failed", extra={"session": inbound.session})
        finally:
            if task is not None:
                self._inflight.discard(task)

    async def on_state(self, transport: Transport, state: SessionState, reason: str | None = None) -> None:
        if state is SessionState.READY and transport.phone:
            twin = next(
                (t for t in self.transports.values() if t is not transport and t.phone == transport.phone),
                None,
            )
            if twin is not None:
                # CONV-5: two sessions on one number is a configuration error; the later one goes.
                log.error("session_same_phone", extra={"session": transport.name, "other": twin.name})
                await self._alert(
                    "session_config",
                    transport.name,
                    f"⚠️ Sesi *{transport.name}* login dengan nomor yang sama dengan sesi *{twin.name}*; "
                    f"sesi *{transport.name}* diputus. Tautkan nomor lain untuk sesi ini.",
                )
                await transport.stop()
                return
        await record_state(self.app.db, transport.name, state, phone=transport.phone, reason=reason)
        if state is SessionState.READY:
            sender = self.senders.get(transport.name)
            if sender is not None:
                sender.wake()  # DLV-19: resume at once
        elif state is SessionState.LOGGED_OUT:
            await self._alert(
                "session_logged_out",
                transport.name,
                f"⚠️ Sesi WhatsApp *{transport.name}* terputus dari perangkat (logout). "
                "Nomor ini perlu ditautkan ulang: pindai QR atau masukkan kode pairing di server.",
            )
        elif state is SessionState.AWAITING_LOGIN:
            # CONV-5: at most once per hour per session.
            gate = self.app.redis.key("once", "awaiting_login", transport.name)
            if await self.app.redis.client.set(gate, "1", nx=True, ex=3600):
                await self._alert(
                    "session_awaiting_login",
                    transport.name,
                    f"ℹ️ Sesi WhatsApp *{transport.name}* menunggu login (QR / kode pairing) di server.",
                )
        elif state is SessionState.DISCONNECTED:
            running = self._down_checks.get(transport.name)
            if running is None or running.done():  # one timer per outage, from its first drop
                self._down_checks[transport.name] = asyncio.create_task(
                    self._down_check(transport, now_wib(), reason)
                )
        kind = (reason or "").split(":", 1)[0]
        if kind in ENDING_ALERTS:
            # CONV-7: endings whatsmeow does not retry by itself; DLV-28 rate-limits per session.
            await self._alert(
                f"session_{kind}", transport.name, ENDING_ALERTS[kind](transport.name, reason or "")
            )

    async def on_decrypt_failure(self, transport: Transport, count: int) -> None:
        """CONV-7: the transport counted and logged it; health shows the count."""
        try:
            await record_decrypt_failure(self.app.redis, transport.name, count)
        except Exception:  # noqa: BLE001 - a health figure never stops the transport
            log.warning("decrypt_failure_record_failed", extra={"session": transport.name}, exc_info=True)

    async def _down_check(self, transport: Transport, since: datetime, reason: str | None) -> None:
        """DLV-19: not ready for longer than WA_DOWN_ALERT_AFTER_S → one admin alert naming the
        session, since when it is down and the last reason (JOB-110)."""
        await asyncio.sleep(self.app.settings.wa_down_alert_after_s)
        if transport.state is not SessionState.READY and self.router.accepting:
            await self._alert(
                "session_down",
                transport.name,
                f"⚠️ Sesi WhatsApp *{transport.name}* terputus sejak {jam(since)} WIB "
                f"(alasan terakhir: {reason or 'tidak diketahui'}) dan belum tersambung lagi; "
                "pesan keluar menunggu di outbox.",
            )

    async def _alert(self, kind: str, subject: str, text: str) -> None:
        if not any(t.state is SessionState.READY for n, t in self.transports.items() if n != subject):
            # CONV-7: no other session can carry it now; the log has it at once, the outbox row
            # goes out when a session is ready.
            log.warning("session_alert_no_session_up", extra={"session": subject, "kind": kind, "text": text})
        try:
            async with self.app.db.uow() as uow:
                await notify_admins(
                    uow,
                    self.app.redis,
                    kind,
                    text,
                    subject=subject,
                    session=self.config.admin,
                    settings=self.app.settings,
                )
                await uow.commit()
        except Exception:  # noqa: BLE001 - an alert failure is logged, never fatal
            log.exception("session_alert_failed", extra={"session": subject, "kind": kind})

    async def _take_login_requests(self) -> None:
        """`cicero wa qr`: a session whose QR expired takes its request and shows a fresh QR (CONV-5)."""
        for t in self.transports.values():
            if getattr(t, "waits_for_login_request", False) and await take_fresh_qr_request(
                self.app.redis, t.name
            ):
                log.info("session_fresh_qr_requested", extra={"session": t.name})
                t.request_login()

    def request_login(self) -> None:
        """SIGUSR1: a fresh QR for every session whose QR expired unscanned (CONV-5)."""
        for t in self.transports.values():
            request = getattr(t, "request_login", None)
            if request is not None:
                request()

    async def start(self) -> None:
        # CONV-13 / DLV-27: messages arriving while the rest starts are held, then handled in order.
        self.router.buffer.hold()
        try:
            asyncio.get_running_loop().add_signal_handler(signal.SIGUSR1, self.request_login)
        except (NotImplementedError, RuntimeError):  # pragma: no cover - non-main thread / Windows
            pass
        notices = asyncio.create_task(self._every(1, self.router.buffer.tick), name="startup-notices")
        try:
            for t in self.transports.values():
                if hasattr(t, "defer_lid"):
                    t.defer_lid = True  # LID lookups run inside the chat's lock (CONV-12)
                await reset_decrypt_failures(self.app.redis, t.name)
                await t.start(self.on_message)
                await record_state(self.app.db, t.name, t.state, phone=t.phone)
            load_menus()
            await self._until_ready()
        finally:
            notices.cancel()
            await asyncio.gather(notices, return_exceptions=True)
        self.router.buffer.open()
        for sender in self.senders.values():
            await sender.start()
        self._tasks = [
            asyncio.create_task(self._every(SWEEP_EVERY_S, self.router.sweep_expired), name="menu-sweeper"),
            asyncio.create_task(self._every(HEARTBEAT_EVERY_S, self._beat), name="wa-heartbeat"),
            asyncio.create_task(
                self._every(LOGIN_REQUESTS_EVERY_S, self._take_login_requests), name="wa-login-requests"
            ),
        ]

    async def _until_ready(self) -> None:
        """CONV-13: ready = the database and Redis answer (the schema was checked before start)."""
        while True:
            try:
                async with self.app.db.uow() as uow:
                    await uow.execute("SELECT 1")
                await self.app.redis.client.ping()
                return
            except Exception as exc:  # noqa: BLE001 - not ready yet: held messages keep waiting
                log.warning("runtime_not_ready", extra={"error_class": type(exc).__name__})
                await asyncio.sleep(1)

    async def _beat(self) -> None:
        seen, self._inbound_seen = self._inbound_seen, set()
        await heartbeat(self.app.db, list(self.transports), seen)

    async def _every(self, seconds: float, fn) -> None:
        while True:
            await asyncio.sleep(seconds)
            try:
                await fn()
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - periodic housekeeping retries next time
                log.exception("periodic_task_failed")

    async def stop(self) -> None:
        """Item 6: stop taking messages, finish the one in flight, stop the senders after their send."""
        self.router.accepting = False
        try:
            asyncio.get_running_loop().remove_signal_handler(signal.SIGUSR1)
        except (NotImplementedError, RuntimeError):  # pragma: no cover
            pass
        for t in self.transports.values():
            await t.stop()
        if self._inflight:
            await asyncio.wait(list(self._inflight), timeout=30)
        if self.router.background:
            await asyncio.wait(list(self.router.background), timeout=30)  # long actions (CONV-66)
        pending = [*self._tasks, *self._down_checks.values()]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        for sender in self.senders.values():
            await sender.stop()
        for t in self.transports.values():
            try:
                await record_state(self.app.db, t.name, SessionState.DISCONNECTED, reason="shutdown")
            except Exception:  # noqa: BLE001 - the database may already be gone at shutdown
                log.debug("state_record_failed", exc_info=True)


def component(app: AppContext) -> WhatsAppComponent:
    from bot.transport.neonize_adapter import NeonizeTransport

    config = load_session_config(app.settings)
    holder: dict[str, WhatsAppComponent] = {}

    async def state_cb(transport: Transport, state: SessionState, reason: str | None = None) -> None:
        await holder["c"].on_state(transport, state, reason)

    async def decrypt_cb(transport: Transport, count: int) -> None:
        await holder["c"].on_decrypt_failure(transport, count)

    transports: list[Transport] = []
    for session in config.sessions:
        transport = NeonizeTransport(
            session,
            app.settings,
            on_state=state_cb,
            on_decrypt_failure=decrypt_cb,
            own_numbers=lambda: holder["c"].router.own_numbers(),
        )
        transport.resolve_lid = lid_resolver(app.db, _store_lookup(transport))
        transports.append(transport)
    holder["c"] = WhatsAppComponent(app, config, transports)
    return holder["c"]


def _store_lookup(transport):
    """CONV-9 step 4: ask the session's own store for the phone behind a LID."""

    async def lookup(lid: str) -> str | None:
        if transport.client is None or transport.state is not SessionState.READY:
            return None  # the Go side has no client to ask between dials (goneonize clients[id])
        from neonize.proto.Neonize_pb2 import JID

        pn = await transport.client.get_pn_from_lid(JID(User=lid, Server="lid"))
        return pn.User if pn is not None and pn.Server in ("s.whatsapp.net", "c.us") else None

    return lookup
