"""`approvedash#<username>` / `denydash#<username>` (CONV-181): an admin approves or denies a dashboard
account (registered over HTTP, API-80, with `status` false) and the account's number is told.

The decision is `core.accounts.dashboard_accounts.decide`, the same one API-81 runs over REST:
`status` true/false, a denial also ends the account's login sessions (API-14), an audit row
(CONV-44), and a message to the dashboard user's WhatsApp number containing `disetujui` /
`ditolak`. This module only parses the username and words the admin's reply.
"""

from __future__ import annotations

from core.accounts import dashboard_accounts as accounts
from core.accounts.access import Caller
from core.accounts.errors import AccountError
from core.auth.sessions import SessionStore
from menus.admin_commands import command
from menus.framework import Reply, StepContext

NO_NUMBER = "ℹ️ Akun ini tidak memiliki nomor WhatsApp; tidak ada notifikasi terkirim."


async def _decide(ctx: StepContext, parts: list[str], word: str, approve: bool) -> Reply:
    username = parts[0] if parts else ""
    if not accounts.USERNAME_RE.match(username):
        return Reply.text(f"ℹ️ Format: {word}#<username>", code="usage")
    try:
        decision = await accounts.decide(
            ctx.uow, Caller.admin(actor_id=ctx.sender, channel="whatsapp"),
            lambda uow: accounts.account_by_username(uow, username, lock=True), approve,
            sessions=SessionStore(ctx.services.redis), settings=ctx.settings,
        )  # fmt: skip
    except AccountError as exc:
        if exc.reason == "not_found":
            return Reply.text(f"❌ Pengguna dashboard {username} tidak ditemukan.", code="not_found")
        return Reply.text(f"❌ {exc.message}.", code=exc.reason)
    name = decision.account["username"]
    if not decision.changed:
        state = "aktif" if approve else "nonaktif"
        return Reply.text(f"ℹ️ Akun dashboard {name} sudah {state}.", code="unchanged")
    if approve:
        reply = Reply.text(f"✅ Akun dashboard {name} disetujui.", code="dashboard_approved")
    else:
        reply = Reply.text(f"✅ Akun dashboard {name} ditolak.", code="dashboard_denied")
    return reply if decision.told else reply.and_text(NO_NUMBER)


@command("approvedash", "approvedash#<username>")
async def approvedash(ctx: StepContext, parts: list[str], text: str) -> Reply:
    return await _decide(ctx, parts, "approvedash", True)


@command("denydash", "denydash#<username>")
async def denydash(ctx: StepContext, parts: list[str], text: str) -> Reply:
    return await _decide(ctx, parts, "denydash", False)
