"""`approvedash#<username>` / `denydash#<username>` (CONV-181): an admin approves or denies a dashboard
account (registered over HTTP, API-80, with `status` false) and the account's number is told.

The same decision as API-81 over REST: `status` true/false, a denial also ends the account's login
sessions (API-14), an audit row (CONV-44), and a message to the dashboard user's WhatsApp number
containing `disetujui` / `ditolak`.
"""

from __future__ import annotations

import re
from typing import Any

from core.accounts.access import Caller
from core.accounts.audit import write_audit
from core.auth.sessions import SessionStore
from core.phones import normalize_phone, phone_to_jid
from menus.admin_commands import command
from menus.framework import Reply, StepContext

USERNAME_RE = re.compile(r"^[A-Za-z0-9._-]{3,50}$")  # API-80 username rule


async def _account(
    ctx: StepContext, parts: list[str], word: str
) -> tuple[dict[str, Any] | None, Reply | None]:
    username = parts[0] if parts else ""
    if not USERNAME_RE.match(username):
        return None, Reply.text(f"ℹ️ Format: {word}#<username>", code="usage")
    row = (
        await ctx.uow.execute(
            "SELECT dashboard_user_id::text AS id, username, status, whatsapp FROM dashboard_user"
            " WHERE LOWER(username) = LOWER(:u) FOR UPDATE",
            {"u": username},
        )
    ).first()
    if row is None:
        return None, Reply.text(f"❌ Pengguna dashboard {username} tidak ditemukan.", code="not_found")
    return dict(row._mapping), None


async def _set_status(ctx: StepContext, account: dict[str, Any], status: bool) -> None:
    await ctx.uow.execute(
        "UPDATE dashboard_user SET status = :s, updated_at = NOW() WHERE dashboard_user_id = CAST(:id AS UUID)",
        {"s": status, "id": account["id"]},
    )
    await write_audit(
        ctx.uow,
        Caller.admin(actor_id=ctx.sender, channel="whatsapp"),
        "dashboard_user.approve" if status else "dashboard_user.reject",
        "dashboard_user",
        account["id"],
        {"status": [account["status"], status]},
    )


def _with_notice(reply: Reply, account: dict[str, Any], text: str) -> Reply:
    phone = normalize_phone(account.get("whatsapp") or "")
    if phone is None:
        return reply.and_text("ℹ️ Akun ini tidak memiliki nomor WhatsApp; tidak ada notifikasi terkirim.")
    return reply.and_text(text, to=phone_to_jid(phone))


@command("approvedash", "approvedash#<username>")
async def approvedash(ctx: StepContext, parts: list[str], text: str) -> Reply:
    account, refused = await _account(ctx, parts, "approvedash")
    if refused is not None:
        return refused
    assert account is not None
    if account["status"] is True:
        return Reply.text(f"ℹ️ Akun dashboard {account['username']} sudah aktif.", code="unchanged")
    await _set_status(ctx, account, True)
    reply = Reply.text(f"✅ Akun dashboard {account['username']} disetujui.", code="dashboard_approved")
    return _with_notice(
        reply,
        account,
        f"✅ Akun dashboard Cicero *{account['username']}* telah disetujui. Silakan masuk ke dashboard.",
    )


@command("denydash", "denydash#<username>")
async def denydash(ctx: StepContext, parts: list[str], text: str) -> Reply:
    account, refused = await _account(ctx, parts, "denydash")
    if refused is not None:
        return refused
    assert account is not None
    if account["status"] is False:
        return Reply.text(f"ℹ️ Akun dashboard {account['username']} sudah nonaktif.", code="unchanged")
    await _set_status(ctx, account, False)
    await SessionStore(ctx.services.redis).revoke_dashboard(account["id"], "denied")
    reply = Reply.text(f"✅ Akun dashboard {account['username']} ditolak.", code="dashboard_denied")
    return _with_notice(
        reply,
        account,
        f"❌ Pendaftaran akun dashboard Cicero *{account['username']}* ditolak. Silakan hubungi admin.",
    )
