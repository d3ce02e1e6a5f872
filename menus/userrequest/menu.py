"""`userrequest` — personnel self-service (CONV-90..99).

Steps: `main` (opener) → bound: identity + `tanyaUpdateMyData`; unbound: `inputUserId` →
`confirmBindUser` → `tanyaUpdateMyData` → `updateAskField` → `updateAskValue`. Self-service
always acts on the record bound to the sender number, never on an NRP typed in a message (CONV-99).
"""

from __future__ import annotations

from typing import Any

from core.accounts.access import Caller
from core.accounts.audit import diff, write_audit
from core.timefmt import salam
from menus.framework import REGISTRY, Menu, Reply, StepContext, keycap, parse_number, yes_no
from menus.userrequest import rules
from menus.userrequest.blocks import display_name, identity_block, load_user, own_record
from menus.userrequest.rules import Platform

MENU = REGISTRY.add_menu(
    Menu(
        "userrequest",
        label="Menu User",
        triggers=("userrequest",),
        capability="userrequest",
        entry="userrequest",
        home_item="Data Saya (userrequest)",
        home_order=70,
    )
)

MAX_NOT_FOUND = 5  # CONV-93 anti-enumeration, per session
MAX_LOOKUPS_PER_HOUR = 10  # per sender number, across sessions
ASK_CHANGE = "Apakah Anda ingin mengubah data? Balas *ya* atau *tidak*."

FIELDS: list[tuple[str, str]] = [
    ("nama", "Nama"),
    ("title", "Pangkat"),
    ("divisi", "Satfung"),
    ("jabatan", "Jabatan"),
    ("insta", "Instagram"),
    ("tiktok", "TikTok"),
    ("insta_2", "Instagram Kedua"),  # CONV-98: the second slots of API B.2
    ("tiktok_2", "TikTok Kedua"),
    ("desa", "Desa Binaan"),
]
# Handle fields: the platform and the person's other slot of that platform (CONV-98: they differ).
HANDLE_FIELDS: dict[str, tuple[Platform, str]] = {
    "insta": ("instagram", "insta_2"),
    "insta_2": ("instagram", "insta"),
    "tiktok": ("tiktok", "tiktok_2"),
    "tiktok_2": ("tiktok", "tiktok"),
}
EXAMPLES = {
    "nama": "Format: nama lengkap. Contoh: BUDI SANTOSO",
    "jabatan": "Format: nama jabatan. Contoh: BANIT BINMAS",
    "desa": "Format: nama desa. Contoh: SUKAMAJU",
    "insta": "Format: username atau link profil. Contoh: @budi.santoso",
    "tiktok": "Format: username atau link profil. Contoh: @budi.santoso",
    "insta_2": "Format: username atau link profil akun Instagram kedua. Contoh: @budi.kedua",
    "tiktok_2": "Format: username atau link profil akun TikTok kedua. Contoh: @budi.kedua",
    "title": "Balas nomor atau nama pangkat dari daftar berikut:",
    "divisi": "Balas nomor atau nama satfung dari daftar berikut:",
}


def _caller(ctx: StepContext, user: dict[str, Any]) -> Caller:
    return Caller("personnel", user_id=user["user_id"], actor_id=ctx.sender, channel="whatsapp")


def _claim_line(ctx: StepContext) -> str:
    url = ctx.settings.claim_web_url
    return f"\nAnda juga dapat memakai halaman klaim: {url}" if url else ""


async def _main_bound(ctx: StepContext, user: dict[str, Any], header: str | None = None) -> Reply:
    greeting = f"{salam(ctx.received_at)}, Bapak/Ibu *{user.get('nama') or '-'}*"
    parts = [header, greeting, "", identity_block(user)] if header else [greeting, "", identity_block(user)]
    text = "\n".join(p for p in parts if p is not None)
    if user.get("status") is False:
        note = "Akun Anda berstatus nonaktif; perubahan data dilakukan oleh operator satuan Anda."
        return Reply.text(f"{text}\n\n{note}", code="user_inactive")
    return Reply.nothing().ask(tanyaUpdateMyData, f"{text}\n\n{ASK_CHANGE}")


REGISTRATION_PROMPT = (
    "🔐 *Registrasi Akun*\n"
    "Nomor WhatsApp ini belum terdaftar di Cicero.\n"
    "Kirim NRP/NIP Anda (angka saja). Contoh: 81120345\n"
    "Ketik *batal* untuk keluar."
)


