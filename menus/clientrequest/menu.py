"""`clientrequest` — the admin menu (CONV-140..159): main menu, client picker and client management.

Group submenus: `Manajemen Client & User` (this module and `users`), `Operasional Media Sosial`
(`social`), `Transfer & Laporan` and `Administratif` (`transfer`).
"""

from __future__ import annotations

from typing import Any

from core.accounts.access import Caller
from core.accounts.clients import create_client, delete_client, fetch_client, update_client
from core.accounts.errors import AccountError
from menus.framework import REGISTRY, Menu, Reply, StepContext, group, keycap, option, parse_number, yes_no
from menus.framework.menu import ask
from menus.oprrequest.common import groups_changed, pick_from

MENU = REGISTRY.add_menu(
    Menu(
        "clientrequest",
        label="Menu Client",
        triggers=("clientrequest",),
        capability="clientrequest",
        entry="clientrequest",
        home_item="Menu Client (clientrequest)",
        home_order=10,
    )
)

BOOL_LABEL = {True: "🟢", False: "🔴", None: "🟢"}


def admin(ctx: StepContext) -> Caller:
    return Caller.admin(actor_id=ctx.sender, channel="whatsapp")


def still_admin(ctx: StepContext) -> bool:
    return ctx.actor.is_admin  # CONV-43: the actor is resolved afresh for every message


def guarded(handler):
    async def run(ctx: StepContext) -> Reply:
        if not still_admin(ctx):
            return Reply.text("❌ Anda tidak memiliki akses ke menu ini.", code="deny_admin")
        return await handler(ctx)

    return run


def submenu(name: str):
    async def handler(ctx: StepContext) -> Reply:
        return Reply.nothing().show(MENU.levels[name])

    return guarded(handler)


# --- client picker (CONV-141) ---------------------------------------------------------------------

# Filters of the pickers: which clients each option lists.
FILTERS = {
    "all": "TRUE",
    "instagram": "client_insta_status IS NOT FALSE AND client_status IS NOT FALSE",
    "tiktok": "client_tiktok_status IS NOT FALSE AND client_status IS NOT FALSE",
    "active": "client_status IS NOT FALSE",
}


async def clients_for(ctx: StepContext, flt: str) -> list[dict[str, Any]]:
    rows = await ctx.uow.execute(
        f"SELECT client_id, nama, client_status FROM clients WHERE {FILTERS[flt]} "  # noqa: S608 - fixed filters
        "ORDER BY (client_status IS FALSE), client_id"
    )
    return [dict(r._mapping) for r in rows]


def picker(flt: str, purpose: str, title: str = "*Pilih client:*"):
    """An option handler that lists clients (CONV-141) and continues with `purpose` on a choice."""

    async def handler(ctx: StepContext) -> Reply:
        clients = await clients_for(ctx, flt)
        if not clients:
            return Reply.text("ℹ️ Tidak ada client yang sesuai.", code="empty").then_menu()
        ctx.data["picker"] = {"filter": flt, "purpose": purpose, "title": title}
        lines = [title]
        for n, c in enumerate(clients, start=1):
            mark = "🟢 Aktif" if c.get("client_status") is not False else "🔴 Tidak Aktif"
            lines.append(f"{n}. *{c['client_id']}* - {c.get('nama') or '-'} {mark}")
        lines.append("Balas nomor atau client_id, *back* untuk kembali, atau *batal* untuk keluar.")
        return Reply.nothing().ask(pick_client, "\n".join(lines))

    return guarded(handler)


# purpose → async (ctx) -> Reply, filled by the modules that own each flow.
AFTER_PICK: dict[str, Any] = {}


@MENU.step(choice=True, level=True)
async def pick_client(ctx: StepContext, text: str) -> Reply:
    spec = ctx.data.get("picker", {})
    clients = await clients_for(ctx, spec.get("filter", "all"))
    chosen = pick_from(text, [c["client_id"] for c in clients])
    if chosen is None:
        return ctx.reprompt(
            f"Pilihan tidak dikenal. Balas angka 1–{len(clients)} atau client_id.", code="invalid_choice"
        )
    ctx.data["client_id"] = chosen
    return await AFTER_PICK[spec["purpose"]](ctx)


