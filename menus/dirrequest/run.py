"""Running an option from the menu: access re-check, the action runner, heavy work in the background.

Every option goes through `core.actions.run_dirrequest_action` with the requester as the only
recipient and `interactive=True` (DIR-0.14, DIR-70.1); the runner enqueues the outputs and the
menu then shows the main menu again after them (DIR-0.11). Heavy options (DIR-0.12) answer with a
`⏳` line at once and run as a background job of the conversation runtime: in this process, or with
AMQP_URL set as a task on a `cicero worker` (core.actions.ondemand) that the job waits for.
"""

from __future__ import annotations

from core.actions.build import client_label
from core.actions.catalogue import ACTIONS
from core.actions.ondemand import OptionRequest, deliver_option, run_on_worker
from core.manual_posts.refresh import START_LINES
from core.tasks.amqp import amqp_url
from menus.dirrequest.base import client_nama, denied, still_allowed
from menus.framework.context import StepContext
from menus.framework.menu import OptionHandler
from menus.framework.reply import Reply

_FETCH_LABELS = {
    12: "Mengambil konten & like Instagram {label}...",
    13: "Mengambil like Instagram {label}...",
    14: "Mengambil konten & komentar TikTok {label}...",
    15: "Mengambil komentar TikTok {label}...",
    16: "Mengambil semua sosmed {label} dan menyusun pesan tugas...",
}

_JAJARAN_LABELS = {  # DIR-48.1, DIR-49
    48: "Sedang mengumpulkan data absensi Instagram jajaran...",
    49: "Sedang mengumpulkan data absensi TikTok jajaran...",
}


_SATBINMAS_LABELS = {  # DIR-37..39: the notice sent before the fetch
    37: "📸 Mengambil konten harian IG Satbinmas Official: semua akun Instagram resmi yang aktif"
    " pada client ORG diambil satu per satu, mohon tunggu...",
    38: "🎯 Sinkronisasi secUid TikTok Satbinmas Official untuk semua akun TikTok resmi, mohon tunggu...",
    39: "🎵 Mengambil konten harian TikTok Satbinmas Official: semua akun TikTok resmi yang aktif"
    " pada client ORG diambil satu per satu, mohon tunggu...",
}


def heavy_label(ctx: StepContext, number: int) -> str:
    """The `⏳` line of a heavy option (the engine adds the `⏳ `)."""
    if number in _FETCH_LABELS:
        return _FETCH_LABELS[number].format(label=client_label(ctx.client_id or "", client_nama(ctx)))
    if number in _JAJARAN_LABELS:
        return _JAJARAN_LABELS[number]
    if number in _SATBINMAS_LABELS:
        return _SATBINMAS_LABELS[number]
    if number in START_LINES:
        return START_LINES[number].removeprefix("⏳ ")
    return "Data sedang disiapkan, mohon tunggu..."


def actor_tag(ctx: StepContext) -> str:
    return f"{'/'.join(sorted(ctx.actor.kinds)) or '-'}:{ctx.sender or '-'}"


def option_request(
    ctx: StepContext, number: int, *, period: str | None = None, category: str | None = None
) -> OptionRequest:
    return OptionRequest(
        number=number,
        client_id=ctx.client_id or "",
        chat_id=ctx.chat_id,
        session=ctx.session,
        idempotency_base=f"reply:{ctx.session}:{ctx.message_id or '-'}:a{number}",
        requested_by=actor_tag(ctx),
        period=period,
        category=category,
        copy_to_client_group=ctx.settings.dirrequest_copy_to_client_group and number in (12, 14, 16),
    )


async def deliver(
    ctx: StepContext, number: int, *, period: str | None = None, category: str | None = None
) -> Reply:
    """Run option `number` now and come back to the main menu after its outputs."""
    result = await deliver_option(ctx.services, option_request(ctx, number, period=period, category=category))
    return Reply.nothing(code=result.status).then_menu()


async def deliver_heavy(
    ctx: StepContext, number: int, *, period: str | None = None, category: str | None = None
) -> Reply:
    """DIR-0.12: with AMQP_URL a `cicero worker` builds and enqueues it; the menu follows once it is done."""
    req = option_request(ctx, number, period=period, category=category)
    if not amqp_url(ctx.settings):
        return Reply.nothing(code=(await deliver_option(ctx.services, req)).status).then_menu()
    return Reply.nothing(code=await run_on_worker(ctx.services, req)).then_menu()


async def start_option(
    ctx: StepContext, number: int, *, period: str | None = None, category: str | None = None
) -> Reply:
    """DIR-0.6 re-check, then run inline or in the background (DIR-0.12)."""
    if not still_allowed(ctx):
        return denied()
    if ACTIONS[number].heavy:

        async def job(job_ctx: StepContext) -> Reply:
            return await deliver_heavy(job_ctx, number, period=period, category=category)

        return Reply.nothing().background(heavy_label(ctx, number), job)
    return await deliver(ctx, number, period=period, category=category)


def run(number: int) -> OptionHandler:
    """The option handler of a menu item without a sub-step."""

    async def handler(ctx: StepContext) -> Reply:
        return await start_option(ctx, number)

    return handler
