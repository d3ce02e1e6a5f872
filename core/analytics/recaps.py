"""Engagement and amplification recaps for the dashboard (API-84), built by the report engine.

The payloads hold JSON types only (dates as ISO strings), so a route can serialise them without
FastAPI's per-value encoder, which cost about a second on a 20,000-member directorate.

The figures are the WhatsApp recaps' own: the same declaration (REP-IG-UNIT, REP-TT-UNIT, and
their directorate forms), the same `attendance.compute` / `amplification.link_data` over the same
window, so the API and `cicero report` agree person by person for the same client and window.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.analytics.query import AnalyticsQuery
from core.config import Settings
from core.db import UnitOfWork
from core.reports import amplification, attendance
from core.reports.catalogue import AttendanceReport, lookup
from core.reports.engine import ReportContext
from core.reports.formatting import nama_lengkap
from core.reports.model import Attendance, Person, Platform, ScopeKind, Status, Tally
from core.reports.output import ReportRequest
from core.reports.thresholds import rule_for
from core.timewindow import Period, Window, now_wib

# API-84 scope org → the unit recap; scope direktorat → the directorate recap over its jajaran.
RECAP_KINDS = {
    (Platform.INSTAGRAM, "org"): "REP-IG-UNIT",
    (Platform.INSTAGRAM, "direktorat"): "REP-IG-DUNITS",
    (Platform.TIKTOK, "org"): "REP-TT-UNIT",
    (Platform.TIKTOK, "direktorat"): "REP-TT-DUNITS",
}
COUNT_KEY = {Platform.INSTAGRAM: "jumlah_like", Platform.TIKTOK: "jumlah_komentar"}


@dataclass
class WindowContext(ReportContext):
    """The engine's context with the API's window (a `start_date`/`end_date` range is no period)."""

    fixed_window: Window | None = None

    @property
    def window(self) -> Window:
        return self.fixed_window or super().window


async def report_context(uow: UnitOfWork, settings: Settings, q: AnalyticsQuery, kind: str) -> WindowContext:
    req = ReportRequest(
        kind=kind, client_id=q.client_id, ref_date=q.ref_date, period=Period.DAY, now=now_wib(), role=q.role
    )
    client = await attendance.get_client(uow, q.client_id)
    return WindowContext(uow, settings, req, client, fixed_window=q.window)


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 2) if whole else 0.0


def _tally(t: Tally) -> dict[str, Any]:
    return {
        "total_user": t.total,
        "lengkap": t.lengkap,
        "kurang": t.kurang,
        "belum": t.belum,
        "tanpa_username": t.no_username,
        "sudah": t.sudah,
        "persen_sudah": _percent(t.sudah, t.total),
        "persen_lengkap": _percent(t.lengkap, t.total),
    }


async def engagement_attendance(
    uow: UnitOfWork, settings: Settings, q: AnalyticsQuery, platform: Platform, *, with_posts: bool = False
) -> tuple[str, Attendance]:
    """The recap kind and its Attendance, exactly as the engine builds that kind (engine.build_attendance)."""
    kind = RECAP_KINDS[(platform, q.scope)]
    decl = lookup(kind)
    assert isinstance(decl, AttendanceReport)
    ctx = await report_context(uow, settings, q, kind)
    scope = ctx.scope(decl.scope, intel_rule=decl.intel_rule)
    att = await attendance.compute(
        uow, settings, scope, decl.platform, decl.engagement, rule_for(decl.id, settings), ctx.window,
        with_posts=with_posts or decl.with_posts,
    )  # fmt: skip
    return kind, att


def _in_region(att: Attendance, regional_id: str | None) -> list[Person]:
    if not regional_id:
        return att.people
    keep = {uid for uid, u in att.units.items() if (u.regional_id or "").upper() == regional_id}
    return [p for p in att.people if p.unit_id in keep]


async def engagement_recap(
    uow: UnitOfWork, settings: Settings, q: AnalyticsQuery, platform: Platform
) -> dict[str, Any]:
    """`GET /api/insta/rekap-likes` and `GET /api/tiktok/rekap-komentar`."""
    kind, att = await engagement_attendance(uow, settings, q, platform)
    people = _in_region(att, q.regional_id)
    count_key = COUNT_KEY[platform]
    units = {p.unit_id for p in people}
    members = [
        {
            "user_id": p.user_id,
            "nama": p.nama,
            "title": p.title,
            "display_nama": nama_lengkap(p.title, p.nama),
            "divisi": p.divisi,
            "jabatan": p.jabatan,
            "client_id": p.unit_id,
            "client_name": att.units[p.unit_id].nama if p.unit_id in att.units else p.unit_id,
            "username": p.handle(platform),
            count_key: p.count,
            "status": p.status.value,
        }
        for p in people
    ]
    by_status = {s: [p.user_id for p in people if p.status == s] for s in Status}
    tally = Tally.of(people)
    chart = []
    for unit in att.by_unit():
        if unit.client.client_id not in units and q.regional_id:
            continue
        chart.append({"client_id": unit.client.client_id, "nama": unit.client.nama, **_tally(unit.tally)})
    divisions: dict[str, list[Person]] = {}
    for p in people:
        divisions.setdefault(p.division, []).append(p)
    return {
        **q.describe(),
        "report": kind,
        "rule": att.rule.value,
        "total_posts": att.n,
        "posts": [
            {"id": p.id, "created_at": p.created_at.isoformat(), "engaged": p.engaged} for p in att.posts
        ],
        "summary": {
            **_tally(tally),
            f"total_{count_key.removeprefix('jumlah_')}": tally.score_sum,
            "sudah_users": by_status[Status.LENGKAP] + by_status[Status.KURANG],
            "lengkap_users": by_status[Status.LENGKAP],
            "kurang_users": by_status[Status.KURANG],
            "belum_users": by_status[Status.BELUM],
            "tanpa_username_users": by_status[Status.NO_USERNAME],
        },
        "chart": {
            "units": chart,
            "divisions": [{"divisi": d, **_tally(Tally.of(ps))} for d, ps in sorted(divisions.items())],
        },
        "members": members,
    }


async def amplification_recap(
    uow: UnitOfWork, settings: Settings, q: AnalyticsQuery, *, khusus: bool
) -> dict[str, Any]:
    """`GET /api/amplify/rekap` (REP-AMP-ATT's data) and its khusus form (REP-AMP-KHUSUS)."""
    kind = "REP-AMP-KHUSUS" if khusus else "REP-AMP-ATT"
    ctx = await report_context(uow, settings, q, kind)
    scope = None
    if q.scope == "direktorat":
        scope = ctx.scope(ScopeKind.DIRECTORATE)
    data = await amplification.link_data(ctx, ctx.window, khusus=khusus, scope=scope)
    regional = q.regional_id
    people = [
        p
        for p in data.people
        if not regional
        or (data.units.get(p.unit_id) and (data.units[p.unit_id].regional_id or "").upper() == regional)
    ]
    members = [
        {
            "user_id": p.user_id,
            "nama": p.nama,
            "title": p.title,
            "display_nama": nama_lengkap(p.title, p.nama),
            "divisi": p.divisi,
            "client_id": p.unit_id,
            "jumlah_tugas": p.count,
            "jumlah_link": p.links,
            "status": p.status.value,
            "sudahMelaksanakan": p.count > 0,
        }
        for p in people
    ]
    done = sum(1 for m in members if m["sudahMelaksanakan"])
    return {
        **q.describe(),
        "report": kind,
        "total_posts": data.n,
        "posts": [{"id": p.id, "created_at": p.created_at.isoformat()} for p in data.posts],
        "summary": {
            "total_user": len(members),
            "sudah": done,
            "belum": len(members) - done,
            "total_link": sum(m["jumlah_link"] for m in members),
            "persen_sudah": _percent(done, len(members)),
        },
        "members": members,
    }