@MENU.start
async def main(ctx: StepContext) -> Reply:
    user = await own_record(ctx.uow, ctx.sender)
    if user is not None:
        return await _main_bound(ctx, user)
    if ctx.opened_via == "fallback" and rules.is_valid_nrp(ctx.entry_text):
        # CONV-24/90: a fresh NRP from an unknown number starts directly at inputUserId.
        ctx.prompt = REGISTRATION_PROMPT
        reply = await inputUserId.handler(ctx, ctx.entry_text)
        if reply.nav.value == "stay":
            return reply.ask(inputUserId, REGISTRATION_PROMPT)
        return reply
    return Reply.nothing().ask(inputUserId, REGISTRATION_PROMPT)


async def _lookup_allowed(ctx: StepContext) -> bool:
    redis = ctx.services.redis
    key = redis.key("userrequest", "nrp_lookups", ctx.sender or "-")
    count = await redis.client.incr(key)
    if count == 1:
        await redis.client.expire(key, 3600)
    return count <= MAX_LOOKUPS_PER_HOUR


@MENU.step
async def inputUserId(ctx: StepContext, text: str) -> Reply:
    try:
        nrp = rules.parse_nrp(text)
    except rules.RuleError as exc:
        return ctx.reprompt(exc.reason)
    if not await _lookup_allowed(ctx):
        return Reply.text(
            "❌ Terlalu banyak pencarian NRP/NIP dari nomor ini. Coba lagi setelah satu jam.",
            code="rate_limited",
        )
    user = await load_user(ctx.uow, nrp)
    if user is None:
        misses = int(ctx.data.get("not_found", 0)) + 1
        ctx.data["not_found"] = misses
        if misses >= MAX_NOT_FOUND:
            return Reply.text(
                f"❌ NRP/NIP {nrp} tidak ditemukan. Batas percobaan tercapai; hubungi operator Polres Anda.",
                code="not_found",
            )
        return ctx.reprompt(
            f"NRP/NIP {nrp} tidak ditemukan. Periksa kembali, atau hubungi operator Polres Anda.",
            code="not_found",
        )
    stored = user.get("whatsapp") or ""
    if stored.strip() and not rules.same_number(stored, ctx.sender):
        return Reply.text(
            "❌ Akun ini sudah terhubung dengan nomor WhatsApp lain. Satu akun hanya untuk satu nomor.\n"
            "Untuk memindahkannya, minta operator satuan Anda menghapus nomor lama (Menu Operator → "
            "Perbarui data user → Hapus WhatsApp)." + _claim_line(ctx),
            code="nrp_bound_elsewhere",
        )
    if user.get("status") is False:
        return Reply.text("❌ Akun tersebut nonaktif. Hubungi operator satuan Anda.", code="user_inactive")
    ctx.data["nrp"] = nrp
    unit = user.get("client_name") or user.get("client_id") or "-"
    return Reply.nothing().ask(
        confirmBindUser,
        f"✅ NRP/NIP *{nrp}* terdaftar atas nama *{display_name(user)}* ({unit}).\n"
        "Hubungkan nomor WhatsApp ini ke akun tersebut? Balas *ya* atau *tidak*.",
    )


