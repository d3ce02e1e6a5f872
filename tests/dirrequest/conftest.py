"""Conversation fixtures for `dirrequest`: a real router over the test database, Redis and the fake
RapidAPI server; `chat.send(phone, text)` types a message and returns what the outbox got for that chat.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest

from bot.router import Router
from bot.transport.base import Inbound
from core.db import Database
from core.fakes.rapidapi import FakeRapidApi
from core.phones import phone_to_jid
from core.timewindow import now_utc
from core.wa_sessions import load_session_config
from menus.framework.registry import load_menus

ADMIN = "6281100000001"
DASH = "6281100000002"
PERSON = "6281100000003"
OPERATOR = "6281100000004"
STRANGER = "6281100000009"


@dataclass(frozen=True)
class Sent:
    kind: str
    text: str | None
    file_name: str | None
    mimetype: str | None
    chat_id: str


@dataclass
class Reply:
    messages: list[Sent]

    @property
    def texts(self) -> list[str]:
        return [m.text or "" for m in self.messages if m.kind == "text"]

    @property
    def text(self) -> str:
        return "\n\n".join(self.texts)

    @property
    def documents(self) -> list[Sent]:
        return [m for m in self.messages if m.kind == "document"]


class Chat:
    def __init__(self, router: Router, db: Database) -> None:
        self.router = router
        self.db = db
        self._ids = itertools.count(1)
        self._seen = 0

    async def send(self, phone: str, text: str, *, at: datetime | None = None) -> Reply:
        jid = phone_to_jid(phone)
        inbound = Inbound(
            session="main",
            chat_id=jid,
            sender_jid=jid,
            sender_phone=phone,
            is_group=False,
            text=text,
            message_id=f"T{next(self._ids):06d}",
            timestamp=at or now_utc(),
        )
        await self.router.handle(inbound)
        await self.router.wait_idle()
        return await self.new_messages()

    async def new_messages(self) -> Reply:
        async with self.db.uow() as uow:
            rows = (
                await uow.execute(
                    "SELECT o.outbox_id, o.kind, o.body, o.chat_id, d.file_name, d.mimetype FROM wa_outbox o"
                    " LEFT JOIN wa_outbox_document d ON d.document_id = o.document_id"
                    " WHERE o.outbox_id > :seen ORDER BY o.outbox_id",
                    {"seen": self._seen},
                )
            ).all()
        if rows:
            self._seen = rows[-1].outbox_id
        return Reply([Sent(r.kind, r.body, r.file_name, r.mimetype, r.chat_id) for r in rows])


@pytest.fixture
def dir_settings(fake_rapidapi: FakeRapidApi):
    return fake_rapidapi.settings(admin_whatsapp=ADMIN, wa_inbound_max_age_s=10**9)


@pytest.fixture
async def chat(db: Database, redis: Any, dir_settings) -> Chat:
    load_menus()
    router = Router(
        settings=dir_settings, db=db, redis=redis, config=load_session_config(dir_settings, environ={})
    )
    return Chat(router, db)


async def execute(db: Database, sql: str, **params: Any) -> None:
    async with db.uow() as uow:
        await uow.execute(sql, params)
        await uow.commit()


async def fetch(db: Database, sql: str, **params: Any) -> list[dict[str, Any]]:
    async with db.uow() as uow:
        out = [dict(r) for r in (await uow.execute(sql, params)).mappings()]
        await uow.commit()
        return out


async def add_client(
    db: Database, client_id: str, nama: str, client_type: str = "direktorat", **cols: Any
) -> None:
    values = {
        "client_id": client_id,
        "nama": nama,
        "client_type": client_type,
        "client_status": cols.pop("client_status", True),
        "client_insta": cols.pop("client_insta", None),
        "client_tiktok": cols.pop("client_tiktok", None),
        "client_group": cols.pop("client_group", None),
        "regional_id": cols.pop("regional_id", "JATIM"),
        "client_operator": cols.pop("client_operator", None),
    }
    assert not cols, cols
    names = ", ".join(values)
    binds = ", ".join(f":{k}" for k in values)
    await execute(db, f"INSERT INTO clients ({names}) VALUES ({binds})", **values)


async def add_user(
    db: Database, user_id: str, client_id: str, role: str | None, *, insta: str | None = None, tiktok: str | None = None,
    whatsapp: str | None = None, divisi: str = "SAT BINMAS", nama: str = "ANGGOTA",
) -> None:  # fmt: skip
    await execute(
        db,
        'INSERT INTO "user" (user_id, nama, title, divisi, insta, tiktok, whatsapp, client_id, status)'
        " VALUES (:u, :n, 'BRIPKA', :d, :i, :t, :w, :c, TRUE)",
        u=user_id, n=nama, d=divisi, i=insta, t=tiktok, w=whatsapp, c=client_id,
    )  # fmt: skip
    if role:
        await execute(db, "INSERT INTO roles (role_name) VALUES (:r) ON CONFLICT DO NOTHING", r=role)
        await execute(
            db,
            "INSERT INTO user_roles (user_id, role_id) SELECT :u, role_id FROM roles WHERE role_name = :r",
            u=user_id,
            r=role,
        )


async def add_dashboard_user(
    db: Database, whatsapp: str, role: str, clients: list[str], status: bool = True
) -> None:
    await execute(db, "INSERT INTO roles (role_name) VALUES (:r) ON CONFLICT DO NOTHING", r=role)
    rows = await fetch(
        db,
        "INSERT INTO dashboard_user (username, password_hash, role_id, status, whatsapp)"
        " SELECT :n, 'x', role_id, :s, :w FROM roles WHERE role_name = :r RETURNING dashboard_user_id",
        n=f"dash_{whatsapp}",
        s=status,
        w=whatsapp,
        r=role,
    )
    for c in clients:
        await execute(
            db,
            "INSERT INTO dashboard_user_clients (dashboard_user_id, client_id) VALUES (:d, :c)",
            d=rows[0]["dashboard_user_id"],
            c=c,
        )


@pytest.fixture
async def seeded(db: Database) -> Database:
    """DIR-95.1: active DITLANTAS and DITSAMAPTA, inactive DITPOLAIRUD, two org units of the region."""
    await add_client(
        db, "DITLANTAS", "Direktorat Lalu Lintas", client_insta="ditlantas.jatim", client_tiktok="ditlantas"
    )
    await add_client(
        db, "DITSAMAPTA", "Direktorat Samapta", client_insta="ditsamapta.jatim", client_tiktok="ditsamapta",
        client_group="120363000000000001@g.us",
    )  # fmt: skip
    await add_client(db, "DITPOLAIRUD", "Direktorat Polairud", client_status=False)
    await add_client(db, "POLRES_A", "Polres Alpha", client_type="org")
    await add_client(db, "POLRES_B", "Polres Beta", client_type="org")
    await add_user(db, "1001", "DITSAMAPTA", "ditsamapta", insta="anggota.satu", tiktok="anggota_satu")
    await add_user(db, "1002", "POLRES_A", "ditsamapta", insta="anggota.dua", nama="BUDI")
    await add_user(db, "1003", "POLRES_A", None, whatsapp=PERSON, nama="PERSONIL BIASA")
    return db
