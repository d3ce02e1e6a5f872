"""Session load and idle expiry (CONV-50, CONV-51).

The stage gives the later ones the chat's open menu session (`turn.state`): a private chat's was
read together with the duplicate claim; a group sender's is loaded here. An idle one is deleted
and, in private chats, answered with one notice; the sweeper (`sweep_expired`, every 15 s) does the
same for chats that stay quiet.
"""

from __future__ import annotations

from bot.stages.context import Next, RouteResult, Turn
from bot.stages.deps import Deps
from bot.stages.outbound import enqueue
from menus.framework.reply import OutText
from menus.framework.session import MenuSession


async def stage(turn: Turn, next_stage: Next) -> RouteResult:
    deps, inbound = turn.deps, turn.inbound
    if inbound.is_group:
        turn.skey = deps.sessions.key(inbound.session, inbound.chat_id, inbound.sender_phone)
        turn.state = await deps.sessions.load(turn.skey)
    if turn.state is not None and turn.skey is not None and deps.sessions.expired(turn.state):
        await expire(deps, turn.skey, turn.state)
        turn.state = None
    return await next_stage(turn)


async def expire(deps: Deps, key: str, state: MenuSession) -> None:
    """Delete an idle session and, in private chats, send one notice."""
    wa_session, chat_id, sender = deps.sessions.parse_key(key)
    taken = await deps.sessions.take_expired(key)
    if taken is None or sender is not None or chat_id.endswith("@g.us"):
        return
    menu = deps.registry.menus.get(taken.menu)
    label = menu.label if menu is not None else taken.menu
    trigger = menu.triggers[0] if menu is not None and menu.triggers else "menu"
    minutes = max(1, deps.sessions.idle_timeout_s // 60)
    text = f"⌛ {label} ditutup karena tidak ada aktivitas selama {minutes} menit. Ketik *{trigger}* untuk membuka lagi."
    async with deps.db.uow() as uow:
        await enqueue(
            deps,
            uow,
            wa_session,
            chat_id,
            f"expiry:{taken.version}:{int(taken.last_activity)}",
            [OutText(text)],
        )
        await uow.commit()


async def sweep_expired(deps: Deps) -> int:
    """One sweeper pass (CONV-51); `bot.whatsapp` runs it every 15 s."""
    n = 0
    for key in await deps.sessions.due():
        state = await deps.sessions.load(key)
        if state is None:
            await deps.redis.client.zrem(deps.sessions.deadlines, key)
            continue
        if deps.sessions.expired(state):
            await expire(deps, key, state)
            n += 1
    return n
