"""Amplification links reported by WhatsApp message (§17: CONV-240..256).

The router hands a recognised message (CONV-245) to `handle_link_report`; the shared core service
(`core.amplify.link_reports`) decides the target post, records the links and writes the reply.
When it needs a numbered choice (CONV-248) the chat enters the session `Laporan Link`, step
`choose_post`, which keeps the message and re-runs the service with the chosen post.
"""

from __future__ import annotations

from core.amplify.classify import looks_like_link_report
from core.amplify.limits import Allowance, link_report_allowance
from core.amplify.link_reports import MessageReport, report_by_message
from core.amplify.reasons import phrase
from core.amplify.shortlinks import short_link_resolver
from menus.framework import REGISTRY, Menu, Reply, StepContext, Structured, parse_number

LINK_MENU = Menu(
    "linkreport",
    label="Laporan Link",
    capability="linkreports",
    escape_silently=True,  # CONV-20 row 5: a new link message closes the choice silently
)


def recognise(message) -> bool:
    """CONV-245 without the actor: post, story or short links of the five platforms."""
    return not message.is_group and looks_like_link_report(message.text, bound_personnel=False)


def _request(ctx: StepContext, text: str, *, chosen: str | None = None) -> MessageReport:
    s = ctx.settings
    return MessageReport(
        sender_phone=ctx.sender,
        text=text,
        now=ctx.received_at,
        quoted_text=ctx.data.get("quoted_text") if chosen else ctx.quoted_text,
        quoted_message_id=None if chosen else ctx.quoted_message_id,
        chosen_shortcode=chosen,
        offers_registration=ctx.serves("userrequest"),
        window_days=s.link_report_window_days,
        max_links=s.link_report_max_links,
    )


async def handle_link_report(ctx: StepContext, text: str) -> Reply:
    if ctx.sender:
        allowance = await link_report_allowance(ctx.services.redis, ctx.sender)
        if allowance is Allowance.SILENT:
            return Reply.nothing(code="rate_limited")
        if allowance is Allowance.REFUSE:
            return Reply.text(f"❌ {phrase('rate_limited').capitalize()}.", code="rate_limited")
    resolve = short_link_resolver(ctx.services.redis)
    outcome = await report_by_message(ctx.uow, _request(ctx, text), resolve)
    if outcome.status == "choose":
        ctx.data.update(text=text, quoted_text=ctx.quoted_text, choices=outcome.choices)
        return Reply.nothing(code=outcome.code).ask(choose_post, outcome.text)
    return Reply.text(outcome.text, code=outcome.code)


@LINK_MENU.step(choice=True)
async def choose_post(ctx: StepContext, text: str) -> Reply:
    choices: list[str] = ctx.data.get("choices", [])
    number = parse_number(text)
    if number is None or not 1 <= number <= len(choices):
        return ctx.reprompt(f"Pilihan tidak dikenal. Balas angka 1–{len(choices)}.", code="invalid_choice")
    resolve = short_link_resolver(ctx.services.redis)
    outcome = await report_by_message(
        ctx.uow, _request(ctx, ctx.data["text"], chosen=choices[number - 1]), resolve
    )
    if outcome.status == "choose":  # the chosen post closed meanwhile: choose again
        ctx.data["choices"] = outcome.choices
        return Reply.nothing(code=outcome.code).ask(choose_post, outcome.text)
    return Reply.text(outcome.text, code=outcome.code)


@LINK_MENU.start
async def start(ctx: StepContext) -> Reply:
    return await handle_link_report(ctx, ctx.entry_text)


REGISTRY.add_structured(
    Structured(
        name="link_report",
        capability="linkreports",
        recognise=recognise,
        handle=handle_link_report,
        order=90,
        entry="link_report",
        private=True,
        groups=False,
        any_age=True,
        menu=LINK_MENU,
    )
)
