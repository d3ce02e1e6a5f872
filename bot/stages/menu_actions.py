"""What a chosen handler does to the turn: open a menu (a trigger, the home chooser, a denial's
offer), apply a step's outcome, run a structured handler, answer the fallback (CONV-22..CONV-26).
Used by the handler-choice modules; each function fills `turn.work` and returns
`(handled_by, code)`."""

from __future__ import annotations

import logging

from bot.stages.context import Turn
from core.actors import Actor
from menus.framework import StepContext
from menus.framework.access import authorize
from menus.framework.engine import Outcome, apply_reply, open_menu
from menus.framework.home import HOME
from menus.framework.menu import Menu
from menus.framework.registry import Structured
from menus.framework.reply import OutText

log = logging.getLogger(__name__)
UNAVAILABLE = "ℹ️ Menu ini sementara tidak tersedia di nomor ini. Silakan coba lagi nanti."
HELP_EVERY_S = 6 * 3600  # CONV-26
DENIALS = {
    "deny_operator_menu": "❌ Menu operator hanya untuk operator atau super admin client yang terdaftar. "
    "Nomor operator ditetapkan oleh admin; hubungi admin Anda.",
    "deny_client_inactive": "❌ Client Anda sedang tidak aktif. Silakan hubungi admin.",
    "deny_dirrequest": "❌ Nomor ini tidak terdaftar sebagai admin, pengguna dashboard Direktorat yang disetujui, "
    "atau operator client Direktorat.",
    "deny_dashboard": "❌ Nomor ini belum terdaftar atau belum disetujui sebagai pengguna dashboard.",
    "deny_wabot": "❌ Nomor ini tidak terdaftar sebagai pengguna Ditbinmas.",
    "deny_admin": "❌ Anda tidak memiliki akses ke menu ini.",
    "deny_scope": "❌ Data tersebut di luar cakupan client Anda.",
}


def step_context(turn: Turn, data: dict | None = None) -> StepContext:
    assert turn.actor is not None and turn.uow is not None
    return turn.deps.step_context(turn.inbound, turn.actor, turn.uow, data)


async def trigger(turn: Turn, menu: Menu) -> tuple[str, str] | None:
    """Row 3: authorization, then open; or the denial; or CONV-3's pointer; None = ordinary text."""
    deps, actor, work = turn.deps, turn.actor, turn.work
    assert actor is not None
    ws = deps.wa_session(turn.inbound.session)
    access = authorize(actor, menu.entry) if menu.entry else None
    allowed = access is None or access.allowed
    if menu.capability and not ws.serves_capability(menu.capability):
        # CONV-3: point an allowed actor at the number that serves it; others: ordinary text.
        if not allowed:
            return None
        owner = deps.config.owner_of(menu.capability)
        if owner is None or owner.name == ws.name:
            return None
        transport = deps.transports.get(owner.name)
        if transport is not None and transport.phone:
            work.outs.append(OutText(f"ℹ️ Menu ini dilayani oleh nomor lain: https://wa.me/{transport.phone}"))
        else:
            work.outs.append(OutText(UNAVAILABLE))
        return "pointer", "pointer"
    if not allowed:
        assert access is not None
        work.outs.append(OutText(DENIALS.get(access.code or "", DENIALS["deny_admin"])))
        offer = deps.registry.menus.get(menu.denial_offers.get(access.code or "", ""))
        if offer is not None and not turn.inbound.is_group and actor.is_resolved:
            await open_for(turn, offer, "denial")  # CONV-46
        return f"trigger:{menu.name}", access.code or "denied"
    return await open_for(turn, menu, "trigger")


async def open_for(turn: Turn, menu: Menu, via: str) -> tuple[str, str]:
    ctx = step_context(turn)
    ctx.opened_via = via
    ctx.entry_text = turn.inbound.text
    outcome = await open_menu(menu, ctx)
    turn.work.session = None  # replacing any open menu (CONV-22)
    turn.work.delete_session = True
    return await apply_outcome(turn, menu, ctx, outcome, handled=f"open:{menu.name}")


async def apply_outcome(
    turn: Turn,
    menu: Menu,
    ctx: StepContext,
    outcome: Outcome,
    handled: str | None = None,
    opened: bool = False,
) -> tuple[str, str]:
    work = turn.work
    work.outs.extend(outcome.messages)
    if outcome.go_home:
        return await open_for(turn, HOME, "trigger")
    if outcome.open_menu:
        target = turn.deps.registry.menus.get(outcome.open_menu)
        if target is None:
            return handled or "session", "unknown_menu"
        # Chosen from the home chooser's list: `back` returns home (CONV-25). The single-menu
        # shortcut (home opened straight into the only menu) must not loop back to itself.
        via = "home" if menu is HOME and not opened else "trigger"
        return await open_for(turn, target, via)
    if outcome.session is not None:
        outcome.session.actor_number = turn.inbound.sender_phone
        work.session, work.delete_session = outcome.session, False
    else:
        work.session, work.delete_session = None, True
    if outcome.background is not None:
        label, job = outcome.background
        work.background.append((ctx, job, label))
    return handled or f"session:{menu.name}", outcome.code


async def run_structured(turn: Turn, handler: Structured) -> tuple[str, str]:
    ctx = step_context(turn)
    ctx.opened_via = "structured"
    menu = handler.menu
    if menu is not None:
        ctx.menu_name, ctx.menu = menu.name, menu
    reply = await handler.handle(ctx, turn.inbound.text)
    if menu is None:
        turn.work.outs.extend(reply.messages)
        return f"structured:{handler.name}", reply.code
    outcome = apply_reply(menu, None, reply, ctx)
    return await apply_outcome(turn, menu, ctx, outcome, handled=f"structured:{handler.name}")


async def fallback(turn: Turn) -> tuple[str, str]:
    """CONV-24."""
    deps, actor, inbound = turn.deps, turn.actor, turn.inbound
    assert actor is not None
    ws = deps.wa_session(inbound.session)
    if actor.is_privileged:
        return await open_for(turn, HOME, "trigger")
    if actor.is_personnel:
        if ws.serves_capability("userrequest") and await deps.once(
            "help", inbound.session, inbound.chat_id, ttl=HELP_EVERY_S
        ):
            if deps.registry.personnel_help is not None:
                reply = await deps.registry.personnel_help(step_context(turn))
                turn.work.outs.extend(reply.messages)
            else:
                turn.work.outs.append(OutText(default_help(actor)))
            return "fallback", "help"
        return "fallback", "silent"
    if ws.serves_capability("userrequest"):
        menu = deps.registry.menus.get("userrequest")
        if menu is not None:
            return await open_for(turn, menu, "fallback")
        log.warning("fallback_without_userrequest_menu")
    return "fallback", "silent"


def default_help(actor: Actor) -> str:
    """CONV-26 when no `userrequest` module registered its own help text."""
    who = f"{actor.personnel.title} {actor.personnel.nama}".strip() if actor.personnel else "Rekan"
    return (
        f"Halo {who}.\n"
        "• Ketik *userrequest* untuk melihat dan memperbarui data Anda.\n"
        "• Laporkan link amplifikasi dengan membalas pesan tugas atau menyertakan link post resmi.\n"
        "• *notifwa#on* / *notifwa#off* untuk mengatur pengingat tugas."
    )
