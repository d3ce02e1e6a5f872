"""`fetch_sosmed` (JOB-20): the fetch run for every eligible client, then the task broadcast.

The fetch itself (posts, likes, comments, provenance, deletions) is `core.ingest.run_fetch`;
this body adds the job's eligibility, per-client failure accounting and step f, the task
broadcast decision of ING-TASK-4, for clients with Instagram or TikTok switched on.
"""

from __future__ import annotations

from core.ingest import IngestDeps, run_fetch
from core.ingest.run import ClientFetchResult
from core.jobs.context import JobContext
from core.jobs.delivery import select_clients
from core.jobs.task_broadcast import broadcast_tasks
from core.social.clients import open_social_clients

ELIGIBLE = (
    "client_status IS TRUE AND (client_insta_status IS TRUE OR client_tiktok_status IS TRUE"
    " OR (client_amplify_status IS TRUE AND COALESCE(client_insta, '') <> ''))"
)


def _fetch_ok(result: ClientFetchResult | None) -> dict[str, bool]:
    if result is None:
        return {}
    return {
        platform: step.error is None and f"{platform}_posts" not in result.errors
        for platform, step in result.posts.items()
    }


async def run(ctx: JobContext) -> None:
    clients = await select_clients(ctx, ELIGIBLE)
    ctx.summary.count("clients_total", len(clients))
    if not clients:
        return
    social = open_social_clients(ctx.settings, ctx.app.redis)
    try:
        deps = IngestDeps(db=ctx.app.db, social=social, redis=ctx.app.redis)
        # Without a client filter the run takes the global fetch lock (one fetch run at a time).
        ids = [str(c["client_id"]) for c in clients] if ctx.client_ids else None
        fetched = await run_fetch(deps, ids, trigger="schedule", now=ctx.now)
    finally:
        await social.aclose()
    if fetched.error:
        ctx.summary.fail(None, "fetch", fetched.error)
    if fetched.lock_skipped:
        ctx.summary.fail(None, "fetch", "another fetch run holds the lock")
    by_id = {c.client_id.upper(): c for c in fetched.clients}
    for client in clients:
        client_id = str(client["client_id"]).upper()
        result = by_id.get(client_id)
        if result is not None and result.skipped == "deadline":
            ctx.summary.count("skipped_deadline")
            continue
        if result is not None and result.skipped is None:
            ctx.summary.count("clients_processed")
        for step, message in (result.errors if result else {}).items():
            ctx.summary.fail(client_id, step, message)
        if result is not None and result.errors:
            ctx.summary.count("clients_failed")
        if client["client_insta_status"] or client["client_tiktok_status"]:
            try:
                await broadcast_tasks(ctx, client, _fetch_ok(result))
            except Exception as exc:  # noqa: BLE001 - one client's broadcast never stops the others
                ctx.summary.fail(client_id, "task_broadcast", exc)
                continue
        if result is not None and result.ok:
            ctx.summary.units_ok += 1
