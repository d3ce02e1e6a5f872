"""Which units and official accounts options 36-41 look at (20-dirrequest.md "Monitoring Satbinmas
Official"): the `org` jajaran of the selected directorate (DIR-0.1) and their active accounts.
Accounts of clients that are not active `org` jajaran units are ignored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from uuid import UUID

from core.db import UnitOfWork

Platform = Literal["instagram", "tiktok"]
PLATFORMS: tuple[Platform, ...] = ("instagram", "tiktok")


@dataclass(frozen=True)
class Unit:
    client_id: str  # upper-case
    nama: str


@dataclass(frozen=True)
class Account:
    account_id: UUID
    client_id: str  # upper-case
    unit_nama: str
    platform: Platform
    username: str
    secuid: str | None


async def org_units(uow: UnitOfWork, directorate_id: str | None) -> list[Unit]:
    """DIR-0.1 jajaran: active `org` clients of the directorate's region (all active `org` without one;
    `None`: every active `org` client, JOB-42)."""
    rows = await uow.execute(
        "SELECT o.client_id, o.nama FROM clients o"
        " LEFT JOIN clients d ON lower(btrim(d.client_id)) = lower(btrim(:d))"
        " WHERE lower(btrim(coalesce(o.client_type, ''))) = 'org' AND o.client_status IS TRUE"
        " AND (coalesce(d.regional_id, '') = '' OR upper(o.regional_id) = upper(d.regional_id))"
        " ORDER BY upper(coalesce(nullif(btrim(o.nama), ''), o.client_id)), o.client_id",
        {"d": directorate_id},
    )
    return [
        Unit(r.client_id.strip().upper(), (r.nama or "").strip() or r.client_id.strip().upper()) for r in rows
    ]


async def active_accounts(uow: UnitOfWork, units: list[Unit], platform: Platform) -> list[Account]:
    """The active accounts of `platform` of these units, in the units' order."""
    if not units:
        return []
    by_id = {u.client_id: u for u in units}
    rows = await uow.execute(
        "SELECT satbinmas_account_id, client_id, username, secuid FROM satbinmas_official_accounts"
        " WHERE upper(btrim(client_id)) = ANY(:ids) AND lower(platform) = :p AND is_active IS TRUE"
        " AND btrim(username) <> ''",
        {"ids": list(by_id), "p": platform},
    )
    found = {r.client_id.strip().upper(): r for r in rows}
    out = []
    for unit in units:
        r = found.get(unit.client_id)
        if r is not None:
            secuid = (r.secuid or "").strip() or None
            username = r.username.strip().lstrip("@").lower()
            out.append(Account(r.satbinmas_account_id, unit.client_id, unit.nama, platform, username, secuid))
    return out
