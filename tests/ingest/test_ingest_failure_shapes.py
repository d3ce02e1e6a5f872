"""Provider answers that are not what they look like (issue 15, ../shared/notes/rapidapi.md):
throttled or empty 200s, statusCode≠0, HTML 200s, pinned flags, the secUid rule, reply threads.

Deletion needs positive evidence (overrides ING-POST-10 step 1's "complete listing"); an empty or
list-less answer is no paging "that ended without error" for ING-ENG-6 step 3 (no audit row)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.fakes.rapidapi import SHAPES, TT_FALLBACK_HOST, FakeRapidApi
from core.ingest import load_client, run_fetch
from core.ingest.official import fetch_instagram_posts, fetch_tiktok_posts
from core.social.tiktok import map_profile
from tests.ingest.ingest_helpers import NOW, add_client, deps_for, rows, wib

TODAY_START = datetime(2026, 3, 3, 17, 0, tzinfo=UTC)  # 2026-03-04 00:00 WIB
TABLES = {
    "insta_post": "shortcode",
    "insta_post_clients": "shortcode",
    "insta_like": "shortcode",
    "insta_comment": "shortcode",
    "insta_like_audit": "audit_id",
    "tiktok_post": "video_id",
    "tiktok_comment": "video_id",
    "tiktok_comment_audit": "audit_id",
}
LIST_PATHS = ("v1/posts", "v1/likes", "v1/comments", "api/user/posts", "api/post/comments", "api/user/info")


async def _everything(db) -> dict[str, list[dict]]:
    return {t: await rows(db, f"SELECT * FROM {t} ORDER BY {k}") for t, k in TABLES.items()}


def _feeds(fake: FakeRapidApi) -> None:
    """The issue's reproduction: 2 Instagram and 2 TikTok posts of today with engagement."""
    for i, code in enumerate(("DPostA0001", "DPostA0002")):
        fake.instagram.set_likers(code, [f"warga.{i}.{n}" for n in range(3)])
        fake.instagram.set_commenters(code, [f"komen.{i}"])
        fake.instagram.add_post("polres_a", code, taken_at=wib(7 + i))
    fake.instagram.add_post("polres_a", "DYesterday", taken_at=wib(20, day=3))
    for i, vid in enumerate(("7480000000000000001", "7480000000000000002")):
        fake.tiktok.set_commenters(vid, [f"tt.{i}"], replies={f"tt.{i}": ["balas.1", "balas.2"]})
        fake.tiktok.add_video("polres.a", vid, create_time=wib(7 + i))
    fake.tiktok.add_video("polres.a", "7470000000000000009", create_time=wib(20, day=3))


@pytest.mark.parametrize("shape", SHAPES)
async def test_two_fetches_on_a_failure_shape_change_no_row(deps, fake_rapidapi: FakeRapidApi, shape) -> None:
    await add_client(deps.db, "POLRES_A", client_insta="polres_a", client_tiktok="polres.a")
    _feeds(fake_rapidapi)
    first = await run_fetch(deps, now=NOW)
    assert first.ok, first.clients[0].errors
    stored = await _everything(deps.db)
    assert len(stored["insta_post"]) == 2 and len(stored["tiktok_post"]) == 2
    assert len(stored["insta_like_audit"]) == 2 and len(stored["tiktok_comment_audit"]) == 2
    # The posts vanish from the provider's data: only a conclusive listing could prove it.
    fake_rapidapi.instagram.remove_post("DPostA0001")
    fake_rapidapi.tiktok.remove_video("7480000000000000001")
    for path in LIST_PATHS:
        fake_rapidapi.faults.answer_as[path] = shape
    for hour in (10, 11):
        again = await run_fetch(deps, now=wib(hour))
        client = again.clients[0]
        assert {"instagram_posts", "tiktok_posts"} <= set(client.inconclusive), client.inconclusive
        assert client.posts["instagram"].deleted == [] and client.posts["tiktok"].deleted == []
    assert await _everything(deps.db) == stored


