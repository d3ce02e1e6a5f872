"""`dashrequest` (CONV-170): read-only recaps of one client for admins and dashboard users.

Client choice: an admin types a `client_id` (it must exist); a dashboard user gets the clients of
`dashboard_user_clients` plus the DIREKTORAT client of a directorate role: one is selected at once,
several are listed under `Pilih Client:`. The menu (`MENU DASHBOARD`) runs one report of the engine
per item for the chosen client and is shown again after it; `back` returns to the client choice.
"""

from __future__ import annotations

from core.accounts.clients import fetch_client
from core.actors import ClientRef
from menus.framework import REGISTRY, Menu, Reply, StepContext, option, parse_number
from menus.oprrequest.common import report_reply

MENU = REGISTRY.add_menu(
    Menu(
        "dashrequest",
        label="Menu Dashboard",
        triggers=("dashrequest",),
        capability="dashrequest",
        entry="dashrequest",
        home_item="Menu Dashboard (dashrequest)",
        home_order=50,
    )
)

ADMIN_PROMPT = "Ketik *client_id* yang ingin ditampilkan, atau *batal* untuk keluar."
NO_CLIENT = "❌ Akun dashboard Anda belum terhubung dengan client aktif."
LOST = "❌ Client ini tidak lagi termasuk akses Anda. Ketik *dashrequest* untuk memilih lagi."


def dashboard_clients(ctx: StepContext) -> list[ClientRef]:
    """CONV-170: `dashboard_user_clients` plus the DIREKTORAT client of a directorate role."""
    actor = ctx.actor
    roles = set(actor.dashboard_roles)
    own = [c for c in actor.directorate_scope if c.client_id.lower() in roles]
    out: dict[str, ClientRef] = {}
    for c in (*actor.dashboard_clients, *own):
        out.setdefault(c.client_id.strip().upper(), c)
    return list(out.values())


def _allowed(ctx: StepContext, client_id: str) -> bool:
    """CONV-43: re-checked before every report (a dashboard user may lose a client meanwhile)."""
    if ctx.actor.is_admin:
        return True
    return any(c.client_id.strip().upper() == client_id for c in dashboard_clients(ctx))


def _report(*kinds: str):  # noqa: ANN202 - OptionHandler
    async def handler(ctx: StepContext) -> Reply:
        client_id = ctx.client_id or ""
        if not _allowed(ctx, client_id):
            return Reply.text(LOST, code="deny_scope").end()
        reply = Reply.nothing(code="report")
        for kind in kinds:
            part = await report_reply(ctx, kind, client_id)
            reply = Reply(messages=(*reply.messages, *part.messages), code=part.code)
        return reply.then_menu()

    return handler


def _context(ctx: StepContext) -> str:
    return f"Client: *{ctx.data.get('client_nama') or ctx.client_id}*"


MAIN = MENU.level(
    "main",
    title="MENU DASHBOARD",
    context_line=_context,
    items=(
        option("Rekap user belum lengkapi data", _report("REP-DATA-SATKER"), key="data"),
        option("Rekap link Instagram", _report("REP-AMP-LINKS"), key="links"),
        option("Rekap likes Instagram", _report("REP-IG-UNIT"), key="likes"),
        option("Rekap komentar Instagram", _report("REP-IGC"), key="igc"),
        option("Rekap komentar TikTok", _report("REP-TT-UNIT", "REP-TT-ANALYTIC"), key="ttc"),
    ),
)


def _select(ctx: StepContext, client_id: str, nama: str | None) -> Reply:
    ctx.data["client_id"] = client_id
    ctx.data["client_nama"] = nama or client_id
    return Reply.nothing().show(MAIN)


def _picker(ctx: StepContext) -> str:
    lines = ["Pilih Client:"]
    lines += [f"{n}. {c['nama']} ({c['client_id']})" for n, c in enumerate(ctx.data["offered"], 1)]
    lines.append("Balas dengan *angka*, atau *batal* untuk keluar.")
    return "\n".join(lines)


@MENU.step(level=True, name="admin_client")
async def admin_client(ctx: StepContext, text: str) -> Reply:
    wanted = text.strip().upper()
    row = await fetch_client(ctx.uow, wanted) if wanted else None
    if row is None:
        return ctx.reprompt(f"Client {text.strip()} tidak ditemukan.", code="not_found")
    return _select(ctx, row["client_id"], row.get("nama"))


@MENU.step(choice=True, level=True, name="pick_client")
async def pick_client(ctx: StepContext, text: str) -> Reply:
    offered = ctx.data.get("offered") or []
    n = parse_number(text)
    wanted = text.strip().upper()
    for i, c in enumerate(offered, 1):
        if n == i or c["client_id"] == wanted:
            return _select(ctx, c["client_id"], c["nama"])
    return ctx.reprompt(f"Pilihan tidak dikenal. Balas angka 1–{len(offered)}.", code="invalid_choice")


@MENU.start
async def start(ctx: StepContext) -> Reply:
    if ctx.actor.is_admin:
        return Reply.nothing().ask(admin_client, ADMIN_PROMPT)
    clients = dashboard_clients(ctx)
    if not clients:
        return Reply.text(NO_CLIENT, code="no_client")
    offered = [{"client_id": c.client_id.strip().upper(), "nama": c.nama or c.client_id} for c in clients]
    offered.sort(key=lambda c: c["client_id"])
    if len(offered) == 1:
        return _select(ctx, offered[0]["client_id"], offered[0]["nama"])
    ctx.data["offered"] = offered
    return Reply.nothing().ask(pick_client, _picker(ctx))
