"""Who the sender is (CONV-31, CONV-32): resolved once per message, in the unit of work that the
later stages share up to the commit (replies and the step's writes commit together)."""

from __future__ import annotations

from bot.stages.context import Next, RouteResult, Turn, Work
from core.actors import resolve_actor


async def stage(turn: Turn, next_stage: Next) -> RouteResult:
    deps = turn.deps
    async with deps.db.uow() as uow:
        turn.uow = uow
        turn.actor = await resolve_actor(uow, turn.inbound.sender_phone, deps.admins)
        turn.work = Work(session_key=turn.skey, session=turn.state)
        return await next_stage(turn)
