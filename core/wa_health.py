"""WhatsApp figures health shows besides the state (`/api/health`, `health#`): why a session that
is not ready ended its last connection, and its CONV-7 decryption failures.

Decryption failures: the process holding a session counts and logs each undecryptable message (the transport) and
keeps the count here in Redis, so health in any process shows it. The count starts at 0 when that
process starts the session (`since`). Decryption failures never touch the stored login.
"""

from __future__ import annotations

from typing import Any

from core.cache import RedisStore
from core.db import Database
from core.timewindow import record_now


def _key(redis: RedisStore, session: str) -> str:
    return redis.key("wa", "decrypt_failures", session)


async def reset_decrypt_failures(redis: RedisStore, session: str) -> None:
    await redis.client.hset(
        _key(redis, session), mapping={"count": 0, "since": record_now().isoformat(), "last_at": ""}
    )


async def record_decrypt_failure(redis: RedisStore, session: str, count: int) -> None:
    await redis.client.hset(
        _key(redis, session), mapping={"count": count, "last_at": record_now().isoformat()}
    )


async def decrypt_failures(redis: RedisStore, sessions: list[str]) -> dict[str, dict[str, Any]]:
    """{session: {"count", "since", "last_at"}}; a session never started has count 0 and no dates."""
    out: dict[str, dict[str, Any]] = {}
    for name in sessions:
        row = await redis.client.hgetall(_key(redis, name))
        out[name] = {
            "count": int(row.get("count") or 0),
            "since": row.get("since") or None,
            "last_at": row.get("last_at") or None,
        }
    return out


async def ending_reasons(db: Database, sessions: list[str]) -> dict[str, str | None]:
    """The last ending (`wa_session_state.last_disconnect_reason`, the supervisor's reason codes:
    `client_outdated: …`, `temporary_ban: … until …`, `qr_timeout: timeout`, …) of each session
    that is not ready; None for a ready session or one without a row."""
    async with db.uow() as uow:
        rows = await uow.execute(
            "SELECT session_name, state, last_disconnect_reason FROM wa_session_state "
            "WHERE session_name = ANY(:s)",
            {"s": sessions},
        )
        found = {r.session_name: r for r in rows}
    return {
        name: (found[name].last_disconnect_reason if name in found and found[name].state != "ready" else None)
        for name in sessions
    }
