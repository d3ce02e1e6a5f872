"""Personnel self-registration (API-83, P2, off unless AUTH_USER_SELF_REGISTER=true).

The new member is stored inactive and without a role (*fixed*: the legacy route created active
personnel for anyone); the unit's operator numbers are asked to activate it in oprrequest. Field
rules are those of API-11.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.exc import IntegrityError

from core.accounts import fields
from core.accounts.dashboard_accounts import public_audit
from core.accounts.errors import invalid
from core.accounts.users import ensure_whatsapp_free
from core.config import Settings
from core.db import UnitOfWork
from core.outbox import OutboxError, enqueue_text

MISSING = "nrp, nama, dan client_id wajib diisi"
NRP_TAKEN = "nrp sudah terdaftar"
CLIENT_UNKNOWN = "client_id tidak ditemukan"
OPTIONAL_TEXT = ("divisi", "jabatan", "title")


def _text(body: Mapping[str, Any], name: str) -> str:
    value = body.get(name)
    if isinstance(value, dict | list):
        raise invalid(f"{name} tidak valid", name)
    return fields.as_text(value)


def operator_notice(member: Mapping[str, Any], client_name: str) -> str:
    return (
        "🆕 *Pendaftaran Personel Baru*\n"
        f"NRP/NIP: {member['user_id']}\n"
        f"Nama: {member['nama']}\n"
        f"Satker: {client_name} ({member['client_id']})\n"
        f"WhatsApp: {member['whatsapp'] or '-'}\n\n"
        "Akun ini belum aktif. Bila benar anggota satker Anda, aktifkan lewat *oprrequest* → "
        "Manajemen User → Ubah status user."
    )


async def register_member(
    uow: UnitOfWork, body: Mapping[str, Any], *, settings: Settings, request_id: str | None = None
) -> dict[str, Any]:
    """API-83: validate, insert `status` false, tell the unit's operators; the caller commits."""
    raw_nrp, nama, raw_client = _text(body, "nrp"), _text(body, "nama"), _text(body, "client_id")
    if not raw_nrp or not nama or not raw_client:
        raise invalid(MISSING)
    whatsapp = fields.phone(_text(body, "whatsapp"), "whatsapp", "whatsapp tidak valid")
    nrp = fields.new_nrp(raw_nrp, "nrp")
    member: dict[str, Any] = {"user_id": nrp, "nama": fields.text_field(nama, "nama"), "whatsapp": whatsapp}
    for name in OPTIONAL_TEXT:
        if _text(body, name):
            low, high = fields.TEXT_LIMITS[name]
            member[name] = fields.text_field(body[name], name, low, high)
        else:
            member[name] = ""
    if (await uow.execute('SELECT 1 FROM "user" WHERE user_id = :u', {"u": nrp})).first():
        raise invalid(NRP_TAKEN, "nrp")
    client = (
        await uow.execute(
            "SELECT client_id, nama, client_operator FROM clients WHERE UPPER(client_id) = :c AND client_status IS TRUE",
            {"c": raw_client.upper()[:100]},
        )
    ).first()
    if client is None:
        raise invalid(CLIENT_UNKNOWN, "client_id")
    member["client_id"] = client.client_id
    await ensure_whatsapp_free(uow, whatsapp, None)
    try:
        await uow.execute(
            'INSERT INTO "user" (user_id, nama, client_id, whatsapp, divisi, jabatan, title, status)'
            " VALUES (:user_id, :nama, :client_id, :whatsapp, :divisi, :jabatan, :title, FALSE)",
            member,
        )
    except IntegrityError:
        raise invalid(NRP_TAKEN, "nrp") from None  # a concurrent registration of the same NRP won
    await public_audit(
        uow, "user.self_register", "user", nrp, nrp,
        {**{k: [None, v] for k, v in member.items()}, "status": [None, False]}, request_id,
    )  # fmt: skip
    for phone in fields.phones_in(client.client_operator):
        try:
            await enqueue_text(
                uow, phone, operator_notice(member, client.nama or client.client_id), origin="api",
                idempotency_key=f"user_self_register:{nrp}:{phone}", settings=settings, client_id=client.client_id,
            )  # fmt: skip
        except OutboxError:
            continue  # one unusable operator number does not stop the others
    return member
