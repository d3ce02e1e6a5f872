"""The fetch run (ING-POST-2): steps, isolation, faults, locks, key check, and `cicero fetch`."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest

from core.fakes.rapidapi import FakeRapidApi
from core.ingest import FetchLockBusy, UnknownClientError, client_fetch_lock, run_fetch
from tests.clock import earlier_today
from tests.ingest.ingest_helpers import NOW, add_client, deps_for, rows, wib


def _seed_feeds(fake: FakeRapidApi, clients: int, posts: int, likers: int, when=None) -> None:
    when = when or wib(8)
    for c in range(clients):
        handle = f"polres_{c}"
        for p in range(posts):
            code = f"C{c:03d}P{p}xyzw"
            fake.instagram.add_post(handle, code, taken_at=when - timedelta(minutes=p))
            fake.instagram.set_likers(code, [f"warga.{c}.{p}.{i}" for i in range(likers)])
            fake.instagram.set_commenters(code, [f"komen.{c}.{p}.{i}" for i in range(3)])
        fake.tiktok.add_video(f"polres.{c}", f"748{c:03d}00000000000{0}", create_time=when)
        fake.tiktok.set_commenters(f"748{c:03d}00000000000{0}", [f"tt.{c}.{i}" for i in range(4)])


async def _seed_clients(db, count: int) -> None:
    for c in range(count):
        await add_client(db, f"POLRES_{c}", client_insta=f"polres_{c}", client_tiktok=f"polres.{c}")


async def _snapshot(db) -> dict[str, list[dict]]:
    out = {}
    for table, key in (
        ("insta_post", "shortcode"),
        ("tiktok_post", "video_id"),
        ("insta_like", "shortcode"),
        ("insta_comment", "shortcode"),
        ("tiktok_comment", "video_id"),
        ("insta_post_clients", "shortcode"),
    ):
        data = await rows(db, f"SELECT * FROM {table} ORDER BY {key}")
        for row in data:
            row.pop("fetched_at", None)
            row.pop("updated_at", None)
            if table == "insta_post_clients":
                row.pop("created_at")  # the database's insertion time
        out[table] = data
    return out


async def test_full_run_fills_every_table_ING_POST_2(deps, fake_rapidapi: FakeRapidApi) -> None:
    await _seed_clients(deps.db, 2)
    _seed_feeds(fake_rapidapi, 2, 2, 5)
    result = await run_fetch(deps, now=NOW, trigger="scheduled")
    assert result.ok and not result.lock_skipped
    first = result.clients[0]
    assert sorted(first.posts["instagram"].inserted) == ["C000P0xyzw", "C000P1xyzw"]
    assert first.before == {"instagram": 0, "tiktok": 0} and first.after == {"instagram": 2, "tiktok": 1}
    assert first.engagement["instagram_likes"].ok_count == 2
    assert first.engagement["instagram_comments"].ok_count == 2
    assert first.engagement["tiktok_comments"].ok_count == 1
    snap = await _snapshot(deps.db)
    assert len(snap["insta_post"]) == 4 and len(snap["tiktok_post"]) == 2
    assert all(len(r["likes"]) == 5 for r in snap["insta_like"])
    assert all(len(r["comments"]) == 4 for r in snap["tiktok_comment"])
    # Idempotent: the same run again changes no stored row (fetch/update times aside).
    again = await run_fetch(deps, now=NOW, trigger="scheduled")
    assert again.ok and again.clients[0].posts["instagram"].inserted == []
    assert await _snapshot(deps.db) == snap


async def test_run_with_30_percent_faults_is_correct_ING_API_5(
    db, redis, fake_rapidapi: FakeRapidApi
) -> None:
    await _seed_clients(db, 6)
    _seed_feeds(fake_rapidapi, 6, 3, 120)
    fake_rapidapi.instagram.likes_page_size = 25
    async with deps_for(db, redis, fake_rapidapi.settings()) as clean:
        await run_fetch(clean, now=NOW)
    expected = await _snapshot(db)
    # Same data from scratch, with a third of the requests failing (429 / 5xx / timeouts).
    await _wipe(db)
    fake_rapidapi.faults.fault_rate = 0.3
    fake_rapidapi.faults.fault_kinds = ("429", "500", "503", "timeout", "throttled", "empty")
    fake_rapidapi.faults.timeout_sleep_s = 0.5
    settings = fake_rapidapi.settings(rapidapi_timeout_s=0.2, rapidapi_max_attempts=4)
    async with deps_for(db, redis, settings) as faulty:
        result = await run_fetch(faulty, now=NOW)
    assert result.ok, [c.errors for c in result.clients]
    statuses = {r.status for r in fake_rapidapi.requests}
    assert {429, 500, 503} <= statuses
    assert await _snapshot(db) == expected


async def _wipe(db) -> None:
    async with db.uow() as uow:
        await uow.execute("TRUNCATE insta_post, tiktok_post, insta_like_audit, tiktok_comment_audit CASCADE")
        await uow.execute("UPDATE clients SET tiktok_secuid = NULL")
        await uow.commit()


async def test_failing_step_does_not_stop_the_others_ING_POST_2(deps, fake_rapidapi: FakeRapidApi) -> None:
    await _seed_clients(deps.db, 1)
    _seed_feeds(fake_rapidapi, 1, 1, 3)
    fake_rapidapi.faults.fail_next("v1/posts", 500, times=4)
    result = await run_fetch(deps, ["polres_0"], now=NOW)
    client = result.clients[0]
    assert "instagram_posts" in client.errors and not result.ok
    assert client.posts["tiktok"].inserted == ["748000000000000000"]
    assert client.engagement["tiktok_comments"].ok_count == 1


async def test_missing_key_fails_the_run_once_ING_API_2(db, redis, fake_rapidapi: FakeRapidApi) -> None:
    await _seed_clients(db, 3)
    async with deps_for(db, redis, fake_rapidapi.settings(rapidapi_key="")) as deps:
        result = await run_fetch(deps, now=NOW)
    assert result.error == "RAPIDAPI_KEY belum di-set" and result.clients == []
    assert fake_rapidapi.requests == []


async def test_unknown_or_inactive_client_ING_POST_2(deps) -> None:
    await add_client(deps.db, "POLRES_X", client_status=False)
    with pytest.raises(UnknownClientError) as err:
        await run_fetch(deps, ["polres_x"], now=NOW)
    assert err.value.message == "Client ID polres_x tidak ditemukan atau tidak aktif"


async def test_client_lock_held_skips_that_client_ING_CACHE_2(deps, fake_rapidapi: FakeRapidApi) -> None:
    await _seed_clients(deps.db, 2)
    _seed_feeds(fake_rapidapi, 2, 1, 1)
    async with client_fetch_lock(deps.redis, "polres_0"):
        with pytest.raises(FetchLockBusy):
            async with client_fetch_lock(deps.redis, "POLRES_0"):
                pass
        result = await run_fetch(deps, now=NOW)
    assert [c.skipped for c in result.clients] == ["locked", None]
    assert await deps.redis.client.get(deps.redis.key("cicero", "lock", "fetch", "POLRES_0")) is None


async def test_global_lock_skips_a_second_run_ING_CACHE_2(deps) -> None:
    await deps.redis.client.set(deps.redis.key("cron", "dirfetch", "sosmed"), "other-owner")
    result = await run_fetch(deps, now=NOW)
    assert result.lock_skipped and result.clients == []


async def test_shared_post_engagement_fetched_once_per_run_ING_POST_2(
    deps, fake_rapidapi: FakeRapidApi
) -> None:
    await _seed_clients(deps.db, 2)
    _seed_feeds(fake_rapidapi, 1, 1, 3)
    fake_rapidapi.instagram.add_account("polres_1")
    fake_rapidapi.instagram.accounts["polres_1"].append(fake_rapidapi.instagram.posts["C000P0xyzw"])
    result = await run_fetch(deps, platforms={"instagram"}, now=NOW)
    assert all(c.engagement["instagram_likes"].ok_count == 1 for c in result.clients)
    assert len(fake_rapidapi.calls("v1/likes")) == 1


async def test_eligibility_flags_ING_POST_3(deps, fake_rapidapi: FakeRapidApi) -> None:
    await add_client(
        deps.db,
        "AMPLIFY",
        client_insta="amp_acc",
        client_insta_status=False,
        client_amplify_status=True,
        client_tiktok="amp.tt",
        client_tiktok_status=False,
    )
    fake_rapidapi.instagram.add_post("amp_acc", "DAmp000001", taken_at=wib(8))
    result = await run_fetch(deps, ["amplify"], now=NOW)
    client = result.clients[0]
    assert list(client.posts) == ["instagram"] and client.engagement == {}
    assert fake_rapidapi.calls("v1/likes") == [] and fake_rapidapi.calls("api/user/posts") == []


def test_cli_fetch_against_the_fake_server(cli_env, fake_rapidapi: FakeRapidApi, test_database_url) -> None:
    import psycopg

    with psycopg.connect(test_database_url, autocommit=True) as conn:
        conn.execute("TRUNCATE clients CASCADE")
        conn.execute(
            "INSERT INTO clients (client_id, nama, client_type, client_insta, client_tiktok)"
            " VALUES ('POLRES_CLI', 'POLRES CLI', 'org', 'polres_cli', 'polres.cli')"
        )
    fake_rapidapi.instagram.add_post("polres_cli", "DCli000001", taken_at=earlier_today(1))
    fake_rapidapi.instagram.set_likers("DCli000001", ["warga.satu", "warga.dua"])
    fake_rapidapi.tiktok.add_video("polres.cli", "7481000000000000001", create_time=earlier_today(1))
    # A machine zone far from WIB must not change which posts are "today".
    env = {**cli_env, **fake_rapidapi.env(), "LOG_LEVEL": "WARNING", "TZ": "Pacific/Honolulu"}
    proc = subprocess.run(
        [sys.executable, "-m", "bot.cli", "fetch", "--client", "polres_cli", "--platform", "instagram"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=os.getcwd(),
    )
    assert proc.returncode == 0, proc.stderr
    assert "POLRES_CLI (POLRES CLI)" in proc.stdout
    assert "instagram posts: 1 new, 0 updated, 0 removed" in proc.stdout
    assert "instagram likes: 1 ok, 0 failed, 2 usernames stored" in proc.stdout
    assert "[#" not in proc.stderr  # no progress bar when stderr is not a terminal
    with psycopg.connect(test_database_url) as conn:
        likes = conn.execute("SELECT likes FROM insta_like WHERE shortcode = 'DCli000001'").fetchone()
        tiktok = conn.execute("SELECT count(*) FROM tiktok_post").fetchone()
    assert likes[0] == ["warga.satu", "warga.dua"] and tiktok[0] == 0
    bad = subprocess.run(
        [sys.executable, "-m", "bot.cli", "fetch", "--client", "NOPE"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2 and "Client ID NOPE tidak ditemukan atau tidak aktif" in bad.stderr


async def test_provider_limit_is_the_ceiling_of_a_run_ING_PERF_4(
    db, redis, fake_rapidapi: FakeRapidApi
) -> None:
    import time

    for c in range(5):
        await add_client(db, f"POLRES_{c}", client_insta=f"polres_{c}")
    _seed_feeds(fake_rapidapi, 5, 4, 1)  # 20 posts, one like page each
    fake_rapidapi.faults.latency_s = 0.2
    settings = fake_rapidapi.settings(rapidapi_instagram_concurrency=4, fetch_ig_comments=False)
    async with deps_for(db, redis, settings) as deps:
        await run_fetch(deps, platforms={"instagram"}, posts_only=True, now=NOW)
        fake_rapidapi.requests.clear()
        fake_rapidapi.max_in_flight = 0
        started = time.monotonic()
        result = await run_fetch(deps, platforms={"instagram"}, engagement_only=True, now=NOW)
        elapsed = time.monotonic() - started
    assert result.ok and len(fake_rapidapi.calls("v1/likes")) == 20
    assert fake_rapidapi.max_in_flight == 4
    # About ceil(20 / 4) = 5 latencies (1 s), far from the 20 latencies (4 s) of one request at a time.
    assert elapsed < 2.0


async def test_clients_not_started_before_the_deadline_are_skipped_ING_POST_2(
    db, redis, fake_rapidapi
) -> None:
    await _seed_clients(db, 2)
    async with deps_for(db, redis, fake_rapidapi.settings(fetch_max_run_minutes=0)) as deps:
        result = await run_fetch(deps, now=NOW)
    assert [c.skipped for c in result.clients] == ["deadline", "deadline"] and not result.ok
    assert fake_rapidapi.requests == []


async def test_redis_down_never_breaks_a_fetch_ING_CACHE(db, fake_rapidapi: FakeRapidApi) -> None:
    import redis.asyncio as aioredis
    from redis.asyncio.retry import Retry
    from redis.backoff import NoBackoff

    from core.cache import RedisStore

    client = aioredis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2, retry=Retry(NoBackoff(), 0))
    dead = RedisStore(client, "cicero-dead")
    await _seed_clients(db, 1)
    _seed_feeds(fake_rapidapi, 1, 2, 3)
    try:
        async with deps_for(db, dead, fake_rapidapi.settings()) as deps:
            result = await run_fetch(deps, now=NOW)
    finally:
        await dead.close()
    assert result.ok and result.clients[0].posts["instagram"].inserted == ["C000P0xyzw", "C000P1xyzw"]
    assert len(await rows(db, "SELECT 1 FROM insta_like")) == 2
