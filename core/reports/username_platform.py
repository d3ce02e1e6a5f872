"""REP-USERNAME-PLATFORM (ING-REP-29): who of a unit has recorded their Instagram or TikTok handle.

The platform comes in `variant` (`instagram` / `tiktok`), the mode in `mode` (all / sudah / belum);
*sudah* = the handle of that platform is stored.
"""

from __future__ import annotations

from core.reports import attendance
from core.reports.engine import ReportContext
from core.reports.model import Person, Platform, Scope, ScopeKind
from core.reports.ordering import group_by_division
from core.reports.output import ReportError, ReportOutput

PLATFORMS = {"instagram": (Platform.INSTAGRAM, "Instagram"), "tiktok": (Platform.TIKTOK, "TikTok")}
MODE_LABELS = {"all": "Semua", "sudah": "Sudah", "belum": "Belum"}
DIVIDER = "─" * 20


def _line(i: int, p: Person, platform: Platform) -> str:
    handle = p.handle(platform)
    return f"  {i}. {p.nama or '-'} ({p.user_id}) {f'@{handle}' if handle else '-'}"


async def rep_username_platform(ctx: ReportContext) -> ReportOutput:
    if ctx.req.variant not in PLATFORMS:
        raise ReportError("bad_variant", "Platform absensi username harus instagram atau tiktok.")
    platform, label = PLATFORMS[ctx.req.variant]
    people, _ = await attendance.population(
        ctx.uow, Scope(ScopeKind.UNIT, ctx.client, role=ctx.req.role), ctx.settings
    )
    done = [p for p in people if p.handle(platform)]
    chosen = {"all": people, "sudah": done, "belum": [p for p in people if not p.handle(platform)]}[
        ctx.req.mode
    ]
    lines = [
        f"*Absensi Username {label}*",
        f"Client: *{ctx.client.nama}* ({ctx.client.client_id})",
        f"Mode: {MODE_LABELS[ctx.req.mode]}",
        f"Total personil: {len(people)} · Sudah: {len(done)} · Belum: {len(people) - len(done)}",
    ]
    if not chosen:
        lines += ["", f"Tidak ada personil kategori {MODE_LABELS[ctx.req.mode]}."]
        return ReportOutput("REP-USERNAME-PLATFORM", text="\n".join(lines), empty=True)
    for n, (div, members) in enumerate(group_by_division(chosen)):
        lines += ([DIVIDER] if n else [""]) + [f"• *{div}* ({len(members)})"]
        lines += [_line(i, p, platform) for i, p in enumerate(members, start=1)]
    return ReportOutput("REP-USERNAME-PLATFORM", text="\n".join(lines))
