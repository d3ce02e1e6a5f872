"""`cicero report KIND … --json`: a report's data model as JSON (issue 16 item 3).

The keys are an interface checked from outside; keep them:
`{"kind", "client_id", "window": {"start", "end", "period"}, "rule", "population", "excluded":
[{"reason", "count"}], "posts": [{"id", "created_at"}], "units": [{"client_id", "nama", "lengkap",
"kurang", "belum", "no_username", "people": [{"user_id", "nama", "divisi", "count", "status"}]}]}`.
Amplification kinds (REP-AMP-ATT/-POST/-KHUSUS/-KHUSUS-POST) use the same keys with `links` per
person (status by FULL over the window's task posts); data-completeness kinds (REP-USERNAME,
REP-USERNAME-PLATFORM, REP-DATA-*) give each person's `insta`/`tiktok` and a status lengkap (both
handles) / kurang (one) / belum (none), with `posts` empty and a window that ends at the report
date with no start (the data as it stands). Other kinds have no data model and are refused.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from core.config import Settings, get_settings
from core.reports import attendance
from core.reports.attendance import ClientNotFound, get_client
from core.reports.catalogue import AttendanceReport, lookup
from core.reports.engine import ReportContext, only_directorate
from core.reports.model import Attendance, ClientInfo, Person, Post, Scope, ScopeKind
from core.reports.output import ReportError, ReportRequest
from core.reports.stated_rule import population_words
from core.reports.thresholds import rule_for
from core.timewindow import Period, Window, now_wib, today_wib

if TYPE_CHECKING:
    from core.db import Database


def _person(p: Person) -> dict[str, Any]:
    return {
        "user_id": p.user_id,
        "nama": p.nama,
        "divisi": p.divisi,
        "count": p.count,
        "status": str(p.status),
    }


def _window(win: Window) -> dict[str, Any]:
    # WIB dates, both inclusive (the spec's [first, last]); start is null for all time.
    return {
        "start": win.start_date.isoformat() if win.start_date else None,
        "end": win.last_date.isoformat(),
        "period": str(win.kind),
    }


def _posts(posts: list[Post]) -> list[dict[str, Any]]:
    return [{"id": p.id, "created_at": p.uploaded_at.isoformat()} for p in posts]


def _envelope(
    kind: str, scope: Scope, window: dict[str, Any], rule: str, posts: list[Post]
) -> dict[str, Any]:
    return {
        "kind": kind,
        "client_id": scope.client.client_id,
        "window": window,
        "rule": rule,
        "population": population_words(scope),
        "excluded": [],
        "posts": _posts(posts),
        "units": [],
    }


def attendance_json(kind: str, att: Attendance) -> dict[str, Any]:
    out = _envelope(kind, att.scope, _window(att.window), str(att.rule), att.posts)
    out["excluded"] = [{"reason": reason, "count": count} for reason, count in att.excluded]
    for unit in att.by_unit():
        t = unit.tally
        out["units"].append(
            {
                "client_id": unit.client.client_id,
                "nama": unit.client.nama,
                "lengkap": t.lengkap,
                "kurang": t.kurang,
                "belum": t.belum,
                "no_username": t.no_username,
                "people": [_person(p) for p in unit.people],
            }
        )
    return out


def _grouped(people: list[Person], units: dict[str, ClientInfo], status: Callable[[Person], str],
             person: Callable[[Person], dict[str, Any]]) -> list[dict[str, Any]]:  # fmt: skip
    """Units in scope (own first, as the population gives them) with counts per status."""
    by_unit: dict[str, list[Person]] = defaultdict(list)
    for p in people:
        by_unit[p.unit_id].append(p)
    out = []
    for uid, client in units.items():
        members = by_unit.get(uid, [])
        counts = {s: sum(status(p) == s for p in members) for s in ("lengkap", "kurang", "belum")}
        out.append({"client_id": client.client_id, "nama": client.nama, **counts,
                    "people": [person(p) for p in members]})  # fmt: skip
    return out


async def _amplification_json(ctx: ReportContext, kind: str) -> dict[str, Any]:
    from core.reports.amplification import link_data, population_scope

    khusus = "KHUSUS" in kind
    scope = population_scope(ctx, khusus)
    data = await link_data(ctx, ctx.window, khusus=khusus, scope=scope)
    out = _envelope(kind, scope, _window(ctx.window), "FULL", data.posts)
    units = data.units or {ctx.client.client_id: ctx.client}
    out["units"] = _grouped(data.people, units, lambda p: str(p.status),
                            lambda p: {**_person(p), "links": p.links})  # fmt: skip
    return out


# Data-completeness kinds: the population each one counts (as its text report does).
_DATA_SCOPES: dict[str, tuple[ScopeKind | None, bool, bool]] = {  # scope, intel rule, directorate only
    "REP-USERNAME": (ScopeKind.UNIT, False, False),
    "REP-USERNAME-PLATFORM": (ScopeKind.UNIT, False, False),
    "REP-DATA-SATKER": (None, False, False),
    "REP-DATA-EXEC": (ScopeKind.DIRECTORATE, False, True),
    "REP-DATA-PERSONIL": (ScopeKind.DIRECTORATE_SELF, True, True),
    "REP-DATA-BELUM": (ScopeKind.DIRECTORATE_SELF, False, True),
}


async def _data_json(ctx: ReportContext, kind: str) -> dict[str, Any]:
    from core.reports.data import completeness

    scope_kind, intel_rule, directorate_only = _DATA_SCOPES[kind]
    if directorate_only:
        only_directorate(ctx, kind)
    scope = ctx.scope(scope_kind, intel_rule=intel_rule)
    people, units = await attendance.population(ctx.uow, scope, ctx.settings)
    end = ctx.req.ref_date.isoformat()
    out = _envelope(kind, scope, {"start": None, "end": end, "period": "snapshot"}, "FULL", [])
    out["units"] = _grouped(
        people,
        units or {ctx.client.client_id: ctx.client},
        completeness,
        lambda p: {
            "user_id": p.user_id,
            "nama": p.nama,
            "divisi": p.divisi,
            "insta": p.insta,
            "tiktok": p.tiktok,
            "status": completeness(p),
        },  # fmt: skip
    )
    return out


_AMPLIFICATION = ("REP-AMP-ATT", "REP-AMP-POST", "REP-AMP-KHUSUS", "REP-AMP-KHUSUS-POST")
_VIEWS: dict[str, Callable[[ReportContext, str], Awaitable[dict[str, Any]]]] = {
    **dict.fromkeys(_AMPLIFICATION, _amplification_json),
    **dict.fromkeys(_DATA_SCOPES, _data_json),
}


def has_json(kind: str) -> bool:
    decl = lookup(kind)
    return decl is not None and (isinstance(decl, AttendanceReport) or decl.id in _VIEWS)


async def build_report_json(
    db: Database,
    kind: str,
    *,
    client_id: str,
    ref_date: date | None = None,
    period: Period | str = Period.DAY,
    now: datetime | None = None,
    role: str | None = None,
    unit: str | None = None,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """The data behind `build_report(db, kind, …)` for an attendance kind, computed per person."""
    decl = lookup(kind)
    if decl is None:
        raise ReportError("unknown_kind", f"Jenis laporan {kind.strip().upper()} tidak dikenal.")
    if not has_json(decl.id):
        raise ReportError("no_json", f"Laporan {decl.id} belum punya tampilan JSON.")
    now = now or now_wib()
    req = ReportRequest(
        kind=decl.id,
        client_id=client_id.strip().upper(),
        ref_date=ref_date or today_wib(now),
        period=Period(period),
        now=now,
        role=role,
        unit=unit,
    )
    settings = settings or get_settings()
    async with db.uow() as uow:
        try:
            client = await get_client(uow, client_id)
        except ClientNotFound as exc:
            raise ReportError("unknown_client", f"Client {exc.client_id} tidak ditemukan.") from exc
        ctx = ReportContext(uow, settings, req, client)
        if not isinstance(decl, AttendanceReport):
            return await _VIEWS[decl.id](ctx, decl.id)
        if decl.directorate_only:
            only_directorate(ctx, decl.id)
        att = await attendance.compute(
            uow,
            settings,
            ctx.scope(decl.scope, intel_rule=decl.intel_rule),
            decl.platform,
            decl.engagement,
            rule_for(decl.id, settings),
            ctx.window,
            with_posts=decl.with_posts,
            per_person=True,
        )
    return attendance_json(decl.id, att)
