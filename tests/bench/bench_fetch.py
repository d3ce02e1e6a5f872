"""Fetch benchmark (ING-PERF-4): a fetch run is bounded by the provider concurrency limit, not by the work.

100 clients × 3 Instagram posts × 5 like pages, fake RapidAPI latency 100 ms. The run's wall time
is compared with the bound the provider limit implies, ceil(requests / limit) × latency (target
≤ 1.2×), and with a sequential run (every concurrency setting 1). Run it with:

    DATABASE_URL=... REDIS_URL=... .venv/bin/pytest tests/bench/bench_fetch.py -m bench -s -p no:logging

`BENCH_CLIENTS` and `BENCH_LATENCY_MS` scale the dataset; `BENCH_SKIP_SEQUENTIAL=1` skips the slow
sequential baseline.
"""

from __future__ import annotations

import math
import os
import time

import pytest

from core.fakes.rapidapi import FakeRapidApi
from core.ingest import run_fetch
from tests.ingest.ingest_helpers import NOW, add_client, deps_for, rows, wib

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "100"))
POSTS = 3
LIKE_PAGES = 5
PAGE_SIZE = 50
LATENCY_S = int(os.environ.get("BENCH_LATENCY_MS", "100")) / 1000
LIMIT = 4


def _seed_fake(fake: FakeRapidApi) -> None:
    fake.instagram.likes_page_size = PAGE_SIZE
    for c in range(CLIENTS):
        for p in range(POSTS):
            code = f"B{c:03d}P{p}abcd"
            fake.instagram.add_post(f"bench_{c}", code, taken_at=wib(7, p))
            fake.instagram.set_likers(code, [f"w{c}.{p}.{i}" for i in range(PAGE_SIZE * LIKE_PAGES)])


async def _timed_run(db, redis, fake: FakeRapidApi, **overrides) -> tuple[float, int]:
    async with db.uow() as uow:
        await uow.execute("TRUNCATE insta_post, insta_like_audit CASCADE")
        await uow.commit()
    fake.requests.clear()
    fake.max_in_flight = 0
    settings = fake.settings(
        **{"fetch_ig_comments": False, "rapidapi_instagram_concurrency": LIMIT, **overrides}
    )
    async with deps_for(db, redis, settings) as deps:
        started = time.monotonic()
        result = await run_fetch(deps, platforms={"instagram"}, now=NOW)
        elapsed = time.monotonic() - started
    assert result.ok, [c.errors for c in result.clients if c.errors]
    likes = await rows(db, "SELECT count(*) AS n, sum(jsonb_array_length(likes)) AS total FROM insta_like")
    assert likes[0]["n"] == CLIENTS * POSTS
    assert likes[0]["total"] == CLIENTS * POSTS * PAGE_SIZE * LIKE_PAGES
    return elapsed, len(fake.requests)


@pytest.mark.bench
async def test_bench_fetch_is_bounded_by_the_provider_limit(db, redis, fake_rapidapi: FakeRapidApi) -> None:
    for c in range(CLIENTS):
        await add_client(db, f"BENCH_{c:03d}", client_insta=f"bench_{c}")
    _seed_fake(fake_rapidapi)
    fake_rapidapi.faults.latency_s = LATENCY_S

    concurrent, requests = await _timed_run(db, redis, fake_rapidapi)
    peak = fake_rapidapi.max_in_flight
    bound = math.ceil(requests / LIMIT) * LATENCY_S
    print(
        f"\nbench_fetch: {CLIENTS} clients x {POSTS} posts x {LIKE_PAGES} like pages, "
        f"latency {LATENCY_S * 1000:.0f} ms, provider limit {LIMIT}"
    )
    print(f"  requests: {requests}, peak in flight: {peak}")
    print(f"  concurrent run: {concurrent:.2f} s; bound ceil(requests/limit) x latency = {bound:.2f} s")
    print(f"  ratio concurrent / bound: {concurrent / bound:.2f} (target <= 1.20)")
    assert peak == LIMIT
    assert concurrent <= 1.2 * bound

    if os.environ.get("BENCH_SKIP_SEQUENTIAL") == "1":
        return
    sequential, seq_requests = await _timed_run(
        db,
        redis,
        fake_rapidapi,
        rapidapi_instagram_concurrency=1,
        fetch_client_concurrency=1,
        fetch_post_concurrency=1,
    )
    assert seq_requests == requests
    print(
        f"  sequential run: {sequential:.2f} s; ratio sequential / concurrent: {sequential / concurrent:.2f}"
    )
