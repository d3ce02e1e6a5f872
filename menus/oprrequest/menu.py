"""`oprrequest` — the operator menu (CONV-110..118): client choice, main menu, Manajemen User.

Amplification (CONV-120..122) and engagement (CONV-125) live in `menus.oprrequest.amplify` and
`menus.oprrequest.engagement`; they attach their levels to the same `MENU`.
"""

from __future__ import annotations

from typing import Any

from core.accounts.access import Caller
from core.accounts.audit import write_audit
from core.accounts.errors import AccountError
from core.accounts.users import deactivate_user, reactivate_user
from menus.framework import REGISTRY, Menu, Reply, StepContext, authorize, group, option, parse_number, yes_no
from menus.framework.menu import ask
from menus.oprrequest.common import (
    caller_for,
    client_row,
    member_of_client,
    pick_from,
    picker_text,
    report_reply,
)
from menus.userrequest import rules
from menus.userrequest.blocks import data_block, display_name, load_user
from menus.userrequest.editor import install_editor

MENU = REGISTRY.add_menu(
    Menu(
        "oprrequest",
        label="Menu Operator",
        triggers=("oprrequest",),
        capability="oprrequest",
        entry="oprrequest",
        home_item="Menu Operator (oprrequest)",
        home_order=20,
        denial_offers={"deny_operator_menu": "permintaan_akses"},  # CONV-46
    )
)

ADD_PROMPT = "Kirim NRP/NIP personel baru (angka saja). Contoh: 81120345"
NRP_PROMPT = "Kirim NRP/NIP personel (angka saja). Contoh: 81120345\nKetik *back* untuk kembali."


# --- client choice (CONV-110) ---------------------------------------------------------------------


async def _choosable(ctx: StepContext) -> list[dict[str, Any]]:
    access = authorize(ctx.actor, "oprrequest")
    if access.scope is None:  # admin: active ORG clients
        rows = await ctx.uow.execute(
            "SELECT client_id, nama FROM clients WHERE client_status IS NOT FALSE "
            "AND LOWER(client_type) = 'org' ORDER BY client_id"
        )
        return [dict(r._mapping) for r in rows]
    return sorted(
        ({"client_id": c.client_id, "nama": c.nama} for c in access.scope), key=lambda c: c["client_id"]
    )


def _picker_title(ctx: StepContext) -> str:
    if ctx.actor.is_admin:
        return "*Pilih client (tipe Org) untuk Menu Operator:*"
    return "*Pilih client untuk Menu Operator:*"


@MENU.start
async def start(ctx: StepContext) -> Reply:
    clients = await _choosable(ctx)
    if not clients:
        return Reply.text("ℹ️ Belum ada client bertipe ORG yang aktif.", code="no_clients")
    if len(clients) == 1 and not ctx.actor.is_admin:
        ctx.data["client_id"] = clients[0]["client_id"]
        await _refresh_flags(ctx)
        return Reply.nothing().show(MAIN)
    ctx.data["picker"] = True
    return Reply.nothing().ask(pick_client, picker_text(_picker_title(ctx), clients))


@MENU.step(choice=True, level=True)
async def pick_client(ctx: StepContext, text: str) -> Reply:
    clients = await _choosable(ctx)
    chosen = pick_from(text, [c["client_id"] for c in clients])
    if chosen is None:
        return ctx.reprompt(
            f"Pilihan tidak dikenal. Balas angka 1–{len(clients)} atau client_id.", code="invalid_choice"
        )
    ctx.data["client_id"] = chosen
    await _refresh_flags(ctx)
    return Reply.nothing().show(MAIN)


def _flag(name: str):
    def visible(ctx: StepContext) -> bool:
        return bool(ctx.data.get("flags", {}).get(name, True))

    return visible


def _engagement_visible(ctx: StepContext) -> bool:
    flags = ctx.data.get("flags", {})
    return bool(flags.get("client_insta_status", True) or flags.get("client_tiktok_status", True))


