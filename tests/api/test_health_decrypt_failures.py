"""`/api/health` shows each WhatsApp session's CONV-7 decryption-failure count (issue 14)."""

from __future__ import annotations

import httpx

from core.app import AppContext
from core.wa_decrypt import record_decrypt_failure, reset_decrypt_failures


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
