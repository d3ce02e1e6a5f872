"""The neonize transport: one async WhatsApp client per configured session (CONV-4..CONV-9, DLV-19).

- Login state lives in `<WA_AUTH_DATA_PATH or data dir>/wa-<name>.sqlite3`; an exclusive lock on
  `wa-<name>.lock` makes a second process exit with a clear error (CONV-4).
- First start prints a QR code on the terminal, logs its payload and writes `wa-<name>-qr.png`
  (deleted after login), or requests a pair code when `WA_SESSION_<NAME>_PAIR_PHONE` is set (CONV-5).
- Connected → `ready`; disconnects reconnect with back-off 5 s doubling to 5 min, never giving up;
  only LoggedOut needs a new login; StreamReplaced waits 5 minutes (CONV-7, DLV-19).
- `inbound_from_event()` turns a neonize `Message` event into an `Inbound` (filters and text rules of
  CONV-8, LID resolution of CONV-9); it is a plain function so tests feed it real protobuf events.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import unicodedata
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.transport.base import (
    DocumentMeta,
    ErrorClass,
    Inbound,
    InboundHandler,
    SendError,
    SessionState,
)
from core.config import Settings
from core.phones import normalize_phone
from menus.framework.vocabulary import normalize_text

log = logging.getLogger(__name__)

StateCallback = Callable[[Any, SessionState, str | None], Awaitable[None]]
LidResolver = Callable[[str, str | None], Awaitable[str | None]]

_DROP_SERVERS = {"broadcast", "newsletter"}
_WRAPPERS = (
    "ephemeralMessage",
    "viewOnceMessage",
    "viewOnceMessageV2",
    "viewOnceMessageV2Extension",
    "documentWithCaptionMessage",
)
_NOT_INPUT = (
    "protocolMessage",
    "reactionMessage",
    "encReactionMessage",
    "pollUpdateMessage",
    "pollCreationMessage",
    "pollCreationMessageV2",
    "pollCreationMessageV3",
    "pollCreationMessageV4",
    "editedMessage",
    "senderKeyDistributionMessage",
)
RECONNECT_START_S = 5
RECONNECT_MAX_S = 300
STREAM_REPLACED_WAIT_S = 300


def jid_str(jid: Any) -> str:
    """`user@server` without device/agent parts ('' for an empty JID)."""
    if jid is None or not getattr(jid, "Server", ""):
        return ""
    user = getattr(jid, "User", "")
    return f"{user}@{jid.Server}" if user else jid.Server


def unwrap(message: Any) -> Any:
    """CONV-8: ephemeral, view-once and document-with-caption wrappers are unwrapped."""
    for _ in range(4):
        for field in _WRAPPERS:
            if message.HasField(field):
                message = getattr(message, field).message
                break
        else:
            return message
    return message


def _context(message: Any) -> Any | None:
    for field in ("extendedTextMessage", "imageMessage", "videoMessage", "documentMessage"):
        if message.HasField(field):
            return getattr(message, field).contextInfo
    return None


def _text_of(message: Any) -> str:
    if message.conversation:
        return message.conversation
    if message.HasField("extendedTextMessage"):
        return message.extendedTextMessage.text
    for field in ("imageMessage", "videoMessage", "documentMessage"):
        if message.HasField(field):
            return getattr(message, field).caption
    return ""


def is_not_input(message: Any) -> bool:
    return any(message.HasField(f) for f in _NOT_INPUT)


async def inbound_from_event(
    event: Any,
    session: str,
    *,
    resolve_lid: LidResolver | None = None,
    own_numbers: frozenset[str] = frozenset(),
) -> Inbound | None:
    """A neonize `Message` event → `Inbound`, or None when CONV-8 drops it."""
    info = event.Info
    source = info.MessageSource
    if source.IsFromMe:
        return None
    chat = jid_str(source.Chat)
    if not chat or source.Chat.Server in _DROP_SERVERS or chat.endswith("@broadcast"):
        return None
    message = unwrap(event.Message)
    if is_not_input(message):
        return None
    is_group = bool(source.IsGroup) or source.Chat.Server == "g.us"
    sender_jid = jid_str(source.Sender) if is_group else chat
    if not sender_jid:
        sender_jid = jid_str(source.Sender) or chat
    phone = await resolve_sender(source, sender_jid, resolve_lid)
    if phone is not None and phone in own_numbers:
        return None  # another Cicero session's number: no bot-to-bot loops (CONV-8)
    ctx = _context(message)
    quoted_id = ctx.stanzaID if ctx is not None and ctx.stanzaID else None
    quoted_text = None
    if ctx is not None and ctx.HasField("quotedMessage"):
        quoted_text = normalize_text(_text_of(unwrap(ctx.quotedMessage))) or None
    document = None
    if message.HasField("documentMessage"):
        d = message.documentMessage
        document = DocumentMeta(d.fileName or d.title or None, d.mimetype or None, int(d.fileLength) or None)
    ts = datetime.fromtimestamp(info.Timestamp, UTC) if info.Timestamp else datetime.now(UTC)
    return Inbound(
        session=session,
        chat_id=chat,
        sender_jid=sender_jid,
        sender_phone=phone,
        is_group=is_group,
        text=normalize_text(_text_of(message)),
        message_id=info.ID or None,
        timestamp=ts,
        quoted_message_id=quoted_id,
        quoted_text=quoted_text,
        document=document,
        raw=event,
    )


async def resolve_sender(source: Any, sender_jid: str, resolve_lid: LidResolver | None) -> str | None:
    """CONV-9: phone JID → its number; LID → the event's alternate address, then the resolver."""
    local, _, server = sender_jid.partition("@")
    if server in ("s.whatsapp.net", "c.us"):
        return normalize_phone(local.split(":")[0])
    if server != "lid":
        return None
    alt = source.SenderAlt if source.HasField("SenderAlt") else None
    alt_phone = None
    if alt is not None and alt.Server in ("s.whatsapp.net", "c.us"):
        alt_phone = normalize_phone(alt.User)
    if resolve_lid is None:
        return alt_phone
    return await resolve_lid(local.split(":")[0], alt_phone)


