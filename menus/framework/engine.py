"""Runs one input through a menu session: navigation words, the current step, and the move to the
next step (CONV-52, CONV-60..67). Pure over `MenuSession`; the router persists the result, queues
the messages and commits them together with the step's unit of work.

Levels: option tables (`Level`) and steps declared `level=True` are places `back` returns to.
Moving from such a place to a free step or a deeper level pushes it on `stack`; `back` pops;
`menu` returns to the lowest option table; `.then_menu()` returns to the level a flow belongs to.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from menus.framework.context import StepContext
from menus.framework.menu import Level, Menu, Step
from menus.framework.reply import BackgroundJob, Nav, Out, OutText, Reply
from menus.framework.session import MenuSession
from menus.framework.vocabulary import Word, control_word

TOP_LEVEL_HINT = "ℹ️ Ini sudah menu teratas. Balas dengan angka menu, atau *batal* untuk keluar."
TEXT_NEEDED_HINT = "❌ Balasan ini perlu berupa teks."
TOO_LONG_HINT = "❌ Pesan terlalu panjang (maksimal 4.000 karakter)."
MAX_STEP_INPUT = 4000  # CONV-70


@dataclass
class Outcome:
    messages: list[Out] = field(default_factory=list)
    session: MenuSession | None = None  # None = the menu session is closed / not created
    code: str = "ok"
    reroute: bool = False  # CONV-20 row 5 escape: close silently-or-not and route again from row 6
    go_home: bool = False  # `back` at the top of a menu opened from the home chooser (CONV-25)
    background: tuple[str, BackgroundJob] | None = None
    closed_label: str | None = None  # set when the escape rule closed the menu
    open_menu: str | None = None  # Reply.open_menu: the router opens this menu next (via home)


def reference_id() -> str:
    """CONV-67: 8-character reference id shown to the user and logged with the error."""
    return secrets.token_hex(4).upper()


def apology(ref: str, menu: Menu | None) -> str:
    reopen = f" Ketik *{menu.triggers[0]}* untuk membuka menu lagi." if menu and menu.triggers else ""
    return f"❌ Maaf, terjadi kesalahan saat memproses permintaan Anda (ref: {ref}).{reopen}"


def closed_text(label: str) -> str:
    return f"✅ {label} ditutup."


def _is_level(node: Step | Level | None) -> bool:
    return node is not None and bool(getattr(node, "level", False))


def _show_level(level: Level, ctx: StepContext, state: MenuSession) -> str:
    text, mapping = level.render_text(ctx)
    state.step = level.name
    state.prompt = text
    state.choices = mapping
    state.invalid = 0
    ctx.prompt = text
    return text


def _restore(menu: Menu, entry: dict, ctx: StepContext, state: MenuSession) -> str | None:
    node = menu.lookup(entry["step"])
    if isinstance(node, Level):
        return _show_level(node, ctx, state)
    state.step = entry["step"]
    state.prompt = entry.get("prompt")
    state.choices = entry.get("choices") or {}
    state.invalid = 0
    return state.prompt


def _push(state: MenuSession) -> None:
    state.stack.append({"step": state.step, "prompt": state.prompt, "choices": state.choices})


def apply_reply(menu: Menu, state: MenuSession | None, reply: Reply, ctx: StepContext) -> Outcome:
    """Turn a step's `Reply` into outgoing messages and the next session state."""
    msgs: list[Out] = list(reply.messages)
    if state is None:
        state = MenuSession(
            menu=menu.name, step="", opened_via=ctx.opened_via, actor_number=ctx.sender, data=ctx.data
        )
    state.data = ctx.data
    current = menu.lookup(state.step) if state.step else None
    out = Outcome(code=reply.code)

    if reply.background_job is not None:
        state.busy_since = time.time()
        out.background = (reply.background_label or "", reply.background_job)
        msgs.append(OutText(f"⏳ {reply.background_label}"))
        out.messages, out.session = msgs, state
        state.version += 1
        return out

    nav = reply.nav
    if nav is Nav.OPEN:
        out.messages, out.open_menu = msgs, reply.target
        return out
    if nav is Nav.END:
        out.messages = msgs
        return out
    if nav is Nav.STAY:
        if not state.step:  # nothing to stay in (e.g. an opener that only answered)
            out.messages = msgs
            return out
        state.invalid = state.invalid + 1 if reply.code.startswith("invalid") else 0
    elif nav is Nav.ASK:
        assert reply.step is not None and reply.prompt is not None
        if _is_level(current) and current is not reply.step:
            _push(state)
        state.step = reply.step.name
        state.prompt = reply.prompt
        state.choices = {}
        state.invalid = 0
        msgs.append(OutText(reply.prompt))
    elif nav is Nav.SHOW:
        assert reply.level is not None
        names = [e["step"] for e in state.stack]
        if reply.level.name in names:
            del state.stack[names.index(reply.level.name) :]
        elif _is_level(current) and current is not reply.level:
            _push(state)
        msgs.append(OutText(_show_level(reply.level, ctx, state)))
    elif nav is Nav.MENU:
        if isinstance(current, Level):
            text = _show_level(current, ctx, state)
        elif _is_level(current):  # a list step such as a client picker: show its prompt again
            text, state.invalid = state.prompt, 0
        elif state.stack:
            text = _restore(menu, state.stack.pop(), ctx, state)
        else:
            out.messages = msgs
            return out
        if text:
            msgs.append(OutText(text))
    state.version += 1
    state.last_activity = time.time()
    out.messages, out.session = msgs, state
    return out