# --- info block (CONV-144 Info) --------------------------------------------------------------------


def _b(v: Any) -> str:
    return "🟢" if v is not False else "🔴"


async def info_block(ctx: StepContext, client: dict[str, Any]) -> str:
    cid = client["client_id"]
    counts = (
        await ctx.uow.execute(
            """SELECT COUNT(*) FILTER (WHERE status IS NOT FALSE) AS active,
                      COUNT(*) FILTER (WHERE status IS NOT FALSE AND COALESCE(whatsapp, '') <> '') AS bound
                 FROM "user" WHERE UPPER(client_id) = UPPER(:c)""",
            {"c": cid},
        )
    ).one()

    def many(v: Any) -> str:
        items = [p.strip() for p in str(v or "").replace(";", ",").split(",") if p.strip()]
        return ("\n  " + "\n  ".join(items)) if items else " -"

    status = "🟢 Aktif" if client.get("client_status") is not False else "🔴 Tidak Aktif"
    return "\n".join(
        [
            f"🏢 *{client.get('nama') or cid}* ({cid})",
            f"*Status*: {status}",
            f"*Tipe*: {client.get('client_type') or '-'}",
            f"*Instagram*: @{client.get('client_insta') or '-'} {_b(client.get('client_insta_status'))}",
            f"*TikTok*: @{client.get('client_tiktok') or '-'} {_b(client.get('client_tiktok_status'))}",
            f"*TikTok secUid*: {client.get('tiktok_secuid') or '-'}",
            f"*Amplifikasi*: {_b(client.get('client_amplify_status'))}",
            f"*Operator*:{many(client.get('client_operator'))}",
            f"*Super Admin*:{many(client.get('client_super'))}",
            f"*Grup*:{many(client.get('client_group'))}",
            f"*Regional*: {client.get('regional_id') or '-'}",
            f"*Personel aktif*: {counts.active}",
            f"*Personel dengan nomor WA*: {counts.bound}",
        ]
    )


# --- 1️⃣ Tambah client baru (CONV-143) --------------------------------------------------------------


@MENU.step
async def new_client_id(ctx: StepContext, text: str) -> Reply:
    cid = "_".join(text.strip().upper().split())
    import re

    if not re.fullmatch(r"[A-Z0-9_-]{2,40}", cid):
        return ctx.reprompt("client_id hanya huruf, angka, `_` atau `-`, 2–40 karakter.")
    if await fetch_client(ctx.uow, cid) is not None:
        return ctx.reprompt(f"client_id {cid} sudah terdaftar.")
    ctx.data["new_client"] = {"client_id": cid}
    return Reply.nothing().ask(new_client_nama, "Kirim *nama* client (2–120 karakter). Contoh: POLRES CONTOH")


@MENU.step
async def new_client_nama(ctx: StepContext, text: str) -> Reply:
    nama = " ".join(text.split())
    if not 2 <= len(nama) <= 120:
        return ctx.reprompt("Nama client harus 2–120 karakter.")
    ctx.data["new_client"]["nama"] = nama
    return Reply.nothing().ask(new_client_type, "Pilih tipe client:\n1. ORG\n2. DIREKTORAT")


@MENU.step(choice=True)
async def new_client_type(ctx: StepContext, text: str) -> Reply:
    n = parse_number(text)
    word = text.strip().lower()
    kind = "org" if n == 1 or word == "org" else "direktorat" if n == 2 or word == "direktorat" else None
    if kind is None:
        return ctx.reprompt("Pilihan tidak dikenal. Balas angka 1–2.", code="invalid_choice")
    ctx.data["new_client"]["client_type"] = kind
    c = ctx.data["new_client"]
    return Reply.nothing().ask(
        new_client_confirm,
        f"*Ringkasan client baru*\nID: {c['client_id']}\nNama: {c['nama']}\nTipe: {kind.upper()}\n\nSimpan? (ya/tidak)",
    )


