"""Private chats: the evaluation order of CONV-20, row by row; the first row that takes the message
handles it (through `menu_actions`)."""

from __future__ import annotations

import time

from bot.stages import menu_actions as act
from bot.stages.background import LONG_ACTION_LIMIT_S
from bot.stages.context import Turn
from menus.framework.access import Entry, authorize
from menus.framework.engine import closed_text, handle_input
from menus.framework.home import HOME
from menus.framework.reply import OutText
from menus.framework.vocabulary import Word, control_word, is_close_word

NO_MENU_OPEN = "ℹ️ Tidak ada menu yang sedang dibuka."
BUSY = "⏳ Permintaan sebelumnya masih diproses. Mohon tunggu, atau ketik *batal* untuk menutup menu."


async def choose_and_run(turn: Turn) -> tuple[str, str]:
    deps, inbound, actor, work = turn.deps, turn.inbound, turn.actor, turn.work
    assert actor is not None
    ws = deps.wa_session(inbound.session)
    text = inbound.text
    state = work.session
    # Row 1: close words.
    if is_close_word(text):
        if state is not None:
            work.delete_session, work.session = True, None
            work.outs.append(OutText(closed_text(deps.label(state.menu))))
            return "close", "closed"
        if not actor.is_unknown or ws.serves_capability("userrequest"):
            work.outs.append(OutText(NO_MENU_OPEN))
        return "close", "no_menu"
    # Row 2: busy.
    if state is not None and state.busy_since:
        if time.time() - state.busy_since < LONG_ACTION_LIMIT_S:
            work.outs.append(OutText(BUSY))
            return "busy", "busy"
        state.busy_since = None  # CONV-66: an action over 10 minutes counts as failed
    # Row 3: trigger words.
    menu = deps.registry.trigger(text) if inbound.has_text else None
    if menu is not None and not (
        state is not None and state.menu == menu.name and not menu.restart_on_trigger
    ):
        result = await act.trigger(turn, menu)
        if result is not None:
            return result
    # Row 4: handlers that come before the open session (pending confirmations, CONV-208).
    pre = deps.recognised(deps.structured(inbound, group=False, before_session=True), inbound)
    if pre is not None:
        return await act.run_structured(turn, pre)
    # Row 5: the open menu session.
    if state is not None:
        menu = deps.registry.menus.get(state.menu)
        if menu is None:
            work.delete_session, work.session = True, None
            work.outs.append(OutText("ℹ️ Menu sebelumnya sudah berakhir. Silakan buka lagi."))
            return "session", "stale_step"
        ctx = act.step_context(turn, state.data)
        # Escape rule: only rows 6-9 (commands, complaint, bulk, link report; orders 50-99).
        later = [h for h in deps.structured(inbound, group=False, before_session=False) if h.order < 100]
        outcome = await handle_input(
            menu,
            state,
            ctx,
            text,
            structured_recognises=lambda: deps.recognised(later, inbound) is not None,
            has_text=inbound.has_text,
        )
        if not outcome.reroute:
            return await act.apply_outcome(turn, menu, ctx, outcome)
        work.delete_session, work.session = True, None
        if outcome.closed_label:
            work.outs.append(OutText(closed_text(outcome.closed_label)))
    if not inbound.has_text:
        return "ignored", "no_text"  # CONV-8: media without text outside a menu
    # Rows 6-10: structured messages.
    handler = deps.recognised(deps.structured(inbound, group=False, before_session=False), inbound)
    if handler is not None:
        return await act.run_structured(turn, handler)
    # Row 11: `menu` opens the home chooser for privileged actors.
    if control_word(text) is Word.MENU and authorize(actor, Entry.HOME).allowed:
        return await act.open_for(turn, HOME, "trigger")
    # Row 12: fallback.
    return await act.fallback(turn)
