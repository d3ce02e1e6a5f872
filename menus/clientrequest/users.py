"""clientrequest → `1️⃣ Manajemen Client & User` (CONV-142..149)."""

from __future__ import annotations

from typing import Any

from core.accounts.access import Caller
from core.accounts.audit import diff, write_audit
from core.accounts.errors import AccountError
from core.accounts.users import deactivate_user, reactivate_user
from core.ingest.official import Platform
from core.ingest.run import ClientFetchResult
from menus.clientrequest import bulk
from menus.clientrequest.menu import (
    AFTER_PICK,
    MENU,
    admin,
    guarded,
    new_client_handler,
    picker,
    still_admin,
)
from menus.framework import Reply, StepContext, group, option, parse_number, yes_no
from menus.framework.menu import ask
from menus.oprrequest.common import pick_from
from menus.oprrequest.fetching import fetch
from menus.userrequest import rules
from menus.userrequest.blocks import data_block, display_name, load_user
from menus.userrequest.editor import install_editor

NRP_PROMPT = "Kirim NRP/NIP personel (angka saja). Contoh: 81120345\nKetik *back* untuk kembali."


def _admin_scope(ctx: StepContext, user: dict[str, Any]) -> Caller | None:
    return admin(ctx) if still_admin(ctx) else None


open_editor = install_editor(
    MENU, "adm_edit", ["nama", "title", "divisi", "jabatan", "insta", "tiktok", "whatsapp"], _admin_scope
)


async def _find(ctx: StepContext, text: str) -> dict[str, Any] | rules.RuleError:
    try:
        nrp = rules.parse_nrp(text)
    except rules.RuleError as exc:
        return exc
    user = await load_user(ctx.uow, nrp)
    return user if user is not None else rules.RuleError(f"NRP/NIP {nrp} tidak ditemukan.")


def _nrp_step(after):
    async def handler(ctx: StepContext, text: str) -> Reply:
        if not still_admin(ctx):
            return Reply.text("❌ Anda tidak memiliki akses ke menu ini.", code="deny_admin")
        found = await _find(ctx, text)
        if isinstance(found, rules.RuleError):
            return ctx.reprompt(
                found.reason, code="not_found" if "tidak ditemukan" in found.reason else "invalid_value"
            )
        ctx.data["target_user"] = found["user_id"]
        return await after(ctx, found)

    return handler


async def _edit(ctx: StepContext, user: dict[str, Any]) -> Reply:
    return await open_editor(ctx, user)


async def _exception(ctx: StepContext, user: dict[str, Any]) -> Reply:
    now = "Ya" if user.get("exception") else "Tidak"
    return Reply.text(data_block(user, admin=True)).ask(
        exception_value, f"Exception saat ini: *{now}*. Jadikan personel ini exception? (ya/tidak)"
    )


async def _status(ctx: StepContext, user: dict[str, Any]) -> Reply:
    return Reply.text(data_block(user, admin=True)).ask(
        status_value, "Pilih status:\n1. 🟢 AKTIF\n2. 🔴 NONAKTIF\nBalas 1 atau 2."
    )


async def _move(ctx: StepContext, user: dict[str, Any]) -> Reply:
    return Reply.text(data_block(user, admin=True)).ask(
        move_client, "Kirim *client_id* tujuan. Contoh: POLRES_CONTOH"
    )


async def _clear_wa(ctx: StepContext, user: dict[str, Any]) -> Reply:
    return Reply.text(data_block(user, admin=True)).ask(
        clear_wa_confirm, f"Hapus nomor WhatsApp *{user.get('whatsapp') or '-'}* dari akun ini? (ya/tidak)"
    )


edit_nrp = MENU.step(_nrp_step(_edit), name="adm_edit_nrp")
exception_nrp = MENU.step(_nrp_step(_exception), name="adm_exception_nrp")
status_nrp = MENU.step(_nrp_step(_status), name="adm_status_nrp")
move_nrp = MENU.step(_nrp_step(_move), name="adm_move_nrp")
clear_wa_nrp = MENU.step(_nrp_step(_clear_wa), name="adm_clear_wa_nrp")


async def _target(ctx: StepContext) -> dict[str, Any] | None:
    return await load_user(ctx.uow, ctx.data.get("target_user", ""))


@MENU.step(choice=True)
async def exception_value(ctx: StepContext, text: str) -> Reply:
    answer = yes_no(text)
    if answer is None:
        return ctx.reprompt("Balas *ya* atau *tidak*.", code="invalid_choice")
    user = await _target(ctx)
    if user is None:
        return Reply.text("❌ Personel tidak ditemukan.", code="not_found").then_menu()
    await ctx.uow.execute(
        'UPDATE "user" SET exception = :e, updated_at = NOW() WHERE user_id = :u',
        {"e": answer, "u": user["user_id"]},
    )
    await write_audit(
        ctx.uow, admin(ctx), "user.update", "user", user["user_id"], diff(user, {"exception": answer})
    )
    return Reply.text(
        f"✅ Exception {display_name(user)} ({user['user_id']}): *{'Ya' if answer else 'Tidak'}*",
        code="updated",
    ).then_menu()