@MENU.step(choice=True)
async def new_client_confirm(ctx: StepContext, text: str) -> Reply:
    answer = yes_no(text)
    if answer is None:
        return ctx.reprompt("Balas *ya* atau *tidak*.", code="invalid_choice")
    if answer is False:
        return Reply.text("Penambahan client dibatalkan.", code="cancelled").then_menu()
    try:
        client = await create_client(ctx.uow, admin(ctx), ctx.data["new_client"])
    except AccountError as exc:
        return Reply.text(f"❌ {exc.message}", code="invalid_value").then_menu()
    text_out = await info_block(ctx, client)
    hint = "Atur operator, super admin dan grup lewat *Kelola client*."
    return Reply.text(f"✅ Client dibuat.\n\n{text_out}\n\n{hint}", code="client_created").then_menu()


# --- 2️⃣ Kelola client (CONV-144/145) ----------------------------------------------------------------

CATEGORIES: list[tuple[str, list[tuple[str, str]]]] = [
    ("Identitas & Tipe", [("client_type", "Tipe"), ("client_group", "Grup WA"), ("nama", "Nama")]),
    ("Kontak WA", [("client_operator", "Operator"), ("client_super", "Super Admin")]),
    (
        "Akun Sosmed",
        [("client_insta", "Instagram"), ("client_tiktok", "TikTok"), ("tiktok_secuid", "TikTok secUid")],
    ),
    (
        "Status & Amplifikasi",
        [
            ("client_status", "Status Client"),
            ("client_insta_status", "Status Instagram"),
            ("client_tiktok_status", "Status TikTok"),
            ("client_amplify_status", "Status Amplifikasi"),
        ],
    ),
]
BOOL_FIELDS = {"client_status", "client_insta_status", "client_tiktok_status", "client_amplify_status"}
TYPE_NUMBERS = {"1": "org", "2": "direktorat", "3": "polda"}


def _client_context(ctx: StepContext) -> str:
    return f"Kelola Client: *{ctx.data.get('client_nama', '-')}* ({ctx.client_id})"


async def _after_manage_pick(ctx: StepContext) -> Reply:
    client = await fetch_client(ctx.uow, ctx.client_id or "")
    ctx.data["client_nama"] = (client or {}).get("nama") or ctx.client_id
    return Reply.nothing().show(MANAGE)


AFTER_PICK["manage"] = _after_manage_pick


async def _info(ctx: StepContext) -> Reply:
    client = await fetch_client(ctx.uow, ctx.client_id or "")
    if client is None:
        return Reply.text("❌ Client tidak ditemukan.", code="not_found").then_menu()
    return Reply.text(await info_block(ctx, client), code="info").then_menu()


async def _delete_start(ctx: StepContext) -> Reply:
    cid = ctx.client_id or ""
    counts = (
        await ctx.uow.execute(
            """SELECT (SELECT COUNT(*) FROM "user" WHERE UPPER(client_id) = UPPER(:c)) AS users,
                      (SELECT COUNT(*) FROM insta_post WHERE UPPER(client_id) = UPPER(:c))
                    + (SELECT COUNT(*) FROM tiktok_post WHERE UPPER(client_id) = UPPER(:c)) AS posts,
                      (SELECT COUNT(*) FROM link_report r JOIN insta_post p ON p.shortcode = r.shortcode
                        WHERE UPPER(p.client_id) = UPPER(:c)) AS links""",
            {"c": cid},
        )
    ).one()
    head = (
        f"🗑️ Hapus client *{ctx.data.get('client_nama')}* ({cid})?\n"
        f"Personel: {counts.users} · Post: {counts.posts} · Laporan link: {counts.links}"
    )
    if counts.users:
        return Reply.text(
            f"{head}\n❌ Client masih memiliki {counts.users} personel. Pindahkan personel ke client lain "
            "atau ubah *client_status* menjadi nonaktif.",
            code="client_has_personnel",
        ).then_menu()
    return Reply.nothing().ask(
        delete_confirm, f"{head}\nPost dan laporan link ikut terhapus. Ketik *ya hapus* untuk menghapus."
    )


