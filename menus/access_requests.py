"""Access requests (CONV-46): a number refused `oprrequest` asks an admin to be made operator or super
admin of a client; an admin decides with `approveaccess#<id>` / `rejectaccess#<id>`.

The refusal of `oprrequest` opens the short session `Permintaan Akses` (the router opens
`Menu.denial_offers` after a denial): `ajukan` → role → active client → an `access_request` row
(`pending`; one per number, client and role) and a message to every admin. Approval appends the
number to `client_operator` / `client_super` through the account service (never replacing the
numbers already there; audit row), and tells the requester; rejection tells the requester.
Pending rows expire after 7 days in the housekeeping job (JOB-*, spec 40).
"""

from __future__ import annotations

from typing import Any

from core.accounts.access import Caller
from core.accounts.clients import fetch_client, update_client
from core.accounts.errors import AccountError
from core.alerts import admin_numbers
from core.phones import parse_phone_list, phone_to_jid
from menus.admin_commands import command
from menus.framework import REGISTRY, Menu, Reply, StepContext, parse_number
from menus.oprrequest.common import pick_from, picker_text

MENU = REGISTRY.add_menu(Menu("permintaan_akses", label="Permintaan Akses", capability="oprrequest"))

ROLES = {1: ("operator", "Operator", "client_operator"), 2: ("super_admin", "Super Admin", "client_super")}
ROLE_BY_NAME = {key: (key, label, column) for key, label, column in ROLES.values()}
MAX_PENDING_PER_NUMBER = 3  # an unknown number cannot flood the admins with requests
OFFER = "Balas *ajukan* untuk mengajukan permintaan akses ke admin, atau *batal* untuk keluar."
ROLE_PROMPT = "Pilih role yang diminta:\n1. Operator\n2. Super Admin\nBalas 1 atau 2, atau *batal*."


@MENU.start
async def start(ctx: StepContext) -> Reply:
    return Reply.nothing().ask(offer, OFFER)


@MENU.step(choice=True)
async def offer(ctx: StepContext, text: str) -> Reply:
    if text.strip().lower() != "ajukan":
        return ctx.reprompt("Balas *ajukan* atau *batal*.", code="invalid_choice")
    return Reply.nothing().ask(choose_role, ROLE_PROMPT)


async def _active_clients(ctx: StepContext) -> list[dict[str, Any]]:
    rows = await ctx.uow.execute(
        "SELECT client_id, nama FROM clients WHERE client_status IS TRUE ORDER BY client_id"
    )
    return [dict(r._mapping) for r in rows]


@MENU.step(choice=True)
async def choose_role(ctx: StepContext, text: str) -> Reply:
    n = parse_number(text)
    word = " ".join(text.lower().split())
    role = ROLES.get(n or 0) or next((r for r in ROLES.values() if r[1].lower() == word), None)
    if role is None:
        return ctx.reprompt("Pilihan tidak dikenal. Balas angka 1–2.", code="invalid_choice")
    clients = await _active_clients(ctx)
    if not clients:
        return Reply.text("ℹ️ Belum ada client aktif. Silakan hubungi admin.", code="no_clients")
    ctx.data["access_role"] = role[0]
    return Reply.nothing().ask(choose_client, picker_text("*Pilih client:*", clients))


@MENU.step(choice=True, level=True)
async def choose_client(ctx: StepContext, text: str) -> Reply:
    clients = await _active_clients(ctx)
    chosen = pick_from(text, [c["client_id"] for c in clients])
    if chosen is None:
        return ctx.reprompt(
            f"Pilihan tidak dikenal. Balas angka 1–{len(clients)} atau client_id.", code="invalid_choice"
        )
    role, label, column = ROLE_BY_NAME[ctx.data.get("access_role", "operator")]
    client = await fetch_client(ctx.uow, chosen) or {}
    phone = ctx.sender or ""
    if phone in parse_phone_list(client.get(column) or ""):
        return Reply.text(f"ℹ️ Nomor Anda sudah terdaftar sebagai {label} {chosen}.", code="unchanged")
    pending = (
        await ctx.uow.execute(
            "SELECT request_id, client_id, requested_role FROM access_request"
            " WHERE phone = :p AND status = 'pending' ORDER BY request_id",
            {"p": phone},
        )
    ).all()
    same = next((r for r in pending if r.client_id == chosen and r.requested_role == role), None)
    if same is not None:
        return Reply.text(
            f"ℹ️ Permintaan #{same.request_id} ({label} {chosen}) masih menunggu keputusan admin.",
            code="already_pending",
        )
    if len(pending) >= MAX_PENDING_PER_NUMBER:
        return Reply.text(
            f"❌ Nomor ini sudah memiliki {len(pending)} permintaan yang menunggu keputusan admin.",
            code="too_many_requests",
        )
    request_id = (
        await ctx.uow.execute(
            "INSERT INTO access_request (phone, requested_role, client_id) VALUES (:p, :r, :c) RETURNING request_id",
            {"p": phone, "r": role, "c": chosen},
        )
    ).scalar_one()
    reply = Reply.text(
        f"✅ Permintaan akses #{request_id} sebagai *{label}* client *{client.get('nama') or chosen}* ({chosen}) "
        "terkirim ke admin. Anda akan diberi tahu setelah admin memutuskan.",
        code="access_requested",
    )
    notice = (
        f"🔑 *Permintaan Akses* #{request_id}\nNomor: {phone}\nRole: {label}\n"
        f"Client: {client.get('nama') or chosen} ({chosen})\n\n"
        f"Setujui: approveaccess#{request_id}\nTolak: rejectaccess#{request_id}"
    )
    for admin in sorted(admin_numbers(ctx.settings)):
        reply = reply.and_text(notice, to=phone_to_jid(admin))
    return reply


