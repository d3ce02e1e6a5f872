"""The outermost stage: nothing is taken once the process stops; every handled message is logged
and then marked read (CONV-14), after its chat's lock is released."""

from __future__ import annotations

import logging

from bot.stages.context import Next, RouteResult, Turn

log = logging.getLogger(__name__)


async def stage(turn: Turn, next_stage: Next) -> RouteResult:
    if not turn.deps.accepting:
        return RouteResult("stopped", "stopped")
    result = await next_stage(turn)
    inbound = turn.inbound
    log.info(
        "inbound_handled",
        extra={"session": inbound.session, "handled_by": result.handled_by, "code": result.code},
    )
    transport = turn.deps.transports.get(inbound.session)
    if transport is not None and result.handled_by not in ("duplicate", "stopped"):
        try:
            await transport.mark_read(inbound)
        except Exception:  # noqa: BLE001 - a read receipt never matters enough to fail a message
            log.debug("mark_read_failed", exc_info=True)
    return result
