"""`fetch_sosmed` (JOB-20): one `fetch.client` task per eligible client (WRK-3), then its task broadcast.

The fetch itself (posts, likes, comments, provenance, deletions) is `core.ingest.fetch_client`;
the unit adds the job's per-client failure accounting and step f, the task broadcast decision of
ING-TASK-4, for clients with Instagram or TikTok switched on. The body selects the clients, holds
the global fetch lock for a run over every client, and hands the units to the task runner
(inline, or RabbitMQ workers when AMQP_URL is set: WRK-1).
"""

from __future__ import annotations

from typing import Any

from core.ingest import IngestDeps, fetch_client, load_client
from core.ingest.context import UnknownClientError
from core.ingest.locks import FetchLockBusy, client_fetch_lock, global_fetch_lock
from core.ingest.run import ClientFetchResult
from core.jobs.context import JobContext
from core.jobs.delivery import CLIENT_COLUMNS, select_clients
from core.jobs.task_broadcast import broadcast_tasks
from core.social.clients import open_social_clients
from core.social.rapidapi import KEY_MISSING_MESSAGE
from core.tasks.dispatch import run_units
from core.tasks.kinds import FETCH_CLIENT

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
    fetch = bool(ctx.settings.rapidapi_key.get_secret_value())
    if not fetch:
        # ING-API-2: reported once for the run; the units still run the task broadcast.
        ctx.summary.fail(None, "fetch", KEY_MISSING_MESSAGE)
    ids = [str(c["client_id"]).upper() for c in clients]
    if fetch and not ctx.client_ids:
        # Without a client filter the run takes the global fetch lock (one fetch run at a time).
        try:
            async with global_fetch_lock(ctx.app.redis):
                await _run(ctx, ids, fetch=True)
            return
        except FetchLockBusy:
            ctx.summary.fail(None, "fetch", "another fetch run holds the lock")
            fetch = False
    await _run(ctx, ids, fetch=fetch)


async def _run(ctx: JobContext, client_ids: list[str], *, fetch: bool) -> None:
    units = [{"client_id": client_id, "fetch": fetch} for client_id in client_ids]
    await run_units(ctx, FETCH_CLIENT, units, concurrency=ctx.settings.fetch_client_concurrency)


async def _client_row(ctx: JobContext, client_id: str) -> dict[str, Any]:
    async with ctx.app.db.uow() as uow:
        row = (
            await uow.execute(
                f"SELECT {CLIENT_COLUMNS} FROM clients WHERE UPPER(client_id) = :c",  # noqa: S608 - fixed columns
                {"c": client_id},
            )
        ).first()
    if row is None:
        raise UnknownClientError(client_id)
    return dict(row._mapping)


async def fetch_unit(ctx: JobContext, args: dict[str, Any]) -> None:
    """`fetch.client` (WRK-3): JOB-20.2 – 20.12 for one client."""
    client_id = str(args["client_id"]).upper()
    client = await _client_row(ctx, client_id)
    result: ClientFetchResult | None = None
    if args.get("fetch", True):
        social = open_social_clients(ctx.settings, ctx.app.redis)
        try:
            deps = IngestDeps(db=ctx.app.db, social=social, redis=ctx.app.redis)
            async with ctx.app.db.uow() as uow:
                accounts = await load_client(uow, client_id)
            try:
                # The task id owns the lock, so a redelivered task takes it over (WRK-4).
                async with client_fetch_lock(ctx.app.redis, client_id, token=args.get("task_id")):
                    result = await fetch_client(deps, accounts, now=ctx.now)
            except FetchLockBusy:
                result = ClientFetchResult(accounts.client_id, accounts.nama, skipped="locked")
        finally:
            await social.aclose()
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
            return
    if result is not None and result.ok:
        ctx.summary.units_ok += 1
