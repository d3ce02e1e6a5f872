"""Admin answers to premium requests: `grantsub#<id>`, `denysub#<id>` (mobile, JOB-71) and
`grantdashsub#<token>`, `denydashsub#<token>` (dashboard, JOB-71/JOB-75). CONV-181.

Registration (word, usage, admin-only gate) is done by `menus.admin_commands` with the other
commands; these handlers run in the message's unit of work, so the decision, its audit rows and
the member's notice are committed together or not at all.
"""

from __future__ import annotations

from core.accounts.access import Caller
from core.accounts.errors import AccountError
from core.premium import dashboard, mobile
from core.premium.notices import long_instant
from core.timefmt import tgl_panjang
from core.timewindow import now_utc, now_wib, today_wib
from menus.framework import Reply, StepContext

USAGE = {
    "grantsub": "grantsub#<id permintaan>",
    "denysub": "denysub#<id permintaan>",
    "grantdashsub": "grantdashsub#<token>",
    "denydashsub": "denydashsub#<token>",
}


def _usage(word: str) -> Reply:
    return Reply.text(f"ℹ️ Format: {USAGE[word]}", code="usage")


def _refused(exc: AccountError) -> Reply:
    code = {"not_found": "not_found", "conflict": "already_decided"}.get(exc.reason, exc.reason)
    return Reply.text(f"❌ {exc.message}.", code=code)


def _member_line(told: bool) -> str:
    return (
        "Anggota sudah diberi tahu lewat WhatsApp."
        if told
        else ("Anggota tidak memiliki nomor WhatsApp yang dapat dihubungi; tidak ada notifikasi terkirim.")
    )


async def grantsub(ctx: StepContext, parts: list[str], text: str) -> Reply:
    request_id = mobile.parse_request_id(parts[0]) if parts else None
    if request_id is None:
        return _usage("grantsub")
    now = now_wib()
    try:
        decision = await mobile.grant(
            ctx.uow, Caller.admin(actor_id=ctx.sender, channel="whatsapp"), request_id,
            now=now, today=today_wib(now), settings=ctx.settings,
        )  # fmt: skip
    except AccountError as exc:
        return _refused(exc)
    member = decision.member
    end = decision.end_date
    return Reply.text(
        f"✅ Permintaan premium #{request_id} disetujui.\n"
        f"{member.get('nama') or '-'} (NRP {member['user_id']}) premium sampai {tgl_panjang(end) if end else '-'}.\n"
        + _member_line(decision.member_told),
        code="premium_granted",
    )


async def denysub(ctx: StepContext, parts: list[str], text: str) -> Reply:
    request_id = mobile.parse_request_id(parts[0]) if parts else None
    if request_id is None:
        return _usage("denysub")
    try:
        decision = await mobile.deny(
            ctx.uow, Caller.admin(actor_id=ctx.sender, channel="whatsapp"), request_id,
            now=now_wib(), settings=ctx.settings,
        )  # fmt: skip
    except AccountError as exc:
        return _refused(exc)
    return Reply.text(
        f"✅ Permintaan premium #{request_id} ditolak.\n" + _member_line(decision.member_told),
        code="premium_denied",
    )


async def grantdashsub(ctx: StepContext, parts: list[str], text: str) -> Reply:
    token = dashboard.parse_token(parts[0]) if parts else None
    if token is None:
        return _usage("grantdashsub")
    try:
        decision = await dashboard.approve(
            ctx.uow, token, admin_phone=ctx.sender or "", now=now_utc(), settings=ctx.settings
        )
    except AccountError as exc:
        return _refused(exc)
    request = decision.request
    return Reply.text(
        f"✅ Permintaan premium dashboard #{request['request_id']} disetujui.\n"
        f"{request['username']}: tier {request['premium_tier'] or 'premium'} sampai "
        f"{long_instant(decision.expires_at) if decision.expires_at else '-'}.\n"
        + _member_line(decision.requester_told).replace("Anggota", "Pengguna dashboard"),
        code="dashboard_premium_granted",
    )


async def denydashsub(ctx: StepContext, parts: list[str], text: str) -> Reply:
    token = dashboard.parse_token(parts[0]) if parts else None
    if token is None:
        return _usage("denydashsub")
    try:
        decision = await dashboard.deny(
            ctx.uow, token, admin_phone=ctx.sender or "", now=now_utc(), settings=ctx.settings
        )
    except AccountError as exc:
        return _refused(exc)
    return Reply.text(
        f"✅ Permintaan premium dashboard #{decision.request['request_id']} ditolak.\n"
        + _member_line(decision.requester_told).replace("Anggota", "Pengguna dashboard"),
        code="dashboard_premium_denied",
    )
