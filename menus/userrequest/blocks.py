"""Personnel data blocks shown by the menus (CONV-69) and loading a person's record."""

from __future__ import annotations

from typing import Any

from core.accounts.users import USER_SELECT, fetch_user
from core.db import UnitOfWork
from core.phones import normalize_phone


def _v(value: Any) -> str:
    text = str(value).strip() if value is not None else ""
    return text or "-"


def _handle(value: Any) -> str:
    text = str(value or "").strip().lstrip("@")
    return f"@{text}" if text else "-"


def display_name(user: dict[str, Any]) -> str:
    return " ".join(
        p for p in (str(user.get("title") or "").strip(), str(user.get("nama") or "").strip()) if p
    )


def status_mark(user: dict[str, Any]) -> str:
    return "🔴 NONAKTIF" if user.get("status") is False else "🟢 AKTIF"


def identity_block(user: dict[str, Any]) -> str:
    """CONV-69: the personnel-facing identity block, exact labels."""
    lines = [
        "👤 *Identitas Anda*",
        "",
        f"*Nama Polres*: {_v(user.get('client_name') or user.get('client_id'))}",
        f"*Nama*     : {_v(user.get('nama'))}",
        f"*Pangkat*  : {_v(user.get('title'))}",
        f"*NRP/NIP*  : {_v(user.get('user_id'))}",
        f"*Satfung*  : {_v(user.get('divisi'))}",
        f"*Jabatan*  : {_v(user.get('jabatan'))}",
    ]
    if "ditbinmas" in (user.get("roles") or []):
        lines.append(f"*Desa Binaan* : {_v(user.get('desa'))}")
    lines.append(f"*Instagram*: {_handle(user.get('insta'))}")
    if user.get("insta_2"):  # CONV-98: the second slots are shown once filled
        lines.append(f"*Instagram Kedua*: {_handle(user.get('insta_2'))}")
    lines.append(f"*TikTok*   : {_handle(user.get('tiktok'))}")
    if user.get("tiktok_2"):
        lines.append(f"*TikTok Kedua*: {_handle(user.get('tiktok_2'))}")
    lines.append(f"*Status*   : {status_mark(user)}")
    return "\n".join(lines)


def data_block(user: dict[str, Any], *, admin: bool) -> str:
    """CONV-69: the operator/admin block adds WhatsApp, active roles, exception (and client for admins)."""
    lines = identity_block(user).split("\n")
    lines[0] = "👤 *Data Personel*"
    lines += [
        f"*WhatsApp* : {_v(user.get('whatsapp'))}",
        f"*Role Aktif*: {', '.join(user.get('roles') or []) or '-'}",
        f"*Exception*: {'Ya' if user.get('exception') else 'Tidak'}",
    ]
    if admin:
        lines.append(f"*Client*   : {_v(user.get('client_id'))}")
    return "\n".join(lines)


async def own_record(uow: UnitOfWork, phone: str | None) -> dict[str, Any] | None:
    """The record bound to the sender number (CONV-99); legacy stored forms count (CONV-30)."""
    if not phone:
        return None
    rows = (
        (
            await uow.execute(
                USER_SELECT
                + " WHERE RIGHT(regexp_replace(split_part(COALESCE(u.whatsapp, ''), '@', 1), '[^0-9]', '', 'g'), 9)"
                + " = :tail",
                {"tail": phone[-9:]},
            )
        )
        .mappings()
        .all()
    )
    matches = [dict(r) for r in rows if normalize_phone(r["whatsapp"] or "") == phone]
    matches.sort(key=lambda r: (r["whatsapp"] != phone, r.get("status") is False, r["user_id"]))
    return matches[0] if matches else None


async def load_user(uow: UnitOfWork, user_id: str) -> dict[str, Any] | None:
    return await fetch_user(uow, user_id)