async def _refresh_flags(ctx: StepContext) -> dict[str, Any] | None:
    client = await client_row(ctx)
    if client is not None:
        ctx.data["flags"] = {
            k: client.get(k) is not False
            for k in ("client_status", "client_amplify_status", "client_insta_status", "client_tiktok_status")
        }
        ctx.data["client_nama"] = client.get("nama") or client["client_id"]
        ctx.data["client_type"] = (client.get("client_type") or "").lower()
    return client


def _context(ctx: StepContext) -> str:
    return f"Client: *{ctx.data.get('client_nama', '-')}* ({ctx.client_id})"


def guarded(handler):
    """CONV-43: re-check the client scope before any option runs."""

    async def run(ctx: StepContext) -> Reply:
        if not _scope_ok(ctx):
            return Reply.text(
                "❌ Anda tidak lagi terdaftar sebagai operator client ini.", code="deny_operator_menu"
            )
        await _refresh_flags(ctx)
        return await handler(ctx)

    return run


def _scope_ok(ctx: StepContext) -> bool:
    from menus.framework import in_scope

    return in_scope(authorize(ctx.actor, "oprrequest"), ctx.client_id)


def submenu(name: str):
    async def handler(ctx: StepContext) -> Reply:
        return Reply.nothing().show(MENU.levels[name])

    return guarded(handler)


async def _users_entry_handler(ctx: StepContext) -> Reply:
    if ctx.data.get("client_type") != "org":
        return Reply.text("❌ Manajemen User hanya untuk client bertipe ORG.", code="not_org").then_menu()
    return Reply.nothing().show(MENU.levels["users"])


_users_entry = guarded(_users_entry_handler)


MAIN = MENU.level(
    "main",
    title="MENU OPERATOR CICERO",
    context_line=_context,
    items=(
        group(
            None,
            option("Manajemen User", _users_entry, key="users"),
            option(
                "Manajemen Amplifikasi",
                submenu("amplify"),
                key="amplify",
                visible=_flag("client_amplify_status"),
            ),
            option(
                "Manajemen Engagement", submenu("engagement"), key="engagement", visible=_engagement_visible
            ),
        ),
    ),
)


# --- Manajemen User (CONV-112..118) --------------------------------------------------------------


def _org_only(handler):
    async def run(ctx: StepContext) -> Reply:
        if ctx.data.get("client_type") != "org":
            return Reply.text("❌ Manajemen User hanya untuk client bertipe ORG.", code="not_org").then_menu()
        return await handler(ctx)

    return guarded(run)


REG_MODES = {1: "all", 2: "sudah", 3: "belum"}
REG_MODE_PROMPT = (
    "Pilih tipe absensi registrasi:\n1. Semua\n2. Sudah\n3. Belum\nBalas 1–3, *back* untuk kembali."
)


@MENU.step(choice=True)
async def registration_mode(ctx: StepContext, text: str) -> Reply:
    """CONV-117: REP-WA-REG for the client's operators; *sudah* = a WhatsApp number is bound."""
    n = parse_number(text)
    if n not in REG_MODES:
        return ctx.reprompt("Pilihan tidak dikenal. Balas angka 1–3.", code="invalid_choice")
    if not _scope_ok(ctx):
        return Reply.text(
            "❌ Anda tidak lagi terdaftar sebagai operator client ini.", code="deny_operator_menu"
        )
    reply = await report_reply(ctx, "REP-WA-REG", ctx.client_id or "", mode=REG_MODES[n])
    return reply.then_menu()


async def _username_attendance(ctx: StepContext) -> Reply:
    reply = await report_reply(ctx, "REP-USERNAME", ctx.client_id or "", role="operator")
    return reply.then_menu()


def _nrp_step_handler(after):
    async def handler(ctx: StepContext, text: str) -> Reply:
        if not _scope_ok(ctx):
            return Reply.text(
                "❌ Anda tidak lagi terdaftar sebagai operator client ini.", code="deny_operator_menu"
            )
        found = await member_of_client(ctx, text, ctx.client_id)
        if isinstance(found, rules.RuleError):
            code = "not_found" if "tidak ditemukan" in found.reason else "invalid_value"
            return ctx.reprompt(found.reason, code=code)
        return await after(ctx, found)

    return handler


