"""DLV-18: a fallback session sends to a group only if it is a participant of that group."""

from __future__ import annotations

from bot.outbox_sender import OutboxSender
from bot.transport.base import SessionState
from bot.transport.memory import MemoryTransport
from core.outbox import enqueue_text
from tests.runtime.conftest import execute, runtime_settings

GROUP = "120363025555555555@g.us"


async def test_fallback_session_sends_to_a_group_only_as_a_participant_dlv18(db, redis):
    settings = runtime_settings(wa_sessions="main,blast", wa_fallback_after_s=120)
    # the preferred session has been down for ten minutes (JOB-103 state row)
    await execute(
        db,
        """INSERT INTO wa_session_state (session_name, state, process, heartbeat_at, updated_at)
           VALUES ('main', 'disconnected', 'x', now() - interval '10 minutes', now() - interval '10 minutes')""",
    )
    async with db.uow() as uow:
        await enqueue_text(
            uow, GROUP, "Rekap tugas", origin="job:x", idempotency_key="job:x:g", session="main"
        )
        await uow.commit()
    blast = MemoryTransport("blast", state=SessionState.READY)
    sender = OutboxSender(
        db=db,
        redis=redis,
        settings=settings,
        transport=blast,
        fallback_sessions=("blast", "main"),
        pacing=False,
    )
    assert await sender.claim() is None  # group list unknown: not a participant as far as it knows
    blast.joined_groups = frozenset({"120363000000000009@g.us"})
    assert await sender.claim() is None
    blast.joined_groups = frozenset({GROUP})
    row = await sender.claim()
    assert row is not None and row.chat_id == GROUP
