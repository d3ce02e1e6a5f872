"""Every report kind as a small declaration (ING-REP-1), looked up by its stable id.

Attendance recaps are `AttendanceReport` declarations (scope, platform, engagement, rule,
layout, no-content text) rendered by one builder; the other kinds name their builder.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.reports.model import Engagement, Platform, ScopeKind
from core.reports.text import attendance_recaps as att
from core.timefmt import hari_tanggal

if TYPE_CHECKING:
    from core.reports.engine import ReportContext
    from core.reports.output import ReportOutput
    from core.reports.text.common import Render

Builder = Callable[["ReportContext"], Awaitable["ReportOutput"]]


@dataclass(frozen=True)
class AttendanceReport:
    """One attendance recap: who (scope), what (platform/engagement), rule (ING-ATT-6) and layout."""

    id: str
    summary: str
    platform: Platform
    engagement: Engagement
    scope: ScopeKind | None  # None: directorate(D) for directorates, unit(C[, role]) otherwise
    layout: Callable[[Render], str]
    no_content: Callable[[Render], str]
    intel_rule: bool = False  # ING-ATT-1 Sat Intel rule (dirrequest 3, 5-10, 48, 49)
    directorate_only: bool = False
    with_posts: bool = False
    per_person: bool = True  # False: the layout prints per-unit counts only (tallied in SQL)
    priority: str = "P1"


@dataclass(frozen=True)
class BuiltReport:
    """A kind with its own builder (amplification, data completeness, daily, task, Excel)."""

    id: str
    summary: str
    build: Builder
    priority: str = "P1"


ReportKind = AttendanceReport | BuiltReport


def _ig_none(r: Render) -> str:
    return f"Tidak ada konten pada akun Official Instagram *{r.client_nama}* hari ini."


def _tt_none(r: Render) -> str:
    return f"Tidak ada konten pada akun Official Tiktok *{r.client_nama}* hari ini."


IG, TT = Platform.INSTAGRAM, Platform.TIKTOK
LIKES, COMMENTS = Engagement.LIKES, Engagement.COMMENTS
D, DSELF, UNIT = ScopeKind.DIRECTORATE, ScopeKind.DIRECTORATE_SELF, ScopeKind.UNIT

ATTENDANCE_REPORTS: tuple[AttendanceReport, ...] = (
    AttendanceReport(
        "REP-IG-UNIT", "Instagram likes attendance of a unit, per division (FULL)",
        IG, LIKES, UNIT, att.rep_ig_unit, _ig_none,
    ),
    AttendanceReport(
        "REP-IG-DUNITS", "Instagram likes attendance of a directorate, per unit (HALF)",
        IG, LIKES, D, att.rep_ig_dunits, _ig_none, intel_rule=True, directorate_only=True, per_person=False,
    ),
    AttendanceReport(
        "REP-IG-DDETAIL", "Instagram likes attendance of a directorate's own personnel, per division (FULL)",
        IG, LIKES, DSELF, att.rep_ig_ddetail,
        lambda r: f"*Belum ada konten Instagram terbaru pada akun official {r.nama_upper} pada hari ini.*",
        intel_rule=True, directorate_only=True,
    ),
    AttendanceReport(
        "REP-IG-DSIMPLE", "Instagram likes attendance of a directorate's own personnel, simple lists (FULL)",
        IG, LIKES, DSELF, att.rep_ig_dsimple,
        lambda r: (
            f"*Tidak ada konten untuk tanggal operasional {_hari_tgl(r)} pada akun official {r.nama_upper}.*"
        ),
        intel_rule=True, directorate_only=True,
    ),
    AttendanceReport(
        "REP-IG-KONTEN", "Instagram likes per content: who did and did not like each post",
        IG, LIKES, None, att.rep_ig_konten,
        lambda r: f"Tidak ada konten IG untuk *Polres*: *{r.client_nama}* hari ini.", with_posts=True,
    ),
    AttendanceReport(
        "REP-IG-JAJARAN", "Instagram likes attendance of a directorate's jajaran, per unit (HALF)",
        IG, LIKES, D, att.rep_ig_jajaran,
        lambda r: (
            f"ℹ️ Belum ada konten Instagram yang perlu dilaksanakan pada {_hari_tgl(r)}"
            f" di akun official *{r.client_nama}*."
        ),
        intel_rule=True, directorate_only=True, per_person=False,
    ),
    AttendanceReport(
        "REP-TT-UNIT", "TikTok comment attendance of a unit, per division (FULL)",
        TT, COMMENTS, UNIT, att.rep_tt_unit, _tt_none,
    ),
    AttendanceReport(
        "REP-TT-DUNITS", "TikTok comment attendance of a directorate, per unit (HALF)",
        TT, COMMENTS, D, att.rep_tt_dunits, _tt_none, intel_rule=True, directorate_only=True, per_person=False,
    ),
    AttendanceReport(
        "REP-TT-DDETAIL", "TikTok comment attendance of a directorate's own personnel, per division (HALF)",
        TT, COMMENTS, DSELF, att.rep_tt_ddetail,
        lambda r: f"*Belum ada konten TikTok terbaru pada akun official {r.nama_upper} pada hari ini.*",
        intel_rule=True, directorate_only=True,
    ),
    AttendanceReport(
        "REP-TT-DSIMPLE", "TikTok comment attendance of a directorate's own personnel, simple lists (FULL)",
        TT, COMMENTS, DSELF, att.rep_tt_dsimple,
        lambda r: (
            f"*Tidak ada konten untuk tanggal operasional {_hari_tgl(r)} pada akun official {r.nama_upper}.*"
        ),
        intel_rule=True, directorate_only=True,
    ),
    AttendanceReport(
        "REP-TT-KONTEN", "TikTok comments per content: who did and did not comment on each video",
        TT, COMMENTS, None, att.rep_tt_konten,
        lambda r: (
            f"Tidak ada konten TikTok untuk *{'Direktorat' if r.att.scope.client.is_directorate else 'Polres'}*:"
            f" *{r.client_nama}* hari ini."
        ),
        with_posts=True,
    ),
    AttendanceReport(
        "REP-TT-JAJARAN", "TikTok comment attendance of a directorate's jajaran, per unit (HALF)",
        TT, COMMENTS, D, att.rep_tt_jajaran,
        lambda r: f"ℹ️ Akun official TikTok *{r.client_nama}* belum memiliki konten untuk hari ini (WIB).",
        intel_rule=True, directorate_only=True, per_person=False,
    ),
    AttendanceReport(
        "REP-IGC", "Instagram comment attendance (HALF, no kurang state)",
        IG, COMMENTS, None, att.rep_igc, lambda r: f"Tidak ada konten IG untuk *{r.client_nama}* hari ini.",
    ),
)  # fmt: skip


def _hari_tgl(r: Render) -> str:
    return hari_tanggal(r.ref_date)


# What the "only for directorates" reply calls each directorate-only recap (ING-REP-8, DIR-0.1).
DIRECTORATE_ONLY_LABELS = {
    "REP-IG-DUNITS": "Rekap likes Instagram per satker",
    "REP-IG-DDETAIL": "Absensi likes Instagram direktorat",
    "REP-IG-DSIMPLE": "Absensi likes Instagram direktorat (simple)",
    "REP-IG-JAJARAN": "Absensi Instagram Jajaran",
    "REP-TT-DUNITS": "Rekap komentar TikTok per satker",
    "REP-TT-DDETAIL": "Absensi komentar TikTok direktorat",
    "REP-TT-DSIMPLE": "Absensi komentar TikTok direktorat (simple)",
    "REP-TT-JAJARAN": "Absensi TikTok Jajaran",
}

_REGISTRY: dict[str, ReportKind] = {}


def register(kind: ReportKind) -> ReportKind:
    if kind.id in _REGISTRY:
        raise ValueError(f"duplicate report id {kind.id}")
    _REGISTRY[kind.id] = kind
    return kind


for _k in ATTENDANCE_REPORTS:
    register(_k)


def lookup(kind: str) -> ReportKind | None:
    return _REGISTRY.get(kind.strip().upper())


def all_kinds() -> list[ReportKind]:
    return sorted(_REGISTRY.values(), key=lambda k: k.id)