@MENU.step(choice=True)
async def confirmBindUser(ctx: StepContext, text: str) -> Reply:
    answer = yes_no(text)
    if answer is None:
        return ctx.reprompt("Balas *ya* atau *tidak*.", code="invalid_choice")
    if answer is False:
        return Reply.text("Baik, tidak ada yang dihubungkan. Ketik *userrequest* bila ingin mencoba lagi.")
    nrp = ctx.data["nrp"]
    row = (
        await ctx.uow.execute(
            'SELECT user_id, whatsapp, status FROM "user" WHERE user_id = :u FOR UPDATE', {"u": nrp}
        )
    ).first()
    other = await own_record(ctx.uow, ctx.sender)
    conflict = (
        row is None
        or ((row.whatsapp or "").strip() and not rules.same_number(row.whatsapp, ctx.sender))
        or (other is not None and other["user_id"] != nrp)
    )
    if conflict:
        return Reply.text(
            "❌ Nomor atau akun ini sudah terhubung dengan akun/nomor lain. Satu nomor untuk satu akun.",
            code="bind_conflict",
        )
    before = {"whatsapp": row.whatsapp}
    try:
        await ctx.uow.execute(
            'UPDATE "user" SET whatsapp = :w, updated_at = NOW() WHERE user_id = :u',
            {"w": ctx.sender, "u": nrp},
        )
    except Exception as exc:  # the unique index caught a concurrent binding
        if "idx_user_whatsapp_unique" not in str(exc):
            raise
        await ctx.uow.rollback()
        return Reply.text("❌ Nomor ini sudah terhubung dengan akun lain.", code="bind_conflict")
    user = await load_user(ctx.uow, nrp) or {}
    await write_audit(
        ctx.uow, _caller(ctx, user), "user.bind_whatsapp", "user", nrp, diff(before, {"whatsapp": ctx.sender})
    )
    text = (
        "✅ *Berhasil Terhubung*\n\n"
        + identity_block(user)
        + "\n\nSimpan nomor ini di kontak ponsel Anda agar pesan tugas selalu masuk."
        + f"\n\n{ASK_CHANGE}"
    )
    pending = ctx.data.get("pending_handle")
    if pending:
        # CONV-100: a stranger who sent a profile link is asked about it right after binding.
        from menus.userrequest.profile_link import confirm_profile_handle, handle_question

        bound_text = text.rsplit("\n\n", 1)[0]
        return Reply.text(bound_text, code="bound").ask(
            confirm_profile_handle, handle_question(user, pending)
        )
    return Reply.nothing(code="bound").ask(tanyaUpdateMyData, text)


@MENU.step(choice=True)
async def tanyaUpdateMyData(ctx: StepContext, text: str) -> Reply:
    answer = yes_no(text)
    if answer is None:
        return ctx.reprompt("Balas *ya* atau *tidak*.", code="invalid_choice")
    if answer is False:
        extra = ", atau di halaman klaim" if ctx.settings.claim_web_url else ""
        return Reply.text(
            "Terima kasih. Menu ditutup; ketik *userrequest* untuk membukanya lagi. "
            f"Data juga dapat diubah oleh operator satuan Anda{extra}."
        )
    return await _field_list(ctx)


async def _fields_for(ctx: StepContext) -> list[tuple[str, str]]:
    user = await own_record(ctx.uow, ctx.sender) or {}
    has_desa = "ditbinmas" in (user.get("roles") or [])
    return [f for f in FIELDS if f[0] != "desa" or has_desa]


async def _field_list(ctx: StepContext) -> Reply:
    fields = await _fields_for(ctx)
    lines = ["✏️ *Pilih field yang ingin diupdate:*"]
    lines += [f"{keycap(n)} {label}" for n, (_, label) in enumerate(fields, start=1)]
    lines.append(f"Balas angka 1–{len(fields)}, *back* untuk kembali, atau *batal* untuk keluar.")
    return Reply.nothing().ask(updateAskField, "\n".join(lines))


@MENU.step(choice=True, level=True)
async def updateAskField(ctx: StepContext, text: str) -> Reply:
    fields = await _fields_for(ctx)
    number = parse_number(text)
    chosen = None
    if number is not None and 1 <= number <= len(fields):
        chosen = fields[number - 1]
    else:
        chosen = next((f for f in fields if f[1].lower() == " ".join(text.lower().split())), None)
    if chosen is None:
        return ctx.reprompt(f"Pilihan tidak dikenal. Balas angka 1–{len(fields)}.", code="invalid_choice")
    user = await own_record(ctx.uow, ctx.sender)
    if user is None:
        return Reply.text("❌ Nomor ini tidak lagi terhubung ke akun mana pun.", code="deny_scope")
    ctx.data["field"] = chosen[0]
    ctx.data.pop("pending_satfung", None)
    return Reply.nothing().ask(updateAskValue, await value_prompt(ctx, chosen[0], chosen[1], user))


