"""Client IP behind uvicorn as `cicero api` / `cicero run` start it (API-17).

Issue 17 found uvicorn's defaults (`proxy_headers=True`, `forwarded_allow_ips=127.0.0.1`) turning
any `X-Forwarded-For` from a loopback peer into the client IP: rotating the header escaped every
per-IP limit and `login_log` stored the forged address. These tests talk to the real server over
TCP from 127.0.0.1, once with TRUSTED_PROXIES empty and once with 127.0.0.1 trusted.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from bot.api.middleware import _networks, client_ip
from bot.api.server import ApiServer
from core.app import AppContext
from tests.api.conftest import MEMBER_PHONE


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@asynccontextmanager
async def live(api_ctx: AppContext, **settings: Any) -> AsyncIterator[httpx.AsyncClient]:
    ctx = AppContext(
        settings=api_ctx.settings.model_copy(update=settings), db=api_ctx.db, redis=api_ctx.redis
    )
    server = ApiServer(ctx, "127.0.0.1", _free_port())
    await server.start()
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}") as c:
            yield c
    finally:
        await server.stop()


async def _login_ips(api_ctx: AppContext) -> list[str]:
    async with api_ctx.db.uow() as uow:
        rows = await uow.execute(
            "SELECT ip_address FROM login_log WHERE actor_id = '77010001' ORDER BY log_id"
        )
        return [r[0] for r in rows]


async def test_api17_forged_forwarded_for_from_untrusted_peer_is_ignored(api_ctx: AppContext, world) -> None:
    async with live(api_ctx, trusted_proxies="", login_limit_per_ip=5) as c:
        res = await c.post(
            "/api/auth/user-login",
            json={"nrp": "77010001", "whatsapp": MEMBER_PHONE},
            headers={"X-Forwarded-For": "203.0.113.50"},
        )
        assert res.status_code == 200
        statuses = []
        for n in range(8):  # a new forged address on every attempt
            res = await c.post(
                "/api/auth/user-login",
                json={"nrp": "77010001", "whatsapp": "081399999999"},
                headers={"X-Forwarded-For": f"198.51.100.{n + 1}"},
            )
            statuses.append(res.status_code)
    # login_ip counts every attempt of this peer: 5 per window, the rest refused.
    assert statuses.count(429) >= 3 and 429 in statuses[:5], statuses
    assert (await _login_ips(api_ctx))[-1] == "127.0.0.1"


async def test_api17_trusted_proxy_forwarded_for_is_used(api_ctx: AppContext, world) -> None:
    async with live(api_ctx, trusted_proxies="127.0.0.1", login_limit_per_ip=5) as c:
        for header in ("203.0.113.7", "1.2.3.4, 203.0.113.8, 127.0.0.1"):
            res = await c.post(
                "/api/auth/user-login",
                json={"nrp": "77010001", "whatsapp": MEMBER_PHONE},
                headers={"X-Forwarded-For": header},
            )
            assert res.status_code == 200, res.text
        statuses = []
        for n in range(8):  # eight different real clients behind the proxy: each has its own budget
            res = await c.post(
                "/api/auth/user-login",
                json={"nrp": "77010001", "whatsapp": "081399999999"},
                headers={"X-Forwarded-For": f"198.51.100.{n + 1}"},
            )
            statuses.append(res.status_code)
    assert 429 not in statuses, statuses
    # Right-most untrusted entry: the forged left-most "1.2.3.4" is not believed.
    assert (await _login_ips(api_ctx))[-2:] == ["203.0.113.7", "203.0.113.8"]


def test_api17_client_ip_rule() -> None:
    trusted = _networks("10.0.0.0/8, 192.168.1.1")

    def ip(peer: str, xff: str | None) -> str:
        headers = {"x-forwarded-for": xff} if xff is not None else {}
        return client_ip({"client": (peer, 1)}, headers, trusted)

    assert ip("203.0.113.1", "1.1.1.1") == "203.0.113.1"  # untrusted peer: header ignored
    assert ip("10.1.1.1", "1.1.1.1, 2.2.2.2") == "2.2.2.2"
    assert ip("10.1.1.1", "1.1.1.1, 2.2.2.2, 192.168.1.1, 10.2.2.2") == "2.2.2.2"
    assert ip("10.1.1.1", None) == "10.1.1.1"
    assert client_ip({"client": ("127.0.0.1", 1)}, {"x-forwarded-for": "1.1.1.1"}, []) == "127.0.0.1"
