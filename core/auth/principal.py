"""Principal resolution (API-15) and the caller class derived from it (API-40).

Claims are not trusted for authorisation: the principal is rebuilt from the database on every
request after the session check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.accounts.access import Caller, directorate_roles
from core.auth.errors import AuthError, invalid_token
from core.db import UnitOfWork

NO_CLIENT_MESSAGE = "Operator belum memiliki klien yang diizinkan"


@dataclass(frozen=True)
class Principal:
    kind: str  # client | user | dashboard
    id: str  # client_id, user_id or dashboard_user_id
    nama: str | None = None
    client_id: str | None = None
    client_type: str | None = None
    role: str | None = None  # client: `client` or lower(client_id); dashboard: role name
    client_ids: tuple[str, ...] = field(default_factory=tuple)
    premium_tier: str | None = None

    @property
    def label(self) -> str:
        """`kind:id` for request log lines (API-8)."""
        return f"{self.kind}:{self.id}"

    @property
    def role_name(self) -> str:
        """Effective role for directory queries: a client-operator token counts as `operator`."""
        return "operator" if self.role in (None, "client") else self.role


ID_CLAIM = {"client": "client_id", "user": "user_id", "dashboard": "dashboard_user_id"}


def label_of(claims: dict[str, Any]) -> str:
    """`kind:id` of a verified token's claims, for the log line of a request that resolves no
    principal (logout, API-8)."""
    kind = str(claims.get("kind") or "")
    return f"{kind}:{claims.get(ID_CLAIM.get(kind, ''), '')}" if kind in ID_CLAIM else "anonymous"


async def dashboard_clients(uow: UnitOfWork, dashboard_user_id: str) -> list[str]:
    rows = await uow.execute(
        "SELECT client_id FROM dashboard_user_clients WHERE dashboard_user_id = CAST(:id AS UUID) ORDER BY client_id",
        {"id": dashboard_user_id},
    )
    return [r[0] for r in rows]


async def resolve_principal(uow: UnitOfWork, claims: dict[str, Any]) -> Principal:
    kind = claims["kind"]
    if kind == "client":
        row = (
            (
                await uow.execute(
                    "SELECT client_id, nama, client_type, client_status FROM clients WHERE client_id = :c",
                    {"c": str(claims.get("client_id") or "")},
                )
            )
            .mappings()
            .first()
        )
        if row is None or row["client_status"] is False:
            raise invalid_token("session revoked")
        ctype = (row["client_type"] or "").lower()
        role = row["client_id"].lower() if ctype == "direktorat" else "client"
        return Principal(
            "client", row["client_id"], row["nama"], row["client_id"], ctype, role, (row["client_id"],)
        )
    if kind == "user":
        row = (
            (
                await uow.execute(
                    'SELECT user_id, nama, client_id, status FROM "user" WHERE user_id = :u',
                    {"u": str(claims.get("user_id") or "")},
                )
            )
            .mappings()
            .first()
        )
        if row is None or row["status"] is not True:
            raise invalid_token("session revoked")
        cids = (row["client_id"],) if row["client_id"] else ()
        return Principal("user", row["user_id"], row["nama"], row["client_id"], None, "user", cids)
    row = (
        (
            await uow.execute(
                """
            SELECT d.dashboard_user_id::text AS id, d.username, d.status, LOWER(r.role_name) AS role, d.premium_tier
            FROM dashboard_user d JOIN roles r ON r.role_id = d.role_id
            WHERE d.dashboard_user_id::text = :id
            """,
                {"id": str(claims.get("dashboard_user_id") or "")},
            )
        )
        .mappings()
        .first()
    )
    if row is None or row["status"] is not True:
        raise invalid_token("session revoked")
    cids = tuple(await dashboard_clients(uow, row["id"]))
    if not cids and row["role"] != "admin":
        raise AuthError(403, "forbidden", NO_CLIENT_MESSAGE)
    single = cids[0] if len(cids) == 1 else None
    return Principal(
        "dashboard", row["id"], row["username"], single, None, row["role"], cids, row["premium_tier"]
    )


async def caller_for(uow: UnitOfWork, principal: Principal) -> Caller:
    """API-40 caller class of a principal."""
    if principal.kind == "user":
        return Caller.personnel(principal.id, principal.client_id)
    if principal.kind == "client":
        if principal.client_type == "direktorat":
            return Caller.directorate(principal.id.lower(), [principal.id], actor_id=principal.id)
        return Caller.operator([principal.id], actor_id=principal.id)
    role = principal.role or ""
    if role == "admin":
        return Caller.admin(actor_id=principal.id)
    if role == "operator":
        return Caller.operator(list(principal.client_ids), actor_id=principal.id)
    if role in await directorate_roles(uow):
        return Caller.directorate(role, list(principal.client_ids), actor_id=principal.id)
    return Caller("viewer", scope=frozenset(c.upper() for c in principal.client_ids), actor_id=principal.id)
