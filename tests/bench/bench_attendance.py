"""Attendance recap benchmark (issue 5 item 7, ING-PERF-1/2).

A directorate of 40 units × 500 personnel (all holding the directorate role), 20 Instagram posts
of today with 5,000 likers each (4,000 of them personnel, 1,000 outsiders), generated in the real
database. Times the engine's REP-IG-DUNITS recap end to end (population, posts, per-person
counts, grouping and text) against one hand-written SQL query computing the same per-person
counts, in the same run; also checks that the number of SQL statements does not grow with the
data (same count on a tenth of the users and likes) and records the process's peak memory.

Run: `DATABASE_URL=... .venv/bin/pytest tests/bench/bench_attendance.py -m bench -s`
"""

from __future__ import annotations

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
PER_UNIT = 500
POSTS = 20
PERSONNEL_LIKERS = 4000
OUTSIDE_LIKERS = 1000
RUNS = 5

# What a developer would write by hand for the same per-person counts: roles joined, the
# stored lists expanded, one LEFT JOIN on the (already normalised) handle, grouped per person.
HAND_WRITTEN = """
SELECT u.user_id, upper(btrim(u.client_id)) AS unit_id, count(e.shortcode) AS cnt
FROM "user" u
JOIN user_roles ur ON ur.user_id = u.user_id
JOIN roles r ON r.role_id = ur.role_id AND r.role_name = 'ditbench'
LEFT JOIN (
    SELECT l.shortcode, h.handle FROM insta_like l, jsonb_array_elements_text(l.likes) AS h(handle)
    WHERE l.shortcode = ANY(:ids)
) e ON e.handle = u.insta
WHERE u.status AND lower(btrim(u.client_id)) = ANY(:units)
GROUP BY u.user_id, u.client_id
"""


async def _generate(db, scale: float) -> None:
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
            " SELECT 'BENCH' || p, 'DITBENCH', CAST(:t AS timestamp) + p * interval '10 minutes', 'cron_fetch'"
            " FROM generate_series(1, :posts) p",
            {"t": wib(2026, 3, 4, 6), "posts": POSTS},
        )
        # post p is liked by `likers` personnel (a window of user numbers shifted per post) and
        # `outsiders` other accounts; handles are stored normalised (ING-ENG-2)
        await uow.execute(
            "INSERT INTO insta_like (shortcode, likes) SELECT 'BENCH' || p, ("
            "  SELECT jsonb_agg(h) FROM ("
            "    SELECT 'user' || ((i + p * 997) % :users) AS h FROM generate_series(1, :likers) i"
            "    UNION ALL SELECT 'fan' || p || '_' || i FROM generate_series(1, :outsiders) i) s)"
            " FROM generate_series(1, :posts) p",
            {"users": users, "likers": likers, "outsiders": outsiders, "posts": POSTS},
        )
        await uow.commit()
        await uow.execute("ANALYZE")


async def _truncate(db) -> None:
    async with db.uow() as uow:
        await uow.execute(
            'TRUNCATE insta_like, insta_post, user_roles, "user", clients RESTART IDENTITY CASCADE'
        )
        await uow.commit()


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


async def _engine_once(db) -> tuple[float, str]:
    t0 = time.perf_counter()
    out = await build_report(db, "REP-IG-DUNITS", client_id="DITBENCH", ref_date=DAY, now=NOW)
    return time.perf_counter() - t0, out.text or ""


async def _hand_once(db) -> tuple[float, int]:
    units = ["ditbench", *(f"unit{i:02d}" for i in range(1, UNITS))]
    ids = [f"BENCH{p}" for p in range(1, POSTS + 1)]
    t0 = time.perf_counter()
    async with db.uow() as uow:
        rows = (await uow.execute(HAND_WRITTEN, {"ids": ids, "units": units})).all()
    return time.perf_counter() - t0, len(rows)


def _count_statements():
    """Count statements at the driver (every psycopg cursor execute, whoever issues it)."""
    counter = {"n": 0}
    original = psycopg.AsyncCursor.execute

    async def counting(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        counter["n"] += 1
        return await original(self, *args, **kwargs)

    psycopg.AsyncCursor.execute = counting

    def stop() -> None:
        psycopg.AsyncCursor.execute = original

    return counter, stop


async def _measure(db) -> dict[str, float]:
    await _engine_once(db)  # warm caches and plans
    await _hand_once(db)
    engine, hand = [], []
    for _ in range(RUNS):  # interleaved, so both see the same machine state
        engine.append((await _engine_once(db))[0])
        hand.append((await _hand_once(db))[0])
    counter, stop = _count_statements()
    try:
        await _engine_once(db)
    finally:
        stop()
    return {"engine_ms": _median_ms(engine), "hand_ms": _median_ms(hand), "statements": counter["n"]}


async def test_bench_attendance_recap(db):
    await _truncate(db)
    await _generate(db, 0.1)
    small = await _measure(db)
    await _truncate(db)
    await _generate(db, 1.0)
    _, text = await _engine_once(db)
    _, hand_rows = await _hand_once(db)
    full = await _measure(db)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before the Excel run below
    others = {}
    for kind in ("REP-IG-JAJARAN", "XLS-IG-RECAP"):  # the other ING-PERF-2 reports, for the record
        t0 = time.perf_counter()
        await build_report(db, kind, client_id="DITBENCH", ref_date=DAY, now=NOW)
        others[kind] = (time.perf_counter() - t0) * 1000
    ratio = full["engine_ms"] / full["hand_ms"]
    print(
        f"\nREP-IG-DUNITS, {UNITS} units x {PER_UNIT} personnel, {POSTS} posts x "
        f"{PERSONNEL_LIKERS + OUTSIDE_LIKERS} likers:"
        f"\n  engine recap median of {RUNS}: {full['engine_ms']:.1f} ms"
        f"\n  hand-written query median of {RUNS}: {full['hand_ms']:.1f} ms ({hand_rows} rows)"
        f"\n  ratio engine / hand-written: {ratio:.2f}"
        f"\n  SQL statements per recap: {full['statements']} (tenth of the data: {small['statements']})"
        f"\n  ratio full / tenth data set: {full['engine_ms'] / small['engine_ms']:.2f}"
        f"\n  REP-IG-JAJARAN once: {others['REP-IG-JAJARAN']:.0f} ms; XLS-IG-RECAP once: {others['XLS-IG-RECAP']:.0f} ms"
        f"\n  peak process memory (before the Excel run): {peak_mb:.0f} MB"
    )
    assert "*Jumlah Total Personil :* 20000 pers" in text
    assert hand_rows == UNITS * PER_UNIT
    assert full["statements"] == small["statements"] <= 6  # ING-PERF-1
    assert full["engine_ms"] < 150
    assert ratio < 1.2
    assert peak_mb < 150
