"""Every report kind as a small declaration (ING-REP-1), looked up by its stable id.

Attendance recaps are `AttendanceReport` declarations (scope, platform, engagement, rule,
layout, no-content text) rendered by one builder; the other kinds name their builder as
"module:function", imported on first use, so that listing the kinds (`cicero report --list`)
loads no builder module (and with them no SQLAlchemy, openpyxl or matplotlib).
"""

from __future__ import annotations

import importlib
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
    """A kind with its own builder (amplification, data completeness, daily, task, Excel, chart)."""

    id: str
    summary: str
    builder: str  # "module:function"; the function takes the context, then `args`
    priority: str = "P1"
    args: tuple[str, ...] = ()

    @property
    def build(self) -> Builder:
        module, name = self.builder.split(":")
        fn = getattr(importlib.import_module(module), name)
        if not self.args:
            return fn
        return lambda ctx: fn(ctx, *self.args)


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

# The chart sent after each directorate recap in chat (issue 21 item 3): the recap's own numbers.
RECAP_CHARTS: dict[str, str] = {
    "REP-IG-DUNITS": "CHART-IG-UNITS",
    "REP-TT-DUNITS": "CHART-TT-UNITS",
    **{
        f"REP-{name}": f"CHART-{name}"
        for name in ("IG-DDETAIL", "IG-DSIMPLE", "TT-DDETAIL", "TT-DSIMPLE", "IG-JAJARAN", "TT-JAJARAN",
                     "LAPHAR-IG", "LAPHAR-TT")
    },
}  # fmt: skip

_AMP, _DAILY, _DATA, _XLS = (
    "core.reports.amplification",
    "core.reports.daily",
    "core.reports.data",
    "core.reports.excel",
)
_PER, _RANK, _CHART = "core.reports.periodic", "core.reports.rankings", "core.reports.charts"
_KASAT = "core.reports.kasat"

