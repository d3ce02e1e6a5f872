"""The one report engine: resolves the client and window, runs a kind's builder (ING-GEN-6)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from core.config import Settings
from core.db import UnitOfWork
from core.reports import attendance
from core.reports.catalogue import DIRECTORATE_ONLY_LABELS, AttendanceReport
from core.reports.model import Attendance, ClientInfo, Engagement, Platform, Scope, ScopeKind
from core.reports.output import ReportError, ReportOutput, ReportRequest
from core.reports.text.common import Render
from core.reports.thresholds import rule_for
from core.timewindow import Window, window

log = logging.getLogger(__name__)


@dataclass
class ReportContext:
    uow: UnitOfWork
    settings: Settings
    req: ReportRequest
    client: ClientInfo

    @property
    def window(self) -> Window:
        return window(self.req.period, self.req.ref_date)

    def scope(self, kind: ScopeKind | None, *, intel_rule: bool = False, role: str | None = None) -> Scope:
        """`kind=None`: directorate(D) for a directorate, unit(C[, role]) otherwise."""
        if kind is None:
            kind = ScopeKind.DIRECTORATE if self.client.is_directorate else ScopeKind.UNIT
        role = role if role is not None else self.req.role
        if kind != ScopeKind.UNIT and role and role.strip().lower() != self.client.client_id.lower():
            # ING-ATT-1: a directorate's role is always lower(D); another role is ignored.
            log.info("report_role_ignored", extra={"client_id": self.client.client_id, "role": role})
        unit = self.req.unit if kind == ScopeKind.DIRECTORATE else None
        return Scope(kind, self.client, role=role, unit_id=unit, intel_rule=intel_rule)

    def render(self, att: Attendance) -> Render:
        return Render(att, self.req.now, self.req.ref_date, self.req.mode)


def only_directorate(ctx: ReportContext, what: str) -> None:
    if not ctx.client.is_directorate:
        raise ReportError(
            "not_directorate",
            f"{what} hanya tersedia untuk client Direktorat; *{ctx.client.nama}* bukan Direktorat.",
        )


async def build_attendance(ctx: ReportContext, decl: AttendanceReport) -> ReportOutput:
    if decl.directorate_only:
        only_directorate(ctx, DIRECTORATE_ONLY_LABELS.get(decl.id, f"Laporan {decl.id}"))
    scope = ctx.scope(decl.scope, intel_rule=decl.intel_rule)
    att = await attendance.compute(
        ctx.uow,
        ctx.settings,
        scope,
        decl.platform,
        decl.engagement,
        rule_for(decl.id, ctx.settings),
        ctx.window,
        with_posts=decl.with_posts,
        per_person=decl.per_person,
    )
    r = ctx.render(att)
    if att.n == 0:
        return ReportOutput(decl.id, text=decl.no_content(r), empty=True)
    return ReportOutput(decl.id, text=decl.layout(r))


async def engagement_attendance(
    ctx: ReportContext, platform: Platform, rule_id: str, *, with_posts: bool = False
) -> Attendance:
    """Likes (Instagram) or comments (TikTok) attendance over directorate(D) or unit(C)."""
    engagement = Engagement.LIKES if platform == Platform.INSTAGRAM else Engagement.COMMENTS
    return await attendance.compute(
        ctx.uow, ctx.settings, ctx.scope(None), platform, engagement, rule_for(rule_id, ctx.settings), ctx.window,
        with_posts=with_posts,
    )  # fmt: skip
