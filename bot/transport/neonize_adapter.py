"""The neonize transport: one WhatsApp session over neonize 0.5.2's async client (CONV-4..CONV-9).

- Login state lives in `<WA_AUTH_DATA_PATH or data dir>/wa-<name>.sqlite3`; an exclusive lock on
  `wa-<name>.lock` makes a second process exit with a clear error (CONV-4).
- Connecting, reconnecting and every way a connection ends are the `SessionSupervisor`'s
  (`bot/transport/connection.py`): one Go client at a time, DLV-19 back-off, never giving up.
- Login (CONV-5): a QR on the terminal, in the log and as `wa-<name>-qr.png` (replaced at every
  rotation, deleted after login or when it expires), or a pair code when
  `WA_SESSION_<NAME>_PAIR_PHONE` is set, requested once the socket is open.
- Inbound events are parsed by `bot/transport/neonize_inbound.py`; outbound shapes come from
  `bot/transport/neonize_outbound.py`.

neonize facts used here (../shared/notes/neonize.md): handlers must be registered before
`connect()`; Go hands events to `Event.execute`, which schedules the handler on the loop with
`run_coroutine_threadsafe`, so an exception in a handler is lost unless the handler logs it;
`is_connected` / `is_logged_in` return coroutines; `@client.paircode` is never called in 0.5.2.
"""

from __future__ import annotations

import asyncio
import ctypes
import fcntl
import functools
import logging
import os
import time
import unicodedata
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.transport.base import (
    ErrorClass,
    Inbound,
    InboundHandler,
    SendError,
    SessionState,
)
from bot.transport.connection import (
    Backoff,
    Ending,
    EndKind,
    Probe,
    SessionSupervisor,
    whatsapp_reachable,
)
from bot.transport.neonize_inbound import LidResolver, inbound_from_event, jid_str
from bot.transport.neonize_outbound import (
    document_message,
    image_message,
    parse_jid,
    send_error,
)
from core.config import Settings
from core.phones import normalize_phone
from core.timewindow import now_utc

log = logging.getLogger(__name__)

StateCallback = Callable[[Any, SessionState, str | None], Awaitable[None]]
CountCallback = Callable[[Any, int], Awaitable[None]]

ON_WHATSAPP_TTL_S = 86_400  # DLV-25: the answer is cached for 24 h per number
GROUPS_REFRESH_S = 600  # DLV-18: joined-group list refreshed every 10 minutes
_ENDING_STATE = {
    EndKind.LOGGED_OUT: SessionState.LOGGED_OUT,
    EndKind.QR_TIMEOUT: SessionState.AWAITING_LOGIN,
    EndKind.PAIR_FAILED: SessionState.AWAITING_LOGIN,
}
# whatsmeow QR channel events other than "code" (qrchan.go), handed to the login-status callback.
_QR_CHANNEL_ENDINGS = {
    "timeout": EndKind.QR_TIMEOUT,
    "err-client-outdated": EndKind.CLIENT_OUTDATED,
    "err-unexpected-state": EndKind.PAIR_FAILED,
    "err-scanned-without-multidevice": EndKind.PAIR_FAILED,
    "error": EndKind.PAIR_FAILED,
}


def new_client(store: str, on_login_status: Callable[[str], None]) -> Any:
    """A `NewAClient` whose login-status callback is heard.

    goneonize main.go hands every QR channel event except "code" ("timeout" after the last code,
    "success", "err-…") to the login-status callback, which aioze/client.py leaves as a no-op
    (`__onLoginStatus`); without it an unscanned QR expires unseen. It is called on a Go thread."""
    from neonize.aioze.client import NewAClient

    class CiceroClient(NewAClient):
        def _NewAClient__onLoginStatus(self, uuid: int, status: int) -> None:  # noqa: N802 - neonize's mangled name
            text = ctypes.string_at(status).decode(errors="replace") if status else ""
            if self.loop is not None:
                self.loop.call_soon_threadsafe(on_login_status, text)

    return CiceroClient(store)


