"""Attendance recap benchmark (issue 5 item 7, issue 16 item 2; ING-PERF-1/2).

A directorate of 40 units (all personnel holding the directorate role) with Instagram posts of
today, liked 80 % by personnel and 20 % by outsiders, generated in the real database (the likes
go through the ingest triggers that write the handle rows and the engagement tally). Sizes
(issue 16): 1x 20,000 personnel x 20 posts x 5,000 likers; 4x 80,000 x 60 x 20,000;
10x 200,000 x 60 x 50,000 (BENCH_SIZES=1,4,10 picks them; default 1,4).

For each size: the engine's REP-IG-DUNITS recap end to end (population, posts, per-person
counts, grouping and text), warm, median of 5; the same SQL statements the engine sent, replayed
alone on a plain connection (the engine's whole call must stay within 1.2x of them); and a
hand-written query from the raw liker rows and personnel, reported beside them. Also the number
of statements on a tenth of the data (ING-PERF-2) and the process's peak memory.

Run: `DATABASE_URL=... .venv/bin/pytest tests/bench/bench_attendance.py -m bench -s`
"""

from __future__ import annotations

import os
import resource
import statistics
import time
from datetime import UTC, date, datetime

import psycopg
import pytest

from core.reports import build_report
from core.timewindow import WIB

pytestmark = pytest.mark.bench


