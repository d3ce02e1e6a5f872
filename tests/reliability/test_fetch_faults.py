"""Reliability (issue [ops] item 3, issue 15): a full scheduled fetch with 30 % of RapidAPI calls
failing (429 with Retry-After, 500, 503, timeouts, and the throttled / empty HTTP 200 answers of
../shared/notes/rapidapi.md) leaves exactly the tables a clean run leaves; a client whose answers
all prove nothing keeps its rows and is named in the run summary."""

from __future__ import annotations

from datetime import datetime

import pytest

from core.app import AppContext
from core.demo.seed import UNITS, populate_fake, seed_database
from core.fakes.rapidapi import FakeRapidApi
from core.jobs.catalogue import get_job
from core.jobs.config import load_job_config
from core.jobs.runner import run_manual
from core.timewindow import WIB

pytestmark = pytest.mark.reliability
NOW = datetime(2026, 11, 25, 14, 0, tzinfo=WIB)
SNAPSHOT = {
    "posts": "SELECT shortcode, client_id, source_type, caption, like_count, comment_count FROM insta_post ORDER BY 1",
    "likes": "SELECT shortcode, (SELECT array_agg(x ORDER BY x) FROM jsonb_array_elements_text(likes) x)"
    " FROM insta_like ORDER BY 1",
    "comments": "SELECT shortcode, jsonb_array_length(comments) FROM insta_comment ORDER BY 1",
    "videos": "SELECT video_id, client_id, source_type, caption FROM tiktok_post ORDER BY 1",
    "tt_comments": "SELECT video_id, (SELECT array_agg(x ORDER BY x) FROM jsonb_array_elements_text(comments) x)"
    " FROM tiktok_comment ORDER BY 1",
}


async def snapshot(ctx: AppContext) -> dict[str, list[tuple]]:
    async with ctx.db.uow() as uow:
        return {name: [tuple(r) for r in await uow.execute(sql)] for name, sql in SNAPSHOT.items()}


async def wipe(ctx: AppContext) -> None:
    async with ctx.db.uow() as uow:
        await uow.execute(
            "TRUNCATE insta_post, tiktok_post, insta_like_audit, tiktok_comment_audit, wa_outbox,"
            " wa_notification_scheduler_state CASCADE"
        )
        await uow.execute("UPDATE clients SET tiktok_secuid = NULL")
        await uow.commit()


async def fetch(ctx: AppContext) -> dict:
    spec = get_job("fetch_sosmed")
    config = load_job_config(spec.key, list(spec.default_cron), ["group"], [], env={})
    outcome = await run_manual(ctx, "fetch_sosmed", config, requested_by="test", now=NOW, slot=NOW)
    return {"status": outcome.status, **outcome.summary}


async def test_thirty_percent_faults_leave_the_same_tables(
    db, app_context: AppContext, fake_rapidapi: FakeRapidApi, monkeypatch
) -> None:
    async with db.uow() as uow:
        await seed_database(uow)
        await populate_fake(uow, fake_rapidapi, NOW.date(), NOW)
        await uow.commit()
    fake_rapidapi.instagram.likes_page_size = 10  # several pages per post
    prefix = app_context.settings.redis_prefix
    monkeypatch.setattr(
        app_context, "settings", fake_rapidapi.settings(redis_prefix=prefix, admin_whatsapp="")
    )
    clean = await fetch(app_context)
    assert clean["status"] == "succeeded", clean
    expected = await snapshot(app_context)
    assert len(expected["posts"]) == 15 and len(expected["likes"]) == 15 and len(expected["videos"]) == 5

    await wipe(app_context)
    fake_rapidapi.requests.clear()
    fake_rapidapi.faults.fault_rate = 0.3
    fake_rapidapi.faults.fault_kinds = ("429", "500", "503", "timeout", "throttled", "empty")
    fake_rapidapi.faults.retry_after = "0"
    fake_rapidapi.faults.timeout_sleep_s = 0.4
    faulty_settings = fake_rapidapi.settings(
        redis_prefix=prefix, admin_whatsapp="", rapidapi_timeout_s=0.2, rapidapi_max_attempts=4
    )
    monkeypatch.setattr(app_context, "settings", faulty_settings)
    faulty = await fetch(app_context)
    statuses = [r.status for r in fake_rapidapi.requests]
    failed_share = sum(1 for s in statuses if s != 200) / len(statuses)
    assert {429, 500, 503} <= set(statuses) and failed_share > 0.1
    assert fake_rapidapi.shapes_served["throttled"] and fake_rapidapi.shapes_served["empty"]
    assert faulty["status"] == "succeeded", faulty
    assert await snapshot(app_context) == expected
    shapes = sum(fake_rapidapi.shapes_served.values())
    print(
        f"fetch under faults: {len(statuses)} requests, {failed_share:.0%} non-200 faults,"
        f" {shapes} throttled/empty 200s ({(failed_share * len(statuses) + shapes) / len(statuses):.0%} in all)"
    )


