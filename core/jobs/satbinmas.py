"""JOB-42 `satbinmas_official_media`: today's content of the official accounts of every active `org`
client (the work of dirrequest 37 and 39, whose texts are not sent), then the daily recaps of 40 and
41 for the target directorate, through the action runner (DIR-70), to the recipients (default
admins; none -> `no_recipients`, nothing fetched)."""

from __future__ import annotations

from core.actions import run_dirrequest_action
from core.jobs.context import JobContext
from core.jobs.directorate import _target as directorate_target
from core.manual_posts.deps import open_ingest_deps
from core.satbinmas.accounts import PLATFORMS
from core.satbinmas.media import fetch_official_media
from core.social.rapidapi import RapidApiConfigError


async def run(ctx: JobContext) -> None:
    resolved = await directorate_target(ctx)
    if resolved is None:
        return
    target, jids = str(resolved[0]["client_id"]).upper(), resolved[1]
    async with open_ingest_deps(ctx.app) as deps:
        for platform in PLATFORMS:
            try:
                media = await fetch_official_media(deps, None, platform, ctx.today)
            except RapidApiConfigError as exc:
                ctx.summary.fail(None, f"fetch_{platform}", exc.message)
                continue
            if media.fatal:
                ctx.summary.fail(None, f"fetch_{platform}", media.fatal)
                continue
            for outcome in media.outcomes:
                if outcome.error:
                    ctx.summary.fail(outcome.account.client_id, f"fetch_{platform}", outcome.error)
                else:
                    ctx.summary.count(f"{platform}_media", outcome.stored)
    for action in (40, 41):
        result = await run_dirrequest_action(
            ctx.app,
            action,
            target,
            jids,
            period="daily",
            reference_date=ctx.today,
            idempotency_base=f"{ctx.idempotency_prefix}:{target}:a{action}",
            requested_by=f"job:{ctx.key}",
        )
        if result.status == "error":
            ctx.summary.fail(target, f"a{action}", result.detail or "action failed")
            continue
        ctx.summary.count("messages", len(result.outbox_ids))
        ctx.summary.units_ok += 1