def wib(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    """A WIB wall time as the naive UTC value the tz-less columns store."""
    return datetime(y, mo, d, h, mi, tzinfo=WIB).astimezone(UTC).replace(tzinfo=None)


DAY = date(2026, 3, 4)
NOW = wib(2026, 3, 4, 14, 5)
UNITS = 40
PER_UNIT = 500  # at 1x
POSTS = 20  # at 1x
PERSONNEL_LIKERS = 4000  # at 1x
OUTSIDE_LIKERS = 1000
RUNS = 5
# size -> (scale of personnel and likers, posts, recap target in ms)
SIZES = {1: (1.0, 20, 25), 4: (4.0, 60, 120), 10: (10.0, 60, 400)}

# What a developer would write by hand from the raw rows: the population (role, active, units)
# joined to the liker rows on the normalised handle, counted per person.
HAND_WRITTEN = """
SELECT u.user_id, upper(btrim(u.client_id)) AS unit_id, count(h.shortcode) AS cnt
FROM "user" u
JOIN user_roles ur ON ur.user_id = u.user_id
JOIN roles r ON r.role_id = ur.role_id AND r.role_name = 'ditbench'
LEFT JOIN insta_like_handle h ON h.handle = cicero_norm_handle(u.insta) AND h.shortcode = ANY(:ids)
WHERE u.status AND lower(btrim(u.client_id)) = ANY(:units)
GROUP BY u.user_id, u.client_id
"""


async def _generate(db, scale: float, posts: int = POSTS) -> None:
    """Everything in a few set-based statements, so generation stays quick."""
    per_unit = int(PER_UNIT * scale)
    users = UNITS * per_unit
    likers = int(PERSONNEL_LIKERS * scale)
    outsiders = int(OUTSIDE_LIKERS * scale)
    async with db.uow() as uow:
        await uow.execute(
            "INSERT INTO clients (client_id, nama, client_type, regional_id, client_status)"
            " VALUES ('DITBENCH', 'Dit Bench', 'direktorat', 'BENCH', true)"
        )
        await uow.execute(
            "INSERT INTO clients (client_id, nama, client_type, regional_id, client_status)"
            " SELECT 'UNIT' || lpad(i::text, 2, '0'), 'Polres Unit ' || i, 'org', 'BENCH', true"
            " FROM generate_series(1, :n) i",
            {"n": UNITS - 1},
        )
        await uow.execute("INSERT INTO roles (role_name) VALUES ('ditbench') ON CONFLICT DO NOTHING")
        await uow.execute(
            'INSERT INTO "user" (user_id, client_id, nama, title, divisi, jabatan, insta, tiktok, status, exception)'
            " SELECT 'B' || i,"
            "  CASE WHEN i / :pu = 0 THEN 'DITBENCH' ELSE 'UNIT' || lpad((i / :pu)::text, 2, '0') END,"
            "  'PERSONIL ' || i, (ARRAY['AKP','IPTU','BRIPKA','BRIGADIR','BRIPTU'])[1 + i % 5],"
            "  (ARRAY['SAT BINMAS','BAG OPS','SAT LANTAS','POLSEK KOTA','SI HUMAS','SPKT'])[1 + i % 6],"
            "  CASE WHEN i % 97 = 0 THEN 'KASAT' ELSE 'ANGGOTA' END,"
            "  CASE WHEN i % 20 = 0 THEN NULL ELSE 'user' || i END, 'tt' || i, true, i % 250 = 0"
            " FROM generate_series(0, :n - 1) i",
            {"pu": per_unit, "n": users},
        )
        await uow.execute(
            "INSERT INTO user_roles (user_id, role_id) SELECT user_id, (SELECT role_id FROM roles"
            " WHERE role_name = 'ditbench') FROM \"user\""
        )
        await uow.execute(
            "INSERT INTO insta_post (shortcode, client_id, created_at, source_type)"
            " SELECT 'BENCH' || p, 'DITBENCH', CAST(:t AS timestamp) + p * interval '1 minute', 'cron_fetch'"
            " FROM generate_series(1, :posts) p",
            {"t": wib(2026, 3, 4, 6), "posts": posts},
        )
        # post p is liked by `likers` personnel (a window of user numbers shifted per post) and
        # `outsiders` other accounts; handles are stored normalised (ING-ENG-2)
        await uow.execute(
            "INSERT INTO insta_like (shortcode, likes) SELECT 'BENCH' || p, ("
            "  SELECT jsonb_agg(h) FROM ("
            "    SELECT 'user' || ((i + p * 997) % :users) AS h FROM generate_series(1, :likers) i"
            "    UNION ALL SELECT 'fan' || p || '_' || i FROM generate_series(1, :outsiders) i) s)"
            " FROM generate_series(1, :posts) p",
            {"users": users, "likers": likers, "outsiders": outsiders, "posts": posts},
        )
        await uow.commit()
        await uow.execute("ANALYZE")


async def _truncate(db) -> None:
    async with db.uow() as uow:
        await uow.execute(
            'TRUNCATE insta_like, insta_post, user_roles, "user", clients, engagement_tally RESTART IDENTITY CASCADE'
        )
        await uow.commit()


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


async def _engine_once(db) -> tuple[float, str]:
    t0 = time.perf_counter()
    out = await build_report(db, "REP-IG-DUNITS", client_id="DITBENCH", ref_date=DAY, now=NOW)
    return time.perf_counter() - t0, out.text or ""


async def _hand_once(db, posts: int) -> tuple[float, int]:
    units = ["ditbench", *(f"unit{i:02d}" for i in range(1, UNITS))]
    ids = [f"BENCH{p}" for p in range(1, posts + 1)]
    t0 = time.perf_counter()
    async with db.uow() as uow:
        rows = (await uow.execute(HAND_WRITTEN, {"ids": ids, "units": units})).all()
    return time.perf_counter() - t0, len(rows)


def _record_statements():
    """Record every statement at the driver (query and parameters, whoever issues it)."""
    seen: list[tuple] = []
    original = psycopg.AsyncCursor.execute

    async def recording(self, query, params=None, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        seen.append((query, params))
        return await original(self, query, params, *args, **kwargs)

    psycopg.AsyncCursor.execute = recording

    def stop() -> None:
        psycopg.AsyncCursor.execute = original

    return seen, stop


async def _replay_once(conn: psycopg.AsyncConnection, statements: list[tuple]) -> float:
    """The engine's own statements alone, in one transaction as the engine runs them."""
    t0 = time.perf_counter()
    async with conn.transaction():
        for query, params in statements:
            cur = await conn.execute(query, params)
            if cur.description is not None:
                await cur.fetchall()
    return time.perf_counter() - t0


def _libpq_url() -> str:
    from sqlalchemy.engine import make_url

    return (
        make_url(os.environ["DATABASE_URL"])
        .set(drivername="postgresql")
        .render_as_string(hide_password=False)
    )


async def _measure(db, posts: int) -> dict[str, float]:
    seen, stop = _record_statements()
    try:
        await _engine_once(db)  # also warms caches and plans
    finally:
        stop()
    statements = [
        (q, p) for q, p in seen if not str(q).strip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK"))
    ]
    await _hand_once(db, posts)
    engine, replay, hand = [], [], []
    async with await psycopg.AsyncConnection.connect(_libpq_url(), autocommit=True) as conn:
        await _replay_once(conn, statements)
        for _ in range(RUNS):  # interleaved, so all three see the same machine state
            engine.append((await _engine_once(db))[0])
            replay.append(await _replay_once(conn, statements))
            hand.append((await _hand_once(db, posts))[0])
    return {
        "engine_ms": _median_ms(engine),
        "replay_ms": _median_ms(replay),
        "hand_ms": _median_ms(hand),
        "statements": len(statements),
    }


def _sizes() -> list[int]:
    return [int(x) for x in os.environ.get("BENCH_SIZES", "1,4").split(",") if x.strip()]


@pytest.mark.parametrize("size", _sizes(), ids=lambda s: f"{s}x")
async def test_bench_attendance_recap(db, size):
    scale, posts, target_ms = SIZES[size]
    await _truncate(db)
    await _generate(db, scale / 10, posts)
    small = await _measure(db, posts)
    await _truncate(db)
    t0 = time.perf_counter()
    await _generate(db, scale, posts)
    generated_s = time.perf_counter() - t0
    _, text = await _engine_once(db)
    _, hand_rows = await _hand_once(db, posts)
    full = await _measure(db, posts)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    people = UNITS * int(PER_UNIT * scale)
    likers = int((PERSONNEL_LIKERS + OUTSIDE_LIKERS) * scale)
    overhead = full["engine_ms"] / full["replay_ms"]
    print(
        f"\n{size}x REP-IG-DUNITS, {people} personnel in {UNITS} units, {posts} posts x {likers} likers"
        f" (generated in {generated_s:.0f} s):"
        f"\n  engine recap, warm, median of {RUNS}: {full['engine_ms']:.1f} ms (target {target_ms} ms)"
        f"\n  its {full['statements']} SQL statements replayed alone: {full['replay_ms']:.1f} ms"
        f" (engine / statements {overhead:.2f})"
        f"\n  hand-written query from the liker rows: {full['hand_ms']:.1f} ms ({hand_rows} rows)"
        f"\n  statements on a tenth of the data: {small['statements']};"
        f" time full / tenth: {full['engine_ms'] / small['engine_ms']:.2f}"
        f"\n  peak process memory: {peak_mb:.0f} MB"
    )
    assert f"*Jumlah Total Personil :* {people} pers" in text
    assert hand_rows == people
    assert full["statements"] == small["statements"] <= 6  # ING-PERF-1/2
    assert peak_mb < 150
    assert overhead <= 1.2
    assert full["engine_ms"] <= target_ms
