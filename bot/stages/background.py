"""Long actions (CONV-66): run after the turn's commit, deliver their output, then (unless the menu
was closed meanwhile) carry the menu on; a failure is reported with a reference id (CONV-67)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from core.alerts import AdminsAlerted
from menus.framework import StepContext
from menus.framework.engine import apology, apply_reply, reference_id
from menus.framework.reply import Out, OutText, Reply

if TYPE_CHECKING:
    from bot.stages.deps import Deps

log = logging.getLogger(__name__)
LONG_ACTION_LIMIT_S = 600  # CONV-66


async def run_background(deps: Deps, ctx: StepContext, job: Callable, label: str, skey: str) -> None:
    from bot.stages.failure import alert_internal_error  # imports outbound, which starts these tasks
    from bot.stages.outbound import enqueue

    inbound_id = ctx.message_id
    try:
        async with deps.db.uow() as uow:
            ctx.uow = uow
            reply: Reply = await asyncio.wait_for(job(ctx), timeout=LONG_ACTION_LIMIT_S)
            state = await deps.sessions.load(skey)
            menu = deps.registry.menus.get(ctx.menu_name)
            outs: list[Out] = list(reply.messages)
            new_state = None
            if state is not None and state.busy_since and menu is not None and state.menu == menu.name:
                state.busy_since = None
                outcome = apply_reply(menu, state, reply, ctx)
                outs = outcome.messages
                new_state = outcome.session
            await enqueue(deps, uow, ctx.session, ctx.chat_id, inbound_id, outs, "bg")
            await uow.commit()
        if state is not None and state.menu == ctx.menu_name:
            if new_state is not None:
                await deps.sessions.save(skey, new_state)
            else:
                await deps.sessions.delete(skey)
    except Exception as exc:  # noqa: BLE001 - CONV-66/67: reported as failed with a reference
        ref = reference_id()
        log.error("background_failed", exc_info=(type(exc), exc, exc.__traceback__), extra={"ref": ref})
        menu = deps.registry.menus.get(ctx.menu_name)
        async with deps.db.uow() as uow:
            await enqueue(
                deps, uow, ctx.session, ctx.chat_id, inbound_id, [OutText(apology(ref, menu))], "bgerr"
            )
            if not isinstance(exc, AdminsAlerted):  # e.g. a worker's worker_dead_task: one alert
                await alert_internal_error(
                    deps, uow, f"⚠️ Proses panjang gagal (ref: {ref}): {label} – ", exc, ctx.session
                )
            await uow.commit()
        await deps.sessions.delete(skey)
