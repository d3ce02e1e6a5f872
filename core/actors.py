"""Who sent a WhatsApp message: every role of one number, resolved from the database (CONV-30..34).

Contract:
- `Actor` is an immutable value built once per inbound message (CONV-32) and handed to the router,
  the authorization matrix (`menus.framework.access`) and every step (`ctx.actor`).
- `resolve_actor(uow, phone, admin_numbers)` reads `clients`, `dashboard_user(_clients)`,
  `"user"`/`user_roles` and returns the actor; `phone=None` (an unresolved LID sender, CONV-9)
  gives the unknown actor.
- Roles (CONV-31): admin (number ∈ ADMIN_WHATSAPP), client super admin / client operator of
  *active* clients (multi-value fields, each value normalised), dashboard user (status true and a
  role other than `operator`), directorate dashboard user (role = lower(client_id) of a
  DIREKTORAT client), personnel (the `"user"` row bound to the number). Operator/super rights of
  inactive clients are kept apart (`inactive_operator_of`) only for the `deny_client_inactive`
  refusal (CONV-33). `directorate_scope` is D(u) of CONV-34 (admins: every active DIREKTORAT).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text

from core.db import UnitOfWork
from core.phones import normalize_phone, parse_phone_list


@dataclass(frozen=True)
class ClientRef:
    client_id: str
    nama: str
    client_type: str  # lower-case: org, direktorat, polda

    @property
    def is_directorate(self) -> bool:
        return self.client_type == "direktorat"

    @property
    def is_org(self) -> bool:
        return self.client_type == "org"


@dataclass(frozen=True)
class Personnel:
    user_id: str
    nama: str
    title: str
    client_id: str | None
    active: bool
    roles: tuple[str, ...] = ()  # lower-case role names from user_roles


@dataclass(frozen=True)
class Actor:
    phone: str | None  # canonical 62… number; None = unresolved sender (CONV-9)
    is_admin: bool = False
    super_of: tuple[ClientRef, ...] = ()  # active clients only (CONV-33)
    operator_of: tuple[ClientRef, ...] = ()  # active clients only
    inactive_operator_of: tuple[str, ...] = ()  # client ids, inactive clients (CONV-33, CONV-110)
    dashboard_roles: tuple[str, ...] = ()  # lower-case, never `operator`
    dashboard_clients: tuple[ClientRef, ...] = ()  # active clients of dashboard_user_clients
    directorate_scope: tuple[ClientRef, ...] = ()  # D(u), CONV-34
    is_directorate_dashboard: bool = False
    personnel: Personnel | None = None

    # --- role tests (CONV-31, CONV-40 columns) ---------------------------------------------
    @property
    def is_super(self) -> bool:
        return bool(self.super_of)

    @property
    def is_operator(self) -> bool:
        return bool(self.operator_of)

    @property
    def is_dashboard(self) -> bool:
        return bool(self.dashboard_roles)

    @property
    def is_personnel(self) -> bool:
        return self.personnel is not None

    @property
    def is_privileged(self) -> bool:
        return self.is_admin or self.is_super or self.is_operator or self.is_dashboard

    @property
    def is_unknown(self) -> bool:
        return not self.is_privileged and not self.is_personnel

    @property
    def is_resolved(self) -> bool:
        return self.phone is not None

    @property
    def own_clients(self) -> tuple[ClientRef, ...]:
        """Active clients this number operates or super-administers (SA/OP "own"), deduplicated."""
        seen: dict[str, ClientRef] = {}
        for c in (*self.super_of, *self.operator_of):
            seen.setdefault(c.client_id.upper(), c)
        return tuple(seen.values())

    @property
    def kinds(self) -> frozenset[str]:
        """The matrix columns of CONV-40 this actor falls in: A SA OP DD DU P U."""
        k: set[str] = set()
        if self.is_admin:
            k.add("A")
        if self.is_super:
            k.add("SA")
        if self.is_operator:
            k.add("OP")
        if self.is_directorate_dashboard:
            k.add("DD")
        if self.is_dashboard and not self.is_directorate_dashboard:
            k.add("DU")
        if self.is_personnel and not k:
            k.add("P")
        if not k and not self.is_personnel:
            k.add("U")
        return frozenset(k)

    def describe_roles(self) -> str:
        """Indonesian context line for the home chooser (CONV-25)."""
        parts: list[str] = []
        if self.is_admin:
            parts.append("admin")
        for c in self.super_of:
            parts.append(f"super admin *{c.nama}*")
        for c in self.operator_of:
            parts.append(f"operator *{c.nama}*")
        if self.is_dashboard:
            parts.append("pengguna dashboard")
        if self.is_personnel:
            parts.append("personel")
        return ", ".join(parts) if parts else "-"


UNKNOWN = Actor(phone=None)


def _tail(phone: str) -> str:
    # Stored legacy values may be written 08…, +62… or 62…: the last 9 digits pre-filter rows, and
    # each candidate is normalised in Python before comparing (CONV-30).
    return phone[-9:]


# One round trip (CONV-32 resolves roles for every message, so this runs on every message): the
# candidate rows of each source as JSON; the exact number test happens in Python on normalised values.
_RESOLVE = text("""
WITH cl AS (
    SELECT client_id, nama, lower(coalesce(client_type, '')) AS ct, coalesce(client_status, true) AS active,
           client_operator AS op, client_super AS sup
    FROM clients
    WHERE regexp_replace(coalesce(client_operator, ''), '[^0-9]', '', 'g') LIKE '%' || :tail || '%'
       OR regexp_replace(coalesce(client_super, ''), '[^0-9]', '', 'g') LIKE '%' || :tail || '%'
), du AS (
    SELECT du.dashboard_user_id::text AS id, lower(r.role_name) AS role, du.whatsapp AS wa
    FROM dashboard_user du JOIN roles r ON r.role_id = du.role_id
    WHERE coalesce(du.status, true)
      AND regexp_replace(coalesce(du.whatsapp, ''), '[^0-9]', '', 'g') LIKE '%' || :tail
), duc AS (
    SELECT duc.dashboard_user_id::text AS du_id, c.client_id, c.nama, lower(coalesce(c.client_type, '')) AS ct
    FROM dashboard_user_clients duc JOIN clients c ON c.client_id = duc.client_id
    WHERE duc.dashboard_user_id::text IN (SELECT id FROM du) AND coalesce(c.client_status, true)
), dirs AS (
    SELECT client_id, nama, lower(client_id) AS lid
    FROM clients
    WHERE lower(client_type) = 'direktorat' AND coalesce(client_status, true)
      AND (:is_admin OR lower(client_id) IN (SELECT role FROM du))
), person AS (
    SELECT u.user_id, coalesce(u.nama, '') AS nama, coalesce(u.title, '') AS title, u.client_id,
           coalesce(u.status, true) AS active,
           coalesce(array_agg(lower(r.role_name)) FILTER (WHERE r.role_name IS NOT NULL), '{}') AS roles
    FROM "user" u
    LEFT JOIN user_roles ur ON ur.user_id = u.user_id
    LEFT JOIN roles r ON r.role_id = ur.role_id
    WHERE u.whatsapp = :phone
    GROUP BY u.user_id
    LIMIT 1
)
SELECT (SELECT coalesce(json_agg(cl), '[]') FROM cl) AS clients,
       (SELECT coalesce(json_agg(du), '[]') FROM du) AS dash,
       (SELECT coalesce(json_agg(duc ORDER BY client_id), '[]') FROM duc) AS dash_clients,
       (SELECT coalesce(json_agg(dirs ORDER BY client_id), '[]') FROM dirs) AS dirs,
       (SELECT row_to_json(person) FROM person) AS person
