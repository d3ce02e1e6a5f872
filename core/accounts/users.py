"""Personnel (`"user"`) service: read, create/reactivate, update, roles, deactivation, rename.

Plain functions over an open unit of work (the caller opens it; writers commit it). Rules:
API-60 … API-70 (HTTP) and CONV-79/80/82 (WhatsApp) — one implementation for both channels.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

from core.accounts import fields
from core.accounts.access import Caller
from core.accounts.audit import diff, write_audit
from core.accounts.errors import AccountError, conflict, forbidden, invalid, not_found
from core.accounts.revocation import SessionRevoker
from core.db import UnitOfWork

ROLE_FLAGS = ("ditbinmas", "ditlantas", "bidhumas", "ditsamapta", "ditintelkam", "operator")
PROFILE_FIELDS = (
    "nama",
    "title",
    "divisi",
    "jabatan",
    "desa",
    "insta",
    "tiktok",
    "insta_2",
    "tiktok_2",
    "whatsapp",
)
READ_ONLY_FIELDS = frozenset(
    {"client_name", "regional_id", "created_at", "updated_at", "premium_status", "premium_end_date"}
)
HANDLE_FIELDS: dict[str, fields.Platform] = {
    "insta": "instagram",
    "insta_2": "instagram",
    "tiktok": "tiktok",
    "tiktok_2": "tiktok",
}

USER_NOT_FOUND = "User tidak ditemukan"
WHATSAPP_TAKEN = "Nomor WhatsApp ini sudah terdaftar pada akun lain"
EMAIL_TAKEN = (
    "Email sudah dipakai akun lain. Gunakan email berbeda atau hubungi admin untuk memperbaiki data."
)
HANDLE_TAKEN = {
    "instagram": "Akun Instagram tersebut sudah terdaftar pada pengguna lain.",
    "tiktok": "Akun TikTok tersebut sudah terdaftar pada pengguna lain.",
}

USER_SELECT = """
SELECT u.user_id, u.nama, u.title, u.divisi, u.jabatan, u.desa, u.insta, u.tiktok, u.insta_2, u.tiktok_2,
       u.whatsapp, u.email, u.client_id, c.nama AS client_name, c.regional_id, u.status, u.exception,
       u.wa_notification_opt_in, u.premium_status, u.premium_end_date, u.created_at, u.updated_at,
       ARRAY(SELECT DISTINCT LOWER(r.role_name) FROM user_roles ur JOIN roles r ON r.role_id = ur.role_id
             WHERE ur.user_id = u.user_id ORDER BY 1) AS roles
FROM "user" u LEFT JOIN clients c ON c.client_id = u.client_id
"""

UserChange = Literal["created", "reactivated", "updated"]


# --- reading ---------------------------------------------------------------------------------


def user_object(row: Mapping[str, Any], *, reveal_contact: bool = True) -> dict[str, Any]:
    """API-60: the user object; six role booleans always true/false; contact fields for allowed callers."""
    data = dict(row)
    roles = sorted(data.get("roles") or [])
    data["roles"] = roles
    for flag in ROLE_FLAGS:
        data[flag] = flag in roles
    if not reveal_contact:
        data.pop("email", None)
        data.pop("whatsapp", None)
    return data


async def fetch_user(uow: UnitOfWork, user_id: str) -> dict[str, Any] | None:
    row = (await uow.execute(USER_SELECT + " WHERE u.user_id = :id", {"id": user_id})).mappings().first()
    return dict(row) if row else None


async def find_user_by_email(uow: UnitOfWork, email: str) -> dict[str, Any] | None:
    row = (
        (
            await uow.execute(
                USER_SELECT + " WHERE LOWER(TRIM(u.email)) = :email ORDER BY u.user_id LIMIT 1",
                {"email": email},
            )
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


async def find_user_by_whatsapp(uow: UnitOfWork, whatsapp: str) -> dict[str, Any] | None:
    row = (
        (
            await uow.execute(
                USER_SELECT + " WHERE u.whatsapp = :w ORDER BY u.user_id LIMIT 1", {"w": whatsapp}
            )
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


async def member_roles(uow: UnitOfWork, caller: Caller) -> list[str]:
    """Roles whose holders count as members for this caller: lower(X) of each `direktorat` X in S,
    plus the directorate's own role R (API-40/41)."""
    names: set[str] = set()
    if caller.scope:
        rows = await uow.execute(
            "SELECT LOWER(client_id) FROM clients WHERE UPPER(client_id) = ANY(:s) AND LOWER(client_type) = 'direktorat'",
            {"s": sorted(caller.scope)},
        )
        names |= {r[0] for r in rows}
    if caller.kind == "directorate" and caller.role:
        names.add(caller.role)
    return sorted(names)


