"""Client (`clients`) service: read in scope, create, partial update with allowlists, delete.

Rules: API-50 … API-58 (HTTP) and the client management of `clientrequest` / `removeclient#`
(CONV-144) — one implementation for both channels.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from core.accounts import fields
from core.accounts.access import Caller, client_read_scope
from core.accounts.audit import diff, write_audit
from core.accounts.errors import conflict as conflict_error
from core.accounts.errors import forbidden, invalid, not_found
from core.accounts.revocation import SessionRevoker
from core.db import UnitOfWork

CLIENT_NOT_FOUND = "Client not found"
CLIENT_TYPES = ("org", "direktorat", "polda")
STATUS_FLAGS = ("client_status", "client_insta_status", "client_tiktok_status", "client_amplify_status")
CLIENT_COLUMNS = (
    "client_id, nama, client_type, client_status, client_insta, client_insta_status, client_tiktok, "
    "client_tiktok_status, client_amplify_status, client_operator, client_group, regional_id, "
    "parent_client_id, client_level, tiktok_secuid, client_super, switch_satik, created_at, updated_at"
)
ADMIN_FIELDS = frozenset(
    {
        "nama",
        "client_type",
        "client_status",
        "client_operator",
        "client_super",
        "regional_id",
        "parent_client_id",
        "client_level",
        "tiktok_secuid",
    }
)
OPERATOR_FIELDS = frozenset(
    {
        "client_insta",
        "client_tiktok",
        "client_group",
        "client_insta_status",
        "client_tiktok_status",
        "client_amplify_status",
    }
)
IGNORED_FIELDS = frozenset(
    {"client_id", "created_at", "updated_at", "level", "tier", "premium_tier", "switch_satik"}
)
_REGIONAL = re.compile(r"^[A-Z0-9_]{1,20}$")


def client_object(row: Mapping[str, Any], *, reveal_operators: bool = True) -> dict[str, Any]:
    """API-50: every column; operator/super-admin numbers hidden from personnel and viewers."""
    data = dict(row)
    if not reveal_operators:
        data.pop("client_operator", None)
        data.pop("client_super", None)
    return data


def reveals_operators(caller: Caller) -> bool:
    return caller.kind in ("admin", "operator", "directorate")


async def fetch_client(uow: UnitOfWork, client_id: str, *, lock: bool = False) -> dict[str, Any] | None:
    sql = f"SELECT {CLIENT_COLUMNS} FROM clients WHERE UPPER(client_id) = :c"  # noqa: S608 - fixed columns
    row = (
        (await uow.execute(sql + (" FOR UPDATE" if lock else ""), {"c": fields.as_text(client_id).upper()}))
        .mappings()
        .first()
    )
    return dict(row) if row else None


async def list_clients(
    uow: UnitOfWork, caller: Caller, *, group: str | None = None, active_only: bool = False
) -> list[dict[str, Any]]:
    """API-51/52: clients in read scope ordered by id; `group` filters on the normalised group list."""
    if caller.kind == "personnel":
        raise forbidden()
    scope = await client_read_scope(uow, caller)
    sql = f"SELECT {CLIENT_COLUMNS} FROM clients WHERE TRUE"  # noqa: S608 - fixed columns
    params: dict[str, Any] = {}
    if scope is not None:
        sql += " AND UPPER(client_id) = ANY(:scope)"
        params["scope"] = sorted(scope)
    if active_only:
        sql += " AND client_status IS TRUE"
    rows = [dict(r) for r in (await uow.execute(sql + " ORDER BY client_id", params)).mappings()]
    if group:
        wanted = fields.group_id_or_none(group) or group.strip().lower()
        rows = [r for r in rows if wanted in fields.groups_in(r.get("client_group"))]
    reveal = reveals_operators(caller)
    return [client_object(r, reveal_operators=reveal) for r in rows]


async def get_client(uow: UnitOfWork, caller: Caller, client_id: Any) -> dict[str, Any]:
    """API-54: unknown → 404, outside read scope → 403. Personnel read their client only through
    `/api/clients/profile` (API-41), so this read, its `/users` and `/summary` are 403 for them."""
    if caller.kind == "personnel":
        raise forbidden()
    client = await fetch_client(uow, fields.as_text(client_id))
    if client is None:
        raise not_found(CLIENT_NOT_FOUND)
    scope = await client_read_scope(uow, caller)
    if scope is not None and client["client_id"].upper() not in scope:
        raise forbidden()
    return client_object(client, reveal_operators=reveals_operators(caller))


async def _parent_ok(uow: UnitOfWork, client_id: str, parent: str) -> str:
    found = await fetch_client(uow, parent)
    if found is None:
        raise invalid("parent_client_id tidak ditemukan", "parent_client_id")
    if found["client_id"].upper() == client_id.upper():
        raise invalid("parent_client_id tidak boleh client itu sendiri", "parent_client_id")
    # Walk up from the new parent; meeting this client again would close a cycle.
    seen, current = set(), found.get("parent_client_id")
    while current and current.upper() not in seen:
        if current.upper() == client_id.upper():
            raise invalid("parent_client_id membentuk siklus", "parent_client_id")
        seen.add(current.upper())
        row = await fetch_client(uow, current)
        current = row.get("parent_client_id") if row else None
    return found["client_id"]


async def validate_client_fields(uow: UnitOfWork, client_id: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """Normalise the writable fields present in `data` (API-56 rules)."""
    values: dict[str, Any] = {}
    for key, raw in data.items():
        text = fields.as_text(raw)
        if key == "nama":
            if not 2 <= len(text) <= 120:
                raise invalid("nama harus 2-120 karakter", key)
            values[key] = text
        elif key == "client_type":
            if text.lower() not in CLIENT_TYPES:
                raise invalid("client_type tidak valid", key)
            values[key] = text.lower()
        elif key in STATUS_FLAGS:
            values[key] = fields.boolean(raw, key)
        elif key in ("client_operator", "client_super"):
            values[key] = fields.phone_list(raw, key)
        elif key == "client_group":
            values[key] = fields.group_list(raw, key)
        elif key == "regional_id":
            if text and not _REGIONAL.match(text.upper()):
                raise invalid("regional_id tidak valid", key)
            values[key] = text.upper() or None
        elif key == "parent_client_id":
            values[key] = await _parent_ok(uow, client_id, text) if text else None
        elif key == "client_level":
            if len(text) > 30:
                raise invalid("client_level maksimal 30 karakter", key)
            values[key] = text or None
        elif key == "tiktok_secuid":
            if len(text) > 200:
                raise invalid("tiktok_secuid maksimal 200 karakter", key)
            values[key] = text
        elif key == "client_insta":
            values[key] = fields.handle(raw, "instagram", key) if text else ""
        elif key == "client_tiktok":
            values[key] = fields.handle(raw, "tiktok", key) if text else ""
    return values


async def create_client(
    uow: UnitOfWork, caller: Caller, data: Mapping[str, Any], *, request_id: str | None = None
) -> dict[str, Any]:
    """API-55 / clientrequest "tambah client" (admin)."""
    if not caller.is_admin:
        raise forbidden()
    client_id = fields.client_id(data.get("client_id"))
    for required in ("nama", "client_type"):
        if not fields.as_text(data.get(required)):
            raise invalid(f"{required} wajib diisi", required)
    if await fetch_client(uow, client_id) is not None:
        raise conflict_error("client_id sudah terdaftar")
    unknown = [k for k in data if k not in ADMIN_FIELDS | OPERATOR_FIELDS | IGNORED_FIELDS]
    if unknown:
        raise invalid(f"Field tidak dikenal: {unknown[0]}", unknown[0])
    values = await validate_client_fields(
        uow, client_id, {k: v for k, v in data.items() if k in ADMIN_FIELDS | OPERATOR_FIELDS}
    )
    row: dict[str, Any] = {
        "client_id": client_id,
        "client_status": True,
        "client_insta_status": True,
        "client_tiktok_status": True,
        "client_amplify_status": True,
        "client_insta": "",
        "client_tiktok": "",
        "client_operator": "",
        "client_group": "",
        "client_super": "",
        "tiktok_secuid": "",
        "regional_id": None,
        "parent_client_id": None,
        "client_level": None,
        **values,
    }
    columns = ", ".join(row)
    placeholders = ", ".join(f":{k}" for k in row)
    await uow.execute(f"INSERT INTO clients ({columns}) VALUES ({placeholders})", row)  # noqa: S608 - fixed keys
    await write_audit(
        uow, caller, "client.create", "client", client_id, {k: [None, v] for k, v in row.items()}, request_id
    )
    await uow.commit()
    return client_object(await fetch_client(uow, client_id) or {})


async def update_client(
    uow: UnitOfWork,
    caller: Caller,
    client_id: Any,
    data: Mapping[str, Any],
    *,
    sessions: SessionRevoker | None = None,
    request_id: str | None = None,
) -> dict[str, Any]:
    """API-56: partial update; admin writes every field, operator/directorate the operator fields of
    their own clients; a known field the caller may not write → 403, an unknown key → 400."""
    if caller.kind not in ("admin", "operator", "directorate"):
        raise forbidden()
    client = await fetch_client(uow, fields.as_text(client_id), lock=True)
    if client is None:
        raise not_found(CLIENT_NOT_FOUND)
    if not caller.in_scope(client["client_id"]):
        raise forbidden()
    writable = ADMIN_FIELDS | OPERATOR_FIELDS if caller.is_admin else OPERATOR_FIELDS
    for key in data:
        if key in IGNORED_FIELDS:
            continue
        if key in ADMIN_FIELDS | OPERATOR_FIELDS:
            if key not in writable:
                raise forbidden(f"Field tidak diizinkan: {key}")
        else:
            raise invalid(f"Field tidak dikenal: {key}", key)
    values = await validate_client_fields(
        uow, client["client_id"], {k: v for k, v in data.items() if k in writable}
    )
    changed = {k: v for k, v in values.items() if client.get(k) != v}
    if "client_tiktok" in changed:
        # API-56: a new official TikTok account invalidates the stored secUid.
        changed["tiktok_secuid"] = ""
    if changed:
        sets = ", ".join(f"{k} = :{k}" for k in changed)
        await uow.execute(
            f"UPDATE clients SET {sets}, updated_at = NOW() WHERE client_id = :_id",  # noqa: S608 - allowlisted keys
            {**changed, "_id": client["client_id"]},
        )
        await write_audit(
            uow, caller, "client.update", "client", client["client_id"], diff(client, changed), request_id
        )
    await uow.commit()
    if sessions is not None and (changed.get("client_status") is False or "client_operator" in changed):
        await sessions.revoke_client(
            client["client_id"],
            "client_deactivated" if changed.get("client_status") is False else "operator_changed",
        )
    return client_object(await fetch_client(uow, client["client_id"]) or {})


async def delete_client(
    uow: UnitOfWork,
    caller: Caller,
    client_id: Any,
    *,
    sessions: SessionRevoker | None = None,
    request_id: str | None = None,
) -> dict[str, Any]:
    """API-57 / CONV-144: refused while the client has personnel; otherwise one transaction."""
    if not caller.is_admin:
        raise forbidden()
    client = await fetch_client(uow, fields.as_text(client_id), lock=True)
    if client is None:
        raise not_found(CLIENT_NOT_FOUND)
    cid = client["client_id"]
    count = (await uow.execute('SELECT COUNT(*) FROM "user" WHERE client_id = :c', {"c": cid})).scalar() or 0
    if count:
        raise conflict_error(
            f"Client masih memiliki {count} personil. Pindahkan personil ke client lain atau nonaktifkan client saja."
        )
    # Rows keyed by the client id without a foreign key go in the same transaction.
    await uow.execute("DELETE FROM task_post_exclusions WHERE client_id = :c", {"c": cid.strip().lower()})
    for table in ("insta_post_clients", "wa_notification_scheduler_state", "wa_notification_reminder_state"):
        await uow.execute(f"DELETE FROM {table} WHERE UPPER(TRIM(client_id)) = :c", {"c": cid.upper()})  # noqa: S608
    await uow.execute("UPDATE clients SET parent_client_id = NULL WHERE parent_client_id = :c", {"c": cid})
    await uow.execute("DELETE FROM clients WHERE client_id = :c", {"c": cid})
    await write_audit(uow, caller, "client.delete", "client", cid, {"client_id": [cid, None]}, request_id)
    await uow.commit()
    if sessions is not None:
        await sessions.revoke_client(cid, "client_deleted")
    return client_object(client)


async def client_summary(uow: UnitOfWork, caller: Caller, client_id: Any) -> dict[str, Any]:
    """API-58 summary: active members, stored posts, total likes and comments of the client."""
    client = await get_client(uow, caller, client_id)
    cid = client["client_id"]
    from core.accounts.users import client_members

    members = await client_members(uow, client)
    row = (
        (
            await uow.execute(
                """
            SELECT
              (SELECT COUNT(*) FROM insta_post WHERE UPPER(client_id) = :c) AS insta_post_count,
              (SELECT COUNT(*) FROM tiktok_post WHERE UPPER(client_id) = :c) AS tiktok_post_count,
              (SELECT COALESCE(SUM(CASE WHEN jsonb_typeof(l.likes) = 'array' THEN jsonb_array_length(l.likes) ELSE 0 END), 0)
                 FROM insta_like l JOIN insta_post p ON p.shortcode = l.shortcode WHERE UPPER(p.client_id) = :c)
                 AS total_insta_likes,
              (SELECT COALESCE(SUM(CASE WHEN jsonb_typeof(k.comments) = 'array' THEN jsonb_array_length(k.comments) ELSE 0 END), 0)
                 FROM tiktok_comment k JOIN tiktok_post t ON t.video_id = k.video_id WHERE UPPER(t.client_id) = :c)
                 AS total_tiktok_comments
            """,
                {"c": cid.upper()},
            )
        )
        .mappings()
        .one()
    )
    return {"client": client, "user_count": len(members), **{k: int(v) for k, v in row.items()}}
