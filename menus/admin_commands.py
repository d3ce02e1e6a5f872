"""The `#` commands (CONV-180..182): admin client management, fetches and attendance, user import,
`thisgroup#` inside a group, and `notifwa#` for personnel.

A command is a message starting with a known word immediately followed by `#`; parts are split
on `#` and trimmed, and the last parameter of URL/free-text commands keeps any `#` inside it.
Long commands run in the background (CONV-66) and end without a menu. Confirmations
(`removeclient#` → `ya hapus`, imports → `ya`/`pindahkan`) are short sessions of the menu
`perintah` owned by this module.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from core.accounts.access import Caller
from core.accounts.clients import create_client, delete_client, fetch_client, update_client
from core.accounts.errors import AccountError
from core.accounts.users import set_wa_notification
from core.imports.users import ImportRefused, download_sheet, parse_file
from menus import admin_commands_ops as ops
from menus import premium_commands as premium
from menus.clientrequest.imports import decide, start_preview
from menus.clientrequest.menu import BOOL_FIELDS, info_block, normalise_client_value
from menus.framework import REGISTRY, Menu, Reply, StepContext, Structured, authorize
from menus.oprrequest.common import groups_changed, report_reply
from menus.oprrequest.fetching import (
    engagement_text,
    fetch,
    posts_text,
    todays_instagram_links,
    todays_tiktok_videos,
)
from menus.userrequest.blocks import own_record

COMMANDS_MENU = Menu("perintah", label="Perintah Admin", capability="commands", escape_silently=False)

Handler = Callable[[StepContext, list[str], str], Awaitable[Reply]]
ADMIN_ONLY: dict[str, tuple[str, Handler]] = {}
USAGE: dict[str, str] = {}
FREE_TEXT = {"sheettransfer": 2, "updateclient": 3}  # index of the part that keeps inner `#`
DENY_ADMIN = "❌ Anda tidak memiliki akses ke perintah ini."
UPDATABLE = (
    "nama", "client_type", "client_group", "client_operator", "client_super", "client_insta", "client_tiktok",
    "client_status", "client_insta_status", "client_tiktok_status", "client_amplify_status",
)  # fmt: skip


def command(word: str, usage: str):
    def register(fn: Handler) -> Handler:
        ADMIN_ONLY[word] = (usage, fn)
        USAGE[word] = usage
        return fn

    return register


def split(text: str) -> tuple[str, list[str]] | None:
    """`word#a#b` → ("word", ["a", "b"]); None when the text is not a known command (CONV-180)."""
    match = re.match(r"^\s*([A-Za-z]+)#", text or "")
    if not match:
        return None
    word = match.group(1).lower()
    if word not in ADMIN_ONLY and word not in ("notifwa", "thisgroup", "importuser"):
        return None
    rest = text.strip()[match.end() :]
    keep = FREE_TEXT.get(word)
    parts = rest.split("#")
    if keep is not None and len(parts) > keep:
        parts = parts[: keep - 1] + ["#".join(parts[keep - 1 :])]
    return word, [p.strip() for p in parts]


def usage_reply(word: str) -> Reply:
    return Reply.text(f"ℹ️ Format: {USAGE.get(word, word + '#')}", code="usage")


def admin_caller(ctx: StepContext) -> Caller:
    return Caller.admin(actor_id=ctx.sender, channel="whatsapp")


# --- client management ------------------------------------------------------------------------


@command("bantuan", "bantuan#")
async def bantuan(ctx: StepContext, parts: list[str], text: str) -> Reply:
    lines = ["*Daftar perintah admin*"] + [f"- {u}" for u in USAGE.values()]
    lines += [
        "- thisgroup#ID (di dalam grup)",
        "- importuser#ID (keterangan dokumen CSV/XLSX)",
        "- notifwa#on|off",
    ]
    return Reply.text("\n".join(lines), code="help")


@command("clientinfo", "clientinfo# atau clientinfo#ID")
async def clientinfo(ctx: StepContext, parts: list[str], text: str) -> Reply:
    cid = parts[0] if parts else ""
    if cid:
        client = await fetch_client(ctx.uow, cid)
        if client is None:
            return Reply.text(f"❌ Client {cid.upper()} tidak ditemukan.", code="not_found")
        return Reply.text(await info_block(ctx, client), code="info")
    rows = await ctx.uow.execute("SELECT client_id, nama, client_status FROM clients ORDER BY client_id")
    lines = ["*Daftar Client*"]
    for n, r in enumerate(rows, start=1):
        lines.append(
            f"{n}. *{r.client_id}* - {r.nama} [{'AKTIF' if r.client_status is not False else 'TIDAK AKTIF'}]"
        )
    return Reply.text("\n".join(lines), code="info")


@command("addnewclient", "addnewclient#ID#NAMA[#org|direktorat]")
async def addnewclient(ctx: StepContext, parts: list[str], text: str) -> Reply:
    if len(parts) < 2 or not parts[0] or not parts[1]:
        return usage_reply("addnewclient")
    kind = (parts[2] if len(parts) > 2 and parts[2] else "org").lower()
    if kind not in ("org", "direktorat"):
        return usage_reply("addnewclient")
    cid = "_".join(parts[0].upper().split())
    try:
        client = await create_client(
            ctx.uow, admin_caller(ctx), {"client_id": cid, "nama": parts[1], "client_type": kind}
        )
    except AccountError as exc:
        return Reply.text(f"❌ {exc.message}", code="invalid_value")
    return Reply.text("✅ Client dibuat.\n\n" + await info_block(ctx, client), code="client_created")


@command("updateclient", "updateclient#ID#<kolom>#<nilai> atau updateclient#ID#tiktok_secuid")
async def updateclient(ctx: StepContext, parts: list[str], text: str) -> Reply:
    if len(parts) < 2 or not parts[0]:
        return usage_reply("updateclient")
    client = await fetch_client(ctx.uow, parts[0])
    if client is None:
        return Reply.text(f"❌ Client {parts[0].upper()} tidak ditemukan.", code="not_found")
    col = parts[1].lower()
    if col == "tiktok_secuid" and len(parts) == 2:
        from menus.clientrequest.menu import _sync_secuid

        return Reply.text(await _sync_secuid(ctx, client), code="secuid_sync")
    if col not in UPDATABLE or len(parts) < 3:
        return Reply.text(f"ℹ️ Format: {USAGE['updateclient']}\nKolom: {', '.join(UPDATABLE)}", code="usage")
    value = normalise_client_value(col, parts[2])
    try:
        after = await update_client(ctx.uow, admin_caller(ctx), client["client_id"], {col: value})
    except AccountError as exc:
        return Reply.text(f"❌ {exc.message}", code="invalid_value")
    groups_changed(ctx)
    old = client.get(col)
    shown_old = ("ya" if old is not False else "tidak") if col in BOOL_FIELDS else (old or "-")
    shown_new = (
        ("ya" if after.get(col) is not False else "tidak") if col in BOOL_FIELDS else (after.get(col) or "-")
    )
    reply = f"✅ {client['client_id']} {col}: {shown_old} → {shown_new}"
    if col == "client_tiktok" and after.get("client_tiktok"):
        from menus.clientrequest.menu import _sync_secuid

        reply += "\n" + await _sync_secuid(ctx, after)
    return Reply.text(reply, code="client_updated")


@command("removeclient", "removeclient#ID")
async def removeclient(ctx: StepContext, parts: list[str], text: str) -> Reply:
    if not parts or not parts[0]:
        return usage_reply("removeclient")
    client = await fetch_client(ctx.uow, parts[0])
    if client is None:
        return Reply.text(f"❌ Client {parts[0].upper()} tidak ditemukan.", code="not_found")
    users = (
        await ctx.uow.execute('SELECT COUNT(*) FROM "user" WHERE client_id = :c', {"c": client["client_id"]})
    ).scalar()
    if users:
        return Reply.text(
            f"❌ Client {client['client_id']} masih memiliki {users} personel. Pindahkan personel atau ubah "
            "client_status menjadi nonaktif.",
            code="client_has_personnel",
        )
    ctx.data["remove_client"] = client["client_id"]
    return Reply.nothing().ask(
        remove_confirm,
        f"🗑️ Hapus client *{client['nama']}* ({client['client_id']})? Ketik *ya hapus* untuk menghapus.",
    )


@COMMANDS_MENU.step(choice=True)
async def remove_confirm(ctx: StepContext, text: str) -> Reply:
    if " ".join(text.lower().split()) != "ya hapus":
        return ctx.reprompt("Ketik tepat *ya hapus* untuk menghapus, atau *batal*.", code="invalid_choice")
    if not ctx.actor.is_admin:
        return Reply.text(DENY_ADMIN, code="deny_admin")
    try:
        await delete_client(ctx.uow, admin_caller(ctx), ctx.data.get("remove_client", ""))
    except AccountError as exc:
        return Reply.text(f"❌ {exc.message}", code="refused")
    groups_changed(ctx)
    return Reply.text(f"🗑️ Client {ctx.data.get('remove_client')} telah dihapus.", code="client_deleted")


# --- fetches and attendance ---------------------------------------------------------------------


async def _client_or_error(ctx: StepContext, parts: list[str], word: str) -> tuple[dict | None, Reply | None]:
    if not parts or not parts[0]:
        return None, usage_reply(word)
    client = await fetch_client(ctx.uow, parts[0])
    if client is None:
        return None, Reply.text(f"❌ Client {parts[0].upper()} tidak ditemukan.", code="not_found")
    return client, None


@command("fetchinsta", "fetchinsta#ID")
async def fetchinsta(ctx: StepContext, parts: list[str], text: str) -> Reply:
    client, err = await _client_or_error(ctx, parts, "fetchinsta")
    if err:
        return err
    cid = client["client_id"]

    async def job(jctx: StepContext) -> Reply:
        result, error = await fetch(jctx, cid, ["instagram"], posts_only=True)
        if error or result is None:
            return Reply.text(f"❌ Fetch gagal: {error}", code="fetch_failed")
        links = [f"{x}/" for x in await todays_instagram_links(jctx, cid)]
        return Reply.text(posts_text(result, "instagram", links), code="fetched")

    return Reply.nothing().background("Processing fetch data...", job)


@command("fetchtiktok", "fetchtiktok#ID")
async def fetchtiktok(ctx: StepContext, parts: list[str], text: str) -> Reply:
    client, err = await _client_or_error(ctx, parts, "fetchtiktok")
    if err:
        return err
    cid = client["client_id"]

    async def job(jctx: StepContext) -> Reply:
        from core.timefmt import jam_upload

        result, error = await fetch(jctx, cid, ["tiktok"], posts_only=True)
        if error or result is None:
            return Reply.text(f"❌ Fetch gagal: {error}", code="fetch_failed")
        videos = await todays_tiktok_videos(jctx, cid)
        lines = ["*Rekap Post TikTok Hari Ini*", f"Client: *{cid}*", f"Jumlah video: {len(videos)}"]
        for v in videos:
            cap = " ".join((v["caption"] or "").split())[:50] or "-"
            lines += [
                "",
                f"ID: {v['video_id']}",
                f"Caption: {cap}",
                f"Upload: {jam_upload(v['created_at'])} WIB",
                f"Likes: {v['like_count'] or 0} · Komentar: {v['comment_count'] or 0}",
                f"https://www.tiktok.com/@{v['client_tiktok'] or ''}/video/{v['video_id']}",
            ]
        return Reply.text("\n".join(lines), code="fetched")

    return Reply.nothing().background("Processing fetch data...", job)


def _engagement_command(word: str, platform: str, unit_kind: str, konten_kind: str, *, with_modes: bool):
    async def handler(ctx: StepContext, parts: list[str], text: str) -> Reply:
        client, err = await _client_or_error(ctx, parts, word)
        if err:
            return err
        cid = client["client_id"]
        kind, mode = unit_kind, "all"
        if with_modes:
            extra = [p.lower() for p in parts[1:] if p]
            kind = konten_kind
            if extra and extra[0] == "akumulasi":
                kind = unit_kind
                extra = extra[1:]
            if extra and extra[0] in ("sudah", "belum"):
                mode = extra[0]
            elif extra:
                return usage_reply(word)

        async def job(jctx: StepContext) -> Reply:
            result, error = await fetch(jctx, cid, [platform], engagement_only=True)
            if error or result is None:
                return Reply.text(f"❌ Fetch gagal: {error}", code="fetch_failed")
            summary = "\n".join(engagement_text(s) for s in result.engagement.values())
            report = await report_reply(jctx, kind, cid, mode=mode)
            return (
                Reply.text(summary, code="fetched")
                if not report.messages
                else Reply(messages=(*Reply.text(summary).messages, *report.messages), code=report.code)
            )

        return Reply.nothing().background("Processing fetch data...", job)

    return handler


command("fetchlikes", "fetchlikes#ID")(
    _engagement_command("fetchlikes", "instagram", "REP-IG-UNIT", "", with_modes=False)
)
command("fetchcomments", "fetchcomments#ID")(
    _engagement_command("fetchcomments", "tiktok", "REP-TT-UNIT", "", with_modes=False)
)
command("absensilikes", "absensilikes#ID[#sudah|belum|akumulasi[#sudah|belum]]")(
    _engagement_command("absensilikes", "instagram", "REP-IG-UNIT", "REP-IG-KONTEN", with_modes=True)
)
command("absensikomentar", "absensikomentar#ID[#sudah|belum|akumulasi[#sudah|belum]]")(
    _engagement_command("absensikomentar", "tiktok", "REP-TT-UNIT", "REP-TT-KONTEN", with_modes=True)
)


# --- user import (JOB-80, JOB-90) ---------------------------------------------------------------


@command("sheettransfer", "sheettransfer#ID#<link Google Sheet>")
async def sheettransfer(ctx: StepContext, parts: list[str], text: str) -> Reply:
    if len(parts) < 2 or not parts[1]:
        return usage_reply("sheettransfer")
    client = await fetch_client(ctx.uow, parts[0])
    if client is None:
        return Reply.text(f"❌ Client {parts[0].upper()} tidak ditemukan.", code="not_found")
    try:
        table = await download_sheet(parts[1], getattr(ctx.settings, "import_max_rows", 5000))
    except ImportRefused as exc:
        return Reply.text(exc.message, code="import_refused")
    return await start_preview(ctx, client["client_id"], table, import_confirm)


async def importuser(ctx: StepContext, parts: list[str], text: str) -> Reply:
    """`importuser#ID` / `importuser#` as the caption of a CSV/XLSX document (JOB-90)."""
    access = authorize(ctx.actor, "importuser")
    if not access.allowed:
        return Reply.text(DENY_ADMIN, code="deny_admin")
    cid = parts[0] if parts and parts[0] else ""
    if not cid:
        own = access.scope or ()
        if len(own) != 1:
            return Reply.text("ℹ️ Format: importuser#ID (sebagai keterangan dokumen CSV/XLSX)", code="usage")
        cid = own[0].client_id
    if access.scope is not None and not any(c.client_id.upper() == cid.upper() for c in access.scope):
        return Reply.text("❌ Client tersebut di luar cakupan Anda.", code="deny_scope")
    client = await fetch_client(ctx.uow, cid)
    if client is None:
        return Reply.text(f"❌ Client {cid.upper()} tidak ditemukan.", code="not_found")
    if ctx.document is None or ctx.document.load is None:
        return Reply.text(
            "ℹ️ Kirim importuser#ID sebagai keterangan (caption) dokumen CSV/XLSX.", code="usage"
        )
    try:
        table = parse_file(
            ctx.document.file_name or "",
            await ctx.document.load(),
            getattr(ctx.settings, "import_max_rows", 5000),
        )
    except ImportRefused as exc:
        return Reply.text(exc.message, code="import_refused")
    return await start_preview(ctx, client["client_id"], table, import_confirm)


@COMMANDS_MENU.step(choice=True)
async def import_confirm(ctx: StepContext, text: str) -> Reply:
    reply = await decide(ctx, text)
    if reply is None:
        return ctx.reprompt("Balas *ya*, *pindahkan*, atau *batal*.", code="invalid_choice")
    return reply


# --- notifwa# (CONV-103) -------------------------------------------------------------------------

ON_WORDS = {"on", "ya", "yes", "true", "1", "aktif"}
OFF_WORDS = {"off", "tidak", "no", "false", "0", "nonaktif"}


async def notifwa(ctx: StepContext, parts: list[str], text: str) -> Reply:
    user = await own_record(ctx.uow, ctx.sender)
    if user is None:
        return Reply.text(
            "ℹ️ Nomor ini belum terdaftar. Ketik *userrequest* untuk mendaftarkan nomor Anda.",
            code="registration_hint",
        )
    value = (parts[0] if parts else "").lower()
    if value not in ON_WORDS | OFF_WORDS:
        return Reply.text("ℹ️ Format: notifwa#on atau notifwa#off", code="usage")
    wanted = value in ON_WORDS
    caller = Caller("personnel", user_id=user["user_id"], actor_id=ctx.sender, channel="whatsapp")
    await set_wa_notification(ctx.uow, caller, user["user_id"], user["whatsapp"], wanted)
    state = "AKTIF" if wanted else "NONAKTIF"
    return Reply.text(
        f"✅ Pengingat WhatsApp untuk like Instagram dan komentar TikTok sekarang *{state}*.",
        code="notifwa_set",
    )


# --- thisgroup# (CONV-182) -----------------------------------------------------------------------


async def thisgroup(ctx: StepContext, text: str) -> Reply:
    split_ = split(text)
    parts = split_[1] if split_ else []
    if not ctx.is_group:
        return Reply.text("ℹ️ Kirim thisgroup#ID di dalam grup WhatsApp yang ingin didaftarkan.", code="usage")
    if not ctx.actor.is_admin:
        return Reply.nothing(code="deny_admin")  # denials in groups are silent (CONV-40)
    if not parts or not parts[0]:
        return Reply.text("ℹ️ Format: thisgroup#ID atau thisgroup#ID#tambah", code="usage")
    client = await fetch_client(ctx.uow, parts[0])
    if client is None:
        return Reply.text(f"❌ Client {parts[0].upper()} tidak ditemukan.", code="not_found")
    previous = (client.get("client_group") or "").strip()
    append = len(parts) > 1 and parts[1].lower() == "tambah"
    groups = [g.strip() for g in previous.split(",") if g.strip()] if append else []
    if ctx.chat_id not in groups:
        groups.append(ctx.chat_id)
    await update_client(ctx.uow, admin_caller(ctx), client["client_id"], {"client_group": ", ".join(groups)})
    groups_changed(ctx)
    lines = [f"✅ Grup ini terdaftar sebagai grup *{client['nama']}* ({client['client_id']})."]
    if previous and not append and previous != ctx.chat_id:
        lines.append(f"Grup sebelumnya diganti: {previous}")
    return Reply.text("\n".join(lines), code="group_registered")


# --- operations (JOB-106, JOB-107, JOB-109) ---------------------------------------------------------

command("health", "health#")(ops.health)
command("jobs", "jobs#, jobs#on#<key>, jobs#off#<key>, jobs#run#<key>")(ops.jobs)
command("outbox", "outbox#, outbox#retry#<id>, outbox#retry#dead, outbox#cancel#<id>")(ops.outbox)

# --- premium requests (CONV-181, JOB-71) ---------------------------------------------------------

command("grantsub", premium.USAGE["grantsub"])(premium.grantsub)
command("denysub", premium.USAGE["denysub"])(premium.denysub)
command("grantdashsub", premium.USAGE["grantdashsub"])(premium.grantdashsub)
command("denydashsub", premium.USAGE["denydashsub"])(premium.denydashsub)


# --- dispatch ------------------------------------------------------------------------------------


def recognise_command(message) -> bool:
    parsed = split(message.text)
    return parsed is not None and parsed[0] != "thisgroup"


def recognise_notifwa(message) -> bool:
    parsed = split(message.text)
    return parsed is not None and parsed[0] == "notifwa"


def recognise_thisgroup(message) -> bool:
    parsed = split(message.text)
    return parsed is not None and parsed[0] == "thisgroup"


async def handle_command(ctx: StepContext, text: str) -> Reply:
    parsed = split(text)
    if parsed is None:
        return Reply.nothing()
    word, parts = parsed
    if word == "notifwa":
        return await notifwa(ctx, parts, text)
    if word == "importuser":
        return await importuser(ctx, parts, text)
    if not authorize(ctx.actor, "admin_command").allowed:
        return Reply.text(DENY_ADMIN, code="deny_admin")
    return await ADMIN_ONLY[word][1](ctx, parts, text)


async def handle_notifwa(ctx: StepContext, text: str) -> Reply:
    parsed = split(text)
    return await notifwa(ctx, parsed[1] if parsed else [], text)


REGISTRY.add_structured(
    Structured(
        name="thisgroup",
        capability="commands",
        recognise=recognise_thisgroup,
        handle=thisgroup,
        order=10,
        entry="thisgroup",
        private=True,
        groups=True,
    )  # fmt: skip
)
REGISTRY.add_structured(
    Structured(
        name="commands",
        capability="commands",
        recognise=recognise_command,
        handle=handle_command,
        order=60,
        entry="admin_command",
        private=True,
        groups=False,
        menu=COMMANDS_MENU,
    )  # fmt: skip
)
REGISTRY.add_structured(
    Structured(
        name="notifwa",
        capability="userrequest",
        recognise=recognise_notifwa,
        handle=handle_notifwa,
        order=61,
        entry="notifwa",
        private=True,
        groups=False,
    )  # fmt: skip
)