@MENU.step(choice=True)
async def delete_confirm(ctx: StepContext, text: str) -> Reply:
    if " ".join(text.lower().split()) != "ya hapus":
        return ctx.reprompt(
            "Ketik tepat *ya hapus* untuk menghapus, atau *back* untuk batal.", code="invalid_choice"
        )
    try:
        await delete_client(ctx.uow, admin(ctx), ctx.client_id or "")
    except AccountError as exc:
        return Reply.text(f"❌ {exc.message}", code="refused").then_menu()
    groups_changed(ctx)
    return Reply.text(f"🗑️ Client {ctx.client_id} telah dihapus.", code="client_deleted").show(MAIN)


def _category_prompt(ctx: StepContext, client: dict[str, Any], index: int) -> str:
    title, fields = CATEGORIES[index]
    lines = [f"*{title}*"]
    for n, (col, label) in enumerate(fields, start=1):
        value = client.get(col)
        shown = ("ya" if value is not False else "tidak") if col in BOOL_FIELDS else (value or "-")
        lines.append(f"{n}. {label} [{col}]: {shown}")
    lines.append(f"Balas angka 1–{len(fields)}, *back* untuk kembali.")
    return "\n".join(lines)


@MENU.step(choice=True, level=True)
async def update_category(ctx: StepContext, text: str) -> Reply:
    n = parse_number(text)
    if n is None or not 1 <= n <= len(CATEGORIES):
        return ctx.reprompt(f"Pilihan tidak dikenal. Balas angka 1–{len(CATEGORIES)}.", code="invalid_choice")
    client = await fetch_client(ctx.uow, ctx.client_id or "") or {}
    ctx.data["category"] = n - 1
    return Reply.nothing().ask(update_field, _category_prompt(ctx, client, n - 1))


async def _update_start(ctx: StepContext) -> Reply:
    lines = ["*Pilih kategori:*"] + [f"{keycap(n)} {t}" for n, (t, _) in enumerate(CATEGORIES, 1)]
    lines.append(f"Balas angka 1–{len(CATEGORIES)}, *back* untuk kembali.")
    return Reply.nothing().ask(update_category, "\n".join(lines))


VALUE_HINTS = {
    "client_type": "Balas org, direktorat, polda (atau 1/2/3).",
    "client_group": "Kirim satu atau beberapa id grup (…@g.us), pisahkan dengan koma; `-` untuk mengosongkan.",
    "nama": "Kirim nama client (2–120 karakter).",
    "client_operator": "Kirim satu atau beberapa nomor, pisahkan dengan koma; `-` untuk mengosongkan.",
    "client_super": "Kirim satu atau beberapa nomor, pisahkan dengan koma; `-` untuk mengosongkan.",
    "client_insta": "Kirim username atau link profil Instagram resmi.",
    "client_tiktok": "Kirim username atau link profil TikTok resmi.",
}


@MENU.step(choice=True, level=True)
async def update_field(ctx: StepContext, text: str) -> Reply:
    _, fields = CATEGORIES[int(ctx.data.get("category", 0))]
    n = parse_number(text)
    if n is None or not 1 <= n <= len(fields):
        return ctx.reprompt(f"Pilihan tidak dikenal. Balas angka 1–{len(fields)}.", code="invalid_choice")
    col, label = fields[n - 1]
    ctx.data["column"] = col
    if col == "tiktok_secuid":
        return await run_secuid_sync(ctx)
    hint = "Balas *ya* (aktif) atau *tidak* (nonaktif)." if col in BOOL_FIELDS else VALUE_HINTS[col]
    return Reply.nothing().ask(update_value, f"📝 *{label}* [{col}]\n{hint}")


def normalise_client_value(col: str, text: str) -> Any:
    raw = text.strip()
    if col in ("client_group", "client_operator", "client_super") and raw == "-":
        return ""
    if col == "client_type":
        return TYPE_NUMBERS.get(raw, raw)
    return raw


