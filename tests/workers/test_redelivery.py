"""No task lost (WRK-4): a worker killed with SIGKILL mid-task, a connection closed by the broker.

Real `cicero worker` subprocesses against the real RabbitMQ; the fake RapidAPI is slowed so the
kill lands in the middle of a fetch.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess

from core.app import AppContext
from core.jobs.catalogue import job_config
from core.jobs.runner import run_manual
from core.tasks.worker import TaskWorker
from tests.workers.helpers import NOW, rows, seed_clients, start_worker, stop_worker, wait_for, worker_env


async def _task_running(app: AppContext) -> bool:
    return bool(await rows(app, "SELECT 1 FROM job_task WHERE status = 'running'"))


async def test_wrk4_kill_9_mid_fetch_task_is_redelivered_and_completes_once(
    db, redis, fake_rapidapi, queue_app: AppContext, cli_env
) -> None:
    ids = await seed_clients(db, fake_rapidapi, 1)
    fake_rapidapi.faults.latency_s = 0.8
    env = worker_env(cli_env, fake_rapidapi, queue_app.settings, WORKER_CONCURRENCY="1")
    first = await start_worker(env)
    run = asyncio.create_task(
        run_manual(
            queue_app, "fetch_sosmed", job_config("fetch_sosmed"), requested_by="test", now=NOW, slot=NOW
        )
    )
    try:
        await wait_for(lambda: _task_running(queue_app), within_s=60)
        await wait_for(lambda: _requests_seen(fake_rapidapi), within_s=30)
        os.kill(first.pid, signal.SIGKILL)
        assert await first.wait() == -signal.SIGKILL
        second = await start_worker(env)
        try:
            outcome = await asyncio.wait_for(run, timeout=120)
        finally:
            assert await stop_worker(second) == 0
    finally:
        if first.returncode is None:
            first.kill()
    assert outcome.status == "succeeded", outcome.summary
    task = (await rows(queue_app, "SELECT status, attempts FROM job_task"))[0]
    assert task == {"status": "succeeded", "attempts": 2}  # the killed attempt and the redelivery
    assert [r["client_id"] for r in await rows(queue_app, "SELECT client_id FROM insta_post")] == ids
    # The task list went to the group once, whichever attempt wrote it (outbox idempotency keys).
    lists = await rows(queue_app, "SELECT chat_id FROM wa_outbox WHERE idempotency_key LIKE 'tasklist:%'")
    assert len(lists) == 1


async def _requests_seen(fake) -> bool:  # type: ignore[no-untyped-def]
    return len(fake.requests) >= 1


def _close_worker_connections(prefix: str) -> int:
    """Ask the broker itself to close this test's worker connections (as a broker restart would)."""
    listing = subprocess.run(
        ["rabbitmqctl", "-q", "list_connections", "pid", "client_properties"],
        capture_output=True, text=True, timeout=60, check=True,
    ).stdout  # fmt: skip
    closed = 0
    for line in listing.splitlines():
        if "cicero-worker" in line and prefix in line:
            pid = line.split("\t", 1)[0]
            subprocess.run(
                ["rabbitmqctl", "-q", "close_connection", pid, "test: broker closed the connection"],
                capture_output=True, timeout=60, check=True,
            )  # fmt: skip
            closed += 1
    return closed


async def test_wrk7_connection_closed_by_the_broker_mid_run_loses_no_task(
    db, redis, fake_rapidapi, queue_app: AppContext, worker: TaskWorker
) -> None:
    ids = await seed_clients(db, fake_rapidapi, 4)
    fake_rapidapi.faults.latency_s = 0.3
    run = asyncio.create_task(
        run_manual(
            queue_app, "fetch_sosmed", job_config("fetch_sosmed"), requested_by="test", now=NOW, slot=NOW
        )
    )
    await wait_for(lambda: _task_running(queue_app), within_s=30)
    closed = await asyncio.to_thread(_close_worker_connections, queue_app.settings.worker_queue_prefix)
    assert closed == 1
    outcome = await asyncio.wait_for(run, timeout=120)  # the worker reconnected (1 s back-off)
    assert outcome.status == "succeeded", outcome.summary
    tasks = await rows(queue_app, "SELECT status FROM job_task")
    assert [t["status"] for t in tasks] == ["succeeded"] * 4
    assert sorted(r["client_id"] for r in await rows(queue_app, "SELECT client_id FROM insta_post")) == ids
    lists = await rows(
        queue_app, "SELECT idempotency_key FROM wa_outbox WHERE idempotency_key LIKE 'tasklist:%'"
    )
    assert len(lists) == 4
