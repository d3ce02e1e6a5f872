"""The report engine's public entry point (ING-REP, ING-XLS, ING-ATT).

    out = await build_report(db, "REP-IG-UNIT", client_id="POLRESA", ref_date=date(2026, 3, 4))
    out.text        # the message (or the no-data reply when out.empty)
    out.files       # ReportFile(name, content bytes, mimetype) documents, sent after the text

Every kind id of spec 30 is listed by `list_kinds()`; ids are case-insensitive.
Builders are pure (ING-GEN-6): same rows and same `now` give byte-identical output.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from core.reports.catalogue import AttendanceReport, ReportKind, all_kinds, lookup
from core.reports.output import ReportError, ReportFile, ReportOutput, ReportRequest
from core.timewindow import Period, now_wib, today_wib

if TYPE_CHECKING:
    from core.config import Settings
    from core.db import Database

__all__ = [
    "Period",
    "ReportError",
    "ReportFile",
    "ReportKind",
    "ReportOutput",
    "build_report",
    "list_kinds",
    "recap_kind",
]


def recap_kind(platform: str, *, is_directorate: bool, role: str | None = None) -> str:
    """ING-REP-10 dispatcher: which attendance recap a client's likes/comments request means.

    Instagram: directorate → REP-IG-DUNITS, else REP-IG-UNIT. TikTok: role `operator` →
    REP-TT-UNIT, directorate → REP-TT-DUNITS, else REP-TT-UNIT (REP-TT-ANALYTIC is P2).
    """
    if platform == "instagram":
        return "REP-IG-DUNITS" if is_directorate else "REP-IG-UNIT"
    if (role or "").strip().lower() == "operator" or not is_directorate:
        return "REP-TT-UNIT"
    return "REP-TT-DUNITS"


def list_kinds() -> list[ReportKind]:
    """Every report kind (`.id`, `.summary`, `.priority`), sorted by id."""
    return all_kinds()


async def build_report(
    db: Database,
    kind: str,
    *,
    client_id: str,
    ref_date: date | None = None,
    period: Period | str = Period.DAY,
    now: datetime | None = None,
    role: str | None = None,
    unit: str | None = None,
    mode: str = "all",
    category: int = 1,
    variant: str = "today",
    previous_ids: frozenset[str] | set[str] | None = None,
    actor: str | None = None,
    settings: Settings | None = None,
) -> ReportOutput:
    """Build report `kind` for `client_id`, reading the database only (ING-GEN-6).

    `ref_date` defaults to today (WIB) of `now`; `now` (default: the current instant) is
    printed in headers. `role` scopes unit reports (`operator`); `unit` narrows a directorate
    report to one of its units; `mode` is all/sudah/belum; `category` 1..4 for
    REP-DATA-PERSONIL; `variant` today/yesterday/post/khusus for REP-AMP-LINKS;
    `previous_ids` marks `[BARU]` posts in REP-TASK-MENU; `actor` (name or number of who asked)
    is printed by XLS-MATRIX.
    Raises `ReportError` (with an Indonesian `.message`) for an unknown kind or client or a
    request the kind does not support.
    """
    # The engine (SQLAlchemy, the builders) loads on the first build, not when kinds are listed.
    from core.config import get_settings
    from core.reports.attendance import ClientNotFound, get_client
    from core.reports.engine import ReportContext, build_attendance

    decl = lookup(kind)
    if decl is None:
        raise ReportError("unknown_kind", f"Jenis laporan {kind.strip().upper()} tidak dikenal.")
    now = now or now_wib()
    req = ReportRequest(
        kind=decl.id,
        client_id=client_id.strip().upper(),
        ref_date=ref_date or today_wib(now),
        period=Period(period),
        now=now,
        role=role,
        unit=unit,
        mode=mode if mode in ("all", "sudah", "belum") else "all",
        category=category,
        variant=variant,
        previous_ids=frozenset(previous_ids or ()),
        actor=actor,
    )
    async with db.uow() as uow:
        try:
            client = await get_client(uow, client_id)
        except ClientNotFound as exc:
            raise ReportError("unknown_client", f"Client {exc.client_id} tidak ditemukan.") from exc
        ctx = ReportContext(uow, settings or get_settings(), req, client)
        if isinstance(decl, AttendanceReport):
            return await build_attendance(ctx, decl)
        return await decl.build(ctx)
