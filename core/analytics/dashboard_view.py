"""What the read-only dashboard page shows (issue 22 item 3), from the same recap as
`GET /api/insta/rekap-likes` / `GET /api/tiktok/rekap-komentar`, so the page's numbers are the API's.

Authorization is `core.analytics.query.resolve` (the one place); this module only arranges figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from core.accounts import clients
from core.accounts.access import Caller
from core.accounts.errors import forbidden
from core.analytics import query, recaps
from core.analytics.query import AnalyticsQuery
from core.config import Settings
from core.db import UnitOfWork
from core.reports.model import Platform

PLATFORMS = {"instagram": Platform.INSTAGRAM, "tiktok": Platform.TIKTOK}
# The report kinds behind the page's pictures and workbook, per platform.
KINDS = {
    "instagram": {"units": "CHART-IG-UNITS", "trend": "CHART-IG-TREND", "xlsx": "XLS-IG-RECAP"},
    "tiktok": {"units": "CHART-TT-UNITS", "trend": "CHART-TT-TREND", "xlsx": "XLS-TT-RECAP"},
}
NOT_ENGAGED = ("belum", "no_username")


@dataclass(frozen=True)
class PageData:
    clients: list[dict[str, Any]]  # the picker: clients in the caller's read scope
    client: dict[str, Any]
    platform: str
    scope: str
    recap: dict[str, Any]
    leaderboard: list[dict[str, Any]]
    not_engaged: list[dict[str, Any]]


def scope_of(client: dict[str, Any]) -> str:
    """A directorate's leaderboard ranks its units; an org client's ranks its divisions."""
    return "direktorat" if (client.get("client_type") or "").lower() == "direktorat" else "org"


def leaderboard(recap: dict[str, Any], scope: str) -> list[dict[str, Any]]:
    """Rows of the recap's chart data, best completion first (ties by name)."""
    if scope == "direktorat":
        rows = [{"nama": u["nama"] or u["client_id"], **u} for u in recap["chart"]["units"]]
    else:
        rows = [{"nama": d["divisi"] or "-", **d} for d in recap["chart"]["divisions"]]
    return sorted(rows, key=lambda r: (-r["persen_lengkap"], -r["lengkap"], r["nama"]))


async def resolve_page(
    uow: UnitOfWork, caller: Caller, today: date, client_id: str | None, platform: str | None
) -> tuple[list[dict[str, Any]], AnalyticsQuery, str]:
    if caller.kind == "personnel":
        raise forbidden()
    picker = await clients.list_clients(uow, caller, active_only=True)
    chosen = (client_id or "").strip() or caller.single_client() or (picker[0]["client_id"] if picker else "")
    row = next((c for c in picker if c["client_id"].upper() == chosen.upper()), None)
    q = await query.resolve(uow, caller, today, client_id=chosen, scope=scope_of(row) if row else None)
    name = (platform or "instagram").strip().lower()
    return picker, q, name if name in PLATFORMS else "instagram"


async def page_data(
    uow: UnitOfWork,
    settings: Settings,
    caller: Caller,
    today: date,
    client_id: str | None,
    platform: str | None,
) -> PageData:
    picker, q, name = await resolve_page(uow, caller, today, client_id, platform)
    recap = await recaps.engagement_recap(uow, settings, q, PLATFORMS[name])
    missing = [m for m in recap["members"] if m["status"] in NOT_ENGAGED]
    missing.sort(key=lambda m: (m["client_name"] or "", m["divisi"] or "", m["display_nama"]))
    return PageData(
        clients=picker,
        client=q.client,
        platform=name,
        scope=q.scope,
        recap=recap,
        leaderboard=leaderboard(recap, q.scope),
        not_engaged=missing,
    )
