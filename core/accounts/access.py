"""The caller classes of API-40 and the scope rules every account service checks.

A `Caller` is built once per request (HTTP principal) or per message (WhatsApp actor) and
handed to the services; authorisation never looks at raw token role strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from core.db import UnitOfWork

CallerKind = Literal["admin", "operator", "directorate", "viewer", "personnel"]

# API-40: the fixed directorate roles; the lower-cased id of every `direktorat` client is one too.
BASE_DIRECTORATE_ROLES = frozenset({"ditbinmas", "ditlantas", "bidhumas", "ditsamapta", "ditintelkam"})


@dataclass(frozen=True)
class Caller:
    kind: CallerKind
    scope: frozenset[str] = field(default_factory=frozenset)  # upper-case client ids (S)
    role: str | None = None  # directorate role R (lower-case)
    user_id: str | None = None  # personnel: own NRP
    actor_id: str | None = None  # for audit rows (client id, NRP, dashboard user id, phone)
    channel: str = "api"  # audit channel: api, whatsapp, cli

    @classmethod
    def admin(cls, actor_id: str | None = None, channel: str = "api") -> Caller:
        return cls("admin", actor_id=actor_id, channel=channel)

    @classmethod
    def operator(
        cls, client_ids: set[str] | list[str] | str, actor_id: str | None = None, channel: str = "api"
    ) -> Caller:
        ids = [client_ids] if isinstance(client_ids, str) else list(client_ids)
        return cls("operator", scope=frozenset(c.upper() for c in ids), actor_id=actor_id, channel=channel)

    @classmethod
    def directorate(
        cls,
        role: str,
        client_ids: set[str] | list[str] | str,
        actor_id: str | None = None,
        channel: str = "api",
    ) -> Caller:
        ids = [client_ids] if isinstance(client_ids, str) else list(client_ids)
        return cls(
            "directorate",
            scope=frozenset(c.upper() for c in ids),
            role=role.lower(),
            actor_id=actor_id,
            channel=channel,
        )

    @classmethod
    def personnel(cls, user_id: str, client_id: str | None, channel: str = "api") -> Caller:
        scope = frozenset({client_id.upper()}) if client_id else frozenset()
        return cls("personnel", scope=scope, user_id=user_id, actor_id=user_id, channel=channel)

    @property
    def is_admin(self) -> bool:
        return self.kind == "admin"

    @property
    def audit_kind(self) -> str:
        return self.kind

    def in_scope(self, client_id: str | None) -> bool:
        return self.is_admin or (client_id is not None and client_id.upper() in self.scope)

    def single_client(self) -> str | None:
        return next(iter(self.scope)) if len(self.scope) == 1 else None

    def manageable_roles(self, known_roles: set[str]) -> set[str]:
        """API-67: roles this caller may grant or revoke."""
        if self.kind == "admin":
            return set(known_roles)
        if self.kind == "operator":
            return {"operator"}
        if self.kind == "directorate" and self.role:
            return {self.role}
        return set()


async def directorate_roles(uow: UnitOfWork) -> set[str]:
    rows = await uow.execute("SELECT LOWER(client_id) FROM clients WHERE LOWER(client_type) = 'direktorat'")
    return set(BASE_DIRECTORATE_ROLES) | {r[0] for r in rows}


async def region_client_ids(uow: UnitOfWork, scope: frozenset[str]) -> set[str]:
    """Jajaran of the directorate clients in S (DIR-0.1): active `org` clients sharing a regional_id,
    or every active `org` client when that regional_id is empty."""
    if not scope:
        return set()
    rows = await uow.execute(
        """
        SELECT DISTINCT o.client_id FROM clients d
        JOIN clients o ON LOWER(o.client_type) = 'org' AND o.client_status IS TRUE
             AND (COALESCE(d.regional_id, '') = '' OR UPPER(o.regional_id) = UPPER(d.regional_id))
        WHERE UPPER(d.client_id) = ANY(:scope) AND LOWER(d.client_type) = 'direktorat'
        """,
        {"scope": sorted(scope)},
    )
    return {r[0].upper() for r in rows}


async def client_read_scope(uow: UnitOfWork, caller: Caller) -> set[str] | None:
    """Client ids the caller may read (None = all); directorates also read their region (API-41)."""
    if caller.is_admin:
        return None
    if caller.kind == "directorate":
        return set(caller.scope) | await region_client_ids(uow, caller.scope)
    return set(caller.scope)