@MENU.step(choice=True)
async def status_value(ctx: StepContext, text: str) -> Reply:
    n = parse_number(text)
    if n not in (1, 2):
        return ctx.reprompt("Pilihan tidak dikenal. Balas angka 1–2.", code="invalid_choice")
    user = await _target(ctx)
    if user is None:
        return Reply.text("❌ Personel tidak ditemukan.", code="not_found").then_menu()
    try:
        if n == 1:
            after = await reactivate_user(ctx.uow, admin(ctx), user["user_id"])
        else:
            after = await deactivate_user(ctx.uow, admin(ctx), user["user_id"])
    except AccountError as exc:
        return Reply.text(f"❌ {exc.message}", code="error").then_menu()
    mark = "🟢 AKTIF" if after.get("status") is not False else "🔴 NONAKTIF"
    return Reply.text(
        f"✅ Status {display_name(user)} ({user['user_id']}): {mark}", code="status_changed"
    ).then_menu()


@MENU.step
async def move_client(ctx: StepContext, text: str) -> Reply:
    user = await _target(ctx)
    if user is None:
        return Reply.text("❌ Personel tidak ditemukan.", code="not_found").then_menu()
    row = (
        await ctx.uow.execute(
            "SELECT client_id FROM clients WHERE UPPER(client_id) = UPPER(:c)", {"c": text.strip()}
        )
    ).first()
    if row is None:
        return ctx.reprompt(f"Client {text.strip().upper()} tidak ditemukan.", code="not_found")
    await ctx.uow.execute(
        'UPDATE "user" SET client_id = :c, updated_at = NOW() WHERE user_id = :u',
        {"c": row.client_id, "u": user["user_id"]},
    )
    await write_audit(
        ctx.uow, admin(ctx), "user.update", "user", user["user_id"], diff(user, {"client_id": row.client_id})
    )
    return Reply.text(
        f"✅ Client {display_name(user)} ({user['user_id']}): {user.get('client_id') or '-'} → *{row.client_id}*",
        code="client_changed",
    ).then_menu()


@MENU.step(choice=True)
async def clear_wa_confirm(ctx: StepContext, text: str) -> Reply:
    answer = yes_no(text)
    if answer is None:
        return ctx.reprompt("Balas *ya* atau *tidak*.", code="invalid_choice")
    user = await _target(ctx)
    if user is None:
        return Reply.text("❌ Personel tidak ditemukan.", code="not_found").then_menu()
    if not answer:
        return Reply.text("Nomor WhatsApp tidak diubah.", code="unchanged").then_menu()
    await ctx.uow.execute(
        "UPDATE \"user\" SET whatsapp = '', updated_at = NOW() WHERE user_id = :u", {"u": user["user_id"]}
    )
    await write_audit(
        ctx.uow, admin(ctx), "user.update", "user", user["user_id"], diff(user, {"whatsapp": ""})
    )
    return Reply.text(f"✅ Nomor WhatsApp {user['user_id']} dihapus.", code="whatsapp_cleared").then_menu()


KELOLA_USER = MENU.level(
    "kelola_user",
    title="Kelola User:",
    top=False,
    items=(
        group(
            None,
            option("Update Data User", guarded(ask(edit_nrp, NRP_PROMPT)), key="edit"),
            option("Update Exception", guarded(ask(exception_nrp, NRP_PROMPT)), key="exception"),
            option("Update Status", guarded(ask(status_nrp, NRP_PROMPT)), key="status"),
            option("Ubah Client ID", guarded(ask(move_nrp, NRP_PROMPT)), key="move"),
        ),
    ),
)


# --- Refresh Aggregator Direktorat (CONV-149) ---------------------------------------------------


async def _directorates(ctx: StepContext) -> list[dict[str, Any]]:
    rows = await ctx.uow.execute(
        "SELECT client_id, nama FROM clients WHERE LOWER(client_type) = 'direktorat' AND client_status IS NOT FALSE "
        "AND client_insta_status IS NOT FALSE AND client_tiktok_status IS NOT FALSE ORDER BY client_id"
    )
    return [dict(r._mapping) for r in rows]


