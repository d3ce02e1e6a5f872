"""Worker scale-out benchmark (issue 20 item 8): one fetch run over RabbitMQ with 1, 2 and 4 workers.

100 clients, fake RapidAPI latency 100 ms. Each `cicero worker` process runs 2 tasks at a time
(WORKER_CONCURRENCY=2) with 2 Instagram requests in flight of its own (RAPIDAPI_INSTAGRAM_CONCURRENCY=2);
all processes share RAPIDAPI_SHARED_CONCURRENCY=8 through Redis. Printed per worker count: wall
time of the run (publish → summary), the busy span of the tasks (first start → last finish, from
job_task), the peak of requests in flight the fake server saw, the speed-up against one worker
(target ≥ 0.85·N; 4 workers reach the shared limit of 8 and never exceed it), the CPU seconds the
workers used during the run and how busy the machine's cores were (everything on the machine).
The test fails only on the limits (peak ≤ min(8, 2·N), 4 workers reach 8); the speed-up is a
measurement against the target, which a machine with fewer cores than workers may miss.

Run: `DATABASE_URL=... REDIS_URL=... .venv/bin/pytest tests/bench/bench_workers.py -m bench -s -p no:logging`
(`AMQP_URL` or a RabbitMQ on 127.0.0.1:5672). `BENCH_CLIENTS`, `BENCH_LATENCY_MS`, `BENCH_REPEAT` scale it.
"""

from __future__ import annotations

import os
import secrets
import time
from dataclasses import dataclass

import aio_pika
import pytest

from core.app import AppContext
from core.fakes.rapidapi import FakeRapidApi
from core.jobs.catalogue import job_config
from core.jobs.runner import run_manual
from core.tasks.amqp import Topology
from tests.workers.helpers import NOW, rows, seed_clients, start_worker, stop_worker, wait_for, worker_env

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "100"))
LATENCY_S = int(os.environ.get("BENCH_LATENCY_MS", "100")) / 1000
# The machine is shared (2 cores here): each worker count runs this often and the fastest run is kept.
REPEAT = int(os.environ.get("BENCH_REPEAT", "2"))
PER_WORKER = 2
SHARED_LIMIT = 8
URL = os.environ.get("CICERO_TEST_AMQP_URL") or "amqp://guest:guest@127.0.0.1:5672/"


async def _consumers(prefix: str) -> int:
    conn = await aio_pika.connect(URL)
    try:
        channel = await conn.channel()
        queue = await channel.declare_queue(Topology(prefix).tasks, durable=True)
        return int(queue.declaration_result.consumer_count or 0)
    finally:
        await conn.close()


async def _clean(app: AppContext) -> None:
    async with app.db.uow() as uow:
        await uow.execute("TRUNCATE insta_post, insta_like, job_run, job_task, wa_outbox CASCADE")
        await uow.commit()
    keys = [k async for k in app.redis.client.scan_iter(match=app.redis.key("*"), count=1000)]
    if keys:
        await app.redis.client.delete(*keys)


def _proc_cpu_s(pid: int) -> float:
    """utime + stime of one process so far (proc(5) fields 14 and 15, in clock ticks)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _machine_busy_s() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far (first line of /proc/stat)."""
    with open("/proc/stat") as f:
        ticks = [int(v) for v in f.readline().split()[1:]]
    idle = ticks[3] + ticks[4]  # idle + iowait
    hz = os.sysconf("SC_CLK_TCK")
    return (sum(ticks) - idle) / hz, sum(ticks) / hz


@dataclass(frozen=True)
class Result:
    wall_s: float
    span_s: float
    peak: int
    worker_cpu_s: float  # CPU time of the worker processes during the run
    machine_busy: float  # share of all cores busy during the run (workers, PostgreSQL, Redis, broker, pytest)


