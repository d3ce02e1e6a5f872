"""Runtime fixtures: the real router and outbox senders over the test database and Redis, with an
in-memory transport in place of WhatsApp. `wa.send(phone, text)` types a message as a person would
and returns the texts/documents WhatsApp would have delivered (outbox drained without pacing)."""

from __future__ import annotations

import itertools
import uuid
from datetime import datetime
from typing import Any

import pytest

from bot.transport.base import DocumentMeta, Inbound
from bot.transport.memory import MemoryTransport, Sent
from bot.whatsapp import WhatsAppComponent
from core.actors import resolve_actor
from core.app import AppContext
from core.config import Settings, get_settings
from core.db import Database
from core.phones import phone_to_jid
from core.timewindow import now_utc
from core.wa_sessions import load_session_config
from menus.framework import REGISTRY, load_menus
from tests.runtime import sample_menu

ADMIN = "6281100000001"
OPERATOR = "6281100000004"
SUPER = "6281100000005"
PERSON = "6281100000003"
DASH = "6281100000002"
DIRDASH = "6281100000006"
STRANGER = "6281100000009"
GROUP = "120363000000000001@g.us"
KINDS = ("A", "SA", "OP", "DD", "DU", "P", "U")  # the columns of CONV-40
NUMBERS = {"A": ADMIN, "SA": SUPER, "OP": OPERATOR, "DD": DIRDASH, "DU": DASH, "P": PERSON, "U": STRANGER}


def runtime_settings(**overrides: Any) -> Settings:
    base = get_settings().model_copy()
    values = {"admin_whatsapp": ADMIN, "wa_inbound_max_age_s": 900, **overrides}
    return base.model_copy(update=values)


class WA:
    """A fake phone on each side of one in-memory WhatsApp session."""

    def __init__(self, component: WhatsAppComponent, transport: MemoryTransport) -> None:
        self.component = component
        self.router = component.router
        self.transport = transport
        self._ids = itertools.count(1)
        self._prefix = uuid.uuid4().hex[:6].upper()
        self._seen = 0

    def inbound(
        self,
        phone: str | None,
        text: str,
        *,
        group: str | None = None,
        message_id: str | None = None,
        at: datetime | None = None,
        document: DocumentMeta | None = None,
        sender_jid: str | None = None,
    ) -> Inbound:
        jid = sender_jid or (phone_to_jid(phone) if phone else "99999@lid")
        return Inbound(
            session=self.transport.name,
            chat_id=group or jid,
            sender_jid=jid,
            sender_phone=phone,
            is_group=group is not None,
            text=text,
            message_id=message_id or f"IN{self._prefix}{next(self._ids):06d}",
            timestamp=at or now_utc(),
            document=document,
        )

    async def send(self, phone: str | None, text: str, **kw: Any) -> list[Sent]:
        await self.deliver(self.inbound(phone, text, **kw))
        return await self.flush()

    async def deliver(self, inbound: Inbound) -> None:
        await self.transport.deliver(inbound)
        await self.router.wait_idle()

    async def flush(self) -> list[Sent]:
        for sender in self.component.senders.values():
            await sender.drain()
        new = self.transport.sent[self._seen :]
        self._seen = len(self.transport.sent)
        return new

    async def texts(self, phone: str | None, text: str, **kw: Any) -> list[str]:
        return [s.text or "" for s in await self.send(phone, text, **kw) if not s.is_document]


@pytest.fixture
def sample() -> Any:
    sample_menu.register()
    yield sample_menu
    REGISTRY.remove_menu(sample_menu.MENU.name)


async def make_wa(
    app_context: AppContext,
    db: Database,
    redis: Any,
    settings: Settings,
    environ: dict[str, str] | None = None,
) -> WA:
    load_menus()
    app = AppContext(settings=settings, db=db, redis=redis)
    transport = MemoryTransport("main", phone="6281999000001")
    component = WhatsAppComponent(
        app, load_session_config(settings, environ=environ or {}), [transport], pacing=False
    )
    await transport.start(component.on_message)
    return WA(component, transport)


@pytest.fixture
async def wa(app_context: AppContext, db: Database, redis: Any, sample: Any) -> WA:
    return await make_wa(app_context, db, redis, runtime_settings())


async def execute(db: Database, sql: str, **params: Any) -> Any:
    async with db.uow() as uow:
        res = await uow.execute(sql, params)
        rows = res.mappings().all() if res.returns_rows else None
        await uow.commit()
        return rows


async def add_client(db: Database, client_id: str, ctype: str = "org", **cols: Any) -> None:
    values = {"client_id": client_id, "nama": cols.pop("nama", client_id), "client_type": ctype, **cols}
    names = ", ".join(values)
    binds = ", ".join(f":{k}" for k in values)
    await execute(db, f"INSERT INTO clients ({names}) VALUES ({binds})", **values)


async def add_person(
    db: Database, user_id: str, client_id: str, whatsapp: str, *, status: bool = True
) -> None:
    await execute(
        db,
        'INSERT INTO "user" (user_id, nama, title, divisi, whatsapp, client_id, status)'
        " VALUES (:u, 'BUDI', 'BRIPKA', 'SAT BINMAS', :w, :c, :s)",
        u=user_id,
        w=whatsapp,
        c=client_id,
        s=status,
    )


async def add_dashboard(db: Database, whatsapp: str, role: str, clients: list[str] = ()) -> None:
    await execute(db, "INSERT INTO roles (role_name) VALUES (:r) ON CONFLICT DO NOTHING", r=role)
    rows = await execute(
        db,
        "INSERT INTO dashboard_user (username, password_hash, role_id, status, whatsapp)"
        " SELECT :n, 'x', role_id, TRUE, :w FROM roles WHERE role_name = :r RETURNING dashboard_user_id",
        n=f"dash_{whatsapp}",
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
async def actors(db, app_context):
    """One number per matrix column, backed by real rows (CONV-31)."""
    await add_client(db, "POLRES_A", "org", client_operator=f"0{OPERATOR[2:]}", client_super=f"+{SUPER}")
    await add_client(db, "POLRES_B", "org", client_status=False, client_operator="6281100000007")
    await add_client(db, "DITBINMAS", "direktorat")
    await add_person(db, "81120001", "POLRES_A", PERSON)
    await add_dashboard(db, DIRDASH, "ditbinmas", ["DITBINMAS"])
    await add_dashboard(db, DASH, "pengamat", ["POLRES_A"])
    admins = frozenset({ADMIN})
    async with db.uow() as uow:
        return {k: await resolve_actor(uow, n, admins) for k, n in NUMBERS.items()}
