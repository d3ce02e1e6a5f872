"""Offline backlog (DLV-27): a message older than WA_INBOUND_MAX_AGE_S is not executed, except
structured messages (reports, CONV-23), which are processed whatever their age. A private chat is
told once (per hour here) that the bot was offline; in groups the drop is silent."""

from __future__ import annotations

import logging

from bot.stages.context import Next, RouteResult, Turn
from bot.stages.outbound import reply_now
from menus.framework.reply import Out, OutText

log = logging.getLogger(__name__)
STALE = "ℹ️ Bot sempat offline. Pesan Anda sebelumnya tidak diproses; silakan kirim ulang permintaan Anda."


async def stage(turn: Turn, next_stage: Next) -> RouteResult:
    inbound, deps = turn.inbound, turn.deps
    if not deps.stale(inbound, turn.arrived_at):
        return await next_stage(turn)
    if inbound.is_group:
        if turn.handler is None:
            return RouteResult("stale", "stale")
        return await next_stage(turn)
    if deps.recognised(deps.structured(inbound, group=False), inbound) is not None:
        return await next_stage(turn)
    log.info("inbound_stale_dropped", extra={"session": inbound.session})
    outs: list[Out] = []
    if await deps.once("stale", inbound.session, inbound.chat_id, ttl=3600):
        outs.append(OutText(STALE))
    await reply_now(deps, inbound, outs)
    return RouteResult("stale", "stale", outs)
