"""`wa_session_state` (JOB-103, CONV-6): the state of each session this process holds, with a
heartbeat every 30 s, read by the health endpoint and by other processes' senders (DLV-18)."""

from __future__ import annotations

import os
import socket

from bot.transport.base import SessionState
from core.db import Database

PROCESS = f"{socket.gethostname()}:{os.getpid()}"


async def record_state(
    db: Database, session: str, state: SessionState, *, phone: str | None = None, reason: str | None = None
) -> None:
    async with db.uow() as uow:
        await uow.execute(
            """
            INSERT INTO wa_session_state (session_name, state, phone, process, last_connected_at,
                                          last_disconnected_at, last_disconnect_reason, heartbeat_at, updated_at)
            VALUES (:s, :state, :phone, :proc,
                    CASE WHEN :state = 'ready' THEN now() END,
                    CASE WHEN :state IN ('disconnected', 'logged_out') THEN now() END,
                    :reason, now(), now())
            ON CONFLICT (session_name) DO UPDATE SET
                state = EXCLUDED.state,
                phone = coalesce(EXCLUDED.phone, wa_session_state.phone),
                process = EXCLUDED.process,
                last_connected_at = coalesce(EXCLUDED.last_connected_at, wa_session_state.last_connected_at),
                last_disconnected_at = coalesce(EXCLUDED.last_disconnected_at, wa_session_state.last_disconnected_at),
                last_disconnect_reason = coalesce(EXCLUDED.last_disconnect_reason,
                                                  wa_session_state.last_disconnect_reason),
                heartbeat_at = now(),
                updated_at = CASE WHEN wa_session_state.state = EXCLUDED.state THEN wa_session_state.updated_at
                                  ELSE now() END
            """,
            {"s": session, "state": state.stored, "phone": phone, "proc": PROCESS, "reason": reason},
        )
        await uow.commit()


async def heartbeat(db: Database, sessions: list[str], inbound_seen: set[str]) -> None:
    """Every 30 s (JOB-103); `inbound_seen` = sessions that received messages since the last beat."""
    async with db.uow() as uow:
        await uow.execute(
            """
            UPDATE wa_session_state SET heartbeat_at = now(),
                   last_inbound_at = CASE WHEN session_name = ANY(:seen) THEN now() ELSE last_inbound_at END
            WHERE session_name = ANY(:s) AND process = :p
            """,
            {"s": sessions, "seen": sorted(inbound_seen), "p": PROCESS},
        )
        await uow.commit()
