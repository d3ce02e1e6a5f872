"""Chart report kinds (issue 21): PNG pictures of the recaps operators forward to commanders.

Every chart counts with the declaration of the text recap it pictures (same scope, rule, Sat
Intel exclusion, window), through `attendance.compute`, so a unit's bar equals its lines in
REP-IG-DUNITS / REP-TT-DUNITS (directorates) or REP-IG-UNIT / REP-TT-UNIT (per division).
Drawing is `core.reports.chart_render`, which imports matplotlib only when a chart is drawn.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from core.reports import attendance
from core.reports.amplification import link_data
from core.reports.catalogue import DIRECTORATE_ONLY_LABELS, AttendanceReport, lookup
from core.reports.chart_render import PNG_MIME, BarRow, TrendPoint, sort_rows, trend_png, units_png
from core.reports.engine import ReportContext, only_directorate
from core.reports.formatting import fmt_pct, pct
from core.reports.model import Attendance, Engagement, Person, Platform, Rule, ScopeKind, Tally
from core.reports.output import ReportFile, ReportOutput
from core.reports.stated_rule import stated_rule_line
from core.reports.thresholds import rule_for
from core.timefmt import hari_tanggal, period_label, tgl_med
from core.timewindow import Period, Window, day_window

_WORDS = {Platform.INSTAGRAM: "Likes Instagram", Platform.TIKTOK: "Komentar TikTok"}


@dataclass(frozen=True)
class _Source:
    """How the text recap a chart pictures counts: its declaration's scope, rule and exclusion."""

    recap_id: str
    platform: Platform
    engagement: Engagement
    scope: ScopeKind | None
    intel_rule: bool = False
    per_person: bool = True
    directorate_only: bool = False


def _source(recap_id: str) -> _Source:
    decl = lookup(recap_id)
    if isinstance(decl, AttendanceReport):
        return _Source(decl.id, decl.platform, decl.engagement, decl.scope, decl.intel_rule, decl.per_person,
                       decl.directorate_only)  # fmt: skip
    # REP-LAPHAR-*: engine.engagement_attendance (directorate(D) or unit(C), no Sat Intel rule)
    if recap_id.endswith("-IG"):
        return _Source(recap_id, Platform.INSTAGRAM, Engagement.LIKES, None)
    return _Source(recap_id, Platform.TIKTOK, Engagement.COMMENTS, None)


def _units_recap(ctx: ReportContext, platform: Platform) -> str:
    """CHART-IG/TT-UNITS picture ING-REP-10's recap: per unit for a directorate, else per division."""
    plat = "IG" if platform == Platform.INSTAGRAM else "TT"
    return f"REP-{plat}-DUNITS" if ctx.client.is_directorate else f"REP-{plat}-UNIT"


async def _compute(ctx: ReportContext, src: _Source, win: Window) -> Attendance:
    scope = ctx.scope(src.scope, intel_rule=src.intel_rule)
    return await attendance.compute(
        ctx.uow, ctx.settings, scope, src.platform, src.engagement, rule_for(src.recap_id, ctx.settings), win,
        per_person=src.per_person,
    )  # fmt: skip


def _row(name: str, t: Tally, note: str = "") -> BarRow:
    return BarRow(name, t.total, t.lengkap, t.kurang, t.belum, t.no_username, note)


def _division_rows(people: list[Person], note=None) -> list[BarRow]:
    groups: dict[str, list[Person]] = defaultdict(list)
    for p in people:
        groups[p.division].append(p)
    return [_row(div, Tally.of(ps), note(ps) if note else "") for div, ps in groups.items()]


async def units_data(ctx: ReportContext, recap_id: str) -> tuple[Attendance, list[BarRow]]:
    """Per unit (directorate-wide recaps) or per division status counts, as recap `recap_id` has them."""
    src = _source(recap_id)
    if src.directorate_only:
        only_directorate(ctx, DIRECTORATE_ONLY_LABELS.get(recap_id, f"Grafik {recap_id}"))
    att = await _compute(ctx, src, ctx.window)
    if att.scope.kind == ScopeKind.DIRECTORATE:
        rows = [_row(u.client.unit_name, u.tally) for u in att.by_unit()]
    else:
        rows = _division_rows(att.members)
    return att, sort_rows(rows)


def _when(ctx: ReportContext) -> str:
    if ctx.req.period == Period.DAY:
        return hari_tanggal(ctx.req.ref_date)
    return period_label(ctx.window)


def _png_output(ctx: ReportContext, kind: str, png: bytes, caption: str) -> ReportOutput:
    name = f"{kind}_{ctx.client.client_id}_{ctx.req.ref_date.isoformat()}.png"
    return ReportOutput(kind, text=caption, files=(ReportFile(name, png, PNG_MIME),))


