"""An in-memory transport: what tests, benchmarks and `cicero chat` use instead of WhatsApp.

`deliver(inbound)` hands a message to the router exactly as a live transport would; everything
the outbox sender sends is appended to `sent` (and passed to `on_send`, e.g. the console printer).
`fail_next(error)` makes the next sends fail, to test retries and dead letters.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.transport.base import Inbound, InboundHandler, SendError, SessionState


@dataclass(frozen=True)
class Sent:
    session: str
    to: str
    text: str | None = None
    file_name: str | None = None
    content: bytes | None = None
    mimetype: str | None = None
    caption: str | None = None
    as_image: bool = False
    message_id: str = ""

    @property
    def is_document(self) -> bool:
        return self.file_name is not None


@dataclass
class MemoryTransport:
    name: str
    phone: str | None = None
    state: SessionState = SessionState.READY
    joined_groups: frozenset[str] | None = None
    sent: list[Sent] = field(default_factory=list)
    read: list[str] = field(default_factory=list)
    on_send: Callable[[Sent], None] | None = None
    documents: dict[str, bytes] = field(default_factory=dict)  # inbound message id → content
    _handler: InboundHandler | None = None
    _failures: list[SendError] = field(default_factory=list)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    async def start(self, on_message: InboundHandler) -> None:
        self._handler = on_message
        self.state = SessionState.READY

    async def stop(self) -> None:
        self._handler = None
        self.state = SessionState.DISCONNECTED

    async def deliver(self, inbound: Inbound) -> None:
        if self._handler is None:
            raise RuntimeError(f"transport {self.name} is not started")
        await self._handler(inbound)

    def fail_next(self, *errors: SendError) -> None:
        self._failures.extend(errors)

    def _record(self, sent: Sent) -> str:
        if self._failures:
            raise self._failures.pop(0)
        # Unique across processes: a later `cicero chat` run may quote it (wa_outbox.wa_message_id).
        msg_id = f"{self.name.upper()}-{uuid.uuid4().hex[:12].upper()}-{next(self._ids)}"
        item = Sent(**{**sent.__dict__, "message_id": msg_id})
        self.sent.append(item)
        if self.on_send is not None:
            self.on_send(item)
        return msg_id

    async def send_text(self, chat_id: str, text: str) -> str:
        return self._record(Sent(self.name, chat_id, text=text))

    async def send_document(
        self,
        chat_id: str,
        content: bytes,
        file_name: str,
        mimetype: str,
        caption: str | None,
        as_image: bool = False,
    ) -> str:
        return self._record(
            Sent(
                self.name,
                chat_id,
                file_name=file_name,
                content=content,
                mimetype=mimetype,
                caption=caption,
                as_image=as_image,
            )
        )

    async def mark_read(self, inbound: Inbound) -> None:
        if inbound.message_id:
            self.read.append(inbound.message_id)

    async def download(self, inbound: Inbound) -> bytes:
        return self.documents.get(inbound.message_id or "", b"")
