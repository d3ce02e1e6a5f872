"""Conversation fixtures for the menus of issue 6: a real router over the test database, Redis and
the fake RapidAPI server. `chat.send(phone, text)` types a message exactly as a person would and
returns what the outbox queued; `quoted=` / `group=` / `document=` reproduce replies, group posts
and documents."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest

from bot.router import Router
from bot.transport.base import DocumentMeta, Inbound
from bot.transport.memory import MemoryTransport
from core.db import Database
from core.fakes.rapidapi import FakeRapidApi
from core.phones import phone_to_jid
from core.timewindow import now_utc
from core.wa_sessions import load_session_config
from menus.framework.registry import load_menus

ADMIN = "6281100000001"
OPERATOR = "6281100000004"
SUPER = "6281100000005"
PERSON = "6281100000003"
STRANGER = "6281100000009"


@dataclass(frozen=True)
class Sent:
    kind: str
    text: str | None
    file_name: str | None
    chat_id: str


@dataclass
class Reply:
    messages: list[Sent]
    code: str = ""

    @property
    def texts(self) -> list[str]:
        return [m.text or "" for m in self.messages if m.kind == "text"]

    @property
    def text(self) -> str:
        return "\n\n".join(self.texts)

    @property
    def documents(self) -> list[Sent]:
        return [m for m in self.messages if m.kind != "text"]


class Chat:
    def __init__(self, router: Router, db: Database, transport: MemoryTransport) -> None:
        self.transport = transport
        self.router = router
        self.db = db
        self._ids = itertools.count(1)
        self._seen = 0

    async def send(
        self,
        phone: str,
        text: str,
        *,
        quoted_text: str | None = None,
        quoted_id: str | None = None,
        group: str | None = None,
        at: datetime | None = None,
        document: tuple[str, bytes] | None = None,
    ) -> Reply:
        jid = phone_to_jid(phone)
        message_id = f"M{next(self._ids):06d}"
        meta = None
        if document is not None:
            self.transport.documents[message_id] = document[1]
            meta = DocumentMeta(document[0], "application/octet-stream", len(document[1]))
        inbound = Inbound(
            session="main",
            chat_id=group or jid,
            sender_jid=jid,
            sender_phone=phone,
            is_group=group is not None,
            text=text,
            message_id=message_id,
            timestamp=at or now_utc(),
            quoted_message_id=quoted_id,
            quoted_text=quoted_text,
            document=meta,
        )
        result = await self.router.handle(inbound)
        await self.router.wait_idle()
        reply = await self.new_messages()
        reply.code = result.code
        return reply

    async def new_messages(self) -> Reply:
        async with self.db.uow() as uow:
            rows = (
                await uow.execute(
                    "SELECT o.outbox_id, o.kind, o.body, o.chat_id, d.file_name FROM wa_outbox o"
                    " LEFT JOIN wa_outbox_document d ON d.document_id = o.document_id"
                    " WHERE o.outbox_id > :seen ORDER BY o.outbox_id",
                    {"seen": self._seen},
                )
            ).all()
        if rows:
            self._seen = rows[-1].outbox_id
        return Reply([Sent(r.kind, r.body, r.file_name, r.chat_id) for r in rows])


@pytest.fixture
def menu_settings(fake_rapidapi: FakeRapidApi):
    return fake_rapidapi.settings(admin_whatsapp=ADMIN, wa_inbound_max_age_s=10**9)


@pytest.fixture
async def chat(db: Database, redis: Any, menu_settings) -> Chat:
    load_menus()
    transport = MemoryTransport("main")
    router = Router(
        settings=menu_settings,
        db=db,
        redis=redis,
        config=load_session_config(menu_settings, environ={}),
        transports={"main": transport},
    )
    return Chat(router, db, transport)


async def execute(db: Database, sql: str, **params: Any) -> None:
    async with db.uow() as uow:
        await uow.execute(sql, params)
        await uow.commit()


async def one(db: Database, sql: str, **params: Any) -> Any:
    async with db.uow() as uow:
        return (await uow.execute(sql, params)).first()