async def _run_with(app: AppContext, fake: FakeRapidApi, cli_env: dict[str, str], n: int) -> Result:
    await _clean(app)
    fake.requests.clear()
    fake.max_in_flight = 0
    env = worker_env(
        cli_env,
        fake,
        app.settings,
        WORKER_CONCURRENCY=str(PER_WORKER),
        RAPIDAPI_INSTAGRAM_CONCURRENCY=str(PER_WORKER),
        RAPIDAPI_SHARED_CONCURRENCY=str(SHARED_LIMIT),
    )
    workers = [await start_worker(env) for _ in range(n)]
    try:

        async def all_consuming() -> bool:
            return await _consumers(app.settings.worker_queue_prefix) >= n

        await wait_for(all_consuming, within_s=60, every=0.1)
        cpu_before = sum(_proc_cpu_s(w.pid) for w in workers)
        busy_before, total_before = _machine_busy_s()
        started = time.monotonic()
        outcome = await run_manual(
            app, "fetch_sosmed", job_config("fetch_sosmed"), requested_by="bench", now=NOW, slot=NOW
        )
        wall = time.monotonic() - started
        cpu = sum(_proc_cpu_s(w.pid) for w in workers) - cpu_before
        busy_after, total_after = _machine_busy_s()
    finally:
        for w in workers:
            await stop_worker(w)
    assert outcome.status == "succeeded", outcome.summary
    assert outcome.summary["clients_processed"] == CLIENTS
    span = (
        await rows(app, "SELECT EXTRACT(EPOCH FROM max(finished_at) - min(started_at)) AS s FROM job_task")
    )[0]["s"]
    machine = (busy_after - busy_before) / max(1e-9, total_after - total_before)
    return Result(wall, float(span), fake.max_in_flight, cpu, machine)


@pytest.mark.bench
async def test_bench_workers_scale_out_to_the_shared_provider_limit(
    db, redis, fake_rapidapi: FakeRapidApi, app_context: AppContext, cli_env, monkeypatch
) -> None:
    prefix = f"cicero-bench-{secrets.token_hex(4)}"
    settings = fake_rapidapi.settings(
        amqp_url=URL,
        worker_queue_prefix=prefix,
        redis_prefix=app_context.settings.redis_prefix,
        admin_whatsapp="",
    )
    monkeypatch.setattr(app_context, "settings", settings)
    await seed_clients(db, fake_rapidapi, CLIENTS, group=False)
    fake_rapidapi.faults.latency_s = LATENCY_S
    runs = {
        n: [await _run_with(app_context, fake_rapidapi, cli_env, n) for _ in range(REPEAT)] for n in (1, 2, 4)
    }
    results = {n: min(rs, key=lambda r: r.wall_s) for n, rs in runs.items()}
    requests = len(fake_rapidapi.requests)
    print(
        f"\nbench_workers: {CLIENTS} clients, {requests} requests per run, latency {LATENCY_S * 1000:.0f} ms, "
        f"{PER_WORKER} tasks and {PER_WORKER} requests in flight per worker, shared limit {SHARED_LIMIT},"
        f" fastest of {REPEAT} runs"
    )
    print(f"  {os.cpu_count()} CPU cores shared by the workers, PostgreSQL, Redis, RabbitMQ and this process")
    print(
        "  workers | wall s | task span s | peak in flight | speed-up wall | speed-up span | target"
        " | worker CPU s | machine busy"
    )
    one = results[1]
    for n, r in results.items():
        print(
            f"  {n:7d} | {r.wall_s:6.2f} | {r.span_s:11.2f} | {r.peak:14d} | {one.wall_s / r.wall_s:13.2f}"
            f" | {one.span_s / r.span_s:13.2f} | >= {0.85 * n:.2f} | {r.worker_cpu_s:12.1f}"
            f" | {r.machine_busy:11.0%}"
        )
    conn = await aio_pika.connect(URL)
    try:
        channel = await conn.channel()
        for name in (Topology(prefix).tasks, Topology(prefix).retry, Topology(prefix).dead):
            await channel.queue_delete(name)
    finally:
        await conn.close()
    for n, rs in runs.items():
        assert all(r.peak <= min(SHARED_LIMIT, n * PER_WORKER) for r in rs), (n, [r.peak for r in rs])
    assert all(r.peak == SHARED_LIMIT for r in runs[4])
