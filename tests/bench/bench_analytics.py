"""Dashboard recap benchmark (issue 22 item 2): `GET /api/insta/rekap-likes` and
`GET /api/tiktok/rekap-komentar` for a directorate at the 1x data size of bench_attendance
(40 units x 500 personnel, 20 posts x 5,000 likers; here also 20 TikTok videos x 5,000 commenters),
over HTTP against the sidecar under uvicorn on 127.0.0.1.

Cold: sequential requests with the response cache off (`app.state.analytics_cache = False`);
warm: 10 concurrent clients with the Redis cache on (core.analytics.cache). Prints p50/p99, throughput and the
response size.

Run: `DATABASE_URL=... REDIS_URL=... .venv/bin/pytest tests/bench/bench_analytics.py -m bench -s -p no:logging`
"""

from __future__ import annotations

import asyncio
import statistics
import time
from pathlib import Path

import httpx
import psycopg
import pytest

from bot.api.app import create_app
from core.auth.passwords import hash_password
from core.config import get_settings
from tests.api.conftest import PASSWORD, table_mx
from tests.api.live import served
from tests.bench.bench_attendance import DAY, PER_UNIT, POSTS, UNITS, _generate, _truncate, wib

pytestmark = pytest.mark.bench

COLD_RUNS = 5
WARM_REQUESTS = 200
CONCURRENCY = 10
PATHS = ("/api/insta/rekap-likes", "/api/tiktok/rekap-komentar")


async def _tiktok(db) -> None:
    async with db.uow() as uow:
        await uow.execute(
            "INSERT INTO tiktok_post (video_id, client_id, created_at, source_type)"
            " SELECT 'TBENCH' || p, 'DITBENCH', CAST(:t AS timestamp) + p * interval '10 minutes', 'cron_fetch'"
            " FROM generate_series(1, :posts) p",
            {"t": wib(2026, 3, 4, 6), "posts": POSTS},
        )
        await uow.execute(
            "INSERT INTO tiktok_comment (video_id, comments) SELECT 'TBENCH' || p, ("
            "  SELECT jsonb_agg(h) FROM ("
            "    SELECT 'tt' || ((i + p * 991) % :users) AS h FROM generate_series(1, 4000) i"
            "    UNION ALL SELECT 'viewer' || p || '_' || i FROM generate_series(1, 1000) i) s)"
            " FROM generate_series(1, :posts) p",
            {"users": UNITS * PER_UNIT, "posts": POSTS},
        )
        await uow.commit()
        await uow.execute("ANALYZE")


def _pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def _warm(
    base: str, path: str, params: dict[str, str], headers: dict[str, str]
) -> tuple[float, list[float]]:
    latencies: list[float] = []
    remaining = [WARM_REQUESTS]

    async def worker(c: httpx.AsyncClient) -> None:
        while remaining[0] > 0:
            remaining[0] -= 1
            t0 = time.perf_counter()
            res = await c.get(path, params=params, headers=headers)
            latencies.append(time.perf_counter() - t0)
            assert res.status_code == 200

    async with httpx.AsyncClient(base_url=base, timeout=60) as c:
        t0 = time.perf_counter()
        await asyncio.gather(*(worker(c) for _ in range(CONCURRENCY)))
        elapsed = time.perf_counter() - t0
    return WARM_REQUESTS / elapsed, latencies


async def test_bench_dashboard_recaps(db, test_database_url: str, tmp_path: Path) -> None:
    await _truncate(db)
    await _generate(db, 1.0)
    await _tiktok(db)
    with psycopg.connect(test_database_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO dashboard_user (username, password_hash, role_id, status) "
            "SELECT 'admin.bench', %s, role_id, TRUE FROM roles WHERE role_name = 'admin'",
            (hash_password(PASSWORD),),
        )
    settings = get_settings().model_copy(update={"cicero_data_dir": tmp_path, "smtp_host": ""})
    params = {"client_id": "DITBENCH", "scope": "direktorat", "tanggal": DAY.isoformat()}
    lines = []
    app = create_app(settings=settings, mx_lookup=table_mx)
    with served(app) as base:
        async with httpx.AsyncClient(base_url=base, timeout=60) as c:
            res = await c.post(
                "/api/auth/dashboard-login", json={"username": "admin.bench", "password": PASSWORD}
            )
            headers = {"Authorization": f"Bearer {res.json()['token']}"}
            for path in PATHS:
                cold = []
                size = 0
                app.state.analytics_cache = False
                for _ in range(COLD_RUNS):
                    t0 = time.perf_counter()
                    res = await c.get(path, params=params, headers=headers)
                    cold.append(time.perf_counter() - t0)
                    assert res.status_code == 200, res.text
                    size = len(res.content)
                    assert len(res.json()["data"]["members"]) == UNITS * PER_UNIT
                app.state.analytics_cache = True
                rate, warm = await _warm(base, path, params, headers)
                lines.append(
                    f"  {path}: {size / 1e6:.2f} MB, cold p50 {statistics.median(cold) * 1000:.0f} ms"
                    f" (p99 {_pct(cold, 0.99):.0f} ms); warm {rate:.0f} req/s at {CONCURRENCY} concurrent,"
                    f" p50 {_pct(warm, 0.5):.0f} ms, p99 {_pct(warm, 0.99):.0f} ms"
                )
    print("\nDashboard recaps, DITBENCH 20,000 members, 20 posts x 5,000 engagers:\n" + "\n".join(lines))