def _operator_scope(ctx: StepContext, user: dict[str, Any]) -> Caller | None:
    if not _scope_ok(ctx) or (user.get("client_id") or "").upper() != (ctx.client_id or "").upper():
        return None
    return caller_for(ctx, ctx.client_id)


open_editor = install_editor(
    MENU,
    "opr_edit",
    ["nama", "title", "divisi", "jabatan", "whatsapp", "insta", "tiktok", "clear_wa"],
    _operator_scope,
)


async def _after_update_nrp(ctx: StepContext, user: dict[str, Any]) -> Reply:
    return await open_editor(ctx, user)


async def _after_check_nrp(ctx: StepContext, user: dict[str, Any]) -> Reply:
    return Reply.text(data_block(user, admin=ctx.actor.is_admin), code="ok").then_menu()


async def _after_status_nrp(ctx: StepContext, user: dict[str, Any]) -> Reply:
    ctx.data["status_user"] = user["user_id"]
    prompt = "Pilih status baru:\n1. 🟢 *AKTIF*\n2. 🔴 *NONAKTIF*\nBalas 1 atau 2, *back* untuk kembali."
    return Reply.text(data_block(user, admin=ctx.actor.is_admin)).ask(status_choice, prompt)


update_nrp = MENU.step(_nrp_step_handler(_after_update_nrp), name="update_nrp")
check_nrp = MENU.step(_nrp_step_handler(_after_check_nrp), name="check_nrp")
status_nrp = MENU.step(_nrp_step_handler(_after_status_nrp), name="status_nrp")


def _status_summary(user: dict[str, Any], removed: str, remaining: list[str], active: bool) -> str:
    return (
        f"✅ Status {display_name(user)} ({user['user_id']}) diperbarui.\n"
        f"*Role Diubah*: {removed}\n"
        f"*Role Tersisa*: {', '.join(remaining) or '-'}\n"
        f"*Status*: {'🟢 AKTIF' if active else '🔴 NONAKTIF'}"
    )


@MENU.step(choice=True)
async def status_choice(ctx: StepContext, text: str) -> Reply:
    n = parse_number(text)
    if n not in (1, 2):
        return ctx.reprompt("Pilihan tidak dikenal. Balas angka 1–2.", code="invalid_choice")
    user = await load_user(ctx.uow, ctx.data.get("status_user", ""))
    caller = _operator_scope(ctx, user) if user else None
    if user is None or caller is None:
        return Reply.text("❌ Personel tersebut tidak lagi dalam cakupan Anda.", code="deny_scope")
    if n == 1:
        if user.get("status") is not False:
            return Reply.text("ℹ️ Personel ini sudah aktif.", code="unchanged").then_menu()
        await reactivate_user(ctx.uow, caller, user["user_id"])
        return Reply.text(
            f"✅ {display_name(user)} ({user['user_id']}) diaktifkan kembali. Personel menghubungkan nomornya lagi "
            "lewat *userrequest*.",
            code="reactivated",
        ).then_menu()
    roles = list(user.get("roles") or [])
    if ctx.actor.is_admin and len(roles) > 1:
        ctx.data["status_roles"] = roles
        lines = ["Pilih role yang dicabut:"] + [f"{i}. {r}" for i, r in enumerate(roles, start=1)]
        lines.append(f"{len(roles) + 1}. Semua role (nonaktifkan)")
        return Reply.nothing().ask(status_role, "\n".join(lines))
    return await _remove_role(ctx, caller, user, None if ctx.actor.is_admin else "operator")


