"""`cicero jobs run KEY [--client ID] [--wait]` with AMQP_URL (JOB-111) and `cicero worker --help`."""

from __future__ import annotations

import asyncio
import json
import sys

from core.app import AppContext
from tests.workers.helpers import rows, seed_clients, start_worker, stop_worker, wait_for, worker_env


async def _cli(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", *args, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), timeout=120)
    return proc.returncode or 0, out.decode(), err.decode()


async def test_job111_jobs_run_publishes_and_returns_then_wait_prints_the_summary(
    db, redis, fake_rapidapi, queue_app: AppContext, cli_env
) -> None:
    ids = await seed_clients(db, fake_rapidapi, 2)
    env = worker_env(cli_env, fake_rapidapi, queue_app.settings)

    # No worker yet: the command publishes and returns with the run id; the run waits on the queue.
    code, out, err = await _cli(env, "jobs", "run", "fetch_sosmed", "--client", ids[0], "--client", ids[1])
    assert code == 0, err
    printed = json.loads(out.strip().splitlines()[-1])
    assert printed["status"] == "running"
    run_id = printed["run_id"]
    assert [t["status"] for t in await rows(queue_app, "SELECT status FROM job_task")] == ["queued"] * 2

    worker = await start_worker(env)
    try:

        async def finished() -> bool:
            run = await rows(queue_app, "SELECT status FROM job_run WHERE run_id = :r", r=run_id)
            return run[0]["status"] != "running"

        # The worker that finishes the last task completes the detached run (WRK-5).
        await wait_for(finished, within_s=90, every=0.2)
        run = (await rows(queue_app, "SELECT status, summary FROM job_run WHERE run_id = :r", r=run_id))[0]
        assert run["status"] == "succeeded"
        assert run["summary"]["clients_total"] == 2 and run["summary"]["clients_processed"] == 2

        code, out, err = await _cli(env, "jobs", "run", "fetch_sosmed", "--client", ids[0], "--wait")
        assert code == 0, err
        waited = json.loads(out.strip().splitlines()[-1])
        assert waited["status"] == "succeeded" and waited["summary"]["clients_processed"] == 1
    finally:
        assert await stop_worker(worker) == 0


async def test_worker_help_documents_concurrency_and_queues(cli_env) -> None:
    code, out, _ = await _cli(cli_env, "worker", "--help")
    assert code == 0
    for word in (
        "WORKER_CONCURRENCY",
        "--concurrency",
        "<prefix>.tasks.retry",
        "<prefix>.tasks.dead",
        "SIGTERM",
    ):
        assert word in out


async def test_worker_refuses_to_start_without_amqp_url(cli_env) -> None:
    code, _, err = await _cli({**cli_env, "AMQP_URL": ""}, "worker")
    assert code == 2 and "AMQP_URL is not set" in err