BUILT_REPORTS: tuple[BuiltReport, ...] = (
    BuiltReport("REP-AMP-ATT", "Amplification link attendance of today's Instagram tasks", f"{_AMP}:rep_amp_att"),
    BuiltReport("REP-AMP-POST", "Amplification link attendance per task post", f"{_AMP}:rep_amp_post"),
    BuiltReport("REP-AMP-KHUSUS", "Amplification link attendance of special (khusus) tasks", f"{_AMP}:rep_amp_khusus"),
    BuiltReport("REP-AMP-KHUSUS-POST", "Amplification link attendance per special (khusus) task",
                f"{_AMP}:rep_amp_khusus_post"),
    BuiltReport("REP-AMP-LINKS", "Links reported by active operators (--variant today/yesterday/post/khusus)",
                f"{_AMP}:rep_amp_links"),
    BuiltReport("REP-LAPHAR-IG", "Daily Instagram report: narrative + 'all' and 'belum' text files + Excel",
                f"{_DAILY}:rep_laphar_ig"),
    BuiltReport("REP-LAPHAR-TT", "Daily TikTok report: narrative + 'all' and 'belum' text files + Excel",
                f"{_DAILY}:rep_laphar_tt"),
    BuiltReport("REP-COMBINED", "Combined daily engagement report (Instagram and TikTok) + files",
                f"{_DAILY}:rep_combined"),
    BuiltReport("REP-IG-POSTS", "Instagram task posts of today with their like counts", f"{_DAILY}:rep_ig_posts"),
    BuiltReport("REP-TT-POSTS", "TikTok task posts of today with their comment counts", f"{_DAILY}:rep_tt_posts"),
    BuiltReport("REP-TASK-MENU", "Task message with official and special segments and [BARU] markers",
                f"{_DAILY}:rep_task_menu"),
    BuiltReport("REP-TASK-LIST", "Daftar Tugas: today's task list broadcast to client groups",
                f"{_DAILY}:rep_task_list"),
    BuiltReport("REP-USERNAME", "Username-update attendance of a unit (IG and TikTok handles)",
                f"{_DATA}:rep_username"),
    BuiltReport("REP-DATA-SATKER", "Personnel data completeness per unit (directorate) or per division",
                f"{_DATA}:rep_data_satker"),
    BuiltReport("REP-DATA-PERSONIL", "Directorate personnel data completeness by category (--category 1..4)",
                f"{_DATA}:rep_data_personil"),
    BuiltReport("REP-DATA-EXEC", "Executive summary of personnel data completeness (directorate)",
                f"{_DATA}:rep_data_exec"),
    BuiltReport("XLS-MATRIX", "Excel (P2): satker data-update matrix of a directorate", f"{_DATA}:xls_matrix",
                priority="P2"),
    BuiltReport("REP-DATA-BELUM", "Incomplete personnel data of a directorate (P2)", f"{_DATA}:rep_data_belum",
                priority="P2"),
    BuiltReport("XLS-IG-RECAP", "Excel: Instagram likes recap, one sheet per unit", f"{_XLS}:xls_ig_recap"),
    BuiltReport("XLS-TT-RECAP", "Excel: TikTok comment recap, one sheet per unit", f"{_XLS}:xls_tt_recap"),
    BuiltReport("XLS-IG-KONTEN", "Excel: Instagram likes per content (1/0 per post), per unit",
                f"{_XLS}:xls_ig_konten"),
    BuiltReport("XLS-TT-KONTEN", "Excel: TikTok comments per content (1/0 per video), per unit",
                f"{_XLS}:xls_tt_konten"),
    BuiltReport("XLS-RANKING", "Excel: engagement ranking of a directorate's units (--period)",
                f"{_XLS}:xls_ranking"),
    BuiltReport("XLS-AMP-MONTH", "Excel: amplification links of the reference day's month",
                f"{_XLS}:xls_amp_month"),
    BuiltReport("XLS-WEEKLY-IG", "Excel (P2): Instagram likes per day of the report week, per unit",
                f"{_PER}:xls_weekly_ig", priority="P2"),
    BuiltReport("XLS-WEEKLY-TT", "Excel (P2): TikTok comments per day of the report week, per unit",
                f"{_PER}:xls_weekly_tt", priority="P2"),
    BuiltReport("XLS-MONTHLY-IG", "Excel (P2): Instagram likes per day of the month to date, per unit",
                f"{_PER}:xls_monthly_ig", priority="P2"),
    BuiltReport("XLS-MONTHLY-TT", "Excel (P2): TikTok comments per day of the month to date, per unit",
                f"{_PER}:xls_monthly_tt", priority="P2"),
    BuiltReport("XLS-ALLDATA-IG", "Excel (P2): Instagram likes per unit and month of the activity year",
                f"{_PER}:xls_alldata_ig", priority="P2"),
    BuiltReport("XLS-ALLDATA-TT", "Excel (P2): TikTok comments per unit and month of the activity year",
                f"{_PER}:xls_alldata_tt", priority="P2"),
    BuiltReport("REP-RANK-PERSONEL", "Top personnel by likes + comments, all time (directorate)",
                f"{_RANK}:rep_rank_personel", priority="P2"),
    BuiltReport("REP-RANK-SATKER", "Top units by likes + comments, all time (directorate)",
                f"{_RANK}:rep_rank_satker", priority="P2"),
    BuiltReport("REP-TOPBOTTOM-TT", "Weekly top and bottom five TikTok commenters (directorate)",
                f"{_RANK}:rep_topbottom_tt", priority="P2"),
    BuiltReport("REP-TOPBOTTOM-IG", "Weekly top and bottom five Instagram likers (directorate)",
                f"{_RANK}:rep_topbottom_ig", priority="P2"),
    BuiltReport("REP-WA-REG", "WhatsApp registration of a unit's operators (--mode)", f"{_RANK}:rep_wa_reg",
                priority="P2"),
    BuiltReport("REP-DASH-REG", "Dashboard users of the directorate role and their web logins today",
                f"{_RANK}:rep_dash_reg", priority="P2"),
    BuiltReport("REP-KASATKER", "Kasatker compliance per jajaran unit: XLS-RANKING score x 100 (--period)",
                f"{_KASAT}:rep_kasatker", priority="P2"),
    BuiltReport("REP-KASATKER-ATT", "Kasatker attendance: the jajaran's heads of the directorate's Kasat profile",
                f"{_KASAT}:rep_kasatker_att", priority="P2"),
    BuiltReport("REP-KASATBINMAS-IG", "Instagram likes of the directorate's Kasat profile heads (--period)",
                f"{_KASAT}:rep_kasatbinmas_ig", priority="P2"),
    BuiltReport("REP-KASATBINMAS-TT", "TikTok comments of the directorate's Kasat profile heads (--period)",
                f"{_KASAT}:rep_kasatbinmas_tt", priority="P2"),
    BuiltReport("XLS-KASATBINMAS-IG", "Excel (P2): Instagram likes of the Kasat profile heads (--period)",
                f"{_KASAT}:xls_kasatbinmas_ig", priority="P2"),
    BuiltReport("XLS-KASATBINMAS-TT", "Excel (P2): TikTok comments of the Kasat profile heads (--period)",
                f"{_KASAT}:xls_kasatbinmas_tt", priority="P2"),
    BuiltReport("REP-USERNAME-PLATFORM",
                "Instagram or TikTok handle attendance of a unit (variant instagram/tiktok, --mode)",
                "core.reports.username_platform:rep_username_platform", priority="P2"),
    BuiltReport("CHART-IG-UNITS", "PNG: Instagram likes completion % per unit (or division), sorted",
                f"{_CHART}:chart_ig_units"),
    BuiltReport("CHART-TT-UNITS", "PNG: TikTok comment completion % per unit (or division), sorted",
                f"{_CHART}:chart_tt_units"),
    BuiltReport("CHART-IG-TREND", "PNG: daily Instagram likes completion, last 7 days (--period month: 30)",
                f"{_CHART}:chart_ig_trend"),
    BuiltReport("CHART-TT-TREND", "PNG: daily TikTok comment completion, last 7 days (--period month: 30)",
                f"{_CHART}:chart_tt_trend"),
    BuiltReport("CHART-AMP-UNITS", "PNG: amplification link reports per unit (or division)",
                f"{_CHART}:chart_amp_units"),
    BuiltReport("CHART-DATA-UNITS", "PNG: personnel data completeness (Instagram and TikTok) per unit or division",
                "core.reports.data_chart:chart_data_units", priority="P2"),
    BuiltReport("REP-TT-ANALYTIC", "Analytic recap of a unit's TikTok comments: target ⌈N/2⌉, highlights, top three (P2)",
                "core.reports.analytic:rep_tt_analytic", priority="P2"),
    BuiltReport("REP-SATBINMAS-IG", "Content recap of the jajaran's Satbinmas Official Instagram accounts (--period)",
                "core.reports.satbinmas:rep_satbinmas_ig", priority="P2"),
    BuiltReport("REP-SATBINMAS-TT", "Content recap of the jajaran's Satbinmas Official TikTok accounts (--period)",
                "core.reports.satbinmas:rep_satbinmas_tt", priority="P2"),
    *(
        BuiltReport(chart, f"PNG: the numbers of {recap} per unit or division", f"{_CHART}:recap_chart",
                    args=(recap, chart))
        for recap, chart in RECAP_CHARTS.items()
        if not chart.endswith("-UNITS")
    ),
)  # fmt: skip


def _index(kinds: tuple[ReportKind, ...]) -> dict[str, ReportKind]:
    registry: dict[str, ReportKind] = {}
    for kind in kinds:
        if kind.id in registry:
            raise ValueError(f"duplicate report id {kind.id}")
        registry[kind.id] = kind
    return registry


_REGISTRY = _index((*ATTENDANCE_REPORTS, *BUILT_REPORTS))


def lookup(kind: str) -> ReportKind | None:
    return _REGISTRY.get(kind.strip().upper())


def all_kinds() -> list[ReportKind]:
    return sorted(_REGISTRY.values(), key=lambda k: k.id)
