"""Manual registration and the provenance merge in both orders on all three post tables (ING-POST-7/8)."""

from __future__ import annotations

from datetime import UTC

import pytest

from core.fakes.rapidapi import FakeRapidApi
from core.ingest import ManualInputError, load_client, register_instagram_post, register_tiktok_post
from core.ingest.official import fetch_instagram_posts, fetch_tiktok_posts
from core.ingest.posts import upsert_post
from tests.ingest.ingest_helpers import NOW, add_client, rows, wib


def _naive(dt):
    return dt.astimezone(UTC).replace(tzinfo=None)


async def _client(deps, cid: str = "POLRES_A"):
    async with deps.db.uow() as uow:
        return await load_client(uow, cid)


async def test_register_instagram_new_post_ING_POST_8(deps, fake_rapidapi: FakeRapidApi) -> None:
    await add_client(deps.db, "POLRES_A", client_insta="polres_a")
    fake_rapidapi.instagram.add_post(
        "other_acc", "DAbc123xyz", taken_at=wib(7, day=1), caption="Konten mitra"
    )
    fake_rapidapi.instagram.set_likers("DAbc123xyz", ["Warga.Satu", "warga.dua"])
    reg = await register_instagram_post(
        deps,
        "polres_a",
        "https://www.instagram.com/p/DAbc123xyz/?igsh=zz",
        input_time=wib(9, 15),
        now=wib(9, 16),
    )
    assert reg.status == "baru" and reg.client_id == "POLRES_A" and reg.shortcode == "DAbc123xyz"
    assert reg.created_at == wib(9, 15) and reg.original_created_at == wib(7, day=1)
    assert reg.engagement_ok and reg.engagement_stored == 2 and reg.caption == "Konten mitra"
    for table in ("insta_post", "insta_post_khusus"):
        (row,) = await rows(deps.db, f"SELECT * FROM {table}")
        assert row["source_type"] == "manual_input" and row["client_id"] == "POLRES_A"
        assert row["created_at"] == _naive(wib(9, 15)) and row["original_created_at"] == wib(7, day=1)
    (like,) = await rows(deps.db, "SELECT likes FROM insta_like")
    assert like["likes"] == ["warga.satu", "warga.dua"]
    assert len(await rows(deps.db, "SELECT 1 FROM insta_like_audit")) == 1
    assert await rows(deps.db, "SELECT client_id FROM insta_post_clients") == [{"client_id": "POLRES_A"}]


async def test_register_statuses_DIR_46_1(deps, fake_rapidapi: FakeRapidApi) -> None:
    await add_client(deps.db, "POLRES_A", client_insta="polres_a")
    fake_rapidapi.instagram.add_post("polres_a", "DAbc123xyz", taken_at=wib(7))
    await fetch_instagram_posts(deps, await _client(deps), NOW)
    marked = await register_instagram_post(deps, "POLRES_A", "DAbc123xyz", input_time=wib(10), now=wib(10))
    assert marked.status == "ditandai manual (sebelumnya konten resmi)"
    again = await register_instagram_post(deps, "POLRES_A", "DAbc123xyz", input_time=wib(11), now=wib(11))
    assert again.status == "diperbarui" and again.created_at == wib(10)
    tomorrow = await register_instagram_post(
        deps, "POLRES_A", "DAbc123xyz", input_time=wib(8, day=5), now=wib(8, day=5)
    )
    assert tomorrow.status == "didaftarkan ulang untuk hari ini" and tomorrow.created_at == wib(8, day=5)
    (row,) = await rows(deps.db, "SELECT created_at, original_created_at FROM insta_post")
    assert row["created_at"] == _naive(wib(8, day=5)) and row["original_created_at"] == wib(7)


async def test_cron_then_manual_then_cron_never_downgrades_ING_POST_7(
    deps, fake_rapidapi: FakeRapidApi
) -> None:
    await add_client(deps.db, "POLRES_A", client_insta="polres_a", client_tiktok="polres.a")
    fake_rapidapi.instagram.add_post("polres_a", "DAbc123xyz", taken_at=wib(7), like_count=1)
    fake_rapidapi.tiktok.add_video("polres.a", "7480000000000000001", create_time=wib(7), digg_count=1)
    client = await _client(deps)
    await fetch_instagram_posts(deps, client, NOW)
    await fetch_tiktok_posts(deps, client, NOW)
    await register_instagram_post(deps, "POLRES_A", "DAbc123xyz", input_time=wib(9), now=wib(9))
    await register_tiktok_post(deps, "POLRES_A", "7480000000000000001", input_time=wib(9), now=wib(9))
    fake_rapidapi.instagram.posts["DAbc123xyz"]["like_count"] = 50
    fake_rapidapi.tiktok.videos["7480000000000000001"]["stats"]["diggCount"] = 60
    await fetch_instagram_posts(deps, client, wib(11))
    await fetch_tiktok_posts(deps, client, wib(11))
    (ig,) = await rows(deps.db, "SELECT * FROM insta_post")
    (tt,) = await rows(deps.db, "SELECT * FROM tiktok_post")
    for row, count in ((ig, 50), (tt, 60)):
        assert row["source_type"] == "manual_input"
        assert row["created_at"] == _naive(wib(9))  # the input time is kept
        assert row["original_created_at"] == wib(7)
        assert row["fetched_at"] == wib(11) and row["like_count"] == count
    # The cron fetch does not delete a manual post either when it vanishes from the feed.
    fake_rapidapi.instagram.remove_post("DAbc123xyz")
    result = await fetch_instagram_posts(deps, client, wib(12))
    assert result.deleted == [] and len(await rows(deps.db, "SELECT 1 FROM insta_post")) == 1


