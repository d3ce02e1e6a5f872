"""The common query of the analytics endpoints (API-84): client, window, role, scope, region.

Every window comes from core.timewindow (API-84 *fixed*: the legacy SQL mixed four date
expressions); `start_date`/`end_date` win over `periode`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from core.accounts import clients
from core.accounts.access import Caller
from core.accounts.errors import invalid
from core.db import UnitOfWork
from core.timewindow import (
    Window,
    all_time_window,
    day_window,
    month_window,
    parse_month,
    range_window,
    week_window,
)

PERIODS = ("harian", "mingguan", "bulanan", "semua")
SCOPES = ("org", "direktorat")


@dataclass(frozen=True)
class AnalyticsQuery:
    client: dict[str, Any]  # the client row, already scope-checked
    window: Window
    ref_date: date  # the day the window is computed for (its last day for a range)
    periode: str
    role: str | None
    scope: str  # org | direktorat
    regional_id: str | None

    @property
    def client_id(self) -> str:
        return self.client["client_id"].upper()

    def describe(self) -> dict[str, Any]:
        return {
            "client_id": self.client_id,
            "nama": self.client.get("nama"),
            "periode": self.periode,
            "start_date": self.window.start_date.isoformat() if self.window.start_date else None,
            "end_date": self.window.last_date.isoformat(),
        }


def _date(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise invalid(f"{field} harus berformat YYYY-MM-DD", field) from None


def parse_window(
    today: date,
    periode: str | None,
    tanggal: str | None,
    start_date: str | None,
    end_date: str | None,
) -> tuple[str, Window, date]:
    """(periode label, window, reference day) of API-84's common parameters."""
    name = (periode or "harian").strip().lower() or "harian"
    if name not in PERIODS:
        raise invalid("periode harus harian, mingguan, bulanan atau semua", "periode")
    if start_date or end_date:
        if not (start_date and end_date):
            raise invalid("start_date dan end_date harus diisi bersama", "start_date")
        win = range_window(_date(start_date, "start_date"), _date(end_date, "end_date"), today)
        return "rentang", win, win.last_date
    text = (tanggal or "").strip()
    if name == "bulanan" and text and len(text) <= 7:
        month = parse_month(text)
        if month is None:
            raise invalid("tanggal harus berformat YYYY-MM atau YYYY-MM-DD", "tanggal")
        return name, month, min(month.last_date, today)
    ref = _date(text, "tanggal") if text else today
    win = {
        "harian": day_window,
        "mingguan": week_window,
        "bulanan": month_window,
        "semua": all_time_window,
    }[name](ref)
    return name, win, ref


async def resolve(
    uow: UnitOfWork,
    caller: Caller,
    today: date,
    *,
    client_id: str | None,
    periode: str | None = None,
    tanggal: str | None = None,
    start_date: str | None = None,
    end_date: str | None = None,
    role: str | None = None,
    scope: str | None = None,
    regional_id: str | None = None,
) -> AnalyticsQuery:
    """The one authorisation of every analytics read (API-40/41): the client must be readable by
    the caller (unknown → 404, outside scope → 403, personnel → 403), as `GET /api/clients/{id}`."""
    target = (client_id or "").strip() or caller.single_client()
    if not target:
        raise invalid("client_id wajib diisi", "client_id")
    client = await clients.get_client(uow, caller, target)
    scope_name = (scope or "org").strip().lower() or "org"
    if scope_name not in SCOPES:
        raise invalid("scope harus org atau direktorat", "scope")
    if scope_name == "direktorat" and (client.get("client_type") or "").lower() != "direktorat":
        raise invalid("scope direktorat hanya untuk client Direktorat", "scope")
    name, win, ref = parse_window(today, periode, tanggal, start_date, end_date)
    return AnalyticsQuery(
        client=client,
        window=win,
        ref_date=ref,
        periode=name,
        role=(role or "").strip().lower() or None,
        scope=scope_name,
        regional_id=(regional_id or "").strip().upper() or None,
    )
