"""The home chooser `menu` (CONV-25): the menus this actor may open on this session, as one menu.

Items come from the registry: every menu with a `home_item` label, ordered by `home_order`
(clientrequest 10, oprrequest 20, dirrequest 30, chakranarayana 40, dashrequest 50, wabot 60,
userrequest 70), shown when the receiving session serves the menu's capability and
`authorize(actor, menu.entry)` allows it. Choosing an item opens that menu as its trigger would,
with `opened_via="home"`, so `back` at its top level returns here.
"""

from __future__ import annotations

from menus.framework.access import authorize
from menus.framework.context import StepContext
from menus.framework.menu import Menu, Option, option
from menus.framework.registry import REGISTRY
from menus.framework.reply import Reply
from menus.framework.vocabulary import keycap

HOME = Menu("home", label="Menu Utama")


def available_menus(ctx: StepContext) -> list[Menu]:
    out = []
    for menu in sorted(REGISTRY.menus.values(), key=lambda m: m.home_order):
        if not menu.home_item or (menu.capability and not ctx.serves(menu.capability)):
            continue
        if menu.entry and not authorize(ctx.actor, menu.entry).allowed:
            continue
        out.append(menu)
    return out


def _opener(name: str):
    async def handler(ctx: StepContext) -> Reply:
        return Reply.nothing().open_menu(name)

    return handler


def _items() -> tuple[Option, ...]:
    return tuple(
        option(
            m.home_item or m.name,
            _opener(m.name),
            key=m.name,
            visible=lambda ctx, m=m: m in available_menus(ctx),
        )
        for m in sorted(REGISTRY.menus.values(), key=lambda m: m.home_order)
        if m.home_item
    )


def _render(ctx: StepContext, entries: list) -> str:
    lines = ["┏━━━ 🏠 *Menu Cicero* ━━━┓", f"Nomor ini terdaftar sebagai: {ctx.actor.describe_roles()}"]
    lines += [f"{keycap(n)} {opt.label}" for n, opt in (e for e in entries if not isinstance(e, str))]
    lines += ["┗━━━━━━━━━━━━━━━━━━━━━━┛", "Balas dengan *angka* menu, atau *batal* untuk keluar."]
    return "\n".join(lines)


MAIN = HOME.level("main", title="Menu Cicero", items=_items, render=_render)


@HOME.start
async def start(ctx: StepContext) -> Reply:
    menus = available_menus(ctx)
    if not menus:
        return Reply.nothing(code="no_menu")  # CONV-25: nothing on this session → no reply
    if len(menus) == 1:
        return Reply.nothing().open_menu(menus[0].name)  # exactly one → that menu directly
    return Reply.nothing().show(MAIN)


REGISTRY.add_menu(HOME)