async def aggregator_start(ctx: StepContext) -> Reply:
    clients = await _directorates(ctx)
    if not clients:
        return Reply.text(
            "ℹ️ Tidak ada client DIREKTORAT aktif dengan Instagram dan TikTok aktif.", code="empty"
        ).then_menu()
    lines = ["*Pilih client Direktorat:*"] + [
        f"{n}. {c['client_id']} - {c['nama']}" for n, c in enumerate(clients, 1)
    ]
    lines.append(f"{len(clients) + 1}. Semua client di atas")
    return Reply.nothing().ask(aggregator_client, "\n".join(lines))


@MENU.step(choice=True)
async def aggregator_client(ctx: StepContext, text: str) -> Reply:
    clients = await _directorates(ctx)
    ids = [c["client_id"] for c in clients]
    n = parse_number(text)
    if n == len(ids) + 1:
        chosen = ids
    else:
        one = pick_from(text, ids)
        if one is None:
            return ctx.reprompt(
                f"Pilihan tidak dikenal. Balas angka 1–{len(ids) + 1}.", code="invalid_choice"
            )
        chosen = [one]
    ctx.data["aggregator"] = chosen
    return Reply.nothing().ask(aggregator_mode, "1️⃣ Harian (konten hari ini)\n2️⃣ Riwayat lengkap")


def _stored(result: ClientFetchResult, platform: Platform, history: bool) -> int:
    """Today's posts after the run, or for a history run the posts of any date it stored."""
    step = result.posts.get(platform)
    if not history or step is None:
        return result.after.get(platform, 0)
    return len(step.inserted) + len(step.updated) + len(step.unchanged)


@MENU.step(choice=True)
async def aggregator_mode(ctx: StepContext, text: str) -> Reply:
    n = parse_number(text)
    if n not in (1, 2):
        return ctx.reprompt("Pilihan tidak dikenal. Balas angka 1–2.", code="invalid_choice")
    history = n == 2  # `Riwayat lengkap`: every post the sources return, nothing deleted (ING-POST-2 P2)
    chosen: list[str] = ctx.data.get("aggregator", [])

    async def job(jctx: StepContext) -> Reply:
        lines = [f"✅ Refresh Aggregator Direktorat{' (riwayat lengkap)' if history else ''} selesai:"]
        for cid in chosen:
            result, error = await fetch(jctx, cid, ["instagram", "tiktok"], posts_only=True, history=history)
            if error or result is None:
                lines.append(f"- {cid}: gagal ({error})")
                continue
            lines.append(f"- {cid}: IG {_stored(result, 'instagram', history)} post, "
                         f"TikTok {_stored(result, 'tiktok', history)} post")  # fmt: skip
        return Reply.text("\n".join(lines), code="aggregator_done").then_menu()

    return Reply.nothing().background(f"Mengambil konten {len(chosen)} client Direktorat...", job)


BULK_PROMPT = (
    "Kirim permohonan dengan format berikut (satu personel per baris):\n"
    "Permohonan Penghapusan Data Personil - POLRES CONTOH\n"
    "1. BUDI SANTOSO - 81120345 - mutasi"
)


@MENU.step
async def bulk_input(ctx: StepContext, text: str) -> Reply:
    """CONV-148: the next message is processed by §16 with admin scope."""
    if not still_admin(ctx):
        return Reply.text("❌ Anda tidak memiliki akses ke menu ini.", code="deny_admin")
    text = text if bulk.HEADER in text.lower() else f"Permohonan Penghapusan Data Personil\n{text}"
    reply = await bulk.start_bulk(ctx, text)
    return reply if reply.nav.value == "ask" else reply.then_menu()


# The confirmation steps of §16, reachable by name inside this menu's session.
MENU.step(bulk.bulk_confirm.handler, choice=True, name="bulk_confirm")
MENU.step(bulk.bulk_role.handler, choice=True, name="bulk_role")


CLIENT_USER = MENU.level(
    "client_user",
    title="Manajemen Client & User",
    top=False,
    items=(
        group(
            None,
            option("Tambah client baru", new_client_handler(), key="new"),
            option("Kelola client (update/hapus/info)", picker("all", "manage"), key="manage"),
            option(
                "Kelola user (update/exception/status)",
                guarded(lambda ctx: _show(ctx, "kelola_user")),
                key="users",
            ),
            option("Hapus WA User", guarded(ask(clear_wa_nrp, NRP_PROMPT)), key="clear_wa"),
            option("Penghapusan Massal Status User", guarded(ask(bulk_input, BULK_PROMPT)), key="bulk"),
            option("Refresh Aggregator Direktorat", guarded(aggregator_start), key="aggregator"),
        ),
    ),
)


async def _show(ctx: StepContext, level: str) -> Reply:
    return Reply.nothing().show(MENU.levels[level])


__all__ = ["AFTER_PICK", "CLIENT_USER", "KELOLA_USER"]
