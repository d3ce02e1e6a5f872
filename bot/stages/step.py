"""The step: the handler chosen for this message runs and fills `turn.work` (private chats: the
rows of CONV-20; groups: the row found before the claim, or the sender's pending request, CONV-21
row 3). A failing step is CONV-67's (rolled back, apology, alert); a database outage is not the
step's fault and goes up to the claim stage, which keeps the session."""

from __future__ import annotations

from bot.stages import menu_actions as act
from bot.stages.context import Next, RouteResult, Turn
from bot.stages.failure import fail
from bot.stages.private_choice import choose_and_run
from core.db.errors import database_unavailable
from menus.framework.engine import closed_text, handle_input
from menus.framework.reply import OutText
from menus.framework.vocabulary import is_close_word


async def stage(turn: Turn, next_stage: Next) -> RouteResult:
    """The last stage: `next_stage` is never called."""
    try:
        if not turn.inbound.is_group:
            handled_by, code = await choose_and_run(turn)
        elif turn.handler is None and turn.state is not None:
            handled_by, code = await group_pending(turn)
        else:
            assert turn.handler is not None
            handled_by, code = await act.run_structured(turn, turn.handler)
    except Exception as exc:  # noqa: BLE001 - CONV-67: the user gets an apology, never a trace
        if database_unavailable(exc):
            raise
        assert turn.uow is not None
        await turn.uow.rollback()
        return await fail(turn, exc)
    return RouteResult(handled_by, code)


async def group_pending(turn: Turn) -> tuple[str, str]:
    """CONV-21 row 3: the sender's own pending request (bulk) in this group; a close word cancels."""
    state, work, inbound = turn.state, turn.work, turn.inbound
    assert state is not None
    menu = turn.deps.registry.menus.get(state.menu)
    if is_close_word(inbound.text) or menu is None:
        work.delete_session, work.session = True, None
        work.outs.append(OutText(closed_text(turn.deps.label(state.menu))))
        return "close", "closed"
    ctx = act.step_context(turn, state.data)
    outcome = await handle_input(menu, state, ctx, inbound.text, has_text=inbound.has_text)
    return await act.apply_outcome(turn, menu, ctx, outcome)
