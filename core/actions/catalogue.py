"""What each `dirrequest` option produces, as data (DIR-0.21, DIR-70.3).

`ACTIONS[n]` says how option n is built (a report kind, a fetch, a manual refresh, or a
conversation-only option), its report name for error lines (DIR-0.16), whether it is heavy
(DIR-0.12) and which parameters it takes. The menu labels live in `menus.dirrequest`; this table is
what the runner needs, so a scheduled job and the menu build identical outputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from core.timewindow import Period


class Build(StrEnum):
    REPORT = "report"  # one report kind: its text, then its files (17/18/21: narrative, .txt, Excel)
    EXCEL = "excel"  # 19 / 20 / 22: one workbook then a confirmation line
    FETCH = "fetch"  # 12-16
    MANUAL_REFRESH = "manual_refresh"  # 50-52
    CONVERSATION = "conversation"  # 46, 47, 53: need a conversation (unsupported unattended)


@dataclass(frozen=True)
class ActionSpec:
    number: int
    build: Build
    name: str  # report name used in `❌ Gagal membuat <name>.` (DIR-0.16)
    kinds: tuple[str, ...] = ()
    heavy: bool = False
    periods: tuple[str, ...] = ()  # accepted `period` values; the first is the default
    empty_text: str | None = None  # `{client_id}` / `{label}` placeholders
    error_text: str | None = None  # DIR-0.16 item 3 when the option words it itself; `{label}`/`{profile}`


_IG_EMPTY_XLS = "Tidak ada konten IG untuk *{client_id}* hari ini."
_TT_EMPTY_XLS = "Tidak ada konten TikTok untuk *{client_id}* hari ini."

RANKING_PERIODS = ("today", "yesterday", "this_week", "last_week", "this_month", "last_month", "all_time")
RANKING_LABELS = {
    "today": "hari ini",
    "yesterday": "hari sebelumnya",
    "this_week": "minggu ini",
    "last_week": "minggu sebelumnya",
    "this_month": "bulan ini",
    "last_month": "bulan sebelumnya",
    "all_time": "semua periode",
}
PERSONNEL_CATEGORIES = {"all": 1, "complete": 2, "incomplete": 3, "not_yet": 4}
KASATKER_PERIODS = ("today", "this_week", "this_month", "all_time")  # DIR-30
KASAT_PERIODS = ("daily", "weekly", "monthly")  # DIR-34, 35, 44, 45
KASAT_LABELS = {"daily": "harian", "weekly": "mingguan", "monthly": "bulanan"}
SATBINMAS_PERIODS = ("daily", "weekly", "monthly")  # DIR-40, 41: day, Monday-Sunday, calendar month


def _spec(number: int, build: Build, name: str, *kinds: str, **kw: object) -> ActionSpec:
    return ActionSpec(number, build, name, tuple(kinds), **kw)  # type: ignore[arg-type]


ACTIONS: dict[int, ActionSpec] = {
    s.number: s
    for s in (
        _spec(1, Build.REPORT, "rekap kelengkapan data personil", "REP-DATA-SATKER"),
        _spec(2, Build.REPORT, "ringkasan pengisian data personel", "REP-DATA-EXEC"),
        _spec(
            3, Build.REPORT, "rekap data personil", "REP-DATA-PERSONIL", periods=tuple(PERSONNEL_CATEGORIES)
        ),
        _spec(
            4,
            Build.EXCEL,
            "rekap matriks update satker",
            "XLS-MATRIX",
            empty_text="❌ Tidak ada data satker untuk direkap.",
        ),
        _spec(5, Build.REPORT, "absensi like Direktorat/Bidang", "REP-IG-DDETAIL"),
        _spec(6, Build.REPORT, "absensi like Direktorat/Bidang Simple", "REP-IG-DSIMPLE"),
        _spec(7, Build.REPORT, "absensi like Instagram", "REP-IG-DUNITS"),
        _spec(8, Build.REPORT, "absensi komentar TikTok", "REP-TT-DUNITS"),
        _spec(9, Build.REPORT, "absensi komentar Direktorat/Bidang Simple", "REP-TT-DSIMPLE"),
        _spec(10, Build.REPORT, "absensi komentar Direktorat/Bidang", "REP-TT-DDETAIL"),
        _spec(11, Build.REPORT, "absensi user web dashboard", "REP-DASH-REG"),
        _spec(12, Build.FETCH, "pengambilan konten & like Instagram", heavy=True),
        _spec(13, Build.FETCH, "fetch likes Instagram", heavy=True),
        _spec(14, Build.FETCH, "pengambilan konten & komentar TikTok", heavy=True),
        _spec(15, Build.FETCH, "fetch komentar TikTok", heavy=True),
        _spec(16, Build.FETCH, "pesan tugas", heavy=True),
        _spec(17, Build.REPORT, "laporan harian Instagram", "REP-LAPHAR-IG", heavy=True),
        _spec(18, Build.REPORT, "laporan harian TikTok", "REP-LAPHAR-TT", heavy=True),
        _spec(
            19,
            Build.EXCEL,
            "rekap likes Instagram (Excel)",
            "XLS-IG-RECAP",
            heavy=True,
            empty_text=_IG_EMPTY_XLS,
        ),
        _spec(
            20,
            Build.EXCEL,
            "rekap komentar TikTok (Excel)",
            "XLS-TT-RECAP",
            heavy=True,
            empty_text=_TT_EMPTY_XLS,
        ),
        _spec(21, Build.REPORT, "rekap gabungan semua sosmed", "REP-COMBINED", heavy=True),
        _spec(
            22,
            Build.EXCEL,
            "rekap ranking engagement",
            "XLS-RANKING",
            heavy=True,
            periods=RANKING_PERIODS,
            empty_text="ℹ️ Tidak ada data engagement untuk periode {label}.",
        ),
        # P2 options the report engine already serves (DIR-4 above, DIR-23..29, 31, 32, 42, 43, 48, 49).
        _spec(23, Build.EXCEL, "file Excel", "XLS-WEEKLY-IG", heavy=True, empty_text="Tidak ada data."),
        _spec(24, Build.EXCEL, "file Excel", "XLS-WEEKLY-TT", heavy=True, empty_text="Tidak ada data."),
        _spec(25, Build.REPORT, "laporan TikTok Top and Bottom", "REP-TOPBOTTOM-TT"),
        _spec(26, Build.REPORT, "laporan Instagram Top and Bottom", "REP-TOPBOTTOM-IG"),
        _spec(27, Build.EXCEL, "file Excel", "XLS-MONTHLY-IG", heavy=True, empty_text="Tidak ada data."),
        _spec(31, Build.REPORT, "ranking like/komentar personel", "REP-RANK-PERSONEL"),
        _spec(
            30,
            Build.REPORT,
            "Laporan Kasatker",
            "REP-KASATKER",
            periods=KASATKER_PERIODS,
            error_text="❌ Gagal membuat Laporan Kasatker ({label}).",
        ),
        _spec(33, Build.REPORT, "Absensi Kasatker", "REP-KASATKER-ATT"),
        _spec(
            34,
            Build.REPORT,
            "rekap Absensi Likes",
            "REP-KASATBINMAS-IG",
            periods=KASAT_PERIODS,
            error_text="❌ Gagal membuat rekap Absensi Likes {profile} ({label}).",
        ),
        _spec(
            35,
            Build.REPORT,
            "rekap Absensi Komentar TikTok",
            "REP-KASATBINMAS-TT",
            periods=KASAT_PERIODS,
            error_text="❌ Gagal membuat rekap Absensi Komentar TikTok {profile} ({label}).",
        ),
        _spec(
            44,
            Build.EXCEL,
            "rekap Likes Instagram (Excel)",
            "XLS-KASATBINMAS-IG",
            heavy=True,
            periods=KASAT_PERIODS,
            error_text="❌ Gagal mengirim rekap Likes {profile} (Excel).",
        ),
        _spec(
            45,
            Build.EXCEL,
            "rekap Komentar TikTok (Excel)",
            "XLS-KASATBINMAS-TT",
            heavy=True,
            periods=KASAT_PERIODS,
            error_text="❌ Gagal mengirim rekap Komentar TikTok {profile} (Excel).",
        ),
        _spec(32, Build.REPORT, "ranking like/komentar polres", "REP-RANK-SATKER"),
        _spec(42, Build.EXCEL, "rekap Instagram all data", "XLS-ALLDATA-IG", heavy=True),
        _spec(43, Build.EXCEL, "rekap TikTok all data", "XLS-ALLDATA-TT", heavy=True),
        _spec(
            28,
            Build.EXCEL,
            "rekap like Instagram per konten (Excel)",
            "XLS-IG-KONTEN",
            heavy=True,
            empty_text=_IG_EMPTY_XLS,
        ),
        _spec(
            29,
            Build.EXCEL,
            "rekap komentar TikTok per konten (Excel)",
            "XLS-TT-KONTEN",
            heavy=True,
            empty_text=_TT_EMPTY_XLS,
        ),
        # Monitoring Satbinmas Official (DIR-36..41): 36 asks for a username; 37-39 pull from RapidAPI.
        _spec(36, Build.CONVERSATION, "metadata IG Satbinmas Official"),
        _spec(37, Build.FETCH, "konten harian IG Satbinmas Official", heavy=True),
        _spec(38, Build.FETCH, "sinkronisasi secUid TikTok Satbinmas Official", heavy=True),
        _spec(39, Build.FETCH, "konten harian TikTok Satbinmas Official", heavy=True),
        _spec(
            40,
            Build.REPORT,
            "rekap Instagram Satbinmas Official",
            "REP-SATBINMAS-IG",
            periods=SATBINMAS_PERIODS,
        ),
        _spec(
            41, Build.REPORT, "rekap TikTok Satbinmas Official", "REP-SATBINMAS-TT", periods=SATBINMAS_PERIODS
        ),
        _spec(46, Build.CONVERSATION, "input IG post manual"),
        _spec(47, Build.CONVERSATION, "input TikTok post manual"),
        _spec(48, Build.REPORT, "absensi Instagram jajaran", "REP-IG-JAJARAN", heavy=True),
        _spec(49, Build.REPORT, "absensi TikTok jajaran", "REP-TT-JAJARAN", heavy=True),
        _spec(50, Build.MANUAL_REFRESH, "fetch likes IG manual", heavy=True),
        _spec(51, Build.MANUAL_REFRESH, "fetch komentar TikTok manual", heavy=True),
        _spec(52, Build.MANUAL_REFRESH, "fetch komentar IG manual", heavy=True),
        _spec(53, Build.CONVERSATION, "hapus post tugas"),
    )
}


def option_window(period: str, today: date) -> tuple[Period, date]:
    """A period key of 22, 30 (DIR-22/30) or 34/35/44/45 (DIR-34: daily, weekly Monday-Sunday of
    the current week, monthly the current month) → (engine period, reference day)."""
    match period:
        case "daily":
            return Period.DAY, today
        case "weekly":
            return Period.WEEK, today
        case "monthly":
            return Period.MONTH, today
    return ranking_window(period, today)


def ranking_window(period: str, today: date) -> tuple[Period, date]:
    """DIR-22: a period key → (engine period, reference day) for the report engine's windows."""
    match period:
        case "today":
            return Period.DAY, today
        case "yesterday":
            return Period.DAY, today - timedelta(days=1)
        case "this_week":
            return Period.WEEK, today
        case "last_week":
            return Period.WEEK, today - timedelta(days=7)
        case "this_month":
            return Period.MONTH, today
        case "last_month":
            return Period.MONTH, today.replace(day=1) - timedelta(days=1)
        case "all_time":
            return Period.ALL, today
    raise ValueError(period)