""")  # built once: this runs for every inbound message


async def resolve_actor(uow: UnitOfWork, phone: str | None, admin_numbers: frozenset[str]) -> Actor:
    if phone is None:
        return UNKNOWN
    is_admin = phone in admin_numbers
    row = (
        (await uow.execute(_RESOLVE, {"tail": _tail(phone), "phone": phone, "is_admin": is_admin}))
        .mappings()
        .one()
    )
    super_of: list[ClientRef] = []
    operator_of: list[ClientRef] = []
    inactive: list[str] = []
    for c in row["clients"]:
        ref = ClientRef(c["client_id"], c["nama"] or c["client_id"], c["ct"])
        is_super = phone in parse_phone_list(c["sup"] or "")
        is_op = phone in parse_phone_list(c["op"] or "")
        if not (is_super or is_op):
            continue
        if not c["active"]:
            inactive.append(ref.client_id)
            continue
        if is_super:
            super_of.append(ref)
        if is_op:
            operator_of.append(ref)

    dash_ids: set[str] = set()
    dash_roles: list[str] = []
    for d in row["dash"]:
        if d["role"] == "operator" or normalize_phone(d["wa"] or "") != phone:
            continue
        dash_ids.add(d["id"])
        if d["role"] not in dash_roles:
            dash_roles.append(d["role"])
    seen: set[str] = set()
    dash_clients: list[ClientRef] = []
    for c in row["dash_clients"]:
        if c["du_id"] in dash_ids and c["client_id"] not in seen:
            seen.add(c["client_id"])
            dash_clients.append(ClientRef(c["client_id"], c["nama"] or c["client_id"], c["ct"]))

    # D(u), CONV-34: directorate dashboard rows (own role's client + their listed directorates),
    # plus directorates operated/super-administered; admins: every active DIREKTORAT.
    directorates: dict[str, ClientRef] = {}
    role_dirs = [d for d in row["dirs"] if d["lid"] in dash_roles]
    is_dd = bool(role_dirs)
    if is_admin:
        role_dirs = row["dirs"]
    for d in role_dirs:
        directorates.setdefault(
            d["client_id"].upper(), ClientRef(d["client_id"], d["nama"] or d["client_id"], "direktorat")
        )
    if is_dd:
        for c in dash_clients:
            if c.is_directorate:
                directorates.setdefault(c.client_id.upper(), c)
    for c in (*super_of, *operator_of):
        if c.is_directorate:
            directorates.setdefault(c.client_id.upper(), c)

    personnel = None
    p = row["person"]
    if p is not None:
        personnel = Personnel(
            user_id=p["user_id"],
            nama=p["nama"],
            title=p["title"],
            client_id=p["client_id"],
            active=bool(p["active"]),
            roles=tuple(p["roles"]),
        )

    return Actor(
        phone=phone,
        is_admin=is_admin,
        super_of=tuple(super_of),
        operator_of=tuple(operator_of),
        inactive_operator_of=tuple(inactive),
        dashboard_roles=tuple(dash_roles),
        dashboard_clients=tuple(dash_clients),
        directorate_scope=tuple(sorted(directorates.values(), key=lambda c: c.client_id)),
        is_directorate_dashboard=is_dd,
        personnel=personnel,
    )


_NAME_OF = text("""
SELECT coalesce(nullif(btrim(concat_ws(' ', btrim(u.title), btrim(u.nama))), ''),
                (SELECT du.username FROM dashboard_user du
                 WHERE regexp_replace(coalesce(du.whatsapp, ''), '[^0-9]', '', 'g') = :phone LIMIT 1))
FROM (SELECT 1) one LEFT JOIN "user" u ON u.whatsapp = :phone
LIMIT 1
""")


async def requester_name(uow: UnitOfWork, who: str | None) -> str | None:
    """How a report names the person who asked (ING-XLS-10 "Disusun oleh"): rank and name of the
    personnel row bound to the number, else the dashboard username, else the number itself; a job
    name (not a number) is returned as is."""
    if not who:
        return None
    phone = normalize_phone(who)
    if phone is None:
        return who
    name = (await uow.execute(_NAME_OF, {"phone": phone})).scalar()
    return str(name) if name else phone
