"""Groups: whose messages are never handled (CONV-9, CONV-27, CONV-40), checked before anything
reads Redis. An unresolved sender, the gateway's numbers and Cicero's own numbers are ignored; so
is text the database could not store (in groups, refusals are silent)."""

from __future__ import annotations

from bot.stages.context import Next, RouteResult, Turn
from core import input_policy


async def stage(turn: Turn, next_stage: Next) -> RouteResult:
    inbound, deps = turn.inbound, turn.deps
    if not inbound.is_group:
        return await next_stage(turn)
    phone = inbound.sender_phone
    if phone is None or phone in deps.gateway_numbers or phone in deps.own_numbers():
        return RouteResult("ignored", "group_sender")
    if not input_policy.inbound_storable(inbound):
        return RouteResult("ignored", "unstorable_text")
    return await next_stage(turn)