async def test_manual_then_cron_on_all_three_tables_ING_POST_7(deps) -> None:
    await add_client(deps.db, "POLRES_A")
    today_lo = _naive(wib(0))
    for table, key in (
        ("insta_post", "shortcode"),
        ("insta_post_khusus", "shortcode"),
        ("tiktok_post", "video_id"),
    ):
        manual = {
            key: "1234567890",
            "client_id": "POLRES_A",
            "caption": "manual",
            "like_count": 3,
            "comment_count": None,
            "source_type": "manual_input",
            "created_at": _naive(wib(9)),
            "original_created_at": None,
            "fetched_at": wib(9),
        }
        cron = {
            **manual,
            "client_id": "POLRES_B",
            "caption": None,
            "like_count": 9,
            "source_type": "cron_fetch",
            "created_at": _naive(wib(6)),
            "original_created_at": wib(6),
            "fetched_at": wib(8),
        }
        if table != "tiktok_post":
            for extra in ("thumbnail_url", "video_url", "image_url", "images_url"):
                manual[extra] = cron[extra] = None
            manual["is_video"] = cron["is_video"] = False
            manual["is_carousel"] = cron["is_carousel"] = False
        async with deps.db.uow() as uow:
            await upsert_post(uow, table, manual, today_lo)
            out = await upsert_post(uow, table, cron, today_lo)
            await uow.commit()
        row = out.row
        assert row["source_type"] == "manual_input", table
        assert row["client_id"] == "POLRES_A", table  # never moved to another client
        assert row["created_at"] == _naive(wib(9)), table
        assert row["original_created_at"] == wib(6), table  # first known publish time
        assert row["caption"] == "manual" and row["like_count"] == 9, table
        (stored,) = await rows(deps.db, f"SELECT fetched_at FROM {table}")
        assert stored["fetched_at"] == wib(9), table  # the later of both


async def test_post_of_another_unit_is_refused_DIR_46_0_7(deps, fake_rapidapi: FakeRapidApi) -> None:
    await add_client(deps.db, "POLRES_A", client_insta="polres_a")
    await add_client(deps.db, "POLRES_B", nama="POLRES BETA", client_insta="polres_b")
    fake_rapidapi.instagram.add_post("polres_b", "DAbc123xyz", taken_at=wib(7))
    await fetch_instagram_posts(deps, await _client(deps, "POLRES_B"), NOW)
    calls_before = len(fake_rapidapi.requests)
    with pytest.raises(ManualInputError) as err:
        await register_instagram_post(deps, "POLRES_A", "DAbc123xyz", now=NOW)
    assert err.value.code == "other_client" and "POLRES BETA" in err.value.message
    assert "04 Maret 2026" in err.value.message
    assert len(fake_rapidapi.requests) == calls_before  # no RapidAPI call
    assert await rows(deps.db, "SELECT client_id, source_type FROM insta_post") == [
        {"client_id": "POLRES_B", "source_type": "cron_fetch"}
    ]


async def test_exclusion_lifted_by_registration_DIR_46_0_8(deps, fake_rapidapi: FakeRapidApi) -> None:
    await add_client(deps.db, "POLRES_A", client_tiktok="polres.a")
    fake_rapidapi.tiktok.add_video("polres.a", "7480000000000000001", create_time=wib(7), desc="Patroli")
    fake_rapidapi.tiktok.set_commenters("7480000000000000001", ["@Warga.Satu"])
    async with deps.db.uow() as uow:
        await uow.execute(
            "INSERT INTO task_post_exclusions (client_id, platform, content_id) VALUES ('polres_a', 'tiktok', '7480000000000000001')"
        )
        await uow.commit()
    reg = await register_tiktok_post(
        deps, "POLRES_A", "https://www.tiktok.com/@polres.a/video/7480000000000000001?lang=id", now=NOW
    )
    assert reg.exclusion_lifted and reg.status == "baru" and reg.author == "polres.a"
    assert reg.engagement_ok and reg.engagement_stored == 1 and reg.caption == "Patroli"
    assert await rows(deps.db, "SELECT 1 FROM task_post_exclusions") == []
    (row,) = await rows(deps.db, "SELECT source_type, created_at FROM tiktok_post")
    assert row == {"source_type": "manual_input", "created_at": _naive(NOW)}