async def value_prompt(ctx: StepContext, field: str, label: str, user: dict[str, Any]) -> str:
    current = user.get(field) or "-"
    if field in HANDLE_FIELDS and current != "-":
        current = f"@{current}"
    lines = [f"📝 *Update {label}*", f"Nilai saat ini: *{current}*", EXAMPLES[field]]
    if field == "title":
        lines.append(rules.numbered(await rules.rank_options(ctx.uow)))
    elif field == "divisi":
        options = await rules.satfung_options(ctx.uow, user.get("client_id"))
        lines.append(
            rules.numbered(options) if options else "(belum ada daftar; ketik nama satfung, 2–60 karakter)"
        )
    lines.append("Ketik *back* untuk kembali ke daftar field.")
    return "\n".join(lines)


async def parse_value(
    ctx: StepContext, field: str, text: str, user: dict[str, Any], *, may_add_satfung: bool
) -> str | None:
    """Validate a field value (CONV-76..80); None = a new satfung awaits yes/no (stored in ctx.data)."""
    pending = ctx.data.get("pending_satfung")
    if field == "divisi" and pending:
        answer = yes_no(text)
        if answer is True:
            ctx.data.pop("pending_satfung", None)
            return pending
        if answer is False:
            ctx.data.pop("pending_satfung", None)
            raise rules.RuleError("Baik, pilih satfung dari daftar atau ketik nama lain.")
    if field in ("nama", "jabatan", "desa"):
        label = {"nama": "Nama", "jabatan": "Jabatan", "desa": "Desa Binaan"}[field]
        return rules.parse_text(text, label)
    if field == "title":
        return rules.parse_rank(text, await rules.rank_options(ctx.uow))
    if field == "divisi":
        options = await rules.satfung_options(ctx.uow, user.get("client_id"))
        choice = rules.parse_satfung(text, options, may_add=may_add_satfung)
        if choice.is_new:
            ctx.data["pending_satfung"] = choice.value
            return None
        return choice.value
    if field in HANDLE_FIELDS:
        platform, other = HANDLE_FIELDS[field]
        handle = await rules.parse_handle_field(ctx.uow, text, platform, user["user_id"])
        if handle == (user.get(other) or "").strip().lower().lstrip("@"):
            raise rules.RuleError("Akun utama dan akun kedua harus berbeda. Kirim username lain.")
        return handle
    raise rules.RuleError("Field tidak dikenal.")


async def write_field(ctx: StepContext, caller: Caller, user: dict[str, Any], field: str, value: Any) -> None:
    """One column update with `updated_at` and an audit row (CONV-44); column from a fixed list."""
    assert field in {"nama", "title", "divisi", "jabatan", "desa", "whatsapp", "exception", *HANDLE_FIELDS}
    await ctx.uow.execute(
        f'UPDATE "user" SET {field} = :v, updated_at = NOW() WHERE user_id = :u',  # noqa: S608
        {"v": value, "u": user["user_id"]},
    )
    await write_audit(ctx.uow, caller, "user.update", "user", user["user_id"], diff(user, {field: value}))


def shown(field: str, value: Any) -> str:
    return f"@{value}" if field in HANDLE_FIELDS and value else str(value or "-")


@MENU.step
async def updateAskValue(ctx: StepContext, text: str) -> Reply:
    field = ctx.data.get("field", "")
    label = dict(FIELDS).get(field, field)
    user = await own_record(ctx.uow, ctx.sender)
    if user is None:
        return Reply.text("❌ Nomor ini tidak lagi terhubung ke akun mana pun.", code="deny_scope")
    try:
        value = await parse_value(ctx, field, text, user, may_add_satfung=False)
    except rules.RuleError as exc:
        return ctx.reprompt(exc.reason)
    if value is None:
        return Reply.text(
            f"Satfung *{ctx.data['pending_satfung']}* belum ada di daftar. Pakai nama ini? (ya/tidak)"
        ).stay()
    current = (user.get(field) or "").strip()
    if value == current or (field in HANDLE_FIELDS and value == current.lower().lstrip("@")):
        reply = await _field_list(ctx)
        return Reply.text(f"ℹ️ {label} tidak berubah.").ask(updateAskField, reply.prompt or "")
    await write_field(ctx, _caller(ctx, user), user, field, value)
    confirm = f"✅ {label} untuk NRP/NIP {user['user_id']} diperbarui menjadi *{shown(field, value)}*."
    fresh = await load_user(ctx.uow, user["user_id"]) or user
    main = await _main_bound(ctx, fresh)
    return Reply.text(confirm).ask(tanyaUpdateMyData, main.prompt or ASK_CHANGE).with_code("updated")