async def _remove_role(ctx: StepContext, caller: Caller, user: dict[str, Any], role: str | None) -> Reply:
    """CONV-82/115: operators remove `operator` only; admins a chosen role, or deactivate."""
    if role is not None and role not in (user.get("roles") or []):
        # Nothing to remove: the person is deactivated only when no role remains (CONV-82).
        if user.get("roles"):
            return Reply.text(f"ℹ️ Personel ini tidak memiliki role {role}.", code="unchanged").then_menu()
        role = None
    try:
        after = await deactivate_user(ctx.uow, caller, user["user_id"], role)
    except AccountError as exc:
        return Reply.text(f"❌ {exc}", code="error").then_menu()
    text = _status_summary(
        user, role or "semua (nonaktif)", list(after.get("roles") or []), after.get("status") is not False
    )
    if after.get("status") is not False:
        text += "\nPersonel tetap aktif karena masih memiliki role lain."
    return Reply.text(text, code="status_changed").then_menu()


@MENU.step(choice=True)
async def status_role(ctx: StepContext, text: str) -> Reply:
    roles: list[str] = ctx.data.get("status_roles", [])
    n = parse_number(text)
    if n is None or not 1 <= n <= len(roles) + 1:
        return ctx.reprompt(f"Pilihan tidak dikenal. Balas angka 1–{len(roles) + 1}.", code="invalid_choice")
    user = await load_user(ctx.uow, ctx.data.get("status_user", ""))
    caller = _operator_scope(ctx, user) if user else None
    if user is None or caller is None:
        return Reply.text("❌ Personel tersebut tidak lagi dalam cakupan Anda.", code="deny_scope")
    return await _remove_role(ctx, caller, user, roles[n - 1] if n <= len(roles) else None)


# --- 1️⃣ Tambah user baru (CONV-113) --------------------------------------------------------------


@MENU.step
async def add_nrp(ctx: StepContext, text: str) -> Reply:
    try:
        nrp = rules.parse_nrp(text)
    except rules.RuleError as exc:
        return ctx.reprompt(exc.reason)
    existing = await load_user(ctx.uow, nrp)
    if existing is not None:
        state = "aktif" if existing.get("status") is not False else "nonaktif"
        return Reply.text(
            f"ℹ️ NRP/NIP {nrp} sudah terdaftar di client {existing.get('client_id') or '-'} (status {state}).",
            code="exists",
        ).then_menu()
    ctx.data["new_user"] = {"user_id": nrp}
    return Reply.nothing().ask(add_nama, "Kirim *Nama* personel. Contoh: BUDI SANTOSO")


@MENU.step
async def add_nama(ctx: StepContext, text: str) -> Reply:
    try:
        ctx.data["new_user"]["nama"] = rules.parse_text(text, "Nama")
    except rules.RuleError as exc:
        return ctx.reprompt(exc.reason)
    options = await rules.rank_options(ctx.uow)
    return Reply.nothing().ask(add_pangkat, "Pilih *Pangkat* (nomor atau nama):\n" + rules.numbered(options))


@MENU.step
async def add_pangkat(ctx: StepContext, text: str) -> Reply:
    try:
        ctx.data["new_user"]["title"] = rules.parse_rank(text, await rules.rank_options(ctx.uow))
    except rules.RuleError as exc:
        return ctx.reprompt(exc.reason)
    options = await rules.satfung_options(ctx.uow, ctx.client_id)
    listing = rules.numbered(options) if options else "(belum ada daftar)"
    return Reply.nothing().ask(
        add_satfung, "Pilih *Satfung* (nomor atau nama), atau ketik nama satfung baru:\n" + listing
    )


@MENU.step
async def add_satfung(ctx: StepContext, text: str) -> Reply:
    pending = ctx.data.get("pending_satfung")
    if pending and yes_no(text) is not None:
        ctx.data.pop("pending_satfung", None)
        if not yes_no(text):
            return ctx.reprompt("Baik, pilih satfung dari daftar atau ketik nama lain.")
        ctx.data["new_user"]["divisi"] = pending
    else:
        try:
            choice = rules.parse_satfung(
                text, await rules.satfung_options(ctx.uow, ctx.client_id), may_add=True
            )
        except rules.RuleError as exc:
            return ctx.reprompt(exc.reason)
        if choice.is_new:
            ctx.data["pending_satfung"] = choice.value
            return Reply.text(
                f"Satfung *{choice.value}* belum ada di daftar. Pakai nama ini? (ya/tidak)"
            ).stay()
        ctx.data["new_user"]["divisi"] = choice.value
    return Reply.nothing().ask(add_jabatan, "Kirim *Jabatan* personel. Contoh: BANIT BINMAS")


