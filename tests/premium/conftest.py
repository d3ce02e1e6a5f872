"""Fixtures for the premium tests (issue 23): the HTTP sidecar (tests/api) and the chat router
(tests/menus) over the same database, Redis and admin number, plus outbox readers.

`world` (tests/api/conftest.py) seeds POLRES_A/POLRES_B/DITBINMAS, members 77010001 (whatsapp
6281300000003) and 77010002 (6281300000004), and admin/operator/directorate/viewer dashboard users.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from core.app import AppContext
from core.db import Database
from core.jobs.catalogue import job_config
from core.jobs.runner import RunOutcome, run_manual
from tests.api.conftest import (  # noqa: F401 - fixtures re-used here
    ADMIN_PHONE,
    api_ctx,
    api_settings,
    app,
    bearer,
    client,
    mailbox,
    smtp_server,
    world,
)
from tests.menus.conftest import chat, menu_settings  # noqa: F401 - fixtures re-used here

OTHER_MEMBER_PHONE = "6281300000004"


def jid(phone: str) -> str:
    return f"{phone}@s.whatsapp.net"


async def outbox_to(db: Database, phone: str, contains: str = "") -> list[str]:
    """Bodies queued for `phone` (any origin), oldest first, optionally only those containing `contains`."""
    async with db.uow() as uow:
        rows = await uow.execute(
            "SELECT body FROM wa_outbox WHERE chat_id = :c AND kind = 'text' ORDER BY outbox_id",
            {"c": jid(phone)},
        )
        return [r.body for r in rows if contains in (r.body or "")]


async def rows(db: Database, sql: str, **params: Any) -> list[Any]:
    async with db.uow() as uow:
        return list(await uow.execute(sql, params))


async def execute(db: Database, sql: str, **params: Any) -> None:
    async with db.uow() as uow:
        await uow.execute(sql, params)
        await uow.commit()


async def run_job(ctx: AppContext, key: str, now) -> RunOutcome:
    """A manual run of `key` with the business clock at `now` (JOB-11)."""
    return await run_manual(ctx, key, job_config(key, env={}), requested_by="test", now=now)


async def login_member(client: httpx.AsyncClient, nrp: str, phone: str) -> dict[str, str]:  # noqa: F811
    res = await client.post("/api/auth/user-login", json={"nrp": nrp, "whatsapp": phone})
    assert res.status_code == 200, res.text
    client.cookies.clear()
    return bearer(res.json()["token"])


@pytest.fixture
async def heads(world, client: httpx.AsyncClient) -> dict[str, dict[str, str]]:  # noqa: F811
    """Authorization headers of every actor the premium endpoints distinguish (anonymous = {})."""
    tokens = world["tokens"]
    out = {name: bearer(tokens[name]) for name in ("admin", "operator", "directorate", "viewer", "client")}
    out["owner"] = bearer(tokens["personnel"])
    out["other"] = await login_member(client, "77010002", OTHER_MEMBER_PHONE)
    out["anonymous"] = {}
    return out