# --- approveaccess# / rejectaccess# (CONV-181) -------------------------------------------------------


async def _pending_request(ctx: StepContext, parts: list[str], word: str) -> tuple[Any, Reply | None]:
    raw = parts[0] if parts else ""
    if not raw.isdigit():
        return None, Reply.text(f"ℹ️ Format: {word}#<id permintaan>", code="usage")
    row = (
        await ctx.uow.execute(
            "SELECT request_id, phone, requested_role, client_id, status FROM access_request"
            " WHERE request_id = :id FOR UPDATE",
            {"id": int(raw)},
        )
    ).first()
    if row is None:
        return None, Reply.text(f"❌ Permintaan akses #{raw} tidak ditemukan.", code="not_found")
    if row.status != "pending":
        return None, Reply.text(
            f"❌ Permintaan akses #{raw} sudah berstatus {row.status}.", code="already_decided"
        )
    return row, None


async def _decide(ctx: StepContext, request_id: int, status: str, note: str | None) -> None:
    await ctx.uow.execute(
        "UPDATE access_request SET status = :s, decided_at = NOW(), decided_by = :by, note = :n"
        " WHERE request_id = :id",
        {"s": status, "by": ctx.sender, "n": note, "id": request_id},
    )


@command("approveaccess", "approveaccess#<id permintaan>")
async def approveaccess(ctx: StepContext, parts: list[str], text: str) -> Reply:
    row, refused = await _pending_request(ctx, parts, "approveaccess")
    if refused is not None:
        return refused
    _, label, column = ROLE_BY_NAME[row.requested_role]
    client = await fetch_client(ctx.uow, row.client_id) or {}
    numbers = parse_phone_list(client.get(column) or "")
    if row.phone not in numbers:
        try:
            await update_client(
                ctx.uow,
                Caller.admin(actor_id=ctx.sender, channel="whatsapp"),
                row.client_id,
                {column: ", ".join([*numbers, row.phone])},
            )
        except AccountError as exc:
            return Reply.text(f"❌ {exc.message}", code="refused")
    await _decide(ctx, row.request_id, "approved", None)
    return Reply.text(
        f"✅ Permintaan akses #{row.request_id} disetujui: {row.phone} menjadi {label} {row.client_id}.",
        code="access_approved",
    ).and_text(
        f"✅ Permintaan akses Anda sebagai *{label}* client *{client.get('nama') or row.client_id}* disetujui. "
        "Ketik *oprrequest* untuk membuka Menu Operator.",
        to=phone_to_jid(row.phone),
    )


@command("rejectaccess", "rejectaccess#<id permintaan>[#alasan]")
async def rejectaccess(ctx: StepContext, parts: list[str], text: str) -> Reply:
    row, refused = await _pending_request(ctx, parts, "rejectaccess")
    if refused is not None:
        return refused
    _, label, _ = ROLE_BY_NAME[row.requested_role]
    reason = " ".join(parts[1:]).strip() or None
    await _decide(ctx, row.request_id, "rejected", reason)
    tail = f" Alasan: {reason}" if reason else " Silakan hubungi admin untuk keterangan."
    return Reply.text(f"✅ Permintaan akses #{row.request_id} ditolak.", code="access_rejected").and_text(
        f"❌ Permintaan akses Anda sebagai *{label}* client {row.client_id} ditolak.{tail}",
        to=phone_to_jid(row.phone),
    )