@MENU.step
async def add_jabatan(ctx: StepContext, text: str) -> Reply:
    try:
        ctx.data["new_user"]["jabatan"] = rules.parse_text(text, "Jabatan")
    except rules.RuleError as exc:
        return ctx.reprompt(exc.reason)
    u = ctx.data["new_user"]
    summary = (
        "*Ringkasan user baru*\n"
        f"NRP/NIP : {u['user_id']}\nNama    : {u['nama']}\nPangkat : {u['title']}\n"
        f"Satfung : {u['divisi']}\nJabatan : {u['jabatan']}\nClient  : {ctx.client_id}\n\n"
        "Simpan data ini? Balas *ya* atau *tidak*."
    )
    return Reply.nothing().ask(add_confirm, summary)


@MENU.step(choice=True)
async def add_confirm(ctx: StepContext, text: str) -> Reply:
    answer = yes_no(text)
    if answer is None:
        return ctx.reprompt("Balas *ya* atau *tidak*.", code="invalid_choice")
    if answer is False:
        return Reply.text("Penambahan user dibatalkan.", code="cancelled").then_menu()
    if not _scope_ok(ctx):
        return Reply.text(
            "❌ Anda tidak lagi terdaftar sebagai operator client ini.", code="deny_operator_menu"
        )
    u = ctx.data["new_user"]
    if await load_user(ctx.uow, u["user_id"]) is not None:
        return Reply.text(f"ℹ️ NRP/NIP {u['user_id']} sudah terdaftar.", code="exists").then_menu()
    await ctx.uow.execute(
        'INSERT INTO "user" (user_id, nama, title, divisi, jabatan, client_id, status, exception, whatsapp) '
        "VALUES (:user_id, :nama, :title, :divisi, :jabatan, :c, TRUE, FALSE, '')",
        {**u, "c": ctx.client_id},
    )
    await ctx.uow.execute("INSERT INTO roles (role_name) VALUES ('operator') ON CONFLICT DO NOTHING")
    await ctx.uow.execute(
        "INSERT INTO user_roles (user_id, role_id) SELECT :u, role_id FROM roles WHERE role_name = 'operator' "
        "ON CONFLICT DO NOTHING",
        {"u": u["user_id"]},
    )
    await write_audit(ctx.uow, caller_for(ctx, ctx.client_id), "user.create", "user", u["user_id"], {
        k: [None, v] for k, v in u.items()
    })  # fmt: skip
    user = await load_user(ctx.uow, u["user_id"]) or u
    return Reply.text(
        "✅ User baru tersimpan.\n\n" + data_block(user, admin=ctx.actor.is_admin), code="created"
    ).then_menu()


USERS = MENU.level(
    "users",
    title="Menu Manajemen User",
    top=False,
    context_line=_context,
    items=(
        group(
            None,
            option("Tambah user baru", _org_only(ask(add_nrp, ADD_PROMPT)), key="add"),
            option("Perbarui data user", _org_only(ask(update_nrp, NRP_PROMPT)), key="update"),
            option("Ubah status user (aktif/nonaktif)", _org_only(ask(status_nrp, NRP_PROMPT)), key="status"),
            option("Cek data user (NRP/NIP)", _org_only(ask(check_nrp, NRP_PROMPT)), key="check"),
            option("Absensi registrasi user", _org_only(ask(registration_mode, REG_MODE_PROMPT)), key="reg"),
            option("Absensi update data username", _org_only(_username_attendance), key="username"),
        ),
    ),
)
