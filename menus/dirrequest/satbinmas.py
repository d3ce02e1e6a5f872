"""Monitoring Satbinmas Official in the dirrequest menu: the username prompt of 36 (DIR-36) and the
period sub-steps of 40/41 (DIR-40, DIR-41, DIR-0.17). 37-39 run through `run(n)` like 12-16."""

from __future__ import annotations

from core.manual_posts.deps import open_ingest_deps
from core.satbinmas.metadata import PROMPT, BadInput, lookup_metadata, parse_lookup
from menus.dirrequest.base import MENU, denied, still_allowed
from menus.dirrequest.choices import Choice
from menus.dirrequest.run import start_option
from menus.framework.context import StepContext
from menus.framework.menu import OptionHandler, Step
from menus.framework.reply import Reply
from menus.framework.vocabulary import parse_number

_PERIODS = (
    ("Rekap harian (hari ini)", "daily"),
    ("Rekap mingguan (Senin - Minggu)", "weekly"),
    ("Rekap bulanan (1 s/d akhir bulan)", "monthly"),
)
IG_RECAP = Choice(40, "Silakan pilih rekap Instagram Satbinmas Official:", _PERIODS, "period")
TT_RECAP = Choice(41, "Silakan pilih rekap TikTok Satbinmas Official:", _PERIODS, "period")
_BY_OPTION = {c.option: c for c in (IG_RECAP, TT_RECAP)}


@MENU.step(name="satbinmas_metadata_username")
async def satbinmas_metadata_username(ctx: StepContext, text: str) -> Reply:
    """DIR-36: a bad reply gets one `❌` line and the prompt again; a lookup answers, then the menu."""
    if not still_allowed(ctx):
        return denied()
    try:
        lookup = await parse_lookup(ctx.uow, ctx.client_id or "", text)
    except BadInput as exc:
        return ctx.reprompt(exc.message, code="invalid_value", exact=True)
    async with open_ingest_deps(ctx.services) as deps:
        reply = await lookup_metadata(deps, lookup)
    return Reply.text(reply, code="error" if reply.startswith("❌") else "ok").then_menu()


async def ask_metadata(ctx: StepContext) -> Reply:
    if not still_allowed(ctx):
        return denied()
    return Reply.nothing().ask(satbinmas_metadata_username, PROMPT)


async def _answer(ctx: StepContext, text: str) -> Reply:
    choice = _BY_OPTION[int(ctx.data["choice_option"])]
    n = parse_number(text)
    if n is None or not 1 <= n <= len(choice.choices):
        return ctx.reprompt(
            f"Pilihan tidak valid. Balas angka 1 sampai {len(choice.choices)}.",
            code="invalid_choice",
            exact=True,
        )
    ctx.data.pop("choice_option", None)
    return await start_option(ctx, choice.option, period=choice.choices[n - 1][1])


choose_satbinmas_recap_period: Step = MENU.step(_answer, choice=True, name="choose_satbinmas_recap_period")


def choose_recap(choice: Choice) -> OptionHandler:
    async def handler(ctx: StepContext) -> Reply:
        ctx.data["choice_option"] = choice.option
        return Reply.nothing().ask(choose_satbinmas_recap_period, choice.prompt)

    return handler
