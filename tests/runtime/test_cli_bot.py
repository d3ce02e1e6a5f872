"""Process behaviour of `cicero run` / `cicero bot` (item 6, CONV-4), without dialling WhatsApp:
the runtime's component list stops on SIGTERM after finishing what is in flight, and a session's
login store can be held by one process only."""

from __future__ import annotations

import asyncio
import os
import signal

import pytest

import bot.runtime as runtime
from bot.transport.memory import MemoryTransport
from bot.transport.neonize_adapter import NeonizeTransport
from bot.whatsapp import WhatsAppComponent
from core.app import AppContext
from core.wa_sessions import WaSession, load_session_config
from tests.runtime.conftest import PERSON, execute, runtime_settings

TRANSPORT = MemoryTransport("main")
COMPONENT: dict[str, WhatsAppComponent] = {}


def memory_component(app: AppContext) -> WhatsAppComponent:
    COMPONENT["c"] = WhatsAppComponent(app, load_session_config(app.settings, environ={}), [TRANSPORT])
    return COMPONENT["c"]


async def test_sigterm_stops_components_cleanly(db, redis, sample, monkeypatch):
    monkeypatch.setattr(runtime, "load_factory", lambda ref: memory_component)
    app = AppContext(settings=runtime_settings(outbox_poll_interval_ms=50), db=db, redis=redis)
    task = asyncio.create_task(runtime.run_components(app, ["bot.whatsapp:component"]))
    for _ in range(100):
        if "c" in COMPONENT and TRANSPORT._handler is not None:
            break
        await asyncio.sleep(0.02)
    from tests.runtime.test_component import _inbound

    await TRANSPORT.deliver(_inbound(PERSON, "sampelmenu"))
    os.kill(os.getpid(), signal.SIGTERM)
    assert await asyncio.wait_for(task, timeout=30) == 0
    assert (await COMPONENT["c"].router.handle(_inbound(PERSON, "1"))).handled_by == "stopped"
    rows = await execute(db, "SELECT state FROM wa_session_state WHERE session_name = 'main'")
    assert rows[0]["state"] == "disconnected"
    # the reply produced before the stop is either sent or still queued: never lost
    queued = await execute(db, "SELECT count(*) AS n FROM wa_outbox WHERE status IN ('pending', 'sent')")
    assert queued[0]["n"] == 1


def test_session_login_store_is_exclusive_conv4(tmp_path):
    settings = runtime_settings(cicero_data_dir=tmp_path, wa_auth_data_path=None)
    first = NeonizeTransport(WaSession("main", frozenset({"all"})), settings)
    second = NeonizeTransport(WaSession("main", frozenset({"all"})), settings)
    first._take_lock()
    try:
        with pytest.raises(SystemExit, match="sedang dipakai proses lain"):
            second._take_lock()
    finally:
        first._lock_file.close()
    second._take_lock()  # free again once the first holder is gone
    second._lock_file.close()
