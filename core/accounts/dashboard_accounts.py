"""Dashboard accounts: self-registration (API-80) and the admin's approval or rejection, which is one
decision whether it comes over REST (API-81) or WhatsApp (`approvedash#` / `denydash#`, CONV-181).

A registration creates the account with `status` false and asks the admins to decide; the decision
sets `status`, a rejection ends the account's sessions (API-14), each change writes an audit row
and the account's WhatsApp number is told through the outbox. Refusals are `AccountError`s, turned
into a 4xx or a chat reply by the entry point.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError

from core.accounts import fields
from core.accounts.access import Caller
from core.accounts.audit import write_audit
from core.accounts.errors import forbidden, invalid, not_found
from core.alerts import admin_numbers
from core.auth.passwords import hash_password_off_loop, password_problem
from core.auth.sessions import SessionStore
from core.config import Settings
from core.db import UnitOfWork
from core.outbox import OutboxError, enqueue_text
from core.timewindow import record_now

USERNAME_RE = re.compile(r"^[A-Za-z0-9._-]{3,50}$")  # API-80
MISSING = "username, password, dan whatsapp wajib diisi"
USER_NOT_FOUND = "User not found"  # API-81
MAX_CLIENTS = 200  # far above any real unit list; bounds the lookups one request can cause
_ACCOUNT = """
    SELECT d.dashboard_user_id::text AS dashboard_user_id, d.username, d.role_id, LOWER(r.role_name) AS role,
           d.status, d.whatsapp, d.premium_status, d.premium_tier, d.premium_expires_at, d.last_login_at,
           d.password_changed_at, d.created_at, d.updated_at,
           COALESCE(ARRAY(SELECT c.client_id FROM dashboard_user_clients c
                          WHERE c.dashboard_user_id = d.dashboard_user_id ORDER BY c.client_id), '{}') AS client_ids
      FROM dashboard_user d LEFT JOIN roles r ON r.role_id = d.role_id
