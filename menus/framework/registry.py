"""One registry for everything the router can dispatch to: menus (with their trigger words) and
structured-message handlers. Menu modules register themselves at import time; the router never
needs editing to add one.

    from menus.framework import REGISTRY, Menu
    MENU = REGISTRY.add_menu(Menu("oprrequest", label="Menu Operator", triggers=("oprrequest",),
                                  capability="oprrequest", entry="oprrequest",
                                  home_item="Menu Operator (oprrequest)", home_order=20))

    REGISTRY.add_structured(Structured(
        name="link_report", capability="linkreports", order=90, entry="link_report",
        recognise=looks_like_link_report,          # (Inbound-like message) -> bool, pure
        handle=handle_link_report,                  # async (ctx, text) -> Reply, like a step
        private=True, groups=False, any_age=True))  # DLV-27: structured messages ignore staleness

Which modules are loaded is listed in `MENU_MODULES` (`load_menus()` imports them); add one line
there for a new menu module. Orders follow CONV-20 rows 6-10: commands 60, complaint 70, bulk 80,
link report 90, profile link 100. Private handlers below 50 are tested before an open menu session
(CONV-20 row 4, e.g. a pending `ya konfirmasi ig`); group handlers below 20 work in any group, even
one that is not allow-listed (CONV-21 row 1, `thisgroup#`). See docs/architecture.md.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from menus.framework.menu import Menu
from menus.framework.reply import Reply

if TYPE_CHECKING:
    from menus.framework.context import StepContext

# Menu modules imported by `load_menus()`; each registers itself with REGISTRY at import.
MENU_MODULES: list[str] = [
    "menus.dirrequest",
    "menus.userrequest",
    "menus.oprrequest",
    "menus.clientrequest",
    "menus.link_reports",
    "menus.admin_commands",
    "menus.access_requests",
    "menus.dashboard_commands",
    "menus.dashrequest",
    "menus.wabot",
]


class Message(Protocol):
    """What recognisers see (the bot's `Inbound` satisfies it)."""

    text: str
    is_group: bool
    quoted_message_id: str | None
    quoted_text: str | None


@dataclass(frozen=True)
class Structured:
    name: str
    capability: str
    recognise: Callable[[Message], bool]
    handle: Callable[[StepContext, str], Awaitable[Reply]]
    order: int = 100
    entry: str | None = None  # access-matrix entry checked by the flow itself (scope varies by NRP)
    private: bool = True
    groups: bool = False
    any_age: bool = True  # DLV-27: processed whatever the message age
    menu: Menu | None = None  # owns the steps when the handler continues as a session


@dataclass
class Registry:
    menus: dict[str, Menu] = field(default_factory=dict)
    triggers: dict[str, Menu] = field(default_factory=dict)
    spaceless_triggers: dict[str, Menu] = field(default_factory=dict)
    structured: list[Structured] = field(default_factory=list)
    personnel_help: Callable[[StepContext], Awaitable[Reply]] | None = None

    def add_menu(self, menu: Menu) -> Menu:
        if menu.name in self.menus and self.menus[menu.name] is not menu:
            raise ValueError(f"menu {menu.name} registered twice")
        self.menus[menu.name] = menu
        for word in menu.triggers:
            key = trigger_key(word)
            if key in self.triggers and self.triggers[key] is not menu:
                raise ValueError(f"trigger {word} already belongs to {self.triggers[key].name}")
            self.triggers[key] = menu
            if menu.trigger_ignores_spaces:
                self.spaceless_triggers["".join(key.split())] = menu
        return menu

    def add_structured(self, handler: Structured) -> Structured:
        self.structured = sorted(
            [h for h in self.structured if h.name != handler.name] + [handler], key=lambda h: h.order
        )
        if handler.menu is not None:
            self.add_menu(handler.menu)
        return handler

    def set_personnel_help(self, fn: Callable[[StepContext], Awaitable[Reply]]) -> None:
        self.personnel_help = fn

    def menu(self, name: str) -> Menu:
        return self.menus[name]

    def trigger(self, text: str) -> Menu | None:
        key = trigger_key(text)
        return self.triggers.get(key) or self.spaceless_triggers.get("".join(key.split()))

    def remove_menu(self, name: str) -> None:
        """Tests only: drop a menu registered by a test module."""
        menu = self.menus.pop(name, None)
        if menu is None:
            return
        for table in (self.triggers, self.spaceless_triggers):
            for k in [k for k, m in table.items() if m is menu]:
                del table[k]


def trigger_key(text: str) -> str:
    # CONV-22: whole message, case-insensitive, trimmed (the wabot family also ignores inner
    # spaces: `Menu.trigger_ignores_spaces`).
    return text.strip().lower()


REGISTRY = Registry()


def load_menus(modules: list[str] | None = None) -> Registry:
    for name in modules if modules is not None else MENU_MODULES:
        importlib.import_module(name)
    return REGISTRY