async def can_see(uow: UnitOfWork, caller: Caller, user: Mapping[str, Any]) -> bool:
    if caller.is_admin:
        return True
    if caller.kind == "personnel":
        return user["user_id"] == caller.user_id
    if (user.get("client_id") or "").upper() in caller.scope:
        return True
    return bool(set(user.get("roles") or []) & set(await member_roles(uow, caller)))


def reveals_contact(caller: Caller) -> bool:
    return caller.kind != "viewer"


async def get_user(uow: UnitOfWork, caller: Caller, user_id: Any) -> dict[str, Any]:
    """API-64: personnel see only themselves (404 otherwise); others get 403 outside scope."""
    nrp = fields.lookup_nrp(user_id)
    user = await fetch_user(uow, nrp) if nrp else None
    if user is None or (caller.kind == "personnel" and nrp != caller.user_id):
        raise not_found(USER_NOT_FOUND)
    if not await can_see(uow, caller, user):
        raise forbidden()
    return user_object(user, reveal_contact=reveals_contact(caller))


async def list_users(
    uow: UnitOfWork,
    caller: Caller,
    *,
    client_id: str | None = None,
    status: str = "all",
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """API-61: users in read scope, ordered by client then upper(nama)."""
    if caller.kind == "personnel":
        raise forbidden()
    where, params = ["TRUE"], {}
    if not caller.is_admin:
        where.append(
            "(UPPER(u.client_id) = ANY(:scope) OR EXISTS (SELECT 1 FROM user_roles ur JOIN roles r "
            "ON r.role_id = ur.role_id WHERE ur.user_id = u.user_id AND LOWER(r.role_name) = ANY(:mroles)))"
        )
        params.update(scope=sorted(caller.scope), mroles=await member_roles(uow, caller))
    if client_id:
        if not caller.in_scope(client_id):
            raise forbidden("client_id tidak diizinkan")
        where.append("UPPER(u.client_id) = :cid")
        params["cid"] = client_id.upper()
    if status in ("true", "false"):
        where.append("u.status IS " + ("TRUE" if status == "true" else "FALSE"))
    sql = USER_SELECT + " WHERE " + " AND ".join(where) + " ORDER BY u.client_id, UPPER(u.nama), u.user_id"
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    if offset:
        sql += " OFFSET :offset"
        params["offset"] = offset
    rows = (await uow.execute(sql, params)).mappings().all()
    return [user_object(r, reveal_contact=reveals_contact(caller)) for r in rows]


async def client_members(
    uow: UnitOfWork, client: Mapping[str, Any], *, include_null_status: bool = False, role: str | None = None
) -> list[dict[str, Any]]:
    """Active members of a client (API-40 "members"): its users, plus holders of lower(X) for a
    `direktorat` X; `role` restricts to holders of that role (directorate callers, API-63)."""
    params: dict[str, Any] = {"cid": client["client_id"].upper(), "xrole": client["client_id"].lower()}
    is_dir = (client.get("client_type") or "").lower() == "direktorat"
    member = "UPPER(u.client_id) = :cid"
    if is_dir:
        member = (
            "(UPPER(u.client_id) = :cid OR :xrole = ANY(ARRAY(SELECT LOWER(r.role_name) FROM user_roles ur "
            "JOIN roles r ON r.role_id = ur.role_id WHERE ur.user_id = u.user_id)))"
        )
    status = "(u.status IS TRUE OR u.status IS NULL)" if include_null_status else "u.status IS TRUE"
    sql = USER_SELECT + f" WHERE {member} AND {status}"
    if role:
        sql += (
            " AND EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.role_id = ur.role_id "
            "WHERE ur.user_id = u.user_id AND LOWER(r.role_name) = :role)"
        )
        params["role"] = role.lower()
    rows = (await uow.execute(sql + " ORDER BY UPPER(u.nama), u.user_id", params)).mappings().all()
    return [user_object(r) for r in rows]


# --- uniqueness (CONV-79/80/81, API-25 step 7, API-65 step 5) ---------------------------------


async def ensure_whatsapp_free(uow: UnitOfWork, whatsapp: str, user_id: str | None) -> None:
    if not whatsapp:
        return
    row = await uow.execute(
        'SELECT 1 FROM "user" WHERE whatsapp = :w AND user_id IS DISTINCT FROM :id LIMIT 1',
        {"w": whatsapp, "id": user_id},
    )
    if row.first():
        raise conflict(WHATSAPP_TAKEN)


async def ensure_email_free(uow: UnitOfWork, email: str, user_id: str | None) -> None:
    row = await uow.execute(
        'SELECT 1 FROM "user" WHERE LOWER(TRIM(email)) = :e AND user_id IS DISTINCT FROM :id LIMIT 1',
        {"e": email, "id": user_id},
    )
    if row.first():
        raise conflict(EMAIL_TAKEN)


async def ensure_handle_allowed(
    uow: UnitOfWork, platform: fields.Platform, handle: str, user_id: str | None
) -> None:
    """A handle may not be an official client account, nor held by another active member (either slot)."""
    if not handle:
        return
    official = "client_insta" if platform == "instagram" else "client_tiktok"
    row = await uow.execute(
        f"SELECT 1 FROM clients WHERE cicero_norm_handle({official}) = :h LIMIT 1",  # noqa: S608 - fixed column
        {"h": handle},
    )
    if row.first():
        raise invalid(fields.RESERVED_MESSAGES[platform], "insta" if platform == "instagram" else "tiktok")
    main, second = ("insta", "insta_2") if platform == "instagram" else ("tiktok", "tiktok_2")
    row = await uow.execute(
        f'SELECT 1 FROM "user" WHERE status IS NOT FALSE AND user_id IS DISTINCT FROM :id '  # noqa: S608
        f"AND (cicero_norm_handle({main}) = :h OR cicero_norm_handle({second}) = :h) LIMIT 1",
        {"h": handle, "id": user_id},
    )
    if row.first():
        raise conflict(HANDLE_TAKEN[platform])


# --- roles ------------------------------------------------------------------------------------


async def known_roles(uow: UnitOfWork) -> dict[str, int]:
    rows = await uow.execute("SELECT LOWER(role_name), role_id FROM roles")
    return {name: role_id for name, role_id in rows}


def requested_roles(data: Mapping[str, Any]) -> dict[str, bool]:
    """Role wishes from a body: names in `roles` (grant) and the six booleans (true grant, false revoke)."""
    wishes: dict[str, bool] = {}
    roles = data.get("roles")
    if roles is not None:
        if not isinstance(roles, list):
            raise invalid("roles harus berupa daftar nama role", "roles")
        for name in roles:
            wishes[fields.as_text(name).lower()] = True
    for flag in ROLE_FLAGS:
        if flag in data and data[flag] is not None:
            wishes[flag] = fields.boolean(data[flag], flag)
    return wishes


def check_role_names(names: Iterable[str], known: Mapping[str, int]) -> None:
    for name in names:
        if name not in known:
            raise invalid(f"role tidak dikenal: {name}", "roles")


async def apply_roles(
    uow: UnitOfWork,
    caller: Caller,
    user_id: str,
    grant: Iterable[str],
    revoke: Iterable[str],
    known: Mapping[str, int],
    request_id: str | None,
) -> list[str]:
    """Grant/revoke role rows; one audit row per actual change. Returns the changed role names."""
    changed: list[str] = []
    for name in sorted(set(grant)):
        res = await uow.execute(
            "INSERT INTO user_roles (user_id, role_id) VALUES (:u, :r) ON CONFLICT DO NOTHING",
            {"u": user_id, "r": known[name]},
        )
        if res.rowcount:
            changed.append(name)
            await write_audit(
                uow, caller, "user.role.grant", "user", user_id, {"role": [None, name]}, request_id
            )
    for name in sorted(set(revoke)):
        res = await uow.execute(
            "DELETE FROM user_roles WHERE user_id = :u AND role_id = :r", {"u": user_id, "r": known[name]}
        )
        if res.rowcount:
            changed.append(name)
            await write_audit(
                uow, caller, "user.role.revoke", "user", user_id, {"role": [name, None]}, request_id
            )
    return changed


def plan_roles(
    caller: Caller, wishes: Mapping[str, bool], held: set[str], known: Mapping[str, int]
) -> tuple[set[str], set[str]]:
    """API-67: split wishes into grants and revokes the caller may make; a wish about a role the
    caller may not manage is refused unless it asks for what already holds."""
    check_role_names(wishes, known)
    manageable = caller.manageable_roles(set(known))
    grant, revoke = set(), set()
    for name, want in wishes.items():
        if name not in manageable:
            if want != (name in held):
                raise forbidden(f"Field tidak diizinkan: {name}")
            continue
        (grant if want else revoke).add(name)
    return grant - held, revoke & held


async def set_user_roles(
    uow: UnitOfWork, caller: Caller, user_id: Any, roles: Any, *, request_id: str | None = None
) -> dict[str, Any]:
    """API-67: for every role the caller manages, the user holds it iff it is listed."""
    user = await _load_for_write(uow, caller, user_id)
    if not isinstance(roles, list):
        raise invalid("roles wajib berupa daftar", "roles")
    known = await known_roles(uow)
    listed = {fields.as_text(r).lower() for r in roles}
    check_role_names(listed, known)
    held = set(user["roles"])
    wishes = {name: True for name in listed}
    for name in caller.manageable_roles(set(known)):
        wishes.setdefault(name, False)
    grant, revoke = plan_roles(caller, wishes, held, known)
    await apply_roles(uow, caller, user["user_id"], grant, revoke, known, request_id)
    if grant or revoke:
        await uow.execute('UPDATE "user" SET updated_at = NOW() WHERE user_id = :u', {"u": user["user_id"]})
    await uow.commit()
    return user_object(await fetch_user(uow, user["user_id"]) or {})


# --- writing helpers --------------------------------------------------------------------------


async def _lock_user(uow: UnitOfWork, user_id: str) -> dict[str, Any] | None:
    row = await uow.execute('SELECT user_id FROM "user" WHERE user_id = :id FOR UPDATE', {"id": user_id})
    if row.first() is None:
        return None
    return await fetch_user(uow, user_id)


async def _load_for_write(uow: UnitOfWork, caller: Caller, user_id: Any) -> dict[str, Any]:
    nrp = fields.lookup_nrp(user_id)
    user = await _lock_user(uow, nrp) if nrp else None
    if user is None or (caller.kind == "personnel" and nrp != caller.user_id):
        raise not_found(USER_NOT_FOUND)
    if caller.kind == "viewer" or not await can_see(uow, caller, user):
        raise forbidden()
    return user


async def _client_exists(uow: UnitOfWork, client_id: str) -> str | None:
    row = await uow.execute(
        "SELECT client_id FROM clients WHERE UPPER(client_id) = :c", {"c": client_id.upper()}
    )
    found = row.first()
    return found[0] if found else None


async def validate_profile(
    uow: UnitOfWork, data: Mapping[str, Any], user_id: str | None, current: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Normalise the profile fields present in `data` and check uniqueness of changed values."""
    values: dict[str, Any] = {}
    for key in PROFILE_FIELDS:
        if key not in data:
            continue
        raw = data[key]
        if current is not None and fields.as_text(raw) == fields.as_text(current.get(key)):
            continue  # the stored value repeated (legacy data may not meet today's rules)
        if key in fields.TEXT_LIMITS:
            lo, hi = fields.TEXT_LIMITS[key]
            values[key] = fields.text_field(raw, key, lo, hi)
        elif key in HANDLE_FIELDS:
            values[key] = fields.handle(raw, HANDLE_FIELDS[key], key) if fields.as_text(raw) else ""
        elif key == "whatsapp":
            values[key] = fields.phone(raw)
    if "wa_notification_opt_in" in data:
        values["wa_notification_opt_in"] = fields.boolean(
            data["wa_notification_opt_in"], "wa_notification_opt_in"
        )
    current = current or {}
    if values.get("whatsapp") and values["whatsapp"] != current.get("whatsapp"):
        await ensure_whatsapp_free(uow, values["whatsapp"], user_id)
    for key, platform in HANDLE_FIELDS.items():
        new = values.get(key)
        if new and new != fields.as_text(current.get(key)).lower().lstrip("@"):
            await ensure_handle_allowed(uow, platform, new, user_id)
    return values


async def _write_columns(uow: UnitOfWork, user_id: str, values: Mapping[str, Any]) -> None:
    if not values:
        return
    # Column names come from the fixed allowlists above, never from the request.
    sets = ", ".join(f"{col} = :{col}" for col in values)
    await uow.execute(
        f'UPDATE "user" SET {sets}, updated_at = NOW() WHERE user_id = :_id',  # noqa: S608
        {**values, "_id": user_id},
    )


# --- create / reactivate (API-65) -------------------------------------------------------------


async def resolve_create_target(
    uow: UnitOfWork, caller: Caller, data: Mapping[str, Any], known: Mapping[str, int]
) -> tuple[str, set[str], bool]:
    """Client id and roles to apply for a create by this caller; the bool says roles were given."""
    wishes = requested_roles(data)
    check_role_names(wishes, known)
    raw_client = fields.as_text(data.get("client_id")).upper()
    if caller.is_admin:
        if not raw_client:
            raise invalid("client_id wajib diisi", "client_id")
        client = await _client_exists(uow, raw_client)
        if client is None:
            raise invalid("client_id tidak ditemukan", "client_id")
        return client, {n for n, want in wishes.items() if want}, bool(wishes)
    if caller.kind not in ("operator", "directorate"):
        raise forbidden()
    if raw_client:
        if raw_client not in caller.scope:
            raise forbidden("client_id tidak diizinkan")
        client_key = raw_client
    else:
        single = caller.single_client()
        if single is None:
            raise invalid("client_id wajib diisi", "client_id")
        client_key = single
    client = await _client_exists(uow, client_key)
    if client is None:
        raise invalid("client_id tidak ditemukan", "client_id")
    allowed = caller.manageable_roles(set(known))
    if caller.kind == "directorate":
        allowed = allowed | {"operator"}
    for name, want in wishes.items():
        if want and name not in allowed:
            raise forbidden(f"Field tidak diizinkan: {name}")
    granted = {n for n, want in wishes.items() if want}
    if caller.kind == "operator":
        granted = {"operator"}
    else:
        granted = granted | {caller.role or ""}
    return client, granted - {""}, True


async def create_user(
    uow: UnitOfWork,
    caller: Caller,
    data: Mapping[str, Any],
    *,
    request_id: str | None = None,
) -> tuple[dict[str, Any], UserChange]:
    """API-65 / oprrequest "tambah user": insert a new member or reactivate/extend an existing one."""
    if caller.kind in ("viewer", "personnel"):
        raise forbidden()
    user_id = fields.new_nrp(data.get("user_id"))
    if "exception" in data and not caller.is_admin:
        raise forbidden("Field tidak diizinkan: exception")
    known = await known_roles(uow)
    client_id, roles, roles_given = await resolve_create_target(uow, caller, data, known)
    existing = await _lock_user(uow, user_id)
    if existing is None:
        if not fields.as_text(data.get("nama")):
            raise invalid("nama wajib diisi", "nama")
        values = await validate_profile(uow, data, user_id)
        row = {
            "user_id": user_id,
            "client_id": client_id,
            "nama": values.get("nama", ""),
            "title": values.get("title", ""),
            "divisi": values.get("divisi", ""),
            "jabatan": values.get("jabatan", ""),
            "desa": values.get("desa", ""),
            "insta": values.get("insta", ""),
            "tiktok": values.get("tiktok", ""),
            "insta_2": values.get("insta_2", ""),
            "tiktok_2": values.get("tiktok_2", ""),
            "whatsapp": values.get("whatsapp", ""),
            "exception": fields.boolean(data["exception"], "exception") if "exception" in data else False,
            "wa_notification_opt_in": values.get("wa_notification_opt_in", False),
        }
        await uow.execute(
            """
            INSERT INTO "user" (user_id, client_id, nama, title, divisi, jabatan, desa, insta, tiktok, insta_2,
                                tiktok_2, whatsapp, exception, wa_notification_opt_in, status)
            VALUES (:user_id, :client_id, :nama, :title, :divisi, :jabatan, :desa, :insta, :tiktok, :insta_2,
                    :tiktok_2, :whatsapp, :exception, :wa_notification_opt_in, TRUE)
            """,
            row,
        )
        for name in sorted(roles):
            await uow.execute(
                "INSERT INTO user_roles (user_id, role_id) VALUES (:u, :r) ON CONFLICT DO NOTHING",
                {"u": user_id, "r": known[name]},
            )
        await write_audit(
            uow,
            caller,
            "user.create",
            "user",
            user_id,
            {**{k: [None, v] for k, v in row.items()}, "roles": [None, sorted(roles)]},
            request_id,
        )
        await uow.commit()
        return user_object(await fetch_user(uow, user_id) or {}), "created"

    if not caller.is_admin and (existing.get("client_id") or "").upper() not in caller.scope:
        raise conflict("NRP/NIP sudah terdaftar pada client lain")
    changes: dict[str, Any] = {}
    if caller.is_admin and client_id != existing.get("client_id"):
        changes["client_id"] = client_id
    if existing.get("status") is False:
        values = await validate_profile(uow, data, user_id, existing)
        if "exception" in data:
            values["exception"] = fields.boolean(data["exception"], "exception")
        values.update(changes, status=True)
        await _write_columns(uow, user_id, values)
        if roles_given or not caller.is_admin:
            held = set(existing["roles"])
            await apply_roles(uow, caller, user_id, roles - held, held - roles, known, request_id)
        await write_audit(uow, caller, "user.reactivate", "user", user_id, diff(existing, values), request_id)
        outcome: UserChange = "reactivated"
    else:
        held = set(existing["roles"])
        if changes:
            await _write_columns(uow, user_id, changes)
        await apply_roles(uow, caller, user_id, roles - held, set(), known, request_id)
        if changes:
            await write_audit(
                uow, caller, "user.update", "user", user_id, diff(existing, changes), request_id
            )
        outcome = "updated"
    await uow.commit()
    return user_object(await fetch_user(uow, user_id) or {}), outcome


# --- update (API-66) --------------------------------------------------------------------------


def _allowed_fields(caller: Caller) -> set[str]:
    allowed = set(PROFILE_FIELDS) | {"wa_notification_opt_in"}
    if caller.kind == "admin":
        allowed |= {"exception", "status", "email", "client_id", "roles", *ROLE_FLAGS}
    elif caller.kind == "operator":
        allowed |= {"status", "client_id", "roles", *ROLE_FLAGS}
    elif caller.kind == "directorate":
        allowed |= {"roles", *ROLE_FLAGS}
    return allowed


def _unchanged(key: str, value: Any, user: Mapping[str, Any]) -> bool:
    """A field the caller may not write is tolerated when it only repeats the stored value, so a
    client that sends back the whole user object (read-modify-write) is not refused."""
    try:
        if key in ROLE_FLAGS:
            return fields.boolean(value, key) == (key in user["roles"])
        if key == "roles":
            return (
                isinstance(value, list)
                and sorted({fields.as_text(v).lower() for v in value}) == user["roles"]
            )
        if key in ("status", "exception"):
            return fields.boolean(value, key) == bool(user.get(key))
        if key in ("email", "client_id"):
            return fields.as_text(value).lower() == fields.as_text(user.get(key)).lower()
    except AccountError:
        return False
    return False


KNOWN_UPDATE_FIELDS = frozenset(
    {
        *PROFILE_FIELDS,
        "wa_notification_opt_in",
        "exception",
        "status",
        "email",
        "client_id",
        "roles",
        *ROLE_FLAGS,
    }
)


async def update_user(
    uow: UnitOfWork,
    caller: Caller,
    user_id: Any,
    data: Mapping[str, Any],
    *,
    sessions: SessionRevoker | None = None,
    request_id: str | None = None,
) -> dict[str, Any]:
    """API-66: partial update with the caller's allowlist; unknown keys 400, disallowed keys 403."""
    user = await _load_for_write(uow, caller, user_id)
    nrp = user["user_id"]
    allowed = _allowed_fields(caller)
    new_id: str | None = None
    for key in data:
        if key == "user_id":
            if fields.lookup_nrp(data[key]) and fields.lookup_nrp(data[key]) != nrp:
                if not caller.is_admin:
                    raise forbidden("Field tidak diizinkan: user_id")
                new_id = fields.new_nrp(data[key])
            continue
        if key in READ_ONLY_FIELDS:
            continue
        if key not in KNOWN_UPDATE_FIELDS:
            raise invalid(f"Field tidak dikenal: {key}", key)
        if key not in allowed and not _unchanged(key, data[key], user):
            raise forbidden(f"Field tidak diizinkan: {key}")

    values = await validate_profile(uow, data, nrp, user)
    if "exception" in data:
        values["exception"] = fields.boolean(data["exception"], "exception")
    if "email" in data and caller.is_admin:
        email = fields.as_text(data["email"])
        if email:
            email = fields.email(email)
            await ensure_email_free(uow, email, nrp)
        values["email"] = email
    if "client_id" in data and "client_id" in allowed:
        target = fields.as_text(data["client_id"]).upper()
        if not caller.is_admin and target not in caller.scope:
            raise forbidden("client_id tidak diizinkan")
        client = await _client_exists(uow, target) if target else None
        if client is None:
            raise invalid("client_id tidak ditemukan", "client_id")
        values["client_id"] = client
    status = fields.boolean(data["status"], "status") if "status" in data and "status" in allowed else None

    known = await known_roles(uow)
    grant: set[str] = set()
    revoke: set[str] = set()
    wishes = requested_roles({k: data[k] for k in ("roles", *ROLE_FLAGS) if k in data})
    if wishes:
        grant, revoke = plan_roles(caller, wishes, set(user["roles"]), known)

    revoke_reason: str | None = None
    if values.get("whatsapp", user.get("whatsapp")) != user.get("whatsapp"):
        revoke_reason = "whatsapp_changed"
    if status is True and user.get("status") is not True:
        values["status"] = True
    await _write_columns(uow, nrp, values)
    await apply_roles(uow, caller, nrp, grant, revoke, known, request_id)
    await write_audit(uow, caller, "user.update", "user", nrp, diff(user, values), request_id)
    if status is False and user.get("status") is not False:
        role = "operator" if caller.kind == "operator" else None
        await _deactivate_locked(uow, caller, nrp, role, known, request_id)
        revoke_reason = "deactivated"
    if new_id:
        await _rename_locked(uow, caller, nrp, new_id, request_id)
    await uow.commit()
    final_id = new_id or nrp
    if sessions is not None:
        if revoke_reason or new_id:
            await sessions.revoke_user(nrp, revoke_reason or "renamed")
        if new_id:
            await sessions.forget_claim(nrp)
    return user_object(await fetch_user(uow, final_id) or {}, reveal_contact=True)


# --- deactivation (API-69, CONV-82) -----------------------------------------------------------


async def _deactivate_locked(
    uow: UnitOfWork,
    caller: Caller,
    user_id: str,
    role: str | None,
    known: Mapping[str, int],
    request_id: str | None,
) -> bool:
    """Remove `role` (or none) and deactivate when no role remains; returns whether status became false."""
    if role is not None:
        res = await uow.execute(
            "DELETE FROM user_roles WHERE user_id = :u AND role_id = :r", {"u": user_id, "r": known[role]}
        )
        if not res.rowcount:
            raise not_found(f"Role {role} tidak ditemukan untuk user")
        await write_audit(
            uow, caller, "user.role.revoke", "user", user_id, {"role": [role, None]}, request_id
        )
        remaining = (
            await uow.execute("SELECT COUNT(*) FROM user_roles WHERE user_id = :u", {"u": user_id})
        ).scalar()
        if remaining:
            await uow.execute('UPDATE "user" SET updated_at = NOW() WHERE user_id = :u', {"u": user_id})
            return False
    before = await fetch_user(uow, user_id) or {}
    # CONV-82: deactivation clears the number ('' frees it for someone else) and keeps the roles.
    await uow.execute(
        "UPDATE \"user\" SET status = FALSE, whatsapp = '', updated_at = NOW() WHERE user_id = :u",
        {"u": user_id},
    )
    await write_audit(
        uow,
        caller,
        "user.deactivate",
        "user",
        user_id,
        {"status": [before.get("status"), False], "whatsapp": [before.get("whatsapp"), ""]},
        request_id,
    )
    return True


async def deactivate_user(
    uow: UnitOfWork,
    caller: Caller,
    user_id: Any,
    role: str | None = None,
    *,
    sessions: SessionRevoker | None = None,
    request_id: str | None = None,
) -> dict[str, Any]:
    """API-69 / CONV-82 / CONV-115: per-role deactivation. Operators act with `operator`,
    directorates with R, admins with the given role or none (status false, roles kept)."""
    role = fields.as_text(role).lower() or None
    if caller.kind == "operator":
        if role not in (None, "operator"):
            raise forbidden()
        role = "operator"
    elif caller.kind == "directorate":
        if role not in (None, caller.role):
            raise forbidden()
        role = caller.role
    elif not caller.is_admin:
        raise forbidden()
    user = await _load_for_write(uow, caller, user_id)
    known = await known_roles(uow)
    if role is not None and role not in known:
        raise not_found(f"Role {role} tidak ditemukan untuk user")
    became_inactive = await _deactivate_locked(uow, caller, user["user_id"], role, known, request_id)
    await uow.commit()
    if became_inactive and sessions is not None:
        await sessions.revoke_user(user["user_id"], "deactivated")
    return user_object(await fetch_user(uow, user["user_id"]) or {})


async def reactivate_user(
    uow: UnitOfWork, caller: Caller, user_id: Any, *, request_id: str | None = None
) -> dict[str, Any]:
    """CONV-82: status true, roles untouched; the member binds a number again via userrequest."""
    if caller.kind not in ("admin", "operator"):
        raise forbidden()
    user = await _load_for_write(uow, caller, user_id)
    if user.get("status") is not True:
        await _write_columns(uow, user["user_id"], {"status": True})
        await write_audit(
            uow,
            caller,
            "user.reactivate",
            "user",
            user["user_id"],
            {"status": [user.get("status"), True]},
            request_id,
        )
    await uow.commit()
    return user_object(await fetch_user(uow, user["user_id"]) or {})


# --- WhatsApp notification preference (API-68) ------------------------------------------------


async def set_wa_notification(
    uow: UnitOfWork,
    caller: Caller,
    user_id: Any,
    whatsapp: Any,
    opt_in: Any,
    *,
    request_id: str | None = None,
) -> dict[str, Any]:
    if not fields.as_text(whatsapp):
        raise invalid("whatsapp wajib diisi", "whatsapp")
    try:
        preference = fields.boolean(opt_in, "opt_in")
    except AccountError:
        raise invalid("opt_in harus bernilai boolean", "opt_in") from None
    nrp = fields.lookup_nrp(user_id)
    user = await _lock_user(uow, nrp) if nrp else None
    if user is None or (caller.kind == "personnel" and nrp != caller.user_id):
        raise not_found("user tidak ditemukan")
    if caller.kind == "viewer" or not await can_see(uow, caller, user):
        raise forbidden()
    if not user.get("whatsapp"):
        raise invalid("user belum memiliki nomor WhatsApp yang terdaftar", "whatsapp")
    try:
        given = fields.phone(whatsapp)
    except AccountError:
        given = ""
    if given != user["whatsapp"]:
        raise invalid("nomor WhatsApp tidak sesuai dengan data user", "whatsapp")
    await _write_columns(uow, nrp, {"wa_notification_opt_in": preference})
    await write_audit(
        uow,
        caller,
        "user.update",
        "user",
        nrp,
        diff(user, {"wa_notification_opt_in": preference}),
        request_id,
    )
    await uow.commit()
    return user_object(await fetch_user(uow, nrp) or {})


# --- rename (API-70) --------------------------------------------------------------------------


async def _rename_locked(uow: UnitOfWork, caller: Caller, old: str, new: str, request_id: str | None) -> None:
    if (await uow.execute('SELECT 1 FROM "user" WHERE user_id = :n', {"n": new})).first():
        raise conflict("NRP/NIP baru sudah terdaftar")
    # Roles, link reports and premium requests follow through ON UPDATE CASCADE (DB-2.4).
    await uow.execute(
        'UPDATE "user" SET user_id = :n, updated_at = NOW() WHERE user_id = :o', {"n": new, "o": old}
    )
    await write_audit(uow, caller, "user.rename", "user", new, {"user_id": [old, new]}, request_id)


async def rename_user(
    uow: UnitOfWork,
    caller: Caller,
    old_user_id: Any,
    new_user_id: Any,
    *,
    sessions: SessionRevoker | None = None,
    request_id: str | None = None,
) -> dict[str, str]:
    if not caller.is_admin:
        raise forbidden()
    old = fields.lookup_nrp(old_user_id)
    new = fields.new_nrp(new_user_id, "new_user_id")
    if not old or await _lock_user(uow, old) is None:
        raise not_found(USER_NOT_FOUND)
    if old != new:
        await _rename_locked(uow, caller, old, new, request_id)
    await uow.commit()
    if sessions is not None and old != new:
        await sessions.revoke_user(old, "renamed")
        await sessions.forget_claim(old)
    return {"old_user_id": old, "new_user_id": new}


async def write_profile(
    uow: UnitOfWork,
    caller: Caller,
    user_id: str,
    values: Mapping[str, Any],
    *,
    request_id: str | None = None,
) -> dict[str, Any] | None:
    """Write already-validated profile values (from `validate_profile`) with an audit row and commit;
    None when the user does not exist. Used by self-service flows (claim update, userrequest)."""
    before = await _lock_user(uow, user_id)
    if before is None:
        return None
    await _write_columns(uow, user_id, values)
    await write_audit(uow, caller, "user.update", "user", user_id, diff(before, values), request_id)
    await uow.commit()
    return await fetch_user(uow, user_id)


async def directory(
    uow: UnitOfWork, caller: Caller, scope: str, role: str, client_id: str
) -> list[dict[str, Any]]:
    """API-62 step 4: active holders of `role` — of one client (`org`), or across clients
    (`direktorat`, limited to the caller's clients unless admin or the directorate R = role)."""
    holds = (
        " AND EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.role_id = ur.role_id"
        " WHERE ur.user_id = u.user_id AND LOWER(r.role_name) = :role)"
    )
    params: dict[str, Any] = {"role": role}
    if scope == "org":
        sql = USER_SELECT + " WHERE UPPER(u.client_id) = :cid AND u.status IS TRUE" + holds
        params["cid"] = client_id.upper()
        order = " ORDER BY UPPER(u.nama), u.user_id"
    else:
        sql = USER_SELECT + " WHERE u.status IS TRUE" + holds
        if not (caller.is_admin or (caller.kind == "directorate" and caller.role == role)):
            sql += " AND UPPER(u.client_id) = ANY(:scope)"
            params["scope"] = sorted(caller.scope)
        order = " ORDER BY u.client_id, UPPER(u.nama), u.user_id"
    rows = await uow.execute(sql + order, params)
    return [user_object(r) for r in rows.mappings()]