"""


@dataclass(frozen=True)
class Decision:
    account: dict[str, Any]  # the dashboard user, without password_hash
    changed: bool  # False when the account already had that status
    told: bool  # the account's number got the notice


def _text(body: Mapping[str, Any], name: str) -> str:
    value = body.get(name)
    if isinstance(value, dict | list):
        raise invalid(f"{name} tidak valid", name)
    return fields.as_text(value)


async def account_by_id(
    uow: UnitOfWork, dashboard_user_id: str, *, lock: bool = False
) -> dict[str, Any] | None:
    try:
        key = str(uuid.UUID(dashboard_user_id))
    except (ValueError, TypeError, AttributeError):
        return None  # not a UUID: no such account
    sql = _ACCOUNT + " WHERE d.dashboard_user_id = CAST(:id AS UUID)" + (" FOR UPDATE OF d" if lock else "")
    row = (await uow.execute(sql, {"id": key})).mappings().first()
    return dict(row) if row else None


async def account_by_username(uow: UnitOfWork, username: str, *, lock: bool = False) -> dict[str, Any] | None:
    sql = _ACCOUNT + " WHERE LOWER(d.username) = LOWER(:u)" + (" FOR UPDATE OF d" if lock else "")
    row = (await uow.execute(sql, {"u": username})).mappings().first()
    return dict(row) if row else None


async def public_audit(
    uow: UnitOfWork, action: str, target_type: str, target_id: str, actor_id: str,
    changes: Mapping[str, Any], request_id: str | None,
) -> None:  # fmt: skip
    """`audit_log` row of a change a public endpoint made (DB-23): no caller class, so actor `public`
    with the identity the request named."""
    await uow.execute(
        "INSERT INTO audit_log (actor_kind, actor_id, channel, action, target_type, target_id, changes, request_id)"
        " VALUES ('public', :actor, 'api', :action, :ttype, :tid, CAST(:changes AS JSONB), :rid)",
        {"actor": actor_id, "action": action, "ttype": target_type, "tid": target_id,
         "changes": json.dumps(changes, default=str), "rid": request_id},
    )  # fmt: skip


# --- registration (API-80) ------------------------------------------------------------------------


async def _role(uow: UnitOfWork, body: Mapping[str, Any]) -> tuple[int, str]:
    """Step 5: `role_id`, else `role` by name, else `operator`; `admin` is never granted this way."""
    if body.get("role_id") not in (None, ""):
        raw = body["role_id"]
        if isinstance(raw, bool) or not fields.as_text(raw).isdigit() or len(fields.as_text(raw)) > 9:
            raise invalid("role_id tidak valid", "role_id")
        row = (
            await uow.execute(
                "SELECT role_id, LOWER(role_name) FROM roles WHERE role_id = :r",
                {"r": int(fields.as_text(raw))},
            )
        ).first()
        if row is None or row[1] == "admin":
            raise invalid("role_id tidak valid", "role_id")
        return row[0], row[1]
    name = _text(body, "role").lower() or "operator"
    if name == "admin" or len(name) > 100:
        raise invalid("role tidak valid", "role")
    row = (
        await uow.execute(
            "SELECT role_id, LOWER(role_name) FROM roles WHERE LOWER(role_name) = :n", {"n": name}
        )
    ).first()
    if row is None:
        raise invalid("role tidak valid", "role")
    return row[0], row[1]


def _requested_clients(body: Mapping[str, Any]) -> list[str]:
    raw = body.get("client_ids")
    if raw in (None, "", []):
        raw = body.get("client_id")
    if raw in (None, ""):
        return []
    items = raw if isinstance(raw, list) else fields.as_text(raw).split(",")
    if isinstance(raw, dict) or not all(isinstance(i, str | int) and not isinstance(i, bool) for i in items):
        raise invalid("client_ids tidak valid", "client_ids")
    ids: list[str] = []
    for item in items:
        text = fields.as_text(item).upper()
        if text and text not in ids:
            ids.append(text)
    if len(ids) > MAX_CLIENTS:
        raise invalid("client_ids tidak valid", "client_ids")
    return ids


async def _clients(uow: UnitOfWork, requested: list[str]) -> list[str]:
    """Step 6: every id must exist; the stored spelling is kept."""
    found = {
        r[0].upper(): r[0]
        for r in await uow.execute(
            "SELECT client_id FROM clients WHERE UPPER(client_id) = ANY(:ids)", {"ids": requested}
        )
    }
    for cid in requested:
        if cid not in found:
            raise invalid(f"client tidak ditemukan: {cid}", "client_ids")
    return [found[c] for c in requested]


def registration_for_admins(account: Mapping[str, Any]) -> str:
    username = account["username"]
    return (
        "📝 *Permintaan User Approval*\n"
        f"Username: {username}\n"
        f"ID: {account['dashboard_user_id']}\n"
        f"Role: {account['role']}\n"
        f"WhatsApp: {account['whatsapp']}\n"
        f"Client: {', '.join(account['client_ids']) or '-'}\n\n"
        f"Balas *approvedash#{username}* untuk menyetujui atau *denydash#{username}* untuk menolak."
    )


def registration_received(username: str) -> str:
    return (
        f"📝 Pendaftaran akun dashboard Cicero *{username}* sudah kami terima dan menunggu persetujuan admin.\n"
        "Anda akan diberi tahu lewat WhatsApp setelah admin memutuskan."
    )


async def _tell(
    uow: UnitOfWork, phone: str | None, text: str, *, key: str, origin: str, settings: Settings
) -> bool:
    if not phone:
        return False
    try:
        await enqueue_text(uow, phone, text, origin=origin, idempotency_key=key, settings=settings)
    except OutboxError:
        return False
    return True


async def register(
    uow: UnitOfWork, body: Mapping[str, Any], *, settings: Settings, request_id: str | None = None
) -> dict[str, Any]:
    """API-80 steps 1–8; the caller commits. Returns the new account (status false)."""
    username, whatsapp = _text(body, "username"), _text(body, "whatsapp")
    password = body.get("password")
    if isinstance(password, int | float) and not isinstance(password, bool):
        password = fields.as_text(password)  # API-5: a number where text is expected
    if not username or not whatsapp or not password:
        raise invalid(MISSING)
    if not isinstance(password, str):
        raise invalid("password tidak valid", "password")
    phone = fields.phone(whatsapp, "whatsapp", "whatsapp tidak valid")  # step 2, before any database access
    if not USERNAME_RE.match(username):
        raise invalid("username tidak valid", "username")
    problem = password_problem(password, username)
    if problem:
        raise invalid(problem, "password")
    if await account_by_username(uow, username):
        raise invalid("username sudah terpakai", "username")
    role_id, role = await _role(uow, body)
    clients = await _clients(uow, _requested_clients(body))
    if role == "operator" and not clients:
        raise invalid("minimal satu client harus dipilih", "client_ids")
    password_hash = await hash_password_off_loop(password)
    try:
        new_id = (
            await uow.execute(
                "INSERT INTO dashboard_user (username, password_hash, role_id, status, whatsapp)"
                " VALUES (:u, :h, :r, FALSE, :w) RETURNING dashboard_user_id::text",
                {"u": username, "h": password_hash, "r": role_id, "w": phone},
            )
        ).scalar_one()
    except IntegrityError:
        # A concurrent registration of the same name won; the unit of work rolls back on the way out.
        raise invalid("username sudah terpakai", "username") from None
    for cid in clients:
        await uow.execute(
            "INSERT INTO dashboard_user_clients (dashboard_user_id, client_id) VALUES (CAST(:d AS UUID), :c)",
            {"d": new_id, "c": cid},
        )
    account = await account_by_id(uow, new_id)
    assert account is not None
    await public_audit(
        uow, "dashboard_user.register", "dashboard_user", new_id, username,
        {"username": [None, username], "role": [None, role], "client_ids": [None, clients], "status": [None, False]},
        request_id,
    )  # fmt: skip
    for admin in sorted(admin_numbers(settings)):
        await _tell(uow, admin, registration_for_admins(account), key=f"dashboard_register:{new_id}:{admin}",
                    origin="api", settings=settings)  # fmt: skip
    await _tell(uow, phone, registration_received(username), key=f"dashboard_register:{new_id}:ack",
                origin="api", settings=settings)  # fmt: skip
    return account


# --- decision (API-81, approvedash#/denydash#) ----------------------------------------------------


def approved_notice(username: str) -> str:
    return f"✅ Akun dashboard Cicero *{username}* telah disetujui. Silakan masuk ke dashboard."


def rejected_notice(username: str) -> str:
    return f"❌ Pendaftaran akun dashboard Cicero *{username}* ditolak. Silakan hubungi admin."


async def decide(
    uow: UnitOfWork, caller: Caller, find: Callable[[UnitOfWork], Awaitable[dict[str, Any] | None]],
    approve: bool, *, sessions: SessionStore, settings: Settings, request_id: str | None = None,
) -> Decision:  # fmt: skip
    """Set `status` true (approve) or false (reject) on the account `find` locks; only admins decide,
    and that is checked before anything is read. An account already in that state is left alone and
    nobody is told again."""
    if not caller.is_admin:
        raise forbidden()
    account = await find(uow)
    if account is None:
        raise not_found(USER_NOT_FOUND)
    if account["status"] is approve:
        return Decision(account, False, False)
    await uow.execute(
        "UPDATE dashboard_user SET status = :s, updated_at = NOW() AT TIME ZONE 'UTC'"
        " WHERE dashboard_user_id = CAST(:id AS UUID)",
        {"s": approve, "id": account["dashboard_user_id"]},
    )
    await write_audit(
        uow, caller, "dashboard_user.approve" if approve else "dashboard_user.reject", "dashboard_user",
        account["dashboard_user_id"], {"status": [account["status"], approve]}, request_id,
    )  # fmt: skip
    if not approve:
        await sessions.revoke_dashboard(account["dashboard_user_id"], "rejected")
    phone = fields.phones_in(account.get("whatsapp"))
    text = approved_notice(account["username"]) if approve else rejected_notice(account["username"])
    told = await _tell(
        uow, phone[0] if phone else None, text, origin=caller.channel, settings=settings,
        key=f"dashboard_user:{account['dashboard_user_id']}:{'approved' if approve else 'rejected'}:{record_now().isoformat()}",
    )  # fmt: skip
    fresh = await account_by_id(uow, account["dashboard_user_id"]) or account
    return Decision(fresh, True, told)


def public_account(account: Mapping[str, Any]) -> dict[str, Any]:
    """API-81 `data`: the account as stored, never its password hash."""
    return {k: v for k, v in account.items() if k != "password_hash"} | {
        "client_ids": list(account.get("client_ids") or [])
    }
