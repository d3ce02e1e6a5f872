"""The provider limit holds across processes (issue 20 item 4): N workers never exceed it together.

Three `cicero worker` processes, each allowed 2 Instagram requests in flight on its own
(RAPIDAPI_INSTAGRAM_CONCURRENCY) and 4 tasks at a time, share RAPIDAPI_SHARED_CONCURRENCY=3
through Redis; the fake RapidAPI counts the requests it serves at once.
"""

from __future__ import annotations

import asyncio

from core.app import AppContext
from core.jobs.catalogue import job_config
from core.jobs.runner import run_manual
from tests.workers.helpers import NOW, rows, seed_clients, start_worker, stop_worker, worker_env

SHARED_LIMIT = 3


async def test_three_workers_never_exceed_the_shared_provider_limit(
    db, redis, fake_rapidapi, queue_app: AppContext, cli_env
) -> None:
    ids = await seed_clients(db, fake_rapidapi, 12)
    fake_rapidapi.faults.latency_s = 0.15
    env = worker_env(
        cli_env,
        fake_rapidapi,
        queue_app.settings,
        WORKER_CONCURRENCY="4",
        RAPIDAPI_INSTAGRAM_CONCURRENCY="2",
        RAPIDAPI_SHARED_CONCURRENCY=str(SHARED_LIMIT),
    )
    workers = [await start_worker(env) for _ in range(3)]
    try:
        outcome = await asyncio.wait_for(
            run_manual(
                queue_app, "fetch_sosmed", job_config("fetch_sosmed"), requested_by="test", now=NOW, slot=NOW
            ),
            timeout=180,
        )
    finally:
        codes = [await stop_worker(w) for w in workers]
    assert codes == [0, 0, 0]
    assert outcome.status == "succeeded", outcome.summary
    assert sorted(r["client_id"] for r in await rows(queue_app, "SELECT client_id FROM insta_post")) == ids
    # One process alone reaches 2; three would reach 6 without the shared limit. Exactly 3 = several
    # processes fetched at once and together never exceeded the shared limit.
    assert fake_rapidapi.max_in_flight == SHARED_LIMIT
