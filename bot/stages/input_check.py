"""Private chats: text the database cannot store (NUL, lone surrogates) gets one short line; the
menu session stays as it was (`core/input_policy.py`). Groups were filtered silently earlier."""

from __future__ import annotations

from bot.stages.context import Next, RouteResult, Turn
from core import input_policy
from menus.framework.reply import OutText


async def stage(turn: Turn, next_stage: Next) -> RouteResult:
    if turn.inbound.is_group or input_policy.inbound_storable(turn.inbound):
        return await next_stage(turn)
    turn.work.outs.append(OutText(input_policy.CHAT_REPLY))
    turn.work.session_key = None  # nothing about the session changes (not even its idle timer)
    return RouteResult("refused_input", "unstorable_text")