async def open_menu(menu: Menu, ctx: StepContext) -> Outcome:
    ctx.menu_name, ctx.menu = menu.name, menu
    reply = await menu.open(ctx)
    return apply_reply(menu, None, reply, ctx)


async def navigate(menu: Menu, state: MenuSession, ctx: StepContext, word: Word) -> Outcome:
    """`back`/`kembali`/`0` and `menu` (CONV-52); `batal` is the router's (it works without a menu)."""
    current = menu.lookup(state.step)
    if word is Word.MENU:
        target = next((e for e in state.stack if isinstance(menu.lookup(e["step"]), Level)), None)
        if target is not None:
            del state.stack[state.stack.index(target) :]
            text = _restore(menu, target, ctx, state)
            state.version += 1
            return Outcome(messages=[OutText(text or "")], session=state, code="menu")
        if isinstance(current, Level):
            text = _show_level(current, ctx, state)
            state.version += 1
            return Outcome(messages=[OutText(text)], session=state, code="menu")
        word = Word.BACK
    # BACK
    if not _is_level(current) and state.stack:
        text = _restore(menu, state.stack.pop(), ctx, state)
        state.version += 1
        return Outcome(messages=[OutText(text or "")], session=state, code="back")
    if state.stack:
        text = _restore(menu, state.stack.pop(), ctx, state)
        state.version += 1
        return Outcome(messages=[OutText(text or "")], session=state, code="back")
    if state.opened_via == "home":
        return Outcome(session=None, go_home=True, code="back_home")
    if isinstance(current, Level):
        text = _show_level(current, ctx, state)
        state.version += 1
        return Outcome(messages=[OutText(f"{TOP_LEVEL_HINT}\n\n{text}")], session=state, code="top_level")
    # A free step with nothing above it: re-show its prompt with the hint.
    prompt = f"\n\n{state.prompt}" if state.prompt else ""
    return Outcome(messages=[OutText(f"{TOP_LEVEL_HINT}{prompt}")], session=state, code="top_level")


async def handle_input(
    menu: Menu,
    state: MenuSession,
    ctx: StepContext,
    text: str,
    *,
    structured_recognises: Callable[[], bool] = lambda: False,
    has_text: bool = True,
) -> Outcome:
    """Feed one message to the chat's menu session (CONV-20 row 5)."""
    ctx.menu_name, ctx.menu = menu.name, menu
    ctx.prompt = state.prompt
    ctx.invalid_count = state.invalid
    ctx.data = state.data
    ctx.opened_via = state.opened_via
    node = menu.lookup(state.step)
    ctx.at_level = isinstance(node, Level)
    if node is None:
        # CONV-67: a stored step that no longer exists (after an upgrade).
        reopen = f" Ketik *{menu.triggers[0]}* untuk membuka lagi." if menu.triggers else ""
        return Outcome(messages=[OutText(f"ℹ️ {menu.label} sudah berakhir.{reopen}")], code="stale_step")
    if not has_text and ctx.document is None:
        # CONV-8: media without text inside a menu: one-line hint and the prompt again. A document
        # reaches the step (JOB-90: the import step takes a CSV/XLSX file without caption).
        prompt = f"\n\n{state.prompt}" if state.prompt else ""
        return Outcome(messages=[OutText(TEXT_NEEDED_HINT + prompt)], session=state, code="invalid_value")
    word = control_word(text)
    if word in (Word.BACK, Word.MENU):
        return await navigate(menu, state, ctx, word)
    if len(text) > MAX_STEP_INPUT:
        reply = ctx.reprompt(TOO_LONG_HINT, code="invalid_value")
        return apply_reply(menu, state, reply, ctx)
    if isinstance(node, Level):
        reply = await node.handle(ctx, text, state.choices)
    else:
        reply = await node(ctx, text)
    if node.choice and reply.code == "invalid_choice" and structured_recognises():
        # CONV-20 row 5 escape: the step could not use it, and it is a structured message.
        label = None if menu.escape_silently else menu.label
        return Outcome(reroute=True, closed_label=label, code="escaped")
    return apply_reply(menu, state, reply, ctx)
