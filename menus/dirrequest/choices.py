"""Sub-steps that pick a category or a period, then run the option (DIR-3.1, DIR-22, DIR-30..45, DIR-0.17)."""

from __future__ import annotations

from dataclasses import dataclass

from menus.dirrequest.base import MENU
from menus.dirrequest.run import start_option
from menus.framework.context import StepContext
from menus.framework.menu import OptionHandler, Step
from menus.framework.reply import Reply
from menus.framework.vocabulary import keycap, parse_number


@dataclass(frozen=True)
class Choice:
    """One sub-step prompt (DIR-0.17): title, keycap-numbered choices, and the key each number means."""

    option: int
    title: str
    choices: tuple[tuple[str, str], ...]  # (label, key passed to the runner)
    param: str  # "period" or "category"

    @property
    def prompt(self) -> str:
        lines = [self.title]
        lines += [f"{keycap(i)} {label}" for i, (label, _) in enumerate(self.choices, 1)]
        lines += [
            "",
            "Balas dengan *angka* pilihan, *back* untuk kembali ke menu utama, atau *batal* untuk keluar.",
        ]
        return "\n".join(lines)


PERSONNEL_CATEGORY = Choice(
    3,
    "Silakan pilih kategori rekap data personil:",
    (
        ("Semua (All personnel data)", "all"),
        ("Lengkap (Both Instagram and TikTok filled)", "complete"),
        ("Kurang (Missing either Instagram or TikTok)", "incomplete"),
        ("Belum (Missing both Instagram and TikTok)", "not_yet"),
    ),
    "category",
)

RANKING_PERIOD = Choice(
    22,
    "Silakan pilih periode rekap ranking engagement jajaran:",
    (
        ("Hari ini", "today"),
        ("Hari sebelumnya", "yesterday"),
        ("Minggu ini", "this_week"),
        ("Minggu sebelumnya", "last_week"),
        ("Bulan ini", "this_month"),
        ("Bulan sebelumnya", "last_month"),
    ),
    "period",
)

KASATKER_PERIOD = Choice(
    30,
    "Silakan pilih periode Laporan Kasatker:",
    (
        ("Laporan harian (periode hari ini)", "today"),
        ("Laporan mingguan (periode minggu ini)", "this_week"),
        ("Laporan bulanan (periode bulan ini)", "this_month"),
        ("Laporan semua periode (seluruh data)", "all_time"),
    ),
    "period",
)


def _kasat(option: int, title: str, verb: str) -> Choice:
    """DIR-34/35 (and 44/45): daily, weekly (Monday-Sunday), monthly."""
    return Choice(
        option,
        title,
        (
            (f"Rekap absensi {verb} harian (hari ini)", "daily"),
            (f"Rekap absensi {verb} mingguan (Senin - Minggu)", "weekly"),
            (f"Rekap absensi {verb} bulanan", "monthly"),
        ),
        "period",
    )


KASAT_IG_PERIOD = _kasat(34, "Silakan pilih rekap Absensi Likes Kasat Binmas:", "likes")
KASAT_TT_PERIOD = _kasat(35, "Silakan pilih rekap Absensi Komentar TikTok Kasat Binmas:", "komentar")
KASAT_IG_XLS_PERIOD = _kasat(44, "Silakan pilih rekap Likes Instagram Kasat Binmas (Excel):", "likes")
KASAT_TT_XLS_PERIOD = _kasat(45, "Silakan pilih rekap Komentar TikTok Kasat Binmas (Excel):", "komentar")

_BY_OPTION = {
    c.option: c
    for c in (
        PERSONNEL_CATEGORY,
        RANKING_PERIOD,
        KASATKER_PERIOD,
        KASAT_IG_PERIOD,
        KASAT_TT_PERIOD,
        KASAT_IG_XLS_PERIOD,
        KASAT_TT_XLS_PERIOD,
    )
}


async def _answer(ctx: StepContext, text: str) -> Reply:
    choice = _BY_OPTION[int(ctx.data["choice_option"])]
    n = parse_number(text)
    if n is None or not 1 <= n <= len(choice.choices):
        return ctx.reprompt(
            f"Pilihan tidak valid. Balas angka 1 sampai {len(choice.choices)}.",
            code="invalid_choice",
            exact=True,
        )
    key = choice.choices[n - 1][1]
    ctx.data.pop("choice_option", None)
    return await start_option(ctx, choice.option, **{choice.param: key})


# DIR-3.1 / DIR-22: the step names the spec gives.
choose_rekap_personil_category: Step = MENU.step(_answer, choice=True, name="choose_rekap_personil_category")
choose_engagement_recap_period: Step = MENU.step(_answer, choice=True, name="choose_engagement_recap_period")
choose_kasatker_report_period: Step = MENU.step(_answer, choice=True, name="choose_kasatker_report_period")
# DIR-34/35 name no step; these follow the same pattern.
choose_kasat_binmas_likes_period: Step = MENU.step(
    _answer, choice=True, name="choose_kasat_binmas_likes_period"
)
choose_kasat_binmas_comments_period: Step = MENU.step(
    _answer, choice=True, name="choose_kasat_binmas_comments_period"
)
choose_kasat_binmas_likes_excel_period: Step = MENU.step(
    _answer, choice=True, name="choose_kasat_binmas_likes_excel_period"
)
choose_kasat_binmas_comments_excel_period: Step = MENU.step(
    _answer, choice=True, name="choose_kasat_binmas_comments_excel_period"
)
_STEPS = {
    3: choose_rekap_personil_category,
    22: choose_engagement_recap_period,
    30: choose_kasatker_report_period,  # DIR-30
    34: choose_kasat_binmas_likes_period,
    35: choose_kasat_binmas_comments_period,
    44: choose_kasat_binmas_likes_excel_period,
    45: choose_kasat_binmas_comments_excel_period,
}


def choose(choice: Choice) -> OptionHandler:
    async def handler(ctx: StepContext) -> Reply:
        ctx.data["choice_option"] = choice.option
        return Reply.nothing().ask(_STEPS[choice.option], choice.prompt)

    return handler
