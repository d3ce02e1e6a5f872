"""The transport interface and the `Inbound` value (DESIGN §2, CONV-8).

A transport owns one WhatsApp session: it turns live events into `Inbound` values (filters of
CONV-8 applied, LID resolved per CONV-9), hands them to the router callback, and sends what the
outbox sender gives it. Send failures raise `SendError` with the DLV-12 class.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol


class SessionState(StrEnum):
    """CONV-6 connection states."""

    STARTING = "starting"
    AWAITING_LOGIN = "awaiting_login"
    CONNECTING = "connecting"
    READY = "ready"
    DISCONNECTED = "disconnected"
    LOGGED_OUT = "logged_out"

    @property
    def stored(self) -> str:
        """`wa_session_state.state` (JOB-103): starting/awaiting_login are written as connecting."""
        if self in (SessionState.STARTING, SessionState.AWAITING_LOGIN):
            return "connecting"
        return self.value


class ErrorClass(StrEnum):
    SESSION_UNAVAILABLE = "session_unavailable"
    RATE_LIMITED = "rate_limited"
    TRANSIENT = "transient"
    PERMANENT = "permanent"


class SendError(Exception):
    def __init__(self, error_class: ErrorClass, reason: str) -> None:
        super().__init__(f"{error_class.value}: {reason}")
        self.error_class = error_class
        self.reason = reason


@dataclass(frozen=True)
class DocumentMeta:
    file_name: str | None
    mimetype: str | None
    size: int | None


@dataclass(frozen=True)
class Inbound:
    session: str
    chat_id: str  # where replies go: the chat address as received (CONV-9)
    sender_jid: str  # raw participant/chat JID or LID
    sender_phone: str | None  # canonical 62… number; None = unresolved (CONV-9)
    is_group: bool
    text: str  # normalised (CONV-8); "" when the message carries no text
    message_id: str | None
    timestamp: datetime  # aware UTC
    quoted_message_id: str | None = None
    quoted_text: str | None = None
    document: DocumentMeta | None = None
    # A LID sender whose lookup the router does inside the chat's lock (CONV-9, CONV-12); None once
    # resolved, or when the transport resolved it itself.
    lid: str | None = None
    raw: Any = field(default=None, compare=False, repr=False)

    @property
    def has_text(self) -> bool:
        return bool(self.text)


InboundHandler = Callable[[Inbound], Awaitable[None]]


class Transport(Protocol):
    name: str  # the WhatsApp session name
    state: SessionState
    phone: str | None  # the session's own number once logged in (CONV-5)
    joined_groups: frozenset[str] | None  # groups it is a participant of (DLV-18); None = unknown

    async def start(self, on_message: InboundHandler) -> None: ...

    async def stop(self) -> None: ...

    async def send_text(self, chat_id: str, text: str) -> str:
        """Returns the WhatsApp message id."""

    async def send_document(
        self,
        chat_id: str,
        content: bytes,
        file_name: str,
        mimetype: str,
        caption: str | None,
        as_image: bool = False,
    ) -> str: ...

    async def mark_read(self, inbound: Inbound) -> None: ...

    async def download(self, inbound: Inbound) -> bytes: ...
