"""API-86: the Satbinmas official accounts of a client (list, with media, upsert, delete).

Read and write scope are the client scope of `core.accounts.clients.get_client` (admin: every
client; operator: own clients; directorate: own clients and their region); personnel and viewers
never write. Errors are typed `AccountError`s, so the HTTP layer maps them in one place (API-3).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from core.accounts import clients
from core.accounts.access import Caller
from core.accounts.errors import conflict, forbidden, invalid, not_found
from core.db import UnitOfWork
from core.satbinmas.accounts import PLATFORMS

NOT_FOUND = "Satbinmas official account not found"
_ACCOUNT_COLUMNS = (
    "satbinmas_account_id, client_id, platform, username, secuid, display_name, profile_url, is_active,"
    " is_verified, created_at, updated_at"
)
MEDIA_LIMIT = 50  # newest items per account in `…/data`


def _account(row: Any) -> dict[str, Any]:
    out = dict(row._mapping)
    out["satbinmas_account_id"] = str(out["satbinmas_account_id"])
    return out


async def _readable(uow: UnitOfWork, caller: Caller, client_id: str) -> dict[str, Any]:
    return await clients.get_client(uow, caller, client_id)  # 404 unknown, 403 out of scope


async def _writable(uow: UnitOfWork, caller: Caller, client_id: str) -> dict[str, Any]:
    if caller.kind not in ("admin", "operator", "directorate"):
        raise forbidden()
    return await _readable(uow, caller, client_id)


async def list_accounts(uow: UnitOfWork, caller: Caller, client_id: str) -> list[dict[str, Any]]:
    client = await _readable(uow, caller, client_id)
    rows = await uow.execute(
        f"SELECT {_ACCOUNT_COLUMNS} FROM satbinmas_official_accounts"  # noqa: S608 - fixed columns
        " WHERE upper(btrim(client_id)) = :c ORDER BY lower(platform)",
        {"c": client["client_id"].strip().upper()},
    )
    return [_account(r) for r in rows]


async def accounts_with_media(uow: UnitOfWork, caller: Caller, client_id: str) -> dict[str, Any]:
    """`{"client": {client_id, nama}, "accounts": [{…, "media": [newest first]}]}`."""
    client = await _readable(uow, caller, client_id)
    accounts = await list_accounts(uow, caller, client_id)
    for account in accounts:
        rows = await uow.execute(
            "SELECT * FROM satbinmas_official_media WHERE satbinmas_account_id = CAST(:a AS uuid)"
            " ORDER BY taken_at DESC, media_id LIMIT :n",
            {"a": account["satbinmas_account_id"], "n": MEDIA_LIMIT},
        )
        account["media"] = [
            {k: (str(v) if k.endswith("_id") and isinstance(v, UUID) else v) for k, v in r._mapping.items()}
            for r in rows
        ]
    return {"client": {"client_id": client["client_id"], "nama": client.get("nama")}, "accounts": accounts}


def _text(body: dict[str, Any], *names: str) -> str | None:
    for name in names:
        value = body.get(name)
        if value is not None:
            if not isinstance(value, str):
                raise invalid(f"{name} must be a string", name)
            return value.strip() or None
    return None


def _flag(body: dict[str, Any], name: str, default: bool) -> bool:
    value = body.get(name, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise invalid(f"{name} must be a boolean value", name)
    return value


async def upsert_account(
    uow: UnitOfWork, caller: Caller, client_id: str, body: dict[str, Any]
) -> tuple[dict[str, Any], bool]:
    """PUT: one account per (client, lower-cased platform); returns (account, created)."""
    client = await _writable(uow, caller, client_id)
    cid = client["client_id"]
    platform = (_text(body, "platform") or "").lower()
    if not platform:
        raise invalid("platform is required", "platform")
    if platform not in PLATFORMS:
        raise invalid("platform must be instagram or tiktok", "platform")
    username = (_text(body, "username") or "").lstrip("@").strip()
    if not username:
        raise invalid("username is required", "username")
    values = {
        "c": cid,
        "p": platform,
        "u": username,
        "s": _text(body, "secUid", "secuid"),
        "n": _text(body, "display_name"),
        "url": _text(body, "profile_url"),
        "active": _flag(body, "is_active", True),
        "verified": _flag(body, "is_verified", False),
    }
    taken = (
        await uow.execute(
            "SELECT 1 FROM satbinmas_official_accounts WHERE lower(platform) = :p"
            " AND lower(btrim(username)) = lower(:u) AND upper(btrim(client_id)) <> upper(:c)",
            values,
        )
    ).first()
    if taken is not None:
        raise conflict("username already exists for this platform")
    existing = (
        await uow.execute(
            "SELECT satbinmas_account_id FROM satbinmas_official_accounts"
            " WHERE upper(btrim(client_id)) = upper(:c) AND lower(platform) = :p",
            values,
        )
    ).first()
    if existing is None:
        row = (
            await uow.execute(
                "INSERT INTO satbinmas_official_accounts (client_id, platform, username, secuid, display_name,"  # noqa: S608
                " profile_url, is_active, is_verified) VALUES (:c, :p, :u, :s, :n, :url, :active, :verified)"
                f" RETURNING {_ACCOUNT_COLUMNS}",
                values,
            )
        ).one()
    else:
        row = (
            await uow.execute(
                "UPDATE satbinmas_official_accounts SET platform = :p, username = :u,"  # noqa: S608
                " secuid = coalesce(:s, secuid), display_name = :n, profile_url = :url, is_active = :active,"
                " is_verified = :verified, updated_at = now() WHERE satbinmas_account_id = :id"
                f" RETURNING {_ACCOUNT_COLUMNS}",
                {**values, "id": existing.satbinmas_account_id},
            )
        ).one()
    await uow.commit()
    return _account(row), existing is None


async def delete_account(uow: UnitOfWork, caller: Caller, client_id: str, account_id: str) -> dict[str, Any]:
    client = await _writable(uow, caller, client_id)
    try:
        uid = UUID(str(account_id).strip())
    except ValueError:
        raise not_found(NOT_FOUND) from None
    row = (
        await uow.execute(
            f"DELETE FROM satbinmas_official_accounts WHERE satbinmas_account_id = :id"  # noqa: S608
            f" AND upper(btrim(client_id)) = :c RETURNING {_ACCOUNT_COLUMNS}",
            {"id": uid, "c": client["client_id"].strip().upper()},
        )
    ).first()
    if row is None:
        raise not_found(NOT_FOUND)  # also another client's account
    await uow.commit()
    return _account(row)
