"""Flood cap for strangers (issue 17 item 7, `bot/flood_cap.py`): an unknown sender's private chat
beyond its budget is dropped here, before any reply is built: no reply, no outbox row."""

from __future__ import annotations

from bot.stages.context import Next, RouteResult, Turn


async def stage(turn: Turn, next_stage: Next) -> RouteResult:
    inbound, actor = turn.inbound, turn.actor
    if inbound.is_group or actor is None or not actor.is_unknown:
        return await next_stage(turn)
    if not await turn.deps.flood_cap.allow(inbound.session, inbound.chat_id):
        turn.answered = True
        return RouteResult("flood_capped", "flood_capped")
    return await next_stage(turn)