async def test_throttled_listing_is_retried_within_the_run_ING_API_5(
    deps, fake_rapidapi: FakeRapidApi
) -> None:
    await add_client(deps.db, "POLRES_A", client_insta="polres_a", client_tiktok="polres.a")
    _feeds(fake_rapidapi)
    fake_rapidapi.faults.fail_next("v1/posts", "throttled", times=2)
    fake_rapidapi.faults.fail_next("api/user/posts", "throttled", times=1)
    fake_rapidapi.faults.fail_next("api/user/posts", "empty", times=1)
    result = await run_fetch(deps, now=NOW)
    assert result.ok and result.clients[0].inconclusive == {}
    assert len(fake_rapidapi.calls("v1/posts")) == 3 and len(fake_rapidapi.calls("api/user/posts")) == 3
    assert len(await rows(deps.db, "SELECT 1 FROM insta_post")) == 2
    assert len(await rows(deps.db, "SELECT 1 FROM tiktok_post")) == 2


async def test_html_200_is_inconclusive_and_not_retried_ING_API_5(deps, fake_rapidapi: FakeRapidApi) -> None:
    await add_client(deps.db, "POLRES_A", client_insta="polres_a")
    fake_rapidapi.instagram.add_post("polres_a", "DPostA0001", taken_at=wib(8))
    fake_rapidapi.faults.fail_next("v1/posts", "html")
    client = await _client(deps)
    result = await fetch_instagram_posts(deps, client, NOW)
    assert result.inconclusive == "HTML 200" and result.inserted == []
    assert len(fake_rapidapi.calls("v1/posts")) == 1


async def test_empty_engagement_never_shrinks_and_writes_no_audit_ING_ENG_2_6(
    deps, fake_rapidapi: FakeRapidApi
) -> None:
    await add_client(deps.db, "POLRES_A", client_insta="polres_a")
    fake_rapidapi.instagram.set_likers("DPostA0001", ["warga.satu"])
    fake_rapidapi.instagram.add_post("polres_a", "DPostA0001", taken_at=wib(8))
    fake_rapidapi.instagram.add_post("polres_a", "DNobody001", taken_at=wib(9), like_count=0)
    await run_fetch(deps, platforms={"instagram"}, now=NOW)
    # A post nobody liked yet: one call (not retried), no row, no snapshot, not a failure.
    assert (
        len([c for c in fake_rapidapi.calls("v1/likes") if c.params["code_or_id_or_url"] == "DNobody001"])
        == 1
    )
    assert [r["shortcode"] for r in await rows(deps.db, "SELECT shortcode FROM insta_like_audit")] == [
        "DPostA0001"
    ]
    fake_rapidapi.faults.answer_as["v1/likes"] = "empty"
    second = await run_fetch(deps, platforms={"instagram"}, now=wib(11))
    likes = second.clients[0].engagement["instagram_likes"]
    assert [(p.post_id, p.inconclusive) for p in likes.failed] == [("DPostA0001", "empty items page")]
    (row,) = await rows(deps.db, "SELECT likes FROM insta_like")
    assert row["likes"] == ["warga.satu"]
    assert len(await rows(deps.db, "SELECT 1 FROM insta_like_audit")) == 1


async def _client(deps, cid: str = "POLRES_A"):
    async with deps.db.uow() as uow:
        return await load_client(uow, cid)


@pytest.mark.parametrize("pin_shape", ["is_pinned", "timeline_pinned_user_ids", "clips_tab_pinned_user_ids"])
async def test_instagram_pinned_old_posts_never_end_paging(
    deps, fake_rapidapi: FakeRapidApi, pin_shape: str
) -> None:
    await add_client(deps.db, "POLRES_A", client_insta="polres_a")
    ig = fake_rapidapi.instagram
    ig.posts_page_size = 2
    ig.add_post("polres_a", "DPinned001", taken_at=wib(9, day=1), pinned=True, pin_shape=pin_shape)
    ig.add_post("polres_a", "DPinned002", taken_at=wib(9, day=2), pinned=True, pin_shape=pin_shape)
    for i in range(3):
        ig.add_post("polres_a", f"DToday000{i}", taken_at=wib(7 + i))
    ig.add_post("polres_a", "DYesterday", taken_at=wib(20, day=3))
    client = await _client(deps)
    result = await fetch_instagram_posts(deps, client, NOW)
    assert sorted(result.inserted) == ["DToday0000", "DToday0001", "DToday0002"] and result.complete
    # Page 1 held only pinned old posts; without the flag the fetch would have stopped there and a
    # later run would delete today's posts as vanished.
    again = await fetch_instagram_posts(deps, client, NOW)
    assert again.deleted == [] and len(fake_rapidapi.calls("v1/posts")) == 6


