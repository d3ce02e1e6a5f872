"""Private chats: an unresolved LID sender (CONV-9) gets one notice per chat per hour and nothing
else. (In groups such a sender was already ignored.)"""

from __future__ import annotations

from bot.stages.context import Next, RouteResult, Turn
from bot.stages.outbound import reply_now
from menus.framework.reply import Out, OutText

UNRESOLVED = "ℹ️ Nomor Anda belum dapat dikenali saat ini. Silakan kirim ulang pesan sebentar lagi."
UNRESOLVED_EVERY_S = 3600


async def stage(turn: Turn, next_stage: Next) -> RouteResult:
    inbound, deps = turn.inbound, turn.deps
    if inbound.is_group or inbound.sender_phone is not None:
        return await next_stage(turn)
    outs: list[Out] = []
    if await deps.once("unresolved", inbound.session, inbound.chat_id, ttl=UNRESOLVED_EVERY_S):
        outs.append(OutText(UNRESOLVED))
    await reply_now(deps, inbound, outs)
    return RouteResult("unresolved", "unresolved", outs)
