"""The menu framework: how every WhatsApp menu is written (CONV-60..70, STYLE.md).

Contract, in one screen:

- A menu is a `Menu` registered once with `REGISTRY.add_menu(...)`: session name, label (CONV-53),
  trigger words (CONV-22), capability (CONV-1), access-matrix entry (`access.Entry`, CONV-40),
  home-chooser label/order (CONV-25). The router opens it on its trigger after
  `authorize(actor, entry)` allows it, and calls the function decorated `@MENU.start`.
- Option tables are `MENU.level(name, title=..., items=[group(header, option(label, handler, ...))])`.
  An option handler is `async (ctx) -> Reply`; `ask(step, prompt)` and `submenu(level_name)` build
  the common ones. `visible=` hides options per actor (`actor_is("A")`); hidden options renumber.
- A free step is `@MENU.step` (value input, never escapes) or `@MENU.step(choice=True)` (choice or
  yes/no input): `async (ctx, text) -> Reply`. Bad input: `return ctx.reprompt("one line")`.
- A `Reply` carries messages (text, documents, messages to other chats), the next place
  (`.ask(step, prompt)`, `.show(level)`, `.then_menu()`, `.stay()`, `.end()`,
  `.open_menu(name)`), a `code` for tests/logs, and optionally `.background(label, job)`.
- `ctx` (`StepContext`) carries actor, services, the step's unit of work `ctx.uow` (committed with
  the reply's outbox rows; do not commit yourself), session data `ctx.data` (persisted), the chat,
  `received_at` and the chosen `ctx.client_id`.
- `batal`/`cancel`/`exit`/`keluar` close (router), `back`/`kembali`/`0` go one level up, `menu` goes to
  the lowest option table — no step ever sees these words (CONV-52).
- An exception in a step closes the menu with a `❌` apology carrying an 8-character reference id;
  the router logs it and alerts admins (`internal_error`, rate-limited, DLV-28).
- Structured messages (complaints, bulk requests, link reports, profile links, `#` commands)
  register `Structured(...)` handlers with `REGISTRY.add_structured`.
- Menu modules are listed once in `menus.framework.registry.MENU_MODULES`.
"""

from menus.framework.access import Access, Entry, authorize, in_scope
from menus.framework.context import InboundDocument, Services, StepContext
from menus.framework.menu import (
    Group,
    Level,
    Menu,
    Option,
    Step,
    actor_is,
    ask,
    blank,
    group,
    option,
    submenu,
)
from menus.framework.registry import MENU_MODULES, REGISTRY, Registry, Structured, load_menus
from menus.framework.reply import Nav, OutDocument, OutText, Reply
from menus.framework.session import MenuSession
from menus.framework.vocabulary import (
    control_word,
    is_close_word,
    keycap,
    normalize_text,
    parse_number,
    yes_no,
)

__all__ = [
    "MENU_MODULES",
    "REGISTRY",
    "Access",
    "Entry",
    "Group",
    "InboundDocument",
    "Level",
    "Menu",
    "MenuSession",
    "Nav",
    "Option",
    "OutDocument",
    "OutText",
    "Registry",
    "Reply",
    "Services",
    "Step",
    "StepContext",
    "Structured",
    "actor_is",
    "ask",
    "authorize",
    "blank",
    "control_word",
    "group",
    "in_scope",
    "is_close_word",
    "keycap",
    "load_menus",
    "normalize_text",
    "option",
    "parse_number",
    "submenu",
    "yes_no",
]
