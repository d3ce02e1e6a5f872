"""The `dirrequest` menu object, its session data and the access rules it re-checks (DIR-0.2 .. DIR-0.7).

Session data (`ctx.data`, DIR-0.7): `offered` (client ids offered at entry), `client_id` (selected,
upper-case), `client_nama`, `actor_kind`, and per-step scratch (`pending_removal`).
"""

from __future__ import annotations

from core.actors import ClientRef
from menus.framework import REGISTRY
from menus.framework.access import Entry, authorize, in_scope
from menus.framework.context import StepContext
from menus.framework.menu import Menu
from menus.framework.reply import Reply

MENU = REGISTRY.add_menu(
    Menu(
        "dirrequest",
        label="Menu Direktorat",
        triggers=("dirrequest",),
        capability="dirrequest",
        entry="dirrequest",
        restart_on_trigger=False,  # DIR-0.2: `dirrequest` inside the menu is menu input
        home_item="Menu Direktorat (dirrequest)",
        home_order=30,
    )
)

# DIR-0.4 / CONV-41 `deny_dirrequest`: the same line the router sends at entry.
DENY = (
    "❌ Nomor ini tidak terdaftar sebagai admin, pengguna dashboard Direktorat yang disetujui, "
    "atau operator client Direktorat."
)
NO_CLIENT = "❌ Tidak ada client Direktorat aktif yang dapat dipilih saat ini."


def offered_clients(ctx: StepContext) -> list[ClientRef]:
    """DIR-0.3: the active `direktorat` clients the actor may select, ordered by client id."""
    access = authorize(ctx.actor, Entry.DIRREQUEST)
    if not access.allowed:
        return []
    scope = access.scope if access.scope is not None else ctx.actor.directorate_scope
    clients = {c.client_id.strip().upper(): c for c in scope if c.is_directorate}
    return [clients[k] for k in sorted(clients)]


def still_allowed(ctx: StepContext) -> bool:
    """DIR-0.6 / DIR-60.2: the actor still has the selected client (re-resolved per message)."""
    entry = Entry.CHAKRANARAYANA if ctx.menu_name == "chakranarayana" else Entry.DIRREQUEST
    access = authorize(ctx.actor, entry)
    client_id = ctx.client_id
    if not access.allowed or client_id is None:
        return False
    if access.scope is None:
        return True
    return in_scope(access, client_id) and any(
        c.client_id.strip().upper() == client_id and c.is_directorate for c in access.scope
    )


def denied() -> Reply:
    """DIR-0.6: access lost mid-session → the denial line and the session closed."""
    return Reply.text(DENY, code="deny_dirrequest").end()


def client_nama(ctx: StepContext) -> str:
    return str(ctx.data.get("client_nama") or ctx.client_id or "")
