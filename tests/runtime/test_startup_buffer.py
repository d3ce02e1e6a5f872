"""Startup buffer (CONV-13, DLV-27): held until ready, then handled in arrival order; one notice
after 10 s of holding per private chat. The buffer's clock is the test's, so nothing sleeps 10 s."""

from __future__ import annotations

import asyncio

from bot.stages.startup_buffer import LOADING, StartupBuffer
from tests.runtime.conftest import GROUP, PERSON, STRANGER


async def _settle() -> None:
    for _ in range(20):
        await asyncio.sleep(0)


async def test_held_messages_wait_then_run_in_order_with_one_loading_notice_conv13_dlv27(wa):
    now = [1000.0]
    wa.router.buffer.clock = lambda: now[0]
    wa.router.buffer.hold()
    typed = ["sampelmenu", "1", "budi"]
    tasks = [asyncio.create_task(wa.transport.deliver(wa.inbound(PERSON, t))) for t in typed]
    tasks.append(asyncio.create_task(wa.transport.deliver(wa.inbound(PERSON, "sampelmenu", group=GROUP))))
    await _settle()
    assert len(wa.router.buffer) == 4 and wa.transport.sent == []  # nothing handled while starting

    now[0] += 9.5
    assert await wa.router.buffer.tick() == 0  # not yet 10 s
    now[0] += 1
    assert await wa.router.buffer.tick() == 1  # the private chat, once; the group gets nothing
    assert await wa.router.buffer.tick() == 0
    assert [(s.to, s.text) for s in wa.transport.sent] == [(f"{PERSON}@s.whatsapp.net", LOADING)]
    assert LOADING == "🤖 Bot sedang memuat, silakan tunggu"

    wa.router.buffer.open()
    await asyncio.gather(*tasks)
    await wa.router.wait_idle()
    replies = [s.text or "" for s in await wa.flush()][1:]  # after the notice
    assert "MENU SAMPEL" in replies[0]
    assert "Simpan nama *BUDI*" in replies[-1]  # menu → option 1 → name: arrival order kept


async def test_a_message_after_opening_is_handled_at_once(wa):
    wa.router.buffer.hold()
    wa.router.buffer.open()
    assert await wa.texts(PERSON, "batal") == ["ℹ️ Tidak ada menu yang sedang dibuka."]


async def test_full_buffer_drops_the_oldest_with_a_log_line_dlv27(wa, caplog):
    buffer = StartupBuffer(limit=2)
    buffer.hold()
    waits = [asyncio.create_task(buffer.wait_turn(wa.inbound(STRANGER, f"m{i}"))) for i in range(3)]
    await _settle()
    assert waits[0].done() and waits[0].result() is False  # the oldest went
    buffer.open()
    assert [await w for w in waits[1:]] == [True, True]
    assert any(r.message == "startup_buffer_full_dropped" for r in caplog.records)


async def test_router_reports_a_dropped_message(wa):
    wa.router.buffer.limit = 1
    wa.router.buffer.hold()
    first = asyncio.create_task(wa.router.handle(wa.inbound(PERSON, "batal")))
    second = asyncio.create_task(wa.router.handle(wa.inbound(PERSON, "batal")))
    await _settle()
    assert (await first).handled_by == "dropped"
    wa.router.buffer.open()
    assert (await second).code == "no_menu"


async def test_component_start_holds_until_ready_then_opens(wa):
    """`WhatsAppComponent.start` holds while it starts; once ready the buffer is open."""
    await wa.component.start()
    try:
        assert not wa.router.buffer.holding
        assert (await wa.router.handle(wa.inbound(PERSON, "batal"))).code == "no_menu"
    finally:
        await wa.component.stop()


async def test_a_held_message_is_aged_at_arrival_not_after_the_wait_dlv27(wa, monkeypatch):
    """A message that was fresh when it arrived is handled even if the start took long."""
    from datetime import timedelta

    import bot.stages.deps as deps_module
    from core.timewindow import now_utc

    wa.router.buffer.hold()
    task = asyncio.create_task(wa.router.handle(wa.inbound(PERSON, "batal")))
    await _settle()
    later = now_utc() + timedelta(seconds=wa.router.settings.wa_inbound_max_age_s + 60)
    monkeypatch.setattr(deps_module, "now_utc", lambda: later)  # the start took over 15 minutes
    wa.router.buffer.open()
    assert (await task).code == "no_menu"  # not dropped as stale backlog
