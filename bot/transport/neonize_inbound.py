"""A neonize `Message` event → `Inbound` (CONV-8 filters and text rules, CONV-9 sender resolution).

Plain functions over the protobuf objects neonize hands its handlers (`neonize/events.py` parses the
serialized bytes Go sends with `INT_TO_EVENT[code].FromString`), so tests drive them with the same
bytes through neonize's own dispatch.

neonize 0.5.2 facts this module is built on (../shared/notes/neonize.md):
- `MessageInfo.Timestamp` is milliseconds since the epoch: goneonize/utils/encoder.go
  EncodeMessageInfo writes `Timestamp.UnixMilli()`.
- `MessageSource.SenderAlt` carries the phone JID when WhatsApp sent one with a LID sender.
- Group messages may carry a `senderKeyDistributionMessage` next to the text: it is key material
  for the group's encryption, handled by whatsmeow, and is not a message of its own.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from bot.transport.base import DocumentMeta, Inbound
from core.phones import normalize_phone
from core.timewindow import now_utc
from menus.framework.vocabulary import normalize_text

log = logging.getLogger(__name__)

LidResolver = Callable[[str, str | None], Awaitable[str | None]]

_DROP_SERVERS = {"broadcast", "newsletter"}
_WRAPPERS = (
    "ephemeralMessage",
    "viewOnceMessage",
    "viewOnceMessageV2",
    "viewOnceMessageV2Extension",
    "documentWithCaptionMessage",
)
# CONV-8: not new input (protocol messages are edits and revokes).
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
)
# Parts that travel with a message without being one (whatsmeow consumes the keys itself).
_CARRIER_PARTS = (
    "senderKeyDistributionMessage",
    "fastRatchetKeySenderKeyDistributionMessage",
    "messageContextInfo",
)
# UnixMilli between 2008 and 2286: a value outside is seconds, microseconds or garbage.
_MS_MIN = 1_200_000_000_000
_MS_MAX = 9_999_999_999_999


class ImplausibleTimestamp(ValueError):
    """A `MessageInfo.Timestamp` that is not UnixMilli (the unit neonize 0.5.2 writes)."""


def timestamp_from_millis(value: int) -> datetime:
    """`MessageInfo.Timestamp` → aware UTC datetime; raises for a value that is not milliseconds."""
    if not _MS_MIN <= value <= _MS_MAX:
        raise ImplausibleTimestamp(f"MessageInfo.Timestamp {value} is not UnixMilli")
    return datetime.fromtimestamp(value / 1000, UTC)


def message_time(info: Any, session: str) -> datetime:
    """The event's instant; a missing or implausible value is logged loudly and replaced by now,
    so the message itself still reaches the router (never a silent drop of a text)."""
    raw = int(info.Timestamp)
    if not raw:
        log.warning("inbound_timestamp_missing", extra={"session": session, "message_id": info.ID})
        return now_utc()
    try:
        return timestamp_from_millis(raw)
    except ImplausibleTimestamp:
        log.error(
            "inbound_timestamp_implausible",
            extra={"session": session, "message_id": info.ID, "timestamp": raw},
        )
        return now_utc()


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


def is_carrier_only(message: Any) -> bool:
    """True when the message holds nothing but key material / context (no content of its own)."""
    return all(field.name in _CARRIER_PARTS for field, _ in message.ListFields())


async def inbound_from_event(
    event: Any,
    session: str,
    *,
    resolve_lid: LidResolver | None = None,
    own_numbers: frozenset[str] = frozenset(),
    defer_lid: bool = False,
) -> Inbound | None:
    """A neonize `Message` event → `Inbound`, or None when CONV-8 drops it.

    `defer_lid`: a LID sender is handed over with `lid` set and only the event's alternate phone
    address; the router looks the rest up inside the chat's lock (`bot/stages/identity.py`)."""
    info = event.Info
    source = info.MessageSource
    if source.IsFromMe:
        return None
    chat = jid_str(source.Chat)
    if not chat:
        log.warning("inbound_without_chat", extra={"session": session, "message_id": info.ID or None})
        return None
    if source.Chat.Server in _DROP_SERVERS or chat.endswith("@broadcast"):
        return None
    message = unwrap(event.Message)
    if is_not_input(message):
        return None
    if is_carrier_only(message):
        if not message.ListFields() and message.ByteSize():
            # A kind this neonize's protobuf does not know (newer WhatsApp): no text can be read.
            log.info(
                "inbound_unknown_kind",
                extra={"session": session, "message_id": info.ID or None, "bytes": message.ByteSize()},
            )
        return None
    is_group = bool(source.IsGroup) or source.Chat.Server == "g.us"
    sender_jid = jid_str(source.Sender) if is_group else chat
    if not sender_jid:
        sender_jid = jid_str(source.Sender) or chat
    lid = None
    if defer_lid and sender_jid.partition("@")[2] == "lid":
        lid = sender_jid.partition("@")[0].split(":")[0]
    phone = await resolve_sender(source, sender_jid, None if lid else resolve_lid)
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
    return Inbound(
        session=session,
        chat_id=chat,
        sender_jid=sender_jid,
        sender_phone=phone,
        is_group=is_group,
        text=normalize_text(_text_of(message)),
        message_id=info.ID or None,
        timestamp=message_time(info, session),
        quoted_message_id=quoted_id,
        quoted_text=quoted_text,
        document=document,
        lid=lid,
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
    try:
        return await resolve_lid(local.split(":")[0], alt_phone)
    except Exception:  # noqa: BLE001 - the message still goes on, its sender unresolved (CONV-9)
        log.warning("lid_resolve_failed", extra={"lid": local}, exc_info=True)
        return alt_phone
