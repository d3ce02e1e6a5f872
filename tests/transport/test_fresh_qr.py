"""A QR that expired unscanned: stale png removed, expiry logged, admins told, and a fresh QR on
demand with `cicero wa qr` (CONV-5).

whatsmeow's QR channel sends "timeout" after its last code (qrchan.go emitQRs) and disconnects
without a Disconnected event; goneonize main.go hands that "timeout" to the login-status callback
(tests/transport/neonize_facts.py login_status). The Go dial itself is `GoDial` (no network here)."""

from __future__ import annotations

import asyncio
import logging

from bot.commands.wa import qr
from bot.transport.base import SessionState
from bot.transport.connection import Backoff
from bot.transport.neonize_adapter import NeonizeTransport
from bot.whatsapp import WhatsAppComponent
from core.app import AppContext
from core.wa_login import fresh_qr_pending
from core.wa_sessions import WaSession, load_session_config
from tests.runtime.conftest import execute, runtime_settings
from tests.transport.neonize_facts import GoDial, login_status, until


async def _reachable() -> bool:
    return True


async def test_expired_qr_then_cicero_wa_qr_shows_a_fresh_one_conv5(db, redis, tmp_path, caplog, capsys):
    settings = runtime_settings(cicero_data_dir=tmp_path, wa_auth_data_path=None)
    app = AppContext(settings=settings, db=db, redis=redis)
    t = NeonizeTransport(
        WaSession("main", frozenset({"all"})), settings, probe=_reachable, backoff=Backoff(0.01, 0.04)
    )
    component = WhatsAppComponent(app, load_session_config(settings, environ={}), [t], pacing=False)
    t.on_state = component.on_state
    t.client = t._build_client()
    go = GoDial(t.client)

    async def handler(inbound):
        pass

    await t.start(handler)
    poller = asyncio.create_task(component._every(0.05, component._take_login_requests))
    try:
        await until(lambda: go.dials == 1)
        await t._show_qr(b"2@abc,def,ghi")  # what the QR callback does with each code
        assert t.qr_path.exists()
        assert await qr(app, ["main"], take_wait_s=0.3) == 1  # a valid QR is showing: nothing taken
        assert "no running Cicero process is waiting" in capsys.readouterr().out
        await redis.client.delete(redis.key("wa", "login_request", "main"))

        with caplog.at_level(logging.INFO):
            await asyncio.to_thread(login_status, t.client, "timeout")
            await until(lambda: t.waits_for_login_request)
        assert not t.qr_path.exists()  # the stale QR cannot be scanned
        expired = [r for r in caplog.records if r.message == "session_qr_expired"]
        assert expired and "cicero wa qr main" in expired[0].hint
        assert t.state is SessionState.AWAITING_LOGIN and go.dials == 1
        alerts = await execute(db, "SELECT body FROM wa_outbox WHERE origin = 'alert'")
        assert any("kedaluwarsa" in r["body"] and "cicero wa qr main" in r["body"] for r in alerts)

        assert await qr(app, ["main"], take_wait_s=5) == 0
        assert "main: fresh QR requested" in capsys.readouterr().out
        await until(lambda: go.dials == 2)  # a new dial: whatsmeow starts a new QR channel
        assert not await fresh_qr_pending(redis, "main") and not t.waits_for_login_request
        assert await qr(app, ["nope"]) == 1
    finally:
        poller.cancel()
        await asyncio.gather(poller, return_exceptions=True)
        await t.stop()
        for task in component._down_checks.values():
            task.cancel()
