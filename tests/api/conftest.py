"""Fixtures for the HTTP sidecar tests: the app over the run's real database and Redis, a real
SMTP server (aiosmtpd) that keeps what it receives, and seeding helpers."""

from __future__ import annotations

import email
import email.policy
import functools
import re
import socket
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from fastapi import FastAPI

from bot.api.app import create_app
from core.app import AppContext
from core.auth.passwords import hash_password
from core.email import EmailSender
from core.fakes.rapidapi import FakeRapidApi

ADMIN_PHONE = "6281100000001"
OPERATOR_PHONE = "6281200000002"
MEMBER_PHONE = "6281300000003"
PASSWORD = "kata-sandi-uji-123"


@dataclass
class Mailbox:
    messages: list[email.message.EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd hook
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"

    def last_code(self) -> str:
        body = self.messages[-1].get_body(("plain",)).get_content()
        found = re.search(r"Kode OTP Anda: (\d{6})", body)
        assert found, body
        return found.group(1)


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[tuple[Controller, Mailbox]]:
    box = Mailbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield controller, box
    controller.stop()


@pytest.fixture
def mailbox(smtp_server: tuple[Controller, Mailbox]) -> Mailbox:
    smtp_server[1].messages.clear()
    return smtp_server[1]


MX_TABLE = {
    "contoh.com": "ok",
    "contoh.co.id": "ok",
    "mati.example": "unusable",
    "lambat.example": "unavailable",
}


async def table_mx(domain: str) -> str:
    """The API-21 resolver outcomes, by domain (this machine has no DNS access)."""
    return MX_TABLE.get(domain, "ok")


@pytest.fixture
def api_settings(fake_rapidapi: FakeRapidApi, smtp_server: tuple[Controller, Mailbox]):
    port = smtp_server[0].port
    return fake_rapidapi.settings(
        cookie_secure=False,
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_tls="none",
        smtp_from="cicero@contoh.com",
        admin_whatsapp=ADMIN_PHONE,
        api_dedup_window_seconds=10,
    )


@pytest.fixture
async def api_ctx(app_context: AppContext, api_settings, db, redis) -> AppContext:
    return AppContext(settings=api_settings, db=app_context.db, redis=app_context.redis)


@pytest.fixture
def app(api_ctx: AppContext) -> FastAPI:
    return create_app(api_ctx, email=EmailSender(api_ctx.settings), mx_lookup=table_mx)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("10.1.2.3", 5555))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


# --- seeding -------------------------------------------------------------------------------------


async def add_client(ctx: AppContext, client_id: str, **cols: Any) -> None:
    row = {
        "client_id": client_id,
        "nama": cols.pop("nama", f"POLRES {client_id}"),
        "client_type": cols.pop("client_type", "org"),
        "client_operator": cols.pop("client_operator", ""),
        "client_status": cols.pop("client_status", True),
        "regional_id": cols.pop("regional_id", "JATIM"),
        "client_insta": cols.pop("client_insta", ""),
        "client_tiktok": cols.pop("client_tiktok", ""),
        "client_group": cols.pop("client_group", ""),
    }
    assert not cols, cols
    async with ctx.db.uow() as uow:
        await uow.execute(
            "INSERT INTO clients (client_id, nama, client_type, client_operator, client_status, regional_id, "
            "client_insta, client_tiktok, client_group) VALUES (:client_id, :nama, :client_type, :client_operator, "
            ":client_status, :regional_id, :client_insta, :client_tiktok, :client_group)",
            row,
        )
        await uow.commit()


async def add_user(
    ctx: AppContext, user_id: str, client_id: str, roles: tuple[str, ...] = (), **cols: Any
) -> None:
    row = {
        "user_id": user_id,
        "client_id": client_id,
        "nama": cols.pop("nama", f"ANGGOTA {user_id}"),
        "whatsapp": cols.pop("whatsapp", ""),
        "email": cols.pop("email", None),
        "insta": cols.pop("insta", ""),
        "tiktok": cols.pop("tiktok", ""),
        "status": cols.pop("status", True),
        "title": cols.pop("title", "BRIPKA"),
        "divisi": cols.pop("divisi", "SAT BINMAS"),
    }
    assert not cols, cols
    async with ctx.db.uow() as uow:
        await uow.execute(
            'INSERT INTO "user" (user_id, client_id, nama, whatsapp, email, insta, tiktok, status, title, divisi) '
            "VALUES (:user_id, :client_id, :nama, :whatsapp, :email, :insta, :tiktok, :status, :title, :divisi)",
            row,
        )
        for role in roles:
            await uow.execute(
                "INSERT INTO user_roles (user_id, role_id) SELECT :u, role_id FROM roles WHERE role_name = :r",
                {"u": user_id, "r": role},
            )
        await uow.commit()


