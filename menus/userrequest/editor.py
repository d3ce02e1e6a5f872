"""The personnel field editor of the operator and admin menus (CONV-114, CONV-146 item 1).

`install_editor(menu, prefix, fields, scope)` registers three steps on `menu` — the field list
(a level `back` returns to), the value input and the "clear WhatsApp" confirmation — and returns
`open_editor(ctx, user) -> Reply`. Values are validated by the shared rules (CONV-76..81); each
change writes the column, `updated_at` and an audit row, then shows the field list again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from core.accounts.access import Caller
from menus.framework import Menu, Reply, StepContext, keycap, parse_number, yes_no
from menus.userrequest import rules
from menus.userrequest.blocks import data_block, load_user
from menus.userrequest.menu import parse_value, shown, value_prompt, write_field

LABELS = {
    "nama": "Nama",
    "title": "Pangkat",
    "divisi": "Satfung",
    "jabatan": "Jabatan",
    "whatsapp": "WhatsApp",
    "insta": "Instagram",
    "tiktok": "TikTok",
    "clear_wa": "Hapus WhatsApp",
}

# (ctx, user) -> the caller to write with, or None when the actor lost the right (CONV-43).
ScopeCheck = Callable[[StepContext, dict[str, Any]], Caller | None]


def install_editor(
    menu: Menu, prefix: str, fields: list[str], scope: ScopeCheck
) -> Callable[[StepContext, dict[str, Any]], Awaitable[Reply]]:
    def list_prompt() -> str:
        lines = ["*Pilih data yang ingin diperbarui:*"]
        lines += [f"{keycap(n)} {LABELS[f]}" for n, f in enumerate(fields, start=1)]
        lines.append(f"Balas angka 1–{len(fields)}, *back* untuk kembali, atau *batal* untuk keluar.")
        return "\n".join(lines)

    async def current_user(ctx: StepContext) -> tuple[dict[str, Any] | None, Caller | None]:
        user = await load_user(ctx.uow, ctx.data.get(f"{prefix}_user", ""))
        if user is None:
            return None, None
        return user, scope(ctx, user)

    async def open_editor(ctx: StepContext, user: dict[str, Any]) -> Reply:
        ctx.data[f"{prefix}_user"] = user["user_id"]
        return Reply.text(data_block(user, admin=ctx.actor.is_admin)).ask(field_step, list_prompt())

    async def pick_field(ctx: StepContext, text: str) -> Reply:
        n = parse_number(text)
        if n is None or not 1 <= n <= len(fields):
            return ctx.reprompt(f"Pilihan tidak dikenal. Balas angka 1–{len(fields)}.", code="invalid_choice")
        user, caller = await current_user(ctx)
        if user is None or caller is None:
            return Reply.text("❌ Personel tersebut tidak lagi dalam cakupan Anda.", code="deny_scope")
        field = fields[n - 1]
        ctx.data[f"{prefix}_field"] = field
        ctx.data.pop("pending_satfung", None)
        if field == "clear_wa":
            return Reply.nothing().ask(
                clear_step, f"Hapus nomor WhatsApp *{user.get('whatsapp') or '-'}* dari akun ini? (ya/tidak)"
            )
        if field == "whatsapp":
            prompt = (
                f"📝 *Update WhatsApp*\nNilai saat ini: *{user.get('whatsapp') or '-'}*\n"
                "Format: nomor ponsel. Contoh: 081234567890\nKetik *back* untuk kembali ke daftar field."
            )
            return Reply.nothing().ask(value_step, prompt)
        return Reply.nothing().ask(value_step, await value_prompt(ctx, field, LABELS[field], user))

    async def enter_value(ctx: StepContext, text: str) -> Reply:
        user, caller = await current_user(ctx)
        if user is None or caller is None:
            return Reply.text("❌ Personel tersebut tidak lagi dalam cakupan Anda.", code="deny_scope")
        field = ctx.data.get(f"{prefix}_field", "")
        try:
            if field == "whatsapp":
                value = await rules.parse_whatsapp(
                    ctx.uow,
                    text,
                    user["user_id"],
                    reveal_holder=ctx.actor.is_admin or caller.kind == "operator",
                )
            else:
                value = await parse_value(ctx, field, text, user, may_add_satfung=True)
        except rules.RuleError as exc:
            return ctx.reprompt(exc.reason)
        if value is None:
            return Reply.text(
                f"Satfung *{ctx.data['pending_satfung']}* belum ada di daftar. Pakai nama ini? (ya/tidak)"
            ).stay()
        current = str(user.get(field) or "").strip()
        if value == current or (field in ("insta", "tiktok") and value == current.lower().lstrip("@")):
            return Reply.text(f"ℹ️ {LABELS[field]} tidak berubah.", code="unchanged").then_menu()
        await write_field(ctx, caller, user, field, value)
        return Reply.text(
            f"✅ {LABELS[field]} NRP/NIP {user['user_id']}: {shown(field, user.get(field))} → *{shown(field, value)}*",
            code="updated",
        ).then_menu()

    async def confirm_clear(ctx: StepContext, text: str) -> Reply:
        answer = yes_no(text)
        if answer is None:
            return ctx.reprompt("Balas *ya* atau *tidak*.", code="invalid_choice")
        user, caller = await current_user(ctx)
        if user is None or caller is None:
            return Reply.text("❌ Personel tersebut tidak lagi dalam cakupan Anda.", code="deny_scope")
        if answer is False:
            return Reply.text("Nomor WhatsApp tidak diubah.", code="unchanged").then_menu()
        await write_field(ctx, caller, user, "whatsapp", "")
        return Reply.text(
            f"✅ Nomor WhatsApp NRP/NIP {user['user_id']} dihapus.", code="whatsapp_cleared"
        ).then_menu()

    field_step = menu.step(pick_field, choice=True, level=True, name=f"{prefix}_field")
    value_step = menu.step(enter_value, name=f"{prefix}_value")
    clear_step = menu.step(confirm_clear, choice=True, name=f"{prefix}_clear_wa")
    return open_editor
