"""Fail-closed behaviour and what never reaches the logs (API-3, API-8, API-14, API-17)."""

from __future__ import annotations

import logging

import httpx
import redis.asyncio as aioredis

from bot.api.app import create_app
from core.app import AppContext
from core.cache import RedisStore
from core.db import create_database
from tests.api.conftest import MEMBER_PHONE, Mailbox, add_client, add_user, bearer, table_mx


def _client(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, client=("10.9.9.9", 1)), base_url="http://t"
    )


async def test_api14_redis_down_fails_closed_with_503(api_ctx: AppContext, world) -> None:
    dead = RedisStore(aioredis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.5), "x")
    app = create_app(AppContext(settings=api_ctx.settings, db=api_ctx.db, redis=dead))
    async with _client(app) as c:
        res = await c.get("/api/users", headers=bearer(world["tokens"]["admin"]))
        assert (res.status_code, res.json()["message"]) == (503, "Layanan sementara tidak tersedia")
        res = await c.post("/api/auth/user-login", json={"nrp": "77010001", "whatsapp": MEMBER_PHONE})
        assert res.status_code == 503
        assert (await c.get("/")).status_code == 200  # liveness touches neither
    await dead.close()


async def test_api3_database_down_is_503(api_ctx: AppContext, world) -> None:
    settings = api_ctx.settings.model_copy(update={"db_pool_size": 1})
    dead_db = create_database(settings, "test", url="postgresql://postgres@127.0.0.1:1/none")
    app = create_app(AppContext(settings=settings, db=dead_db, redis=api_ctx.redis))
    async with _client(app) as c:
        res = await c.get("/api/users", headers=bearer(world["tokens"]["admin"]))
        assert (res.status_code, res.json()["code"], res.json()["message"]) == (
            503, "db_unavailable", "Database tidak tersedia",
        )  # fmt: skip
        health = await c.get("/api/health")
        assert health.status_code == 503 and health.json()["status"] == "down"
    await dead_db.dispose()


async def test_api17_forwarded_for_only_from_trusted_proxies(api_ctx: AppContext, world) -> None:
    settings = api_ctx.settings.model_copy(update={"trusted_proxies": "10.9.9.0/24"})
    app = create_app(AppContext(settings=settings, db=api_ctx.db, redis=api_ctx.redis))
    async with _client(app) as c:
        await c.post("/api/auth/user-login", json={"nrp": "77010001", "whatsapp": MEMBER_PHONE},
                     headers={"X-Forwarded-For": "1.2.3.4, 203.0.113.7, 10.9.9.8"})  # fmt: skip
    untrusted = create_app(api_ctx)
    async with _client(untrusted) as c:
        await c.post("/api/auth/user-login", json={"nrp": "77010001", "whatsapp": MEMBER_PHONE},
                     headers={"X-Forwarded-For": "198.51.100.1"})  # fmt: skip
    async with api_ctx.db.uow() as uow:
        ips = [
            r[0]
            for r in await uow.execute(
                "SELECT ip_address FROM login_log WHERE actor_id = '77010001' ORDER BY log_id"
            )
        ]
    assert ips[-2:] == ["203.0.113.7", "10.9.9.9"]


async def test_api8_otp_codes_tokens_and_bodies_never_logged(
    api_ctx: AppContext, client: httpx.AsyncClient, mailbox: Mailbox, caplog, world
) -> None:
    await add_client(api_ctx, "POLRES_L")
    await add_user(api_ctx, "77040001", "POLRES_L")
    caplog.set_level(logging.DEBUG)
    await client.post("/api/claim/request-otp", json={"nrp": "77040001", "email": "log@contoh.com"})
    code = mailbox.last_code()
    await client.post(
        "/api/claim/verify-otp", json={"nrp": "77040001", "email": "log@contoh.com", "otp": code}
    )
    res = await client.post(
        "/api/auth/dashboard-login", json={"username": "admin.uji", "password": "kata-sandi-uji-123"}
    )
    token = res.json()["token"]
    await client.get("/api/users", headers=bearer(token))
    # The test SMTP server's own debug log (`mail.log`) is the receiving side, not Cicero.
    ours = [r for r in caplog.records if not r.name.startswith("mail.")]
    text = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in ours)
    assert code not in text
    assert token not in text and "kata-sandi-uji-123" not in text
    assert any(getattr(r, "path", None) == "/api/users" and getattr(r, "principal", "").startswith("dashboard:")
               for r in caplog.records)  # fmt: skip
    _ = table_mx