async def test_registration_errors_DIR_46_8(deps, fake_rapidapi: FakeRapidApi) -> None:
    await add_client(deps.db, "POLRES_A")
    with pytest.raises(ManualInputError) as bad:
        await register_instagram_post(deps, "POLRES_A", "https://www.instagram.com/polres_a/")
    assert bad.value.code == "invalid_link"
    with pytest.raises(ManualInputError) as missing:
        await register_instagram_post(deps, "POLRES_A", "DNotThere1")
    assert missing.value.code == "post_not_found"
    with pytest.raises(ManualInputError) as tt_missing:
        await register_tiktok_post(deps, "POLRES_A", "7480000000000000009")
    assert tt_missing.value.code == "post_not_found"
    fake_rapidapi.faults.fail_next("v1/post_info", 429, retry_after="999")
    with pytest.raises(ManualInputError) as quota:
        await register_instagram_post(deps, "POLRES_A", "DAbc123xyz")
    assert quota.value.code == "rapidapi_quota" and quota.value.stops_everything
    assert await rows(deps.db, "SELECT 1 FROM insta_post") == []


async def test_cron_then_manual_on_all_three_tables_ING_POST_7(deps) -> None:
    await add_client(deps.db, "POLRES_A")
    today_lo = _naive(wib(0))
    for table, key in (
        ("insta_post", "shortcode"),
        ("insta_post_khusus", "shortcode"),
        ("tiktok_post", "video_id"),
    ):
        cron = {
            key: "2234567890",
            "client_id": "POLRES_A",
            "caption": "resmi",
            "like_count": 4,
            "comment_count": 1,
            "source_type": "cron_fetch",
            "created_at": _naive(wib(6)),
            "original_created_at": wib(6),
            "fetched_at": wib(8),
        }
        manual = {
            **cron,
            "caption": None,
            "like_count": 7,
            "comment_count": None,
            "source_type": "manual_input",
            "created_at": _naive(wib(9)),
            "original_created_at": wib(5),
            "fetched_at": wib(9),
        }
        if table != "tiktok_post":
            for extra in ("thumbnail_url", "video_url", "image_url", "images_url"):
                manual[extra] = cron[extra] = None
            manual["is_video"] = cron["is_video"] = False
            manual["is_carousel"] = cron["is_carousel"] = False
        async with deps.db.uow() as uow:
            await upsert_post(uow, table, cron, today_lo)
            out = await upsert_post(uow, table, manual, today_lo)
            await uow.commit()
        row = out.row
        assert out.previous is not None and out.previous["source_type"] == "cron_fetch", table
        assert row["source_type"] == "manual_input", table
        assert row["created_at"] == _naive(wib(9)), table  # the input time
        assert row["original_created_at"] == wib(6), table  # the stored publish time is kept
        assert row["caption"] == "resmi" and row["like_count"] == 7 and row["comment_count"] == 1, table


async def test_legacy_tiktok_source_column_is_mirrored_ING_POST_6(deps, fake_rapidapi: FakeRapidApi) -> None:
    from core.ingest import posts as posts_module

    await add_client(deps.db, "POLRES_A", client_tiktok="polres.a")
    fake_rapidapi.tiktok.add_video("polres.a", "7480000000000000001", create_time=wib(7))
    fake_rapidapi.tiktok.add_video("polres.a", "7480000000000000002", create_time=wib(8))
    async with deps.db.uow() as uow:
        await uow.execute("ALTER TABLE tiktok_post ADD COLUMN source TEXT")
        await uow.commit()
    posts_module._HAS_SOURCE.clear()
    try:
        await fetch_tiktok_posts(deps, await _client(deps), NOW)
        await register_tiktok_post(deps, "POLRES_A", "7480000000000000002", now=NOW)
        got = await rows(deps.db, "SELECT video_id, source, source_type FROM tiktok_post ORDER BY video_id")
    finally:
        async with deps.db.uow() as uow:
            await uow.execute("ALTER TABLE tiktok_post DROP COLUMN source")
            await uow.commit()
        posts_module._HAS_SOURCE.clear()
    assert got == [
        {"video_id": "7480000000000000001", "source": "official", "source_type": "cron_fetch"},
        {"video_id": "7480000000000000002", "source": "manual", "source_type": "manual_input"},
    ]