def _unicode_ok(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def classify_send_error(exc: BaseException) -> ErrorClass:
    """DLV-12 from the error text whatsmeow gives back."""
    text = str(exc).lower()
    if "rate" in text and "limit" in text or "overlimit" in text or "429" in text:
        return ErrorClass.RATE_LIMITED
    if any(s in text for s in ("not connected", "not logged in", "websocket", "disconnected")):
        return ErrorClass.SESSION_UNAVAILABLE
    if any(
        s in text
        for s in (
            "not on whatsapp",
            "invalid jid",
            "not-authorized",
            "forbidden",
            "item-not-found",
            "not a participant",
            "406",
            "404",
        )
    ):
        return ErrorClass.PERMANENT
    return ErrorClass.TRANSIENT


def parse_jid(chat_id: str) -> Any:
    from neonize.proto.Neonize_pb2 import JID

    local, _, server = chat_id.partition("@")
    if not local or not server:
        raise SendError(ErrorClass.PERMANENT, f"malformed jid {chat_id!r}")
    return JID(User=local, Server=server, Device=0, Integrator=0, RawAgent=0, IsEmpty=False)


class NeonizeTransport:
    def __init__(
        self,
        session: Any,
        settings: Settings,
        *,
        on_state: StateCallback | None = None,
        own_numbers: Callable[[], frozenset[str]] = frozenset,
        resolve_lid: LidResolver | None = None,
        client: Any = None,
    ) -> None:
        self.name = session.name
        self.pair_phone = session.pair_phone
        self.settings = settings
        self.state = SessionState.STARTING
        self.phone: str | None = None
        self.on_state = on_state
        self.own_numbers = own_numbers
        self.resolve_lid = resolve_lid
        self.client = client
        self._handler: InboundHandler | None = None
        self._lock_file: Any = None
        self._supervisor: asyncio.Task | None = None
        self._stopping = False
        self._connected = asyncio.Event()
        self._disconnected = asyncio.Event()
        self._replaced = False
        self._pairing: asyncio.Task | None = None
        self._last_read: dict[str, float] = {}
        self.decrypt_failures = 0

    # --- files -------------------------------------------------------------------------------
    @property
    def auth_dir(self) -> Path:
        return Path(self.settings.wa_auth_data_path or self.settings.cicero_data_dir)

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

    # --- lifecycle -----------------------------------------------------------------------------
    async def _set_state(self, state: SessionState, reason: str | None = None) -> None:
        if state is self.state and reason is None:
            return
        self.state = state
        log.info("session_state", extra={"session": self.name, "state": state.value, "reason": reason})
        if state in (SessionState.DISCONNECTED, SessionState.LOGGED_OUT):
            log.warning(f"session_{state.value}", extra={"session": self.name, "reason": reason})  # JOB-101
        if self.on_state is not None:
            try:
                await self.on_state(self, state, reason)
            except Exception:  # noqa: BLE001 - state bookkeeping never stops the transport
                log.exception("session_state_record_failed")

    def _build_client(self) -> Any:
        from neonize.aioze.client import NewAClient
        from neonize.aioze.events import (
            ConnectedEv,
            DisconnectedEv,
            LoggedOutEv,
            MessageEv,
            PairStatusEv,
            StreamReplacedEv,
        )

        client = NewAClient(str(self.auth_dir / f"wa-{self.name}.sqlite3"))

        @client.event(ConnectedEv)
        async def _connected(c: Any, ev: Any) -> None:
            await self._on_connected(c)

        @client.event(DisconnectedEv)
        async def _disconnected(c: Any, ev: Any) -> None:
            await self._set_state(SessionState.DISCONNECTED, "disconnected")
            self._disconnected.set()

        @client.event(LoggedOutEv)
        async def _logged_out(c: Any, ev: Any) -> None:
            await self._set_state(SessionState.LOGGED_OUT, f"logged_out:{getattr(ev, 'Reason', '')}")
            self._disconnected.set()

        @client.event(StreamReplacedEv)
        async def _replaced(c: Any, ev: Any) -> None:
            self._replaced = True
            await self._set_state(SessionState.DISCONNECTED, "stream_replaced")
            self._disconnected.set()

        @client.event(PairStatusEv)
        async def _paired(c: Any, ev: Any) -> None:
            log.info("session_paired", extra={"session": self.name})

        @client.event(MessageEv)
        async def _message(c: Any, ev: Any) -> None:
            await self.on_event(ev)

        @client.qr
        async def _qr(c: Any, data: bytes) -> None:
            await self._show_qr(data)

        @client.paircode
        async def _paircode(c: Any, code: str, connected: bool = True) -> None:
            if not connected:
                print(f"[wa:{self.name}] kode pairing: {code}", flush=True)
                log.info("session_pair_code", extra={"session": self.name})

        return client

    async def _show_qr(self, data: bytes) -> None:
        import segno

        await self._set_state(SessionState.AWAITING_LOGIN)
        qr = segno.make_qr(data)
        print(f"[wa:{self.name}] pindai kode QR berikut di WhatsApp → Perangkat tertaut:", flush=True)
        qr.terminal(compact=True)
        self.qr_path.parent.mkdir(parents=True, exist_ok=True)
        qr.save(str(self.qr_path), scale=6)
        log.info("session_qr", extra={"session": self.name, "qr": data.decode(errors="replace")})

    async def _on_connected(self, client: Any) -> None:
        try:
            me = await client.get_me()
            self.phone = normalize_phone(me.JID.User) if me and me.JID.User else self.phone
        except Exception:  # noqa: BLE001 - the phone is informative (CONV-3)
            log.debug("get_me_failed", exc_info=True)
        self.qr_path.unlink(missing_ok=True)
        self._disconnected.clear()
        self._connected.set()
        await self._set_state(SessionState.READY, "connected")
        log.info("session_connected", extra={"session": self.name})

    async def start(self, on_message: InboundHandler) -> None:
        self._take_lock()
        self._handler = on_message
        self._stopping = False
        await self._set_state(SessionState.STARTING)
        self._supervisor = asyncio.create_task(self._supervise(), name=f"wa-{self.name}")

    async def _supervise(self) -> None:
        """Connect, and reconnect forever with capped back-off (CONV-7, DLV-19).

        The library may reconnect by itself after a drop; when the session is ready again once the
        back-off has passed, it is only watched, not dialled a second time."""
        delay = RECONNECT_START_S
        while not self._stopping:
            try:
                if self.client is None:
                    self.client = self._build_client()
                task = None
                if self.state is not SessionState.READY:
                    self._disconnected.clear()
                    await self._set_state(SessionState.CONNECTING)
                    task = await self.client.connect()
                    if self.pair_phone:
                        self._pairing = asyncio.create_task(self._request_pair_code())
                await self._watch(task)
                if self._connected.is_set():
                    delay = RECONNECT_START_S  # it was up: start the back-off again from 5 s
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - never give up (CONV-7)
                log.warning("session_connect_failed", extra={"session": self.name, "error": str(exc)[:300]})
                await self._set_state(SessionState.DISCONNECTED, str(exc)[:200])
            if self._stopping:
                break
            self._connected.clear()
            wait = STREAM_REPLACED_WAIT_S if self._replaced else delay
            self._replaced = False
            log.info("session_reconnect_attempt", extra={"session": self.name, "delay_s": wait})
            await asyncio.sleep(wait)
            delay = min(delay * 2, RECONNECT_MAX_S)

    async def _request_pair_code(self) -> None:
        """CONV-5: once the socket is open and no login exists, ask for a pair code and print it."""
        for _ in range(60):
            if self._stopping or self.client is None or self._connected.is_set():
                return
            try:
                if self.client.is_connected and not self.client.is_logged_in:
                    await self._set_state(SessionState.AWAITING_LOGIN)
                    code = await self.client.PairPhone(self.pair_phone, show_push_notification=True)
                    print(f"[wa:{self.name}] kode pairing: {code}", flush=True)
                    log.info("session_pair_code", extra={"session": self.name})
                    return
            except Exception as exc:  # noqa: BLE001 - the next connection attempt asks again
                log.warning("session_pair_code_failed", extra={"session": self.name, "error": str(exc)[:300]})
                return
            await asyncio.sleep(1)

    async def _watch(self, task: asyncio.Task | None) -> None:
        """Return when the session drops; raise when the library's connect call failed."""
        waiter = asyncio.ensure_future(self._disconnected.wait())
        try:
            if task is not None:
                done, _ = await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
                if task in done and task.exception() is not None:
                    raise task.exception()  # type: ignore[misc]
            await waiter  # the connect call may return while the client keeps running
        finally:
            waiter.cancel()

    async def stop(self) -> None:
        self._stopping = True
        self._handler = None
        if self.client is not None:
            try:
                await self.client.disconnect()
            except Exception:  # noqa: BLE001
                log.debug("disconnect_failed", exc_info=True)
        for task in (self._supervisor, self._pairing):
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
                event, self.name, resolve_lid=self.resolve_lid, own_numbers=self.own_numbers()
            )
        except Exception:  # noqa: BLE001 - a malformed event is logged, never fatal
            log.exception("inbound_parse_failed", extra={"session": self.name})
            return
        if inbound is not None:
            await handler(inbound)

    # --- outbound ----------------------------------------------------------------------------
    def _ready_client(self) -> Any:
        if self.client is None or self.state is not SessionState.READY:
            raise SendError(ErrorClass.SESSION_UNAVAILABLE, f"session {self.name} is {self.state.value}")
        return self.client

    async def send_text(self, chat_id: str, text: str) -> str:
        client = self._ready_client()
        from neonize.proto.waE2E.WAWebProtobufsE2E_pb2 import Message

        try:
            resp = await client.send_message(parse_jid(chat_id), Message(conversation=_unicode_ok(text)))
        except SendError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise SendError(classify_send_error(exc), str(exc)[:500]) from exc
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
        """DLV-7: a real document message carrying the bytes, MIME type and file name."""
        client = self._ready_client()
        from neonize.proto.waE2E.WAWebProtobufsE2E_pb2 import DocumentMessage, ImageMessage, Message
        from neonize.utils.enum import MediaType

        try:
            jid = parse_jid(chat_id)
            media = MediaType.MediaImage if as_image else MediaType.MediaDocument
            up = await client.upload(content, media)
            common = dict(
                URL=up.url,
                directPath=up.DirectPath,
                fileEncSHA256=up.FileEncSHA256,
                fileLength=up.FileLength,
                fileSHA256=up.FileSHA256,
                mediaKey=up.MediaKey,
                mimetype=mimetype,
            )
            if caption:
                common["caption"] = caption
            if as_image:
                msg = Message(imageMessage=ImageMessage(**common))
            else:
                msg = Message(documentMessage=DocumentMessage(fileName=file_name, title=file_name, **common))
            resp = await client.send_message(jid, msg)
        except SendError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise SendError(classify_send_error(exc), str(exc)[:500]) from exc
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
