"""CONV-67: a step that fails closes the menu, apologises with a reference id, is logged, and the
admins are alerted (rate-limited). A database outage is not a step failure: it propagates, so the
claim stage can keep the session and ask for a retry."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.stages.context import RouteResult, Turn
from bot.stages.outbound import enqueue
from core.alerts import notify_admins
from core.phones import mask_phones
from menus.framework.engine import apology, reference_id
from menus.framework.reply import Out, OutText

if TYPE_CHECKING:
    from bot.stages.deps import Deps
    from core.db import UnitOfWork

log = logging.getLogger(__name__)


async def alert_internal_error(
    deps: Deps, uow: UnitOfWork, head: str, exc: BaseException, subject: str
) -> None:
    """JOB-110 `internal_error`: the reference id and a short error summary (numbers masked,
    JOB-102), rate-limited; a failing alert is logged so the user's apology still goes out."""
    try:
        await notify_admins(
            uow,
            deps.redis,
            "internal_error",
            head + mask_phones(f"{type(exc).__name__}: {exc}")[:200],
            subject=subject,
            session=deps.config.admin,
            settings=deps.settings,
        )
    except Exception:  # noqa: BLE001 - the apology must still go out
        log.exception("admin_alert_failed")


async def fail(turn: Turn, exc: BaseException) -> RouteResult:
    deps, inbound, state = turn.deps, turn.inbound, turn.state
    turn.answered = True
    ref = reference_id()
    menu = deps.registry.menus.get(state.menu) if state is not None else None
    log.error(
        "step_failed",
        exc_info=(type(exc), exc, exc.__traceback__),
        extra={"session": inbound.session, "ref": ref, "menu": state.menu if state else None},
    )
    outs: list[Out] = [OutText(apology(ref, menu))]
    async with deps.db.uow() as uow:
        await enqueue(deps, uow, inbound.session, inbound.chat_id, inbound.message_id, outs, "err")
        await alert_internal_error(
            deps, uow, f"⚠️ Kesalahan internal (ref: {ref}) di sesi {inbound.session}: ", exc, inbound.session
        )
        await uow.commit()
    if turn.skey is not None:
        await deps.sessions.delete(turn.skey)
    return RouteResult("error", "internal_error", outs)