@MENU.step
async def update_value(ctx: StepContext, text: str) -> Reply:
    col = ctx.data.get("column", "")
    before = await fetch_client(ctx.uow, ctx.client_id or "") or {}
    try:
        after = await update_client(
            ctx.uow, admin(ctx), ctx.client_id or "", {col: normalise_client_value(col, text)}
        )
    except AccountError as exc:
        return ctx.reprompt(exc.message)
    groups_changed(ctx)
    result = f"✅ {col}: {before.get(col) if before.get(col) not in (None, '') else '-'} → {after.get(col) if after.get(col) not in (None, '') else '-'}"
    if col == "client_tiktok" and after.get("client_tiktok"):
        sync = await _sync_secuid(ctx, after)
        result += f"\n{sync}"
    return Reply.text(result + "\n\n" + await info_block(ctx, after), code="client_updated").then_menu()


async def _sync_secuid(ctx: StepContext, client: dict[str, Any]) -> str:
    """The secUid sync of spec 30 (ING-API-12 user info): resolve and store `tiktok_secuid`."""
    from core.manual_posts.deps import open_ingest_deps
    from core.social.rapidapi import RapidApiConfigError, RapidApiError

    handle = client.get("client_tiktok")
    if not handle:
        return "❌ Sinkron secUid gagal: akun TikTok client belum diisi."
    try:
        async with open_ingest_deps(ctx.services) as deps:
            profile = await deps.social.tiktok.user_info(handle)
    except (RapidApiError, RapidApiConfigError) as exc:
        return f"❌ Sinkron secUid gagal: {getattr(exc, 'message', None) or getattr(exc, 'reason', str(exc))}"
    secuid = profile.get("secUid") if isinstance(profile, dict) else None
    if not secuid:
        return "❌ Sinkron secUid gagal: akun TikTok tidak ditemukan."
    await update_client(ctx.uow, admin(ctx), client["client_id"], {"tiktok_secuid": secuid})
    return f"✅ secUid TikTok tersinkron: {secuid}"


async def run_secuid_sync(ctx: StepContext) -> Reply:
    client = await fetch_client(ctx.uow, ctx.client_id or "") or {}
    return Reply.text(await _sync_secuid(ctx, client), code="secuid_sync").then_menu()


MANAGE = MENU.level(
    "manage",
    title="Kelola Client",
    top=False,
    context_line=_client_context,
    items=(
        group(
            None,
            option("Update Data Client", guarded(_update_start), key="update"),
            option("Hapus Client", guarded(_delete_start), key="delete"),
            option("Info Client", guarded(_info), key="info"),
        ),
    ),
)


def _manage_render(ctx: StepContext, entries: list) -> str:
    lines = [f"Kelola Client: *{ctx.data.get('client_nama', '-')}* ({ctx.client_id})"]
    lines += [f"{keycap(n)} {o.label}" for e in entries if not isinstance(e, str) for n, o in [e]]
    lines.append("Balas angka 1–3, *back* untuk kembali, atau *batal* untuk keluar.")
    return "\n".join(lines)


MANAGE.render = _manage_render

NEW_CLIENT_PROMPT = "Kirim *client_id* baru (huruf/angka, 2–40 karakter). Contoh: POLRES_CONTOH"

MAIN = MENU.level(
    "main",
    title="MENU CLIENT CICERO",
    items=(
        group(
            None,
            option("Manajemen Client & User", submenu("client_user"), key="client_user"),
            option("Operasional Media Sosial", submenu("social"), key="social"),
            option("Transfer & Laporan", submenu("transfer"), key="transfer"),
            option("Administratif", submenu("admin"), key="admin"),
        ),
    ),
)


@MENU.start
async def start(ctx: StepContext) -> Reply:
    return Reply.nothing().show(MAIN)


def new_client_handler():
    return guarded(ask(new_client_id, NEW_CLIENT_PROMPT))
