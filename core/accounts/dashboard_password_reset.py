"""Dashboard password reset (API-82): a one-time token to the account's own WhatsApp number, then a
new password with it.

The request answers the same whatever it finds, so it never tells which usernames exist; only a
username whose stored number matches the contact gets a token. The token is 32 random bytes; only
its SHA-256 is stored, and it never reaches a log line. Confirming sets the new hash, spends every
open token of the account and ends all its sessions (API-14), in one unit of work.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from core.accounts import fields
from core.accounts.dashboard_accounts import public_audit
from core.accounts.errors import invalid
from core.auth.passwords import hash_password_off_loop, password_problem
from core.auth.ratelimit import RateLimiter
from core.config import Settings
from core.db import UnitOfWork
from core.outbox import OutboxError, enqueue_text

REQUEST_MISSING = "username dan kontak wajib diisi"
BAD_CONTACT = "kontak whatsapp tidak valid"
REQUEST_ANSWER = "Jika data cocok, instruksi reset password dikirim melalui WhatsApp."
CONFIRM_MISSING = "token, password, dan konfirmasi wajib diisi"
MISMATCH = "konfirmasi password tidak cocok"
BAD_TOKEN = "token reset tidak valid atau sudah kedaluwarsa"
CONFIRMED = "Password berhasil diperbarui. Silakan login kembali."
DEFAULT_BASE = "https://papiqo.com"
HOUR = 3600


def _text(body: Mapping[str, Any], name: str) -> str:
    value = body.get(name)
    return "" if isinstance(value, dict | list) else fields.as_text(value)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def reset_link(settings: Settings, token: str) -> str:
    """`<base>/reset-password?token=…`: base from DASHBOARD_PASSWORD_RESET_URL, else DASHBOARD_URL, else
    the default; a trailing `/` trimmed and `/reset-password` not doubled."""
    base = (
        (settings.dashboard_password_reset_url or settings.dashboard_url or DEFAULT_BASE).strip().rstrip("/")
    )
    if not base.endswith("/reset-password"):
        base += "/reset-password"
    return f"{base}?token={token}"


def reset_message(settings: Settings, username: str, token: str) -> str:
    minutes = settings.dashboard_reset_token_expiry_minutes
    return (
        "🔐 *Reset Password Dashboard*\n"
        f"Username: {username}\n"
        f"Buka tautan berikut untuk membuat password baru (berlaku {minutes} menit):\n"
        f"{reset_link(settings, token)}\n\n"
        "Atau salin token ini ke halaman reset password:\n"
        f"{token}\n\n"
        "Abaikan pesan ini bila Anda tidak meminta reset password."
    )


async def request_reset(
    uow: UnitOfWork, body: Mapping[str, Any], *, ip: str, limiter: RateLimiter, settings: Settings,
    now: datetime, request_id: str | None = None,
) -> None:  # fmt: skip
    """API-82 request; the caller commits and answers REQUEST_ANSWER whenever this returns."""
    username, contact = _text(body, "username"), _text(body, "contact")
    if not username or not contact:
        raise invalid(REQUEST_MISSING)
    phone = fields.phone(contact, "contact", BAD_CONTACT)
    await limiter.hit("reset_req", f"ip:{ip}", settings.reset_limit_per_ip_hour, HOUR)
    await limiter.hit("reset_req", f"user:{username.lower()[:100]}", settings.reset_limit_per_user_hour, HOUR)
    account = (
        await uow.execute(
            "SELECT dashboard_user_id::text AS id, username, whatsapp FROM dashboard_user"
            " WHERE LOWER(username) = LOWER(:u) AND status IS TRUE FOR UPDATE",
            {"u": username},
        )
    ).first()
    stored = fields.phones_in(account.whatsapp) if account else []
    if account is None or not stored or stored[0] != phone:
        return
    await uow.execute(
        "UPDATE dashboard_password_resets SET used_at = :now, updated_at = :now"
        " WHERE dashboard_user_id = CAST(:id AS UUID) AND used_at IS NULL",
        {"now": now, "id": account.id},
    )
    token = secrets.token_urlsafe(32)
    await uow.execute(
        "INSERT INTO dashboard_password_resets (dashboard_user_id, delivery_target, reset_token, expires_at)"
        " VALUES (CAST(:id AS UUID), :target, :hash, :expires)",
        {
            "id": account.id,
            "target": contact,
            "hash": token_hash(token),
            "expires": now + timedelta(minutes=settings.dashboard_reset_token_expiry_minutes),
        },
    )
    await public_audit(
        uow, "dashboard_user.password_reset_request", "dashboard_user", account.id, account.username,
        {"reset_token": ["***", "***"]}, request_id,
    )  # fmt: skip
    try:
        await enqueue_text(
            uow, stored[0], reset_message(settings, account.username, token), origin="api",
            idempotency_key=f"dashboard_reset:{token_hash(token)}", settings=settings,
        )  # fmt: skip
    except OutboxError:
        return  # an unusable stored number: the answer stays the same


async def confirm_reset(
    uow: UnitOfWork, body: Mapping[str, Any], *, now: datetime, request_id: str | None = None
) -> str:
    """API-82 confirm; returns the dashboard user id whose password changed. The caller commits, then
    ends that account's sessions (API-14), so a failed commit leaves everything as it was."""
    token, password = _text(body, "token"), body.get("password")
    confirmation = body.get("confirmPassword", body.get("password_confirmation"))
    if not token or not password or not confirmation:
        raise invalid(CONFIRM_MISSING)
    if not isinstance(password, str) or not isinstance(confirmation, str):
        raise invalid("password tidak valid", "password")
    if password != confirmation:
        raise invalid(MISMATCH, "confirmPassword")
    problem = password_problem(password, "")  # the length rules; the username rule once it is known
    if problem:
        raise invalid(problem, "password")
    row = (
        await uow.execute(
            "SELECT r.reset_id::text AS reset_id, d.dashboard_user_id::text AS id, d.username"
            " FROM dashboard_password_resets r JOIN dashboard_user d ON d.dashboard_user_id = r.dashboard_user_id"
            " WHERE r.reset_token = :hash AND r.used_at IS NULL AND r.expires_at > :now"
            " FOR UPDATE OF r, d",
            {"hash": token_hash(token[:200]), "now": now},
        )
    ).first()
    if row is None:
        raise invalid(BAD_TOKEN, "token")
    problem = password_problem(password, row.username)
    if problem:
        raise invalid(problem, "password")
    await uow.execute(
        "UPDATE dashboard_user SET password_hash = :h, password_changed_at = :now"
        " WHERE dashboard_user_id = CAST(:id AS UUID)",
        {"h": await hash_password_off_loop(password), "now": now, "id": row.id},
    )
    await uow.execute(
        "UPDATE dashboard_password_resets SET used_at = :now, updated_at = :now"
        " WHERE dashboard_user_id = CAST(:id AS UUID) AND used_at IS NULL",
        {"now": now, "id": row.id},
    )
    await public_audit(
        uow, "dashboard_user.password_reset", "dashboard_user", row.id, row.username,
        {"password": ["***", "***"]}, request_id,
    )  # fmt: skip
    return row.id
