"""The session supervisor against the real neonize `NewAClient` (CONV-7, DLV-19, issue 14 item 6).

Here there is no network: a real dial fails at DNS within milliseconds ("lookup web.whatsapp.com …
no such host"), so 20 reconnect cycles run in well under a second with the back-off shortened.
What is asserted is what an operator would see on a server whose network is gone: one Go client
at most, a thread count that stays flat, and a `stop()` that leaves nothing running.

neonize 0.5.2 fact encoded (goneonize main.go getDB, measured here): every Go `Neonize()` opens a
store container that is never closed, so each dial leaves one open handle on `wa-<name>.sqlite3`
even after `stop()`. That is why the supervisor probes the network before dialling.
"""

from __future__ import annotations

import asyncio
import os
import threading
from pathlib import Path

from bot.transport.base import SessionState
from bot.transport.connection import Backoff, EndKind
from bot.transport.neonize_adapter import NeonizeTransport, store_handles
from core.wa_sessions import WaSession
from tests.runtime.conftest import runtime_settings
from tests.transport.neonize_facts import until

CYCLES = 20


def _threads() -> tuple[int, int]:
    """(threads other than asyncio's default executor, executor threads). The executor grows on
    demand up to its size and is shared with the whole process; a Go client that never returned
    would hold one of its threads for good, so what must not happen is starvation."""
    names = [t.name for t in threading.enumerate()]
    pool = sum(n.startswith("asyncio_") for n in names)
    return len(names) - pool, pool


async def _executor_free() -> bool:
    try:
        async with asyncio.timeout(2):
            await asyncio.to_thread(lambda: None)
    except TimeoutError:
        return False
    return True


async def _always_reachable() -> bool:
    return True


def _transport(tmp_path: Path, states: list[tuple[SessionState, str | None]], **kw) -> NeonizeTransport:
    async def on_state(t, state, reason):
        states.append((state, reason))

    settings = runtime_settings(cicero_data_dir=tmp_path, wa_auth_data_path=None)
    return NeonizeTransport(
        WaSession("main", frozenset({"all"})),
        settings,
        on_state=on_state,
        backoff=Backoff(0.001, 0.004),
        **kw,
    )


async def test_twenty_failed_dials_keep_one_client_and_flat_threads_dlv19(tmp_path):
    states: list[tuple[SessionState, str | None]] = []
    t = _transport(tmp_path, states, probe=_always_reachable)
    t.client = t._build_client()
    overlaps: list[int] = []
    real_connect = t.client.connect

    async def connect(*args):  # instrument only: the real connect runs
        previous = t.client.connect_task
        if previous is not None and not previous.done():
            overlaps.append(t.supervisor.dials)
        return await real_connect(*args)

    t.client.connect = connect

    async def handler(inbound):
        pass

    await t.start(handler)
    await until(lambda: t.supervisor.dials >= 3)
    other_warm, _ = _threads()
    await until(lambda: t.supervisor.dials >= CYCLES)
    other_after, pool_after = _threads()
    assert t.supervisor.live <= 1 and overlaps == []
    assert other_after == other_warm and pool_after <= min(32, (os.cpu_count() or 1) + 4)
    assert await _executor_free()  # every failed dial gave its executor thread back
    dial_failures = [r for s, r in states if r and r.startswith(EndKind.DIAL_FAILED.value)]
    assert len(dial_failures) >= CYCLES - 1 and "web.whatsapp.com" in dial_failures[0]
    assert all(s is not SessionState.READY for s, _ in states)
    await t.stop()
    assert t.supervisor.live == 0 and t.client.connect_task.done()
    assert t.state is SessionState.DISCONNECTED
    dials = t.supervisor.dials
    # The neonize 0.5.2 leak: one handle per Go Neonize(), not released by stop() (see module doc).
    assert store_handles(t.store_path) == dials
    await asyncio.sleep(0.05)
    assert t.supervisor.dials == dials  # nothing dials after stop()


async def test_no_network_means_no_dial_flat_handles_and_threads_conv7(tmp_path):
    """The real probe here fails at DNS: twenty cycles, no Go client started, nothing left open."""
    states: list[tuple[SessionState, str | None]] = []
    t = _transport(tmp_path, states)

    async def handler(inbound):
        pass

    await t.start(handler)
    await until(
        lambda: sum(1 for _, r in states if r == EndKind.UNREACHABLE.value + ": web.whatsapp.com:443") >= 3
    )
    other_warm, _ = _threads()
    await until(lambda: sum(1 for _, r in states if r and r.startswith(EndKind.UNREACHABLE.value)) >= CYCLES)
    assert _threads()[0] == other_warm and await _executor_free()
    assert t.supervisor.dials == 0 and t.supervisor.live == 0
    assert store_handles(t.store_path) == 0
    assert t.state is SessionState.DISCONNECTED
    await t.stop()
    assert t.supervisor._task is None and t._lock_file is None
