"""Endings whatsmeow does not retry reach the admins at once, rate-limited per session (CONV-7, DLV-28)."""

from __future__ import annotations

import logging

import pytest

from bot.transport.base import SessionState
from bot.transport.memory import MemoryTransport
from bot.whatsapp import WhatsAppComponent
from core.app import AppContext
from core.wa_sessions import load_session_config
from tests.runtime.conftest import execute, runtime_settings


@pytest.mark.parametrize(
    "state, reason, words",
    [
        (
            SessionState.DISCONNECTED,
            "client_outdated: WhatsApp requires a newer neonize/whatsmeow",
            "versi klien",
        ),
        (SessionState.DISCONNECTED, "stream_replaced", "dibuka di tempat lain"),
        (
            SessionState.DISCONNECTED,
            "temporary_ban: SEND_TO_TOO_MANY_PEOPLE until 2026-03-02",
            "diblokir sementara",
        ),
        (SessionState.DISCONNECTED, "connect_failure: INTERNAL_SERVER_ERROR", "gagal tersambung"),
        (SessionState.AWAITING_LOGIN, "qr_timeout: timeout", "kedaluwarsa"),
    ],
    ids=["outdated", "replaced", "ban", "failure", "qr"],
)
async def test_ending_alerts_once_per_window(db, redis, caplog, state, reason, words):
    settings = runtime_settings()
    app = AppContext(settings=settings, db=db, redis=redis)
    transport = MemoryTransport("main")
    component = WhatsAppComponent(app, load_session_config(settings, environ={}), [transport], pacing=False)
    transport.state = state
    with caplog.at_level(logging.WARNING):
        await component.on_state(transport, state, reason)
    # the only session is the one that ended: the log carries the alert text at once
    logged = [r for r in caplog.records if r.message == "session_alert_no_session_up"]
    assert logged and words in logged[-1].text
    await component.on_state(transport, state, reason)  # the same ending again: suppressed (DLV-28)
    rows = await execute(
        db, "SELECT body FROM wa_outbox WHERE origin = 'alert' AND body LIKE :w", w=f"%{words}%"
    )
    assert len(rows) == 1 and "*main*" in rows[0]["body"]
    for task in component._down_checks.values():
        task.cancel()
