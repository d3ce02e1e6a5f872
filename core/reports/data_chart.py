"""CHART-DATA-UNITS (CONV-175 wabot "User Summary" → Chart): personnel data completeness per unit.

The bars count exactly what REP-DATA-SATKER prints (`data.unit_data`, DIR-1.1): Lengkap = both
Instagram and TikTok filled, Kurang = one of them, Username kosong = neither (the legend's word); units without personnel are
left out as the text lists them apart ("Client Belum Input Data"). A unit client gets one bar
per division, from the same population as its text.
"""

from __future__ import annotations

from collections import defaultdict

from core.reports import attendance
from core.reports.chart_render import PNG_MIME, BarRow, units_png
from core.reports.data import unit_data
from core.reports.engine import ReportContext
from core.reports.formatting import fmt_pct, pct
from core.reports.model import Person, Scope, ScopeKind
from core.reports.output import ReportFile, ReportOutput
from core.timefmt import hari_tanggal

KIND = "CHART-DATA-UNITS"
RULE = "Lengkap = Instagram dan TikTok terisi · Kurang = salah satu · Username kosong = keduanya kosong"


def _row(name: str, total: int, ig: int, tt: int, complete: int) -> BarRow:
    partial = ig + tt - 2 * complete  # exactly one of the two handles
    return BarRow(name, total, complete, partial, 0, total - complete - partial)


def _division_rows(people: list[Person]) -> list[BarRow]:
    groups: dict[str, list[Person]] = defaultdict(list)
    for p in people:
        groups[p.division].append(p)
    return [
        _row(div, len(ps), sum(p.insta is not None for p in ps), sum(p.tiktok is not None for p in ps),
             sum(p.insta is not None and p.tiktok is not None for p in ps))
        for div, ps in groups.items()
    ]  # fmt: skip


async def chart_data_units(ctx: ReportContext) -> ReportOutput:
    if ctx.client.is_directorate:
        units, _ = await unit_data(ctx)
        rows = [_row(u.client.unit_name, u.total, u.ig, u.tt, u.complete) for u in units if u.total > 0]
        per = "per Satker"
    else:
        people, _ = await attendance.population(ctx.uow, Scope(ScopeKind.UNIT, ctx.client), ctx.settings)
        rows = _division_rows(people)
        per = "per Divisi"
    total = sum(r.total for r in rows)
    if total == 0:
        return ReportOutput(KIND, text=f"Belum ada data personel *{ctx.client.nama}*.", empty=True)
    done = sum(r.lengkap for r in rows)
    title = f"Kelengkapan Data Personel {per}"
    subtitle = f"{ctx.client.unit_name} · {hari_tanggal(ctx.req.ref_date)}"
    caption = f"Total lengkap {done} dari {total} pers ({fmt_pct(pct(done, total), 1)}%) · {RULE}"
    png = units_png(rows, title=title, subtitle=subtitle, caption=caption)
    name = f"{KIND}_{ctx.client.client_id}_{ctx.req.ref_date.isoformat()}.png"
    return ReportOutput(
        KIND, text=f"*{title}*\n{subtitle}\n{caption}", files=(ReportFile(name, png, PNG_MIME),)
    )
