"""Official post fetch: mapping, WIB day edges, idempotency, exclusions, vanished posts (ING-POST-3..12)."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime

from core.fakes.rapidapi import TT_FALLBACK_HOST, TT_HOST, FakeRapidApi
from core.ingest import load_client
from core.ingest.official import fetch_instagram_posts, fetch_tiktok_posts
from tests.ingest.ingest_helpers import NOW, add_client, deps_for, rows, wib


async def _client(deps, cid: str = "POLRES_A"):
    async with deps.db.uow() as uow:
        return await load_client(uow, cid)


def _naive_utc(dt: datetime) -> datetime:
    return dt.astimezone(UTC).replace(tzinfo=None)


async def test_instagram_today_posts_stored_with_mapping_ING_POST_4(
    deps, fake_rapidapi: FakeRapidApi
) -> None:
    await add_client(deps.db, "POLRES_A", client_insta="@Polres_A")
    ig = fake_rapidapi.instagram
    ig.add_post("polres_a", "DCarousel1", taken_at=wib(9), caption="Giat patroli", carousel=3, like_count=87)
    ig.add_post("polres_a", "DVideo0001", taken_at=wib(8), is_video=True, caption=None)
    ig.add_post("polres_a", "DYesterday", taken_at=wib(22, day=3))
    result = await fetch_instagram_posts(deps, await _client(deps), NOW)
    assert sorted(result.inserted) == ["DCarousel1", "DVideo0001"] and result.ok and result.complete
    stored = {r["shortcode"]: r for r in await rows(deps.db, "SELECT * FROM insta_post")}
    assert set(stored) == {"DCarousel1", "DVideo0001"}
    car = stored["DCarousel1"]
    assert car["client_id"] == "POLRES_A" and car["caption"] == "Giat patroli" and car["like_count"] == 87
    assert car["is_carousel"] is True and len(car["images_url"]) == 3
    assert car["source_type"] == "cron_fetch"
    assert car["created_at"] == _naive_utc(wib(9))  # UTC wall time of the publish time
    assert car["original_created_at"] == wib(9)
    vid = stored["DVideo0001"]
    assert vid["is_video"] is True and vid["video_url"].endswith(".mp4") and vid["caption"] is None
    assert vid["images_url"] == [vid["image_url"]] and vid["is_carousel"] is False
    links = await rows(deps.db, "SELECT shortcode, client_id FROM insta_post_clients ORDER BY shortcode")
    assert links == [
        {"shortcode": "DCarousel1", "client_id": "POLRES_A"},
        {"shortcode": "DVideo0001", "client_id": "POLRES_A"},
    ]


async def test_wib_day_edges_whatever_the_server_zone_ING_TIME_4(deps, fake_rapidapi: FakeRapidApi) -> None:
    await add_client(deps.db, "POLRES_A", client_insta="polres_a")
    ig = fake_rapidapi.instagram
    ig.add_post("polres_a", "DEarly0030", taken_at=wib(0, 30))  # 17:30 UTC the day before
    ig.add_post("polres_a", "DLate02330", taken_at=wib(23, 30))
    ig.add_post("polres_a", "DPrev02359", taken_at=wib(23, 59, day=3))
    ig.add_post("polres_a", "DPrevOlder", taken_at=wib(12, day=3))
    # The process runs in a zone far from WIB: nothing may depend on the machine's local time.
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    try:
        result = await fetch_instagram_posts(deps, await _client(deps), wib(23, 45))
    finally:
        if saved is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = saved
        time.tzset()
    assert sorted(result.inserted) == ["DEarly0030", "DLate02330"]
    stored = await rows(
        deps.db,
        "SELECT shortcode, ((created_at AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Jakarta')::date AS d FROM insta_post ORDER BY 1",
    )
    assert [(r["shortcode"], r["d"].isoformat()) for r in stored] == [
        ("DEarly0030", "2026-03-04"),
        ("DLate02330", "2026-03-04"),
    ]


async def test_same_fetch_twice_changes_nothing(deps, fake_rapidapi: FakeRapidApi) -> None:
    await add_client(deps.db, "POLRES_A", client_insta="polres_a")
    fake_rapidapi.instagram.add_post("polres_a", "DAbc123xyz", taken_at=wib(8))
    client = await _client(deps)
    await fetch_instagram_posts(deps, client, NOW)
    before = await rows(deps.db, "SELECT * FROM insta_post")
    again = await fetch_instagram_posts(deps, client, NOW)
    after = await rows(deps.db, "SELECT * FROM insta_post")
    assert again.inserted == [] and again.updated == [] and again.unchanged == ["DAbc123xyz"]
    assert before == after


async def test_counts_refreshed_on_refetch_ING_POST_7(deps, fake_rapidapi: FakeRapidApi) -> None:
    await add_client(deps.db, "POLRES_A", client_insta="polres_a")
    fake_rapidapi.instagram.add_post("polres_a", "DAbc123xyz", taken_at=wib(8), like_count=3)
    client = await _client(deps)
    await fetch_instagram_posts(deps, client, NOW)
    fake_rapidapi.instagram.posts["DAbc123xyz"]["like_count"] = 40
    result = await fetch_instagram_posts(deps, client, wib(11))
    assert result.updated == ["DAbc123xyz"]
    (row,) = await rows(deps.db, "SELECT like_count, created_at, fetched_at FROM insta_post")
    assert (
        row["like_count"] == 40 and row["created_at"] == _naive_utc(wib(8)) and row["fetched_at"] == wib(11)
    )


async def test_excluded_posts_are_never_stored_again_ING_POST_12(deps, fake_rapidapi: FakeRapidApi) -> None:
    await add_client(deps.db, "POLRES_A", client_insta="polres_a")
    fake_rapidapi.instagram.add_post("polres_a", "DRemoved01", taken_at=wib(8))
    fake_rapidapi.instagram.add_post("polres_a", "DKept00001", taken_at=wib(9))
    async with deps.db.uow() as uow:
        await uow.execute(
            "INSERT INTO task_post_exclusions (client_id, platform, content_id) VALUES ('polres_a', 'instagram', ' DRemoved01 ')"
        )
        await uow.commit()
    result = await fetch_instagram_posts(deps, await _client(deps), NOW)
    assert result.excluded == ["DRemoved01"] and result.inserted == ["DKept00001"]
    assert [r["shortcode"] for r in await rows(deps.db, "SELECT shortcode FROM insta_post")] == ["DKept00001"]


async def test_vanished_post_removed_with_its_likes_ING_POST_10(deps, fake_rapidapi: FakeRapidApi) -> None:
    await add_client(deps.db, "POLRES_A", client_insta="polres_a")
    await add_client(deps.db, "POLRES_B", client_insta="polres_b")
    ig = fake_rapidapi.instagram
    for code in ("DOne000001", "DTwo000002", "DThree0003"):
        ig.add_post("polres_a", code, taken_at=wib(8))
    ig.add_post("polres_b", "DOther0001", taken_at=wib(8))
    client = await _client(deps)
    await fetch_instagram_posts(deps, client, NOW)
    await fetch_instagram_posts(deps, await _client(deps, "POLRES_B"), NOW)
    async with deps.db.uow() as uow:
        await uow.execute("INSERT INTO insta_like (shortcode, likes) VALUES ('DTwo000002', '[\"a\"]')")
        await uow.execute("INSERT INTO insta_comment (shortcode, comments) VALUES ('DTwo000002', '[\"b\"]')")
        await uow.commit()
    ig.remove_post("DTwo000002")
    result = await fetch_instagram_posts(deps, client, NOW)
    assert result.deleted == ["DTwo000002"]
    left = [r["shortcode"] for r in await rows(deps.db, "SELECT shortcode FROM insta_post ORDER BY 1")]
    assert left == ["DOne000001", "DOther0001", "DThree0003"]
    assert await rows(deps.db, "SELECT * FROM insta_like") == []


async def test_no_deletion_after_a_failed_listing_ING_POST_10(deps, fake_rapidapi: FakeRapidApi) -> None:
    await add_client(deps.db, "POLRES_A", client_insta="polres_a")
    fake_rapidapi.instagram.add_post("polres_a", "DOne000001", taken_at=wib(8))
    client = await _client(deps)
    await fetch_instagram_posts(deps, client, NOW)
    fake_rapidapi.instagram.remove_post("DOne000001")
    fake_rapidapi.faults.fail_next("v1/posts", 500, times=4)
    result = await fetch_instagram_posts(deps, client, NOW)
    assert result.error and result.deleted == []
    assert len(await rows(deps.db, "SELECT 1 FROM insta_post")) == 1


async def test_manual_rows_are_never_vanish_candidates_ING_POST_10(deps, fake_rapidapi: FakeRapidApi) -> None:
    await add_client(deps.db, "POLRES_A", client_insta="polres_a")
    fake_rapidapi.instagram.add_post("polres_a", "DListed001", taken_at=wib(9))
    async with deps.db.uow() as uow:
        await uow.execute(
            "INSERT INTO insta_post (shortcode, client_id, source_type, created_at) VALUES ('DManual001', 'POLRES_A', 'manual_input', :t)",
            {"t": _naive_utc(wib(7))},
        )
        await uow.commit()
    result = await fetch_instagram_posts(deps, await _client(deps), NOW)
    assert result.complete and result.today_items == 1 and result.deleted == []
    assert len(await rows(deps.db, "SELECT 1 FROM insta_post")) == 2


async def test_mass_deletion_is_deferred_then_confirmed_ING_POST_10(
    deps, fake_rapidapi: FakeRapidApi
) -> None:
    await add_client(deps.db, "POLRES_A", client_insta="polres_a")
    ig = fake_rapidapi.instagram
    codes = [f"DPost{i:05d}" for i in range(5)]
    for code in codes:
        ig.add_post("polres_a", code, taken_at=wib(8))
    client = await _client(deps)
    await fetch_instagram_posts(deps, client, NOW)
    for code in codes[:4]:
        ig.remove_post(code)
    first = await fetch_instagram_posts(deps, client, NOW)
    assert first.deleted == [] and first.deferred == codes[:4]
    assert len(await rows(deps.db, "SELECT 1 FROM insta_post")) == 5
    ig.add_post("polres_a", codes[0], taken_at=wib(8))  # one came back: it is no longer a candidate
    second = await fetch_instagram_posts(deps, client, NOW)
    assert second.deleted == codes[1:4]
    left = [r["shortcode"] for r in await rows(deps.db, "SELECT shortcode FROM insta_post ORDER BY 1")]
    assert left == [codes[0], codes[4]]


async def test_collaboration_post_links_and_unlinks_ING_POST_4(deps, fake_rapidapi: FakeRapidApi) -> None:
    await add_client(deps.db, "POLRES_A", client_insta="polres_a")
    await add_client(deps.db, "POLRES_B", client_insta="polres_b")
    ig = fake_rapidapi.instagram
    ig.add_post("polres_a", "DCollab001", taken_at=wib(8))
    await fetch_instagram_posts(deps, await _client(deps), NOW)
    # The same post shows on B's feed (collaboration): it stays A's row and becomes B's task too.
    ig.add_account("polres_b")
    ig.accounts["polres_b"].append(ig.posts["DCollab001"])
    client_b = await _client(deps, "POLRES_B")
    await fetch_instagram_posts(deps, client_b, NOW)
    (post,) = await rows(deps.db, "SELECT client_id FROM insta_post")
    assert post["client_id"] == "POLRES_A"
    links = await rows(deps.db, "SELECT client_id FROM insta_post_clients ORDER BY 1")
    assert [r["client_id"] for r in links] == ["POLRES_A", "POLRES_B"]
    ig.accounts["polres_b"].clear()
    ig.add_post("polres_b", "DOwnPostB1", taken_at=wib(9))  # B's listing still shows today's posts
    result = await fetch_instagram_posts(deps, client_b, NOW)
    assert result.unlinked == ["DCollab001"] and result.deleted == []
    assert len(await rows(deps.db, "SELECT 1 FROM insta_post WHERE shortcode = 'DCollab001'")) == 1


async def test_tiktok_posts_by_resolved_secuid_ING_POST_5(deps, fake_rapidapi: FakeRapidApi) -> None:
    await add_client(deps.db, "POLRES_A", client_tiktok="@Polres.A")
    sec = fake_rapidapi.tiktok.add_account("polres.a")
    fake_rapidapi.tiktok.add_video("polres.a", "7480000000000000001", create_time=wib(0, 30), digg_count=5)
    fake_rapidapi.tiktok.add_video("polres.a", "7480000000000000002", create_time=wib(23, 30, day=3))
    result = await fetch_tiktok_posts(deps, await _client(deps), NOW)
    assert result.inserted == ["7480000000000000001"] and result.source == "secuid"
    (client,) = await rows(deps.db, "SELECT tiktok_secuid FROM clients")
    assert client["tiktok_secuid"] == sec
    (row,) = await rows(deps.db, "SELECT * FROM tiktok_post")
    assert row["created_at"] == _naive_utc(wib(0, 30)) and row["like_count"] == 5
    assert row["source_type"] == "cron_fetch" and row["original_created_at"] == wib(0, 30)


async def test_tiktok_fallback_host_when_primary_refuses_ING_API_6(
    db, redis, fake_rapidapi: FakeRapidApi
) -> None:
    await add_client(db, "POLRES_A", client_tiktok="polres.a")
    fake_rapidapi.tiktok.add_video("polres.a", "7480000000000000001", create_time=wib(8))
    fake_rapidapi.faults.auth_status[TT_HOST] = 403
    async with deps_for(db, redis, fake_rapidapi.settings(rapidapi_fallback_host=TT_FALLBACK_HOST)) as deps:
        result = await fetch_tiktok_posts(deps, await _client(deps), NOW)
    assert result.source == "fallback" and result.inserted == ["7480000000000000001"]


async def test_tiktok_deletion_only_for_that_client_ING_POST_10(deps, fake_rapidapi: FakeRapidApi) -> None:
    await add_client(deps.db, "POLRES_A", client_tiktok="polres.a")
    await add_client(deps.db, "POLRES_B", client_tiktok="polres.b")
    fake_rapidapi.tiktok.add_video("polres.a", "7480000000000000001", create_time=wib(8))
    fake_rapidapi.tiktok.add_video("polres.a", "7480000000000000003", create_time=wib(9))
    fake_rapidapi.tiktok.add_video("polres.b", "7480000000000000002", create_time=wib(8))
    await fetch_tiktok_posts(deps, await _client(deps), NOW)
    await fetch_tiktok_posts(deps, await _client(deps, "POLRES_B"), NOW)
    fake_rapidapi.tiktok.remove_video("7480000000000000001")
    result = await fetch_tiktok_posts(deps, await _client(deps), NOW)
    assert result.deleted == ["7480000000000000001"]
    assert [r["video_id"] for r in await rows(deps.db, "SELECT video_id FROM tiktok_post ORDER BY 1")] == [
        "7480000000000000002",
        "7480000000000000003",
    ]
