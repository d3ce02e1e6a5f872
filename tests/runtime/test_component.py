"""The WhatsApp component as `cicero run` starts it (item 6, JOB-103, DLV-19)."""

from __future__ import annotations

import asyncio

from bot.transport.base import SessionState
from bot.transport.memory import MemoryTransport
from bot.whatsapp import WhatsAppComponent
from core.app import AppContext
from core.timewindow import now_utc
from core.wa_sessions import load_session_config
from tests.runtime.conftest import ADMIN, PERSON, execute, runtime_settings


async def test_start_handle_stop_leaves_queued_rows_for_next_start(db, redis, sample):
    settings = runtime_settings(outbox_poll_interval_ms=50, wa_send_min_gap_ms=0, wa_send_jitter_ms=0)
    app = AppContext(settings=settings, db=db, redis=redis)
    transport = MemoryTransport("main", phone="6281999000001")
    component = WhatsAppComponent(app, load_session_config(settings, environ={}), [transport])
    await component.start()
    state = await execute(
        db, "SELECT state, phone, process FROM wa_session_state WHERE session_name = 'main'"
    )
    assert state[0]["state"] == "ready" and state[0]["phone"] == "6281999000001"
    await transport.deliver(_inbound(PERSON, "sampelmenu"))
    for _ in range(100):  # the running sender delivers it (NOTIFY or poll)
        if transport.sent:
            break
        await asyncio.sleep(0.05)
    assert "MENU SAMPEL" in transport.sent[0].text
    await component.stop()
    # after stop nothing is taken and nothing is sent; a row queued now waits in the database
    assert (await component.router.handle(_inbound(PERSON, "1"))).handled_by == "stopped"
    rows = await execute(db, "SELECT state FROM wa_session_state WHERE session_name = 'main'")
    assert rows[0]["state"] == "disconnected"


async def test_logged_out_alerts_admins_at_once_dlv19(db, redis, sample):
    settings = runtime_settings()
    app = AppContext(settings=settings, db=db, redis=redis)
    transport = MemoryTransport("main")
    component = WhatsAppComponent(app, load_session_config(settings, environ={}), [transport], pacing=False)
    transport.state = SessionState.LOGGED_OUT
    await component.on_state(transport, SessionState.LOGGED_OUT, "device removed")
    rows = await execute(db, "SELECT chat_id, origin, priority, allow_fallback, body FROM wa_outbox")
    assert [(r["chat_id"], r["origin"], r["priority"], r["allow_fallback"]) for r in rows] == [
        (f"{ADMIN}@s.whatsapp.net", "alert", 1, True)
    ]
    assert "main" in rows[0]["body"]
    state = await execute(db, "SELECT state, last_disconnect_reason FROM wa_session_state")
    assert (state[0]["state"], state[0]["last_disconnect_reason"]) == ("logged_out", "device removed")


def _inbound(phone: str, text: str):
    from uuid import uuid4

    from bot.transport.base import Inbound

    jid = f"{phone}@s.whatsapp.net"
    return Inbound("main", jid, jid, phone, False, text, f"C{uuid4().hex[:10]}", now_utc())


async def test_second_session_on_the_same_number_is_disconnected_conv5(db, redis, sample):
    settings = runtime_settings(wa_sessions="a,b")
    env = {"WA_SESSION_A_SERVES": "userrequest,linkreports", "WA_SESSION_B_SERVES": "oprrequest,dirrequest"}
    app = AppContext(settings=settings, db=db, redis=redis)
    a = MemoryTransport("a", phone="6281999000001")
    b = MemoryTransport("b", phone="6281999000001")
    component = WhatsAppComponent(app, load_session_config(settings, environ=env), [a, b], pacing=False)
    await a.start(component.on_message)
    await b.start(component.on_message)
    await component.on_state(b, SessionState.READY)
    assert b.state is SessionState.DISCONNECTED and a.state is SessionState.READY
    rows = await execute(db, "SELECT body FROM wa_outbox WHERE origin = 'alert'")
    assert len(rows) == 1 and "nomor yang sama" in rows[0]["body"]