async def test_tiktok_fallback_is_top_pinned_ING_API_12(db, redis, fake_rapidapi: FakeRapidApi) -> None:
    await add_client(db, "POLRES_A", client_tiktok="polres.a")
    tt = fake_rapidapi.tiktok
    tt.add_video("polres.a", "7470000000000000001", create_time=wib(9, day=1), pinned=True)
    tt.add_video("polres.a", "7480000000000000002", create_time=wib(8))
    fake_rapidapi.faults.answer_as["api/user/posts"] = "throttled"
    settings = fake_rapidapi.settings(rapidapi_fallback_host=TT_FALLBACK_HOST)
    async with deps_for(db, redis, settings) as deps:
        chosen = await deps.social.tiktok.fallback_posts({"uniqueId": "polres.a"}, TODAY_START)
        result = await fetch_tiktok_posts(deps, await _client(deps), NOW)
    assert chosen.paged.items[0].pinned and chosen.paged.complete
    assert result.source == "fallback" and result.inserted == ["7480000000000000002"]


async def test_no_handle_only_call_while_a_secuid_is_known_ING_API_12(
    deps, fake_rapidapi: FakeRapidApi
) -> None:
    sec = fake_rapidapi.tiktok.add_account("polres.a")
    await add_client(deps.db, "POLRES_A", client_tiktok="polres.a", tiktok_secuid=sec)
    fake_rapidapi.tiktok.add_video("polres.a", "7470000000000000001", create_time=wib(9, day=3))
    result = await fetch_tiktok_posts(deps, await _client(deps), NOW)
    assert result.ok and result.inserted == []
    assert [c.params.get("secUid") for c in fake_rapidapi.calls("api/user/posts")] == [sec]


async def test_missing_required_params_resolves_the_secuid_again_ING_API_12(
    deps, fake_rapidapi: FakeRapidApi
) -> None:
    await add_client(deps.db, "POLRES_A", client_tiktok="polres.a")
    sec = fake_rapidapi.tiktok.add_account("polres.a")
    fake_rapidapi.tiktok.add_video("polres.a", "7480000000000000001", create_time=wib(8))
    # The first secUid lookup fails after its retries, so the handle source is tried.
    fake_rapidapi.faults.fail_next("api/user/info", "throttled", times=4)
    result = await fetch_tiktok_posts(deps, await _client(deps), NOW)
    assert result.ok and result.inserted == ["7480000000000000001"] and result.source == "secuid"
    posts_calls = [c.params for c in fake_rapidapi.calls("api/user/posts")]
    assert "secUid" not in posts_calls[0] and posts_calls[1]["secUid"] == sec and len(posts_calls) == 2
    assert len(fake_rapidapi.calls("api/user/info")) == 5
    (client,) = await rows(deps.db, "SELECT tiktok_secuid FROM clients")
    assert client["tiktok_secuid"] == sec


async def test_reply_threads_read_from_the_replies_endpoint_within_the_cap_ING_ENG_4(
    db, redis, fake_rapidapi: FakeRapidApi
) -> None:
    await add_client(db, "POLRES_A", client_tiktok="polres.a")
    vid = "7480000000000000001"
    fake_rapidapi.tiktok.set_commenters(
        vid,
        ["warga.a", "warga.b"],
        replies={"warga.a": ["anggota.1", "anggota.2"], "warga.b": ["x.1", "x.2"]},
    )
    fake_rapidapi.tiktok.add_video("polres.a", vid, create_time=wib(8))
    async with deps_for(db, redis, fake_rapidapi.settings(tiktok_reply_threads_max=1)) as deps:
        await run_fetch(deps, platforms={"tiktok"}, now=NOW)
    (row,) = await rows(db, "SELECT comments FROM tiktok_comment")
    # anggota.2 answered inside warga.a's thread (not in the list's preview): counted. The cap of
    # one thread leaves warga.b's thread at its preview.
    assert row["comments"] == ["warga.a", "anggota.1", "warga.b", "x.1", "anggota.2"]
    assert [c.params["commentId"] for c in fake_rapidapi.calls("api/post/comment/replies")] == [f"{vid}0000"]


def test_profile_like_total_from_heart_count() -> None:
    body = {"userInfo": {"user": {"uniqueId": "polres.a", "secUid": "MS4w"}, "stats": {"heartCount": 88000}}}
    assert map_profile(body)["like_count"] == 88000