def store_handles(path: Path) -> int | None:
    """Open handles of this process on `path` (Linux /proc), logged at each dial."""
    fd_dir = Path("/proc/self/fd")
    if not fd_dir.is_dir():
        return None
    target = str(path)
    count = 0
    for fd in os.listdir(fd_dir):
        try:
            if os.readlink(fd_dir / fd) == target:
                count += 1
        except OSError:
            continue
    return count


def _guarded(name: str, handler: Callable[..., Awaitable[None]]) -> Callable[..., Awaitable[None]]:
    @functools.wraps(handler)
    async def run(client: Any, event: Any) -> None:
        try:
            await handler(event)
        except Exception:  # noqa: BLE001 - the future run_coroutine_threadsafe returns is never read
            log.exception("session_event_failed", extra={"session": name, "handler": handler.__name__})

    return run


class NeonizeTransport:
    def __init__(
        self,
        session: Any,
        settings: Settings,
        *,
        on_state: StateCallback | None = None,
        on_decrypt_failure: CountCallback | None = None,
        own_numbers: Callable[[], frozenset[str]] = frozenset,
        resolve_lid: LidResolver | None = None,
        client: Any = None,
        probe: Probe = whatsapp_reachable,
        backoff: Backoff | None = None,
    ) -> None:
        self.name = session.name
        self.pair_phone = session.pair_phone
        self.settings = settings
        self.state = SessionState.STARTING
        self.phone: str | None = None
        self.on_state = on_state
        self.on_decrypt_failure = on_decrypt_failure
        self.own_numbers = own_numbers
        self.resolve_lid = resolve_lid
        # The router's pipeline resolves LIDs inside the chat's lock (CONV-12); set by WhatsAppComponent.
        self.defer_lid = False
        self.client = client
        self.probe = probe
        self.backoff = backoff
        self.supervisor: SessionSupervisor | None = None
        self.decrypt_failures = 0  # CONV-7: counted and logged, never a reason to touch the store
        self.joined_groups: frozenset[str] | None = None  # DLV-18; None until first fetched
        self._handler: InboundHandler | None = None
        self._lock_file: Any = None
        self._pair_task: asyncio.Task | None = None
        self._groups_task: asyncio.Task | None = None
        self._last_read: dict[str, float] = {}
        self._on_whatsapp: dict[str, tuple[float, str | None]] = {}

    # --- files -------------------------------------------------------------------------------
    @property
    def auth_dir(self) -> Path:
        return Path(self.settings.wa_auth_data_path or self.settings.cicero_data_dir)

    @property
    def store_path(self) -> Path:
        return self.auth_dir / f"wa-{self.name}.sqlite3"

    @property
    def qr_path(self) -> Path:
        return Path(self.settings.cicero_data_dir) / f"wa-{self.name}-qr.png"

    def _take_lock(self) -> None:
        self.auth_dir.mkdir(parents=True, exist_ok=True)
        fh = open(self.auth_dir / f"wa-{self.name}.lock", "w")  # noqa: SIM115 - held for the process life
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            fh.close()
            raise SystemExit(f"Sesi WhatsApp '{self.name}' sedang dipakai proses lain (CONV-4).") from exc
        self._lock_file = fh

    # --- state ---------------------------------------------------------------------------------
    async def _set_state(self, state: SessionState, reason: str | None = None) -> None:
        if state is self.state and reason is None:
            return
        self.state = state
        log.info("session_state", extra={"session": self.name, "state": state.value, "reason": reason})
        if self.on_state is not None:
            try:
                await self.on_state(self, state, reason)
            except Exception:  # noqa: BLE001 - state bookkeeping never stops the transport
                log.exception("session_state_record_failed")

    # --- the Go client and its events -------------------------------------------------------------
    def _build_client(self) -> Any:
        from neonize.aioze import events as ev
        from neonize.proto.Neonize_pb2 import UndecryptableMessage

        client = new_client(str(self.store_path), self._on_login_status)
        handlers: list[tuple[Any, Callable[[Any], Awaitable[None]]]] = [
            (ev.ConnectedEv, self._ev_connected),
            (ev.DisconnectedEv, self._ev_disconnected),
            (ev.LoggedOutEv, self._ev_logged_out),
            (ev.StreamReplacedEv, self._ev_stream_replaced),
            (ev.ConnectFailureEv, self._ev_connect_failure),
            (ev.TemporaryBanEv, self._ev_temporary_ban),
            (ev.ClientOutdatedEv, self._ev_client_outdated),
            (ev.PairStatusEv, self._ev_pair_status),
            (ev.KeepAliveTimeoutEv, self._ev_keepalive_timeout),
            (ev.KeepAliveRestoredEv, self._ev_keepalive_restored),
            (ev.StreamErrorEv, self._ev_stream_error),
            (ev.MessageEv, self.on_event),
            (UndecryptableMessage, self._ev_undecryptable),
            (ev.JoinedGroupEv, self._ev_groups_changed),
            (ev.GroupInfoEv, self._ev_groups_changed),
        ]
        for event_type, handler in handlers:  # before connect(): the Go side subscribes to these
            client.event(event_type)(_guarded(self.name, handler))
        client.qr(self._on_qr)
        return client

    def _ended(self, ending: Ending) -> None:
        if self.supervisor is not None:
            self.supervisor.ended(ending)

    async def _ev_connected(self, event: Any) -> None:
        try:
            me = await self.client.get_me()
            self.phone = normalize_phone(me.JID.User) if me and me.JID.User else self.phone
        except Exception:  # noqa: BLE001 - the phone is informative (CONV-3)
            log.debug("get_me_failed", exc_info=True)
        self.qr_path.unlink(missing_ok=True)
        if self.supervisor is not None:
            self.supervisor.ready()
        log.info("session_connected", extra={"session": self.name, "phone": self.phone})
        await self._set_state(SessionState.READY, "connected")
        if self._groups_task is not None:
            self._groups_task.cancel()  # whatsmeow reconnects once by itself right after pairing
        self._groups_task = asyncio.create_task(self._keep_groups(), name=f"wa-groups-{self.name}")

    async def _ev_disconnected(self, event: Any) -> None:
        self._ended(Ending(EndKind.DISCONNECTED))

    async def _ev_logged_out(self, event: Any) -> None:
        from neonize.proto.Neonize_pb2 import ConnectFailureReason

        self._ended(Ending(EndKind.LOGGED_OUT, ConnectFailureReason.Name(event.Reason)))

    async def _ev_stream_replaced(self, event: Any) -> None:
        self._ended(Ending(EndKind.STREAM_REPLACED))

    async def _ev_connect_failure(self, event: Any) -> None:
        from neonize.proto.Neonize_pb2 import ConnectFailureReason

        self._ended(
            Ending(EndKind.CONNECT_FAILURE, f"{ConnectFailureReason.Name(event.Reason)} {event.Message}")
        )

    async def _ev_temporary_ban(self, event: Any) -> None:
        # goneonize encoder.go EncodeTemporaryBan: Expire is the ban's remaining duration in seconds.
        until = now_utc() + timedelta(seconds=max(0, int(event.Expire)))
        code = type(event).TempBanReason.Name(event.Code)
        self._ended(Ending(EndKind.TEMPORARY_BAN, f"{code} until {until.isoformat()}", not_before=until))

    async def _ev_client_outdated(self, event: Any) -> None:
        self._ended(Ending(EndKind.CLIENT_OUTDATED, "WhatsApp requires a newer neonize/whatsmeow"))

    async def _ev_pair_status(self, event: Any) -> None:
        if event.Status == type(event).SUCCESS:
            log.info("session_paired", extra={"session": self.name, "phone": event.ID.User or None})
            return
        log.warning("session_pair_failed", extra={"session": self.name, "error": event.Error[:300]})
        await self._set_state(SessionState.AWAITING_LOGIN, f"pair_failed: {event.Error}"[:200])

    async def _ev_keepalive_timeout(self, event: Any) -> None:
        # whatsmeow keeps the socket and disconnects by itself if the pings keep failing.
        log.warning("session_keepalive_timeout", extra={"session": self.name, "errors": event.ErrorCount})

    async def _ev_keepalive_restored(self, event: Any) -> None:
        log.info("session_keepalive_restored", extra={"session": self.name})

    async def _ev_stream_error(self, event: Any) -> None:
        log.warning("session_stream_error", extra={"session": self.name, "code": event.Code})

    async def _ev_undecryptable(self, event: Any) -> None:
        """CONV-7: counted and logged; the stored login is never touched for it (fixed)."""
        self.decrypt_failures += 1
        source = event.Info.MessageSource
        log.warning(
            "wa_decrypt_failed",
            extra={
                "session": self.name,
                "count": self.decrypt_failures,
                "chat": jid_str(source.Chat),
                "message_id": event.Info.ID,
                "unavailable": bool(event.IsUnavailable),
            },
        )
        if self.on_decrypt_failure is not None:
            await self.on_decrypt_failure(self, self.decrypt_failures)  # shown by health (CONV-7)

    async def _ev_groups_changed(self, event: Any) -> None:
        await self.refresh_groups()

    def _on_login_status(self, status: str) -> None:
        kind = _QR_CHANNEL_ENDINGS.get(status)
        if kind is not None:
            self._ended(Ending(kind, status))
        else:
            log.info("session_login_status", extra={"session": self.name, "status": status})

    async def _on_qr(self, client: Any, data: bytes) -> None:
        try:
            if self.pair_phone:
                # CONV-5: a QR code proves the socket is open without a login: ask for the pair code.
                if self._pair_task is None:
                    self._pair_task = asyncio.create_task(self._request_pair_code())
                return
            await self._show_qr(data)
        except Exception:  # noqa: BLE001 - see _guarded
            log.exception("session_qr_failed", extra={"session": self.name})

    async def _show_qr(self, data: bytes) -> None:
        import segno

        await self._set_state(SessionState.AWAITING_LOGIN)
        qr = segno.make_qr(data)
        print(f"[wa:{self.name}] pindai kode QR berikut di WhatsApp → Perangkat tertaut:", flush=True)
        qr.terminal(compact=True)
        self.qr_path.parent.mkdir(parents=True, exist_ok=True)
        qr.save(str(self.qr_path), scale=6)
        # CONV-5: operators of headless servers render the QR from this payload.
        log.info("session_qr", extra={"session": self.name, "qr": data.decode(errors="replace")})

    async def _request_pair_code(self) -> None:
        """CONV-5: `is_connected` / `is_logged_in` are coroutines in neonize 0.5.2 (awaited)."""
        client = self.client
        try:
            if not await client.is_connected or await client.is_logged_in:
                return
            await self._set_state(SessionState.AWAITING_LOGIN)
            code = await client.PairPhone(self.pair_phone, show_push_notification=True)
        except Exception as exc:  # noqa: BLE001 - the next dial asks again
            log.warning("session_pair_code_failed", extra={"session": self.name, "error": str(exc)[:300]})
            self._ended(Ending(EndKind.PAIR_FAILED, str(exc)[:200]))
            return
        line = f"[wa:{self.name}] kode pairing: {code}"
        print(line, flush=True)
        log.info(line, extra={"session": self.name})  # CONV-5 asks for the code in the log too

    # --- the supervisor's callbacks --------------------------------------------------------------
    async def _on_dial(self, number: int) -> None:
        self._pair_task = None
        log.info(
            "session_dial",
            extra={"session": self.name, "dial": number, "store_handles": store_handles(self.store_path)},
        )
        if self.state is not SessionState.AWAITING_LOGIN:
            await self._set_state(SessionState.CONNECTING)

    async def _on_ending(self, ending: Ending, wait_s: float | None) -> None:
        for task in (self._pair_task, self._groups_task):
            if task is not None:
                task.cancel()
        self._pair_task = self._groups_task = None
        extra = {"session": self.name, "reason": ending.reason, "wait_s": wait_s}
        if ending.kind is EndKind.QR_TIMEOUT:
            self.qr_path.unlink(missing_ok=True)  # a stale QR must not be scanned
            if wait_s is None:
                log.warning(
                    "session_qr_expired",
                    extra={
                        **extra,
                        "hint": f"cicero wa qr {self.name} (or SIGUSR1, or a restart) for a new QR",
                    },
                )
            else:
                log.warning("session_pair_code_expired", extra=extra)
        elif ending.kind is EndKind.UNREACHABLE:
            log.info("session_network_unreachable", extra=extra)
        else:
            log.warning(f"session_{ending.kind.value}", extra=extra)
        await self._set_state(_ENDING_STATE.get(ending.kind, SessionState.DISCONNECTED), ending.reason)

    # --- lifecycle -----------------------------------------------------------------------------
    async def start(self, on_message: InboundHandler) -> None:
        self._take_lock()
        self._handler = on_message
        await self._set_state(SessionState.STARTING)
        if self.client is None:
            self.client = self._build_client()
        self.supervisor = SessionSupervisor(
            self.name,
            self.client,
            on_dial=self._on_dial,
            on_ending=self._on_ending,
            probe=self.probe,
            backoff=self.backoff,
            redial_after_qr_timeout=bool(self.pair_phone),  # CONV-5: a new pair code when one expires
        )
        self.supervisor.start()

    @property
    def waits_for_login_request(self) -> bool:
        """Its QR expired unscanned and it waits for `request_login()` (CONV-5)."""
        return self.supervisor is not None and self.supervisor.waiting_for_login

    def request_login(self) -> None:
        """A fresh QR for a session whose QR expired unscanned (`cicero wa qr`, SIGUSR1; CONV-5)."""
        if self.supervisor is not None:
            self.supervisor.request_login()

    async def stop(self) -> None:
        self._handler = None
        if self.supervisor is not None:
            await self.supervisor.stop()
        for task in (self._pair_task, self._groups_task):
            if task is not None:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None
        self.state = SessionState.DISCONNECTED

    # --- inbound -----------------------------------------------------------------------------
    async def on_event(self, event: Any) -> None:
        handler = self._handler
        if handler is None:
            return
        try:
            inbound = await inbound_from_event(
                event,
                self.name,
                resolve_lid=self.resolve_lid,
                own_numbers=self.own_numbers(),
                defer_lid=self.defer_lid,
            )
        except Exception:  # noqa: BLE001 - a malformed event is logged, never fatal
            log.exception("inbound_parse_failed", extra={"session": self.name})
            return
        if inbound is not None:
            await handler(inbound)

    # --- groups (DLV-18) -------------------------------------------------------------------------
    async def refresh_groups(self) -> None:
        if self.client is None or self.state is not SessionState.READY:
            return
        try:
            groups = await self.client.get_joined_groups()
        except Exception as exc:  # noqa: BLE001 - the previous list stays until the next refresh
            log.warning("session_groups_failed", extra={"session": self.name, "error": str(exc)[:200]})
            return
        self.joined_groups = frozenset(jid_str(g.JID) for g in groups)
        log.info("session_groups", extra={"session": self.name, "groups": len(self.joined_groups)})

    async def _keep_groups(self) -> None:
        while True:
            await self.refresh_groups()
            await asyncio.sleep(GROUPS_REFRESH_S)

    # --- outbound ----------------------------------------------------------------------------
    def _ready_client(self) -> Any:
        if self.client is None or self.state is not SessionState.READY:
            raise SendError(ErrorClass.SESSION_UNAVAILABLE, f"session {self.name} is {self.state.value}")
        return self.client

    async def recipient(self, chat_id: str) -> Any:
        """DLV-25: a person's number is checked once per 24 h; "not on WhatsApp" is permanent."""
        jid = parse_jid(chat_id)
        if jid.Server != "s.whatsapp.net":
            return jid
        now = time.monotonic()
        cached = self._on_whatsapp.get(jid.User)
        if cached is None or cached[0] <= now:
            try:
                answers = await self._ready_client().is_on_whatsapp(f"+{jid.User}")
            except SendError:
                raise
            except Exception as exc:  # noqa: BLE001 - the check is optional (DLV-25): send anyway
                log.info("is_on_whatsapp_failed", extra={"session": self.name, "error": str(exc)[:200]})
                return jid
            answer = answers[0] if answers else None
            canonical = None
            if answer is not None and answer.IsIn:
                # A LID answer stays unused: whatsmeow maps the phone JID itself.
                canonical = answer.JID.User if answer.JID.Server == "s.whatsapp.net" else jid.User
            cached = (now + ON_WHATSAPP_TTL_S, canonical or None)
            self._on_whatsapp[jid.User] = cached
        if cached[1] is None:
            raise SendError(ErrorClass.PERMANENT, f"not_on_whatsapp: {jid.User} is not on WhatsApp")
        return parse_jid(f"{cached[1]}@s.whatsapp.net")

    def _send_failed(self, chat_id: str, exc: Exception) -> SendError:
        """DLV-12 class of a failed send. whatsmeow said this number is not in the group: drop the
        group from the joined list at once, so this session no longer claims its rows as a fallback
        (DLV-18) until the next refresh says otherwise."""
        error = send_error(exc)
        if error.reason.startswith("not_in_group") and self.joined_groups is not None:
            self.joined_groups = self.joined_groups - {chat_id}
        return error

    async def send_text(self, chat_id: str, text: str) -> str:
        client = self._ready_client()
        from neonize.proto.waE2E.WAWebProtobufsE2E_pb2 import Message

        try:
            to = await self.recipient(chat_id)
            resp = await client.send_message(to, Message(conversation=unicodedata.normalize("NFC", text)))
        except SendError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise self._send_failed(chat_id, exc) from exc
        return resp.ID

    async def send_document(
        self,
        chat_id: str,
        content: bytes,
        file_name: str,
        mimetype: str,
        caption: str | None,
        as_image: bool = False,
    ) -> str:
        """DLV-7: a real document message carrying the bytes, MIME type and file name; images as
        images with thumbnail, width and height (CONV-15)."""
        client = self._ready_client()
        from neonize.utils.enum import MediaType

        try:
            to = await self.recipient(chat_id)
            up = await client.upload(content, MediaType.MediaImage if as_image else MediaType.MediaDocument)
            if as_image:
                msg = image_message(up, content, mimetype, caption)
            else:
                msg = document_message(up, file_name, mimetype, caption)
            resp = await client.send_message(to, msg)
        except SendError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise self._send_failed(chat_id, exc) from exc
        return resp.ID

    async def mark_read(self, inbound: Inbound) -> None:
        """CONV-14: at most one receipt per chat per second."""
        if self.client is None or inbound.raw is None or not inbound.message_id:
            return
        now = asyncio.get_running_loop().time()
        if now - self._last_read.get(inbound.chat_id, 0.0) < 1.0:
            return
        self._last_read[inbound.chat_id] = now
        from neonize.utils.enum import ReceiptType

        source = inbound.raw.Info.MessageSource
        await self.client.mark_read(
            inbound.message_id, chat=source.Chat, sender=source.Sender, receipt=ReceiptType.READ
        )

    async def download(self, inbound: Inbound) -> bytes:
        if self.client is None or inbound.raw is None:
            return b""
        return await self.client.download_any(inbound.raw.Message)
