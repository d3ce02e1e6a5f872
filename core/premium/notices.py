"""Who hears about premium changes, and the Indonesian texts they get.

Every notice goes through the outbox with a key derived from the row it is about (never from the
run or the request), so a retried request, a repeated command or a job re-run enqueues nothing new
(DLV-5). An unusable number never blocks the change it reports: the notice is skipped and the
caller says so.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any

from core.alerts import admin_numbers
from core.config import Settings
from core.db import UnitOfWork
from core.outbox import OutboxError, enqueue_text
from core.timefmt import hari_tanggal, jam, tgl_panjang


async def tell(
    uow: UnitOfWork,
    chat: str | None,
    text: str,
    *,
    key: str,
    origin: str,
    settings: Settings,
    job_run_id: int | None = None,
) -> bool:
    """Queue one notice; False when there is no usable number (nothing is queued then)."""
    if not chat:
        return False
    try:
        await enqueue_text(
            uow, chat, text, origin=origin, idempotency_key=key, settings=settings, job_run_id=job_run_id
        )
    except OutboxError:
        return False
    return True


async def tell_admins(
    uow: UnitOfWork, text: str, *, key: str, origin: str, settings: Settings, job_run_id: int | None = None
) -> int:
    sent = 0
    for phone in sorted(admin_numbers(settings)):
        if await tell(
            uow, phone, text, key=f"{key}:{phone}", origin=origin, settings=settings, job_run_id=job_run_id
        ):
            sent += 1
    return sent


def proof_digest(url: str) -> str:
    """A short stable digest of a proof link: a new link is news for the admins, the same one is not."""
    return hashlib.sha256(url.encode()).hexdigest()[:16]


def _dash(value: Any) -> str:
    text = str(value).strip() if value is not None else ""
    return text or "-"


def long_instant(at: datetime) -> str:
    """JOB-74: long Indonesian date and `HH.MM` WIB."""
    return f"{hari_tanggal(at)} pukul {jam(at)} WIB"


# --- mobile premium (API-85, JOB-71, JOB-72) -------------------------------------------------------


def mobile_proof_for_admins(request: dict[str, Any], member: dict[str, Any]) -> str:
    rid = request["request_id"]
    return (
        f"💳 *Permintaan Premium #{rid}*\n"
        f"Anggota: {_dash(member.get('nama'))} (NRP {_dash(member.get('user_id'))})\n"
        f"Satker: {_dash(member.get('client_id'))}\n"
        f"Pengirim: {_dash(request.get('sender_name'))}\n"
        f"Bank: {_dash(request.get('bank_name'))}\n"
        f"No. rekening: {_dash(request.get('account_number'))}\n"
        f"Bukti transfer: {_dash(request.get('screenshot_url'))}\n\n"
        f"Balas *grantsub#{rid}* untuk menyetujui atau *denysub#{rid}* untuk menolak."
    )


def mobile_granted(request_id: int, end_date: date) -> str:
    return (
        f"✅ *Premium Cicero aktif*\nPermintaan premium #{request_id} Anda telah disetujui.\n"
        f"Akses premium berlaku sampai {tgl_panjang(end_date)}. Terima kasih."
    )


def mobile_denied(request_id: int) -> str:
    return (
        f"❌ *Permintaan premium ditolak*\nPermintaan premium #{request_id} Anda belum dapat disetujui.\n"
        "Silakan periksa kembali bukti transfer Anda atau hubungi admin, lalu ajukan lagi dari aplikasi."
    )


def mobile_expired(end_date: date) -> str:
    return (
        f"🔔 *Premium Cicero berakhir*\nMasa akses premium Anda berakhir pada {tgl_panjang(end_date)}.\n"
        "Untuk memperpanjang, ajukan permintaan premium baru dari aplikasi Cicero."
    )


# --- dashboard premium (JOB-74..JOB-76) -----------------------------------------------------------


def dashboard_proof_for_admins(request: dict[str, Any]) -> str:
    token = request["request_token"]
    amount = request.get("transfer_amount")
    return (
        f"💳 *Permintaan Premium Dashboard #{request['request_id']}*\n"
        f"Pengguna: {_dash(request.get('username'))}\n"
        f"Klien: {_dash(request.get('client_id'))}\n"
        f"Tier: {_dash(request.get('premium_tier'))}\n"
        f"Pengirim: {_dash(request.get('sender_name'))}\n"
        f"Bank: {_dash(request.get('bank_name'))}\n"
        f"No. rekening: {_dash(request.get('account_number'))}\n"
        + (f"Nominal: {amount}\n" if amount is not None else "")
        + f"Bukti transfer: {_dash(request.get('proof_url'))}\n\n"
        f"Balas *grantdashsub#{token}* untuk menyetujui atau *denydashsub#{token}* untuk menolak."
    )


def dashboard_approved(request_id: int, tier: str, expires_at: datetime) -> str:
    return (
        f"✅ *Langganan dashboard aktif*\nPermintaan premium dashboard #{request_id} telah disetujui.\n"
        f"Tier: {tier}\nBerlaku sampai {long_instant(expires_at)}. Silakan login ulang ke dashboard."
    )


def dashboard_denied(request_id: int) -> str:
    return (
        f"❌ *Permintaan premium dashboard ditolak*\nPermintaan #{request_id} belum dapat disetujui.\n"
        "Silakan hubungi admin atau ajukan kembali dengan bukti transfer yang benar."
    )


def subscription_expired(tier: str, expires_at: datetime) -> str:
    return (
        f"🔔 *Langganan dashboard berakhir*\nTier: {_dash(tier)}\nBerakhir: {long_instant(expires_at)}\n"
        "Hubungi admin untuk memperpanjang langganan."
    )


def dashboard_request_expired(request_id: int, tier: str | None) -> str:
    return (
        f"⏰ *Permintaan premium dashboard kedaluwarsa*\nPermintaan #{request_id} (tier {_dash(tier)}) "
        "tidak diproses sampai batas waktunya.\nSilakan ajukan permintaan baru bila masih diperlukan."
    )


def dashboard_requests_expired_for_admins(rows: list[dict[str, Any]]) -> str:
    lines = [f"⏰ {len(rows)} dashboard premium request kedaluwarsa"]
    for r in rows:
        lines.append(f"- {_dash(r.get('username') or r.get('dashboard_user_id'))} · {r['request_token']}")
        lines.append(
            f"  {_dash(r.get('client_id'))} | {_dash(r.get('premium_tier'))} | {_dash(r.get('whatsapp'))}"
        )
    return "\n".join(lines)
