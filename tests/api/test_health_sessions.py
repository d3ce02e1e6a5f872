"""`/api/health` shows, per WhatsApp session, why it is not ready and its CONV-7 decryption-failure
count (issue 14)."""

from __future__ import annotations

import httpx

from bot.session_state import record_state
from bot.transport.base import SessionState
from core.app import AppContext
from core.wa_health import record_decrypt_failure, reset_decrypt_failures


async def test_health_lists_decrypt_failures_per_session_conv7(
    client: httpx.AsyncClient, api_ctx: AppContext
):
    body = (await client.get("/api/health")).json()
    [main] = [s for s in body["checks"]["whatsapp"] if s["session"] == "main"]
    assert main["decrypt_failures"] == 0 and main["decrypt_failures_since"] is None  # never started here
    await reset_decrypt_failures(api_ctx.redis, "main")
    await record_decrypt_failure(api_ctx.redis, "main", 4)
    body = (await client.get("/api/health")).json()
    [main] = [s for s in body["checks"]["whatsapp"] if s["session"] == "main"]
    assert main["decrypt_failures"] == 4 and main["decrypt_failures_since"]


async def test_health_names_the_last_ending_of_a_session_that_is_not_ready(
    client: httpx.AsyncClient, api_ctx: AppContext
):
    outdated = "client_outdated: WhatsApp requires a newer neonize/whatsmeow"
    await record_state(api_ctx.db, "main", SessionState.DISCONNECTED, reason=outdated)
    [main] = (await client.get("/api/health")).json()["checks"]["whatsapp"]
    assert (main["state"], main["reason"]) == ("disconnected", outdated)
    await record_state(api_ctx.db, "main", SessionState.READY, reason="connected")
    [main] = (await client.get("/api/health")).json()["checks"]["whatsapp"]
    assert (main["state"], main["reason"]) == ("ready", None)
