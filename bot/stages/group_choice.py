"""Groups: which CONV-21 row handles the message, decided before the claim (CONV-11).

Row 1 (`thisgroup#`, handler order < 20) works in any group; everything else needs an allow-listed
group (CONV-10): the sender's own pending request (row 3) when one is open, else a structured
handler. Only once a row is found is the duplicate key claimed, so a Cicero number that would
ignore the message never hides it from the number that serves it.
"""

from __future__ import annotations

from bot.stages.context import Next, RouteResult, Turn


async def stage(turn: Turn, next_stage: Next) -> RouteResult:
    inbound, deps = turn.inbound, turn.deps
    if not inbound.is_group:
        return await next_stage(turn)
    handlers = deps.structured(inbound, group=True)
    first = deps.recognised([h for h in handlers if h.order < 20], inbound)
    if first is None:
        if inbound.chat_id not in await deps.allow_listed_groups():
            return RouteResult("ignored", "group_not_listed")
        if turn.state is None:
            first = deps.recognised([h for h in handlers if h.order >= 20], inbound)
            if first is None:
                return RouteResult("ignored", "group_nothing")
    if not await deps.dedup.claim(inbound.chat_id, inbound.message_id):
        return RouteResult("duplicate", "duplicate")
    turn.handler = first
    return await next_stage(turn)