async def recap_chart(ctx: ReportContext, recap_id: str, kind: str) -> ReportOutput:
    """The PNG of text recap `recap_id`'s numbers, one bar per unit or division."""
    att, rows = await units_data(ctx, recap_id)
    words = _WORDS[att.platform]
    if att.n == 0:
        return ReportOutput(
            kind, text=f"Tidak ada konten {words} *{ctx.client.nama}* pada periode ini.", empty=True
        )
    per = "per Satker" if att.scope.kind == ScopeKind.DIRECTORATE else "per Divisi"
    title = f"Pelaksanaan {words} {per}"
    subtitle = f"{ctx.client.unit_name} · {_when(ctx)}"
    t = att.tally
    total = f"Total lengkap {t.lengkap} dari {t.total} pers ({fmt_pct(pct(t.lengkap, t.total), 1)}%)"
    caption = f"{total} · {att.n} konten · {stated_rule_line(att)}"
    png = units_png(rows, title=title, subtitle=subtitle, caption=caption)
    return _png_output(ctx, kind, png, f"*{title}*\n{subtitle}\n{caption}")


async def chart_ig_units(ctx: ReportContext) -> ReportOutput:
    return await recap_chart(ctx, _units_recap(ctx, Platform.INSTAGRAM), "CHART-IG-UNITS")


async def chart_tt_units(ctx: ReportContext) -> ReportOutput:
    return await recap_chart(ctx, _units_recap(ctx, Platform.TIKTOK), "CHART-TT-UNITS")


def trend_days(period: Period) -> int:
    """`--period month`: the last 30 days; otherwise the last 7 (issue 21 item 1)."""
    return 30 if period == Period.MONTH else 7


async def trend_data(ctx: ReportContext, platform: Platform) -> tuple[Attendance, list[TrendPoint]]:
    """One attendance per day ending at ref_date, each counted as that day's text recap counts."""
    src = _source(_units_recap(ctx, platform))
    days = trend_days(ctx.req.period)
    points, last = [], None
    for i in range(days - 1, -1, -1):
        d = ctx.req.ref_date - timedelta(days=i)
        last = await _compute(ctx, src, day_window(d))
        t = last.tally
        value = pct(t.lengkap, t.total) if last.n else None
        points.append(TrendPoint(d, value, t.lengkap, t.total))
    assert last is not None
    return last, points


def _daily_rule(att: Attendance) -> str:
    """The rule in per-day words: the last day's `minimal 1 dari 2` would misstate earlier days."""
    verb = "like" if att.engagement == Engagement.LIKES else "komentar"
    share = "semua" if att.rule == Rule.FULL else "minimal separuh"
    return f"Lengkap = {verb} {share} konten hari itu"


async def _trend(ctx: ReportContext, platform: Platform, kind: str) -> ReportOutput:
    att, points = await trend_data(ctx, platform)
    if all(p.value is None for p in points):
        return ReportOutput(
            kind, text=f"Tidak ada konten {_WORDS[platform]} *{ctx.client.nama}* dalam {len(points)} hari terakhir.",
            empty=True,
        )  # fmt: skip
    who = ctx.scope(None).unit_id or ctx.client.unit_name
    title = f"Tren Pelaksanaan {_WORDS[platform]} {len(points)} Hari"
    subtitle = f"{str(who).upper()} · {tgl_med(points[0].day)} – {tgl_med(points[-1].day)}"
    caption = " · ".join(
        ["Persentase personel lengkap per hari", _daily_rule(att), *stated_rule_line(att).split(" · ")[1:]]
    )
    png = trend_png(points, title=title, subtitle=subtitle, caption=caption)
    return _png_output(ctx, kind, png, f"*{title}*\n{subtitle}\n{caption}")


async def chart_ig_trend(ctx: ReportContext) -> ReportOutput:
    return await _trend(ctx, Platform.INSTAGRAM, "CHART-IG-TREND")


async def chart_tt_trend(ctx: ReportContext) -> ReportOutput:
    return await _trend(ctx, Platform.TIKTOK, "CHART-TT-TREND")


def _links_note(people: list[Person]) -> str:
    return f"{sum(p.links for p in people)} link"


async def amp_units_data(ctx: ReportContext) -> tuple[int, list[BarRow]]:
    """REP-AMP-ATT's counts per unit (directorate) or division: who reported links for every task."""
    data = await link_data(ctx, ctx.window, khusus=False)
    if not ctx.client.is_directorate:
        return data.n, sort_rows(_division_rows(data.people, _links_note))
    groups: dict[str, list[Person]] = defaultdict(list)
    for p in data.people:
        groups[p.unit_id].append(p)
    rows = []
    for uid, ps in groups.items():
        unit = data.units.get(uid)
        rows.append(_row(unit.unit_name if unit else uid, Tally.of(ps), _links_note(ps)))
    return data.n, sort_rows(rows)


async def chart_amp_units(ctx: ReportContext) -> ReportOutput:
    kind = "CHART-AMP-UNITS"
    n, rows = await amp_units_data(ctx)
    if n == 0:
        return ReportOutput(
            kind, text=f"Tidak ada tugas amplifikasi *{ctx.client.nama}* pada periode ini.", empty=True
        )
    per = "per Satker" if ctx.client.is_directorate else "per Divisi"
    title = f"Laporan Link Amplifikasi {per}"
    subtitle = f"{ctx.client.unit_name} · {_when(ctx)}"
    caption = f"{n} tugas · Lengkap = melaporkan link untuk semua {n} tugas · jumlah link per satker di kanan"
    png = units_png(rows, title=title, subtitle=subtitle, caption=caption)
    return _png_output(ctx, kind, png, f"*{title}*\n{subtitle}\n{caption}")
