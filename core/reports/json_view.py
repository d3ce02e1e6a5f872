"""`cicero report KIND … --json`: a report's data model as JSON (issue 16 item 3).

The keys are an interface checked from outside; keep them:
`{"kind", "client_id", "window": {"start", "end", "period"}, "rule", "population", "excluded":
[{"reason", "count"}], "posts": [{"id", "created_at"}], "units": [{"client_id", "nama", "lengkap",
"kurang", "belum", "no_username", "people": [{"user_id", "nama", "divisi", "count", "status"}]}]}`.
Attendance kinds only: the other kinds have no attendance model and are refused (ReportError).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from core.config import Settings, get_settings
from core.reports import attendance
from core.reports.attendance import ClientNotFound, get_client
from core.reports.catalogue import AttendanceReport, lookup
from core.reports.engine import ReportContext, only_directorate
from core.reports.model import Attendance, Person
from core.reports.output import ReportError, ReportRequest
from core.reports.stated_rule import population_words
from core.reports.thresholds import rule_for
from core.timewindow import Period, now_wib, today_wib

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


def attendance_json(kind: str, att: Attendance) -> dict[str, Any]:
    win = att.window
    units = []
    for unit in att.by_unit():
        t = unit.tally
        units.append(
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
    return {
        "kind": kind,
        "client_id": att.scope.client.client_id,
        # WIB dates, both inclusive (the spec's [first, last]); start is null for all time.
        "window": {
            "start": win.start_date.isoformat() if win.start_date else None,
            "end": win.last_date.isoformat(),
            "period": str(win.kind),
        },
        "rule": str(att.rule),
        "population": population_words(att.scope),
        "excluded": [{"reason": reason, "count": count} for reason, count in att.excluded],
        "posts": [{"id": p.id, "created_at": p.uploaded_at.isoformat()} for p in att.posts],
        "units": units,
    }


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
    if not isinstance(decl, AttendanceReport):
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