@functools.cache
def password_hash_of_default() -> str:
    """Argon2 is slow on purpose; the seeded accounts share one hash of PASSWORD."""
    return hash_password(PASSWORD)


async def add_dashboard_user(
    ctx: AppContext, username: str, role: str, clients: tuple[str, ...] = (), *, status: bool = True,
    password_hash: str | None = None,
) -> str:  # fmt: skip
    async with ctx.db.uow() as uow:
        await uow.execute(
            "INSERT INTO roles (role_name) VALUES (:r) ON CONFLICT (role_name) DO NOTHING", {"r": role}
        )
        uid = (
            await uow.execute(
                "INSERT INTO dashboard_user (username, password_hash, role_id, status, whatsapp) "
                "SELECT :u, :h, role_id, :s, '' FROM roles WHERE role_name = :r RETURNING dashboard_user_id::text",
                {"u": username, "h": password_hash or password_hash_of_default(), "s": status, "r": role},
            )
        ).scalar_one()
        for cid in clients:
            await uow.execute(
                "INSERT INTO dashboard_user_clients (dashboard_user_id, client_id) VALUES (CAST(:d AS UUID), :c)",
                {"d": uid, "c": cid},
            )
        await uow.commit()
    return uid


async def dashboard_token(client: httpx.AsyncClient, username: str) -> str:
    res = await client.post("/api/auth/dashboard-login", json={"username": username, "password": PASSWORD})
    assert res.status_code == 200, res.text
    return res.json()["token"]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
async def world(api_ctx: AppContext, client: httpx.AsyncClient) -> dict[str, Any]:
    """Two Polres in JATIM, one directorate, an admin/operator/viewer dashboard user, members."""
    await add_client(api_ctx, "POLRES_A", client_operator=f"{OPERATOR_PHONE}, 6281299999999")
    await add_client(api_ctx, "POLRES_B", client_operator="6281288888888")
    await add_client(
        api_ctx, "DITBINMAS", client_type="direktorat", regional_id="JATIM", client_operator="6281277777777"
    )
    await add_user(api_ctx, "77010001", "POLRES_A", ("operator",), whatsapp=MEMBER_PHONE, insta="anggota.a")
    await add_user(api_ctx, "77010002", "POLRES_A", ("operator",), whatsapp="6281300000004")
    await add_user(api_ctx, "77020001", "POLRES_B", ("operator", "ditbinmas"), whatsapp="6281300000005")
    await add_user(api_ctx, "77020002", "POLRES_B", ("operator",))
    await add_dashboard_user(api_ctx, "admin.uji", "admin")
    await add_dashboard_user(api_ctx, "operator.a", "operator", ("POLRES_A",))
    await add_dashboard_user(api_ctx, "binmas.uji", "ditbinmas", ("DITBINMAS",))
    await add_dashboard_user(api_ctx, "pemantau.a", "pemantau", ("POLRES_A",))
    tokens = {
        name: await dashboard_token(client, username)
        for name, username in (
            ("admin", "admin.uji"), ("operator", "operator.a"), ("directorate", "binmas.uji"), ("viewer", "pemantau.a"),
        )
    }  # fmt: skip
    res = await client.post("/api/auth/user-login", json={"nrp": "77010001", "whatsapp": "0813-0000-0003"})
    assert res.status_code == 200, res.text
    tokens["personnel"] = res.json()["token"]
    res = await client.post(
        "/api/auth/login", json={"client_id": "polres_a", "client_operator": "081200000002"}
    )
    assert res.status_code == 200, res.text
    tokens["client"] = res.json()["token"]
    client.cookies.clear()
    return {"tokens": tokens}
