"""Private chats: the duplicate window (DLV-26, CONV-11) and the database outage (issue 10).

The claim and the read of the chat's menu session are one Redis round trip. Everything after this
stage runs inside its guard: when the database cannot be reached, the claim is released (a
re-delivery must not be dropped as a duplicate), the menu session is left as it was, and the chat
gets a direct "send it again" line, at most once a minute. Groups claim later (CONV-11).
"""

from __future__ import annotations

import logging
import time

from redis.exceptions import RedisError

from bot.stages.context import Next, RouteResult, Turn
from core.db.errors import database_unavailable
from menus.framework.reply import OutText

log = logging.getLogger(__name__)
DB_DOWN = "⚠️ Layanan sedang terganggu sebentar. Silakan kirim ulang pesan Anda dalam satu menit."
DB_DOWN_EVERY_S = 60  # issue 10: at most one such line per chat per minute


async def stage(turn: Turn, next_stage: Next) -> RouteResult:
    inbound, deps = turn.inbound, turn.deps
    if inbound.is_group:
        return await next_stage(turn)
    turn.skey = deps.sessions.key(inbound.session, inbound.chat_id)
    claimed, raw = await deps.dedup.claim_and_get(inbound.chat_id, inbound.message_id, turn.skey)
    if not claimed:
        log.info("inbound_duplicate_dropped", extra={"session": inbound.session})
        return RouteResult("duplicate", "duplicate")
    try:
        turn.state = await deps.sessions.parse(turn.skey, raw)
        return await next_stage(turn)
    except Exception as exc:
        if not database_unavailable(exc):
            raise
        await deps.dedup.release(inbound.chat_id, inbound.message_id)
        return await database_down(turn, exc)


async def database_down(turn: Turn, exc: BaseException) -> RouteResult:
    """The outbox is in the database too: answer on the transport itself."""
    inbound, deps = turn.inbound, turn.deps
    log.warning(
        "inbound_db_unavailable", extra={"session": inbound.session, "error_class": type(exc).__name__}
    )
    result = RouteResult("db_unavailable", "db_unavailable")
    if inbound.session not in deps.transports or not await _due(turn):
        return result
    try:
        await deps.send_direct(inbound, DB_DOWN)
    except Exception:  # noqa: BLE001 - nothing more can be done for this message
        log.warning("db_down_notice_failed", extra={"session": inbound.session}, exc_info=True)
        return result
    result.messages.append(OutText(DB_DOWN))
    return result


async def _due(turn: Turn) -> bool:
    """Once per chat per minute: a Redis gate, or this process's memory when Redis is down too."""
    inbound, deps = turn.inbound, turn.deps
    try:
        return await deps.once("db_down", inbound.session, inbound.chat_id, ttl=DB_DOWN_EVERY_S)
    except (RedisError, OSError):
        now = time.monotonic()
        deps.db_down_sent = {k: at for k, at in deps.db_down_sent.items() if now - at < DB_DOWN_EVERY_S}
        key = f"{inbound.session}:{inbound.chat_id}"
        if key in deps.db_down_sent:
            return False
        deps.db_down_sent[key] = now
        return True
