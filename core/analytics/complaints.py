"""Complaint responses from the dashboard (API-84 `POST /api/dashboard/komplain/{insta,tiktok}`).

A dashboard user answers a member's complaint; the answer reaches the member the way a complaint
follow-up does on WhatsApp (CONV-209): the bound number through the outbox, else the e-mail
outbox, else nothing is written and the caller is told. Validation runs before any write, so a
rejected request leaves no row behind.
"""

from __future__ import annotations

from typing import Any, Literal

from core.accounts import fields, users
from core.accounts.access import Caller
from core.accounts.errors import forbidden, invalid, not_found
from core.db import UnitOfWork
from core.email.messages import complaint_mail
from core.email.outbox import enqueue_email
from core.outbox import enqueue_text
from core.phones import normalize_phone, phone_to_jid

Platform = Literal["instagram", "tiktok"]
MAX_TEXT = 2000
LABEL = {"instagram": "Instagram", "tiktok": "TikTok"}
# Readers of the dashboard (pemantau) and members themselves answer nobody's complaint.
WRITERS = ("admin", "operator", "directorate")


def _text(body: dict[str, Any], names: tuple[str, ...], label: str, required: bool) -> str:
    value = ""
    for name in names:
        value = fields.as_text(body.get(name)).strip()
        if value:
            break
    if required and not value:
        raise invalid(f"{label} wajib diisi", names[0])
    if len(value) > MAX_TEXT:
        raise invalid(f"{label} maksimal {MAX_TEXT} karakter", names[0])
    return value


def compose(platform: Platform, user: dict[str, Any], issue: str, solution: str) -> str:
    """The member-facing message (Indonesian, WhatsApp markup)."""
    lines = [
        f"📋 *Respon Komplain {LABEL[platform]}*",
        "",
        f"NRP/NIP: {user['user_id']}",
        f"Nama: {user.get('nama') or '-'}",
    ]
    if issue:
        lines += ["", "*Kendala*", issue]
    lines += ["", "*Tindak Lanjut*", solution, "", "Terima kasih."]
    return "\n".join(lines)


async def respond(
    uow: UnitOfWork, caller: Caller, platform: Platform, body: dict[str, Any], request_id: str
) -> list[dict[str, Any]]:
    """Queue the response; returns the per-target delivery status (`data` of API-84)."""
    if caller.kind not in WRITERS:
        raise forbidden()
    nrp = fields.lookup_nrp(body.get("nrp") or body.get("user_id"))
    if not nrp:
        raise invalid("nrp wajib diisi", "nrp")
    issue = _text(body, ("kendala", "issue"), "kendala", required=False)
    solution = _text(body, ("solusi", "solution", "response", "pesan"), "solusi", required=True)
    user = await users.fetch_user(uow, nrp)
    if user is None:
        raise not_found("User tidak ditemukan")
    if not await users.can_see(uow, caller, user):
        raise forbidden()
    text = compose(platform, user, issue, solution)
    key = f"komplain:{platform}:{request_id}"
    bound = normalize_phone(user.get("whatsapp"))
    if bound is not None:
        ids = await enqueue_text(
            uow, phone_to_jid(bound), text, origin="api", idempotency_key=key, client_id=user.get("client_id")
        )
        return [{"target": "whatsapp", "to": bound, "status": "queued", "outbox_ids": ids}]
    email = (user.get("email") or "").strip()
    if email:
        mail_id = await enqueue_email(
            uow, email, complaint_mail(user.get("nama") or nrp, text), origin="complaint", idempotency_key=key
        )
        return [{"target": "email", "to": email.lower(), "status": "queued", "email_id": mail_id}]
    raise invalid(
        "Personel belum memiliki nomor WhatsApp atau e-mail terdaftar; respon tidak dapat dikirim.", "nrp"
    )