TABLE_COUNTS = (
    "insta_post",
    "insta_post_clients",
    "insta_like",
    "insta_comment",
    "insta_like_audit",
    "tiktok_post",
    "tiktok_comment",
    "tiktok_comment_audit",
)


async def counts(ctx: AppContext) -> dict[str, int]:
    async with ctx.db.uow() as uow:
        return {t: (await uow.execute(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLE_COUNTS}


async def test_a_client_answered_only_inconclusively_keeps_its_rows_issue_15(
    db, app_context: AppContext, fake_rapidapi: FakeRapidApi, monkeypatch
) -> None:
    async with db.uow() as uow:
        await seed_database(uow)
        await populate_fake(uow, fake_rapidapi, NOW.date(), NOW)
        await uow.commit()
    prefix = app_context.settings.redis_prefix
    monkeypatch.setattr(
        app_context, "settings", fake_rapidapi.settings(redis_prefix=prefix, admin_whatsapp="")
    )
    clean = await fetch(app_context)
    assert clean["status"] == "succeeded", clean
    expected = await snapshot(app_context)
    before = await counts(app_context)

    # The provider's data for unit X changes (a post and the video gone, new likers), but every
    # answer about X is a throttled 200: nothing may change for X; the others refetch as usual.
    unit = UNITS[0]
    ig, tt = fake_rapidapi.instagram, fake_rapidapi.tiktok
    codes = [p["code"] for p in ig.accounts[unit.insta]]
    video_ids = [v["id"] for v in tt.accounts[unit.tiktok]["videos"]]
    sec = tt.accounts[unit.tiktok]["secUid"]
    ig.set_likers(codes[1], ["warga.baru"])
    ig.remove_post(codes[0])
    tt.remove_video(video_ids[0])
    faults = fake_rapidapi.faults
    for path, when in [
        ("v1/posts", {"username_or_id_or_url": unit.insta}),
        ("api/user/posts", {"secUid": sec}),
        *[(p, {"code_or_id_or_url": c}) for c in codes for p in ("v1/likes", "v1/comments")],
        *[("api/post/comments", {"videoId": v}) for v in video_ids],
    ]:
        faults.fail_next(path, "throttled", times=50, when=when)
    faults.fault_rate = 0.3
    faults.fault_kinds = ("429", "500", "503", "throttled", "empty")
    faults.retry_after = "0"
    monkeypatch.setattr(
        app_context,
        "settings",
        fake_rapidapi.settings(redis_prefix=prefix, admin_whatsapp="", rapidapi_max_attempts=4),
    )
    faulty = await fetch(app_context)
    assert await snapshot(app_context) == expected
    after = await counts(app_context)
    assert all(after[t] >= before[t] for t in TABLE_COUNTS), (before, after)
    # X got no audit snapshot; every other post got one more.
    assert after["insta_like_audit"] == before["insta_like_audit"] + len(expected["likes"]) - len(codes)
    named = {f["client_id"] for f in faulty.get("failures", []) if "[" in f["error"]}
    assert named == {unit.client_id.upper()}, faulty
