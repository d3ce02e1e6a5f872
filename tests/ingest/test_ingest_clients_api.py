"""RapidAPI clients against the fake server over real HTTP (ING-API-2..13)."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

import pytest

from core.fakes.rapidapi import FAKE_KEY, IG_FALLBACK_HOST, IG_HOST, TT_FALLBACK_HOST, TT_HOST, FakeRapidApi
from core.social.clients import open_social_clients
from core.social.rapidapi import RapidApiConfigError, RapidApiError, parse_retry_after
from tests.ingest.ingest_helpers import NOW, wib

TODAY_START = datetime(2026, 3, 3, 17, 0, tzinfo=UTC)  # 2026-03-04 00:00 WIB


async def test_headers_and_query_are_exact_ING_API_3(fake_rapidapi: FakeRapidApi, social_clients) -> None:
    fake_rapidapi.instagram.add_post("polres_a", "DAbc123xyz", taken_at=wib(8))
    await social_clients.instagram.ig_posts("polres_a", TODAY_START)
    call = fake_rapidapi.calls("v1/posts")[0]
    assert call.params == {"username_or_id_or_url": "polres_a"}
    assert call.headers["x-rapidapi-key"] == FAKE_KEY
    # The configured host is sent even though the base URL points at 127.0.0.1.
    assert call.headers["x-rapidapi-host"] == IG_HOST
    assert call.headers["x-cache-control"] == "no-cache"
    assert call.headers["accept"] == "application/json"


async def test_missing_key_fails_before_any_request_ING_API_2(fake_rapidapi: FakeRapidApi) -> None:
    clients = open_social_clients(fake_rapidapi.settings(rapidapi_key=""))
    try:
        with pytest.raises(RapidApiConfigError) as err:
            await clients.tiktok.post_detail("7480000000000000001")
        assert err.value.code == "RAPIDAPI_KEY_MISSING"
        assert err.value.message == "RAPIDAPI_KEY belum di-set"
        assert fake_rapidapi.requests == []
    finally:
        await clients.aclose()


async def test_instagram_posts_paginate_until_an_older_item_ING_API_9(
    fake_rapidapi: FakeRapidApi, social_clients
) -> None:
    ig = fake_rapidapi.instagram
    ig.posts_page_size = 2
    ig.add_post("polres_a", "PinnedOld1", taken_at=wib(9, day=1), pinned=True)
    for i in range(5):
        ig.add_post("polres_a", f"Today{i}xx", taken_at=wib(7 + i))
    ig.add_post("polres_a", "Yesterday1", taken_at=wib(20, day=3))
    ig.add_post("polres_a", "Older11111", taken_at=wib(20, day=2))
    ig.add_post("polres_a", "Older22222", taken_at=wib(19, day=2))
    paged = await social_clients.instagram.ig_posts("polres_a", TODAY_START)
    codes = [i["code"] for i in paged.items]
    # The pinned old post does not stop paging; the first non-pinned older one does.
    assert codes[:6] == ["PinnedOld1", "Today4xx", "Today3xx", "Today2xx", "Today1xx", "Today0xx"]
    assert codes[6:] == ["Yesterday1", "Older11111"]
    assert paged.complete and paged.ok
    tokens = [c.params.get("pagination_token") for c in fake_rapidapi.calls("v1/posts")]
    assert len(tokens) == 4 and tokens[0] is None and all(tokens[1:])


async def test_instagram_posts_limit_gives_incomplete_ING_API_9(fake_rapidapi: FakeRapidApi) -> None:
    fake_rapidapi.instagram.posts_page_size = 2
    for i in range(6):
        fake_rapidapi.instagram.add_post("polres_a", f"Today{i}xx", taken_at=wib(7 + i))
    clients = open_social_clients(fake_rapidapi.settings(ig_posts_fetch_limit=3))
    try:
        paged = await clients.instagram.ig_posts("polres_a", TODAY_START)
    finally:
        await clients.aclose()
    assert len(paged.items) == 4 and not paged.complete


async def test_likes_all_pages_deduplicated_and_normalised_ING_API_9(
    fake_rapidapi: FakeRapidApi, social_clients
) -> None:
    ig = fake_rapidapi.instagram
    ig.likes_page_size = 10
    likers = [f"warga.{i}" for i in range(45)] + ["@Warga.1", {"username": "WARGA.2"}]
    ig.add_post("polres_a", "DAbc123xyz", taken_at=wib(8))
    ig.set_likers("DAbc123xyz", likers)
    paged = await social_clients.instagram.ig_likes("DAbc123xyz")
    assert paged.items == [f"warga.{i}" for i in range(45)]
    assert paged.complete and paged.pages == 5
    cursors = [c.params.get("cursor") for c in fake_rapidapi.calls("v1/likes")]
    assert cursors[0] is None and len(set(cursors[1:])) == 4


async def test_likes_page_cap_gives_incomplete_ING_API_9(fake_rapidapi: FakeRapidApi) -> None:
    fake_rapidapi.instagram.likes_page_size = 5
    fake_rapidapi.instagram.add_post("polres_a", "DAbc123xyz", taken_at=wib(8))
    fake_rapidapi.instagram.set_likers("DAbc123xyz", [f"u{i}" for i in range(30)])
    clients = open_social_clients(fake_rapidapi.settings(ig_likes_max_pages=2))
    try:
        paged = await clients.instagram.ig_likes("DAbc123xyz")
    finally:
        await clients.aclose()
    assert paged.items == [f"u{i}" for i in range(10)] and not paged.complete


async def test_empty_page_ends_paging_as_complete(fake_rapidapi: FakeRapidApi, social_clients) -> None:
    fake_rapidapi.instagram.add_post("polres_a", "DAbc123xyz", taken_at=wib(8))
    fake_rapidapi.instagram.set_commenters("DAbc123xyz", ["a1", "b2"])
    fake_rapidapi.faults.answer_as["v1/comments"] = "empty"
    paged = await social_clients.instagram.ig_comments("DAbc123xyz")
    assert paged.items == [] and paged.complete


async def test_comments_read_user_objects_ING_API_8(fake_rapidapi: FakeRapidApi, social_clients) -> None:
    fake_rapidapi.instagram.comments_page_size = 2
    fake_rapidapi.instagram.add_post("polres_a", "DAbc123xyz", taken_at=wib(8))
    fake_rapidapi.instagram.set_commenters("DAbc123xyz", ["Warga.Dua", "warga.tiga", "warga.dua", "x.y"])
    paged = await social_clients.instagram.ig_comments("DAbc123xyz")
    assert paged.items == ["warga.dua", "warga.tiga", "x.y"] and paged.complete


async def test_post_info_and_not_found_ING_API_8(fake_rapidapi: FakeRapidApi, social_clients) -> None:
    fake_rapidapi.instagram.add_post("polres_a", "DAbc123xyz", taken_at=wib(8), caption="Giat patroli")
    item = await social_clients.instagram.post_info("DAbc123xyz")
    assert item is not None and item["caption"]["text"] == "Giat patroli"
    assert await social_clients.instagram.post_info("Missing123") is None


async def test_profile_is_cached_ING_CACHE_1(fake_rapidapi: FakeRapidApi, redis) -> None:
    fake_rapidapi.instagram.add_account("polres_a")
    clients = open_social_clients(fake_rapidapi.settings(), redis)
    try:
        first = await clients.instagram.profile("polres_a")
        second = await clients.instagram.profile("polres_a")
        tt_first = None
        fake_rapidapi.tiktok.add_account("polres.a")
        tt_first = await clients.tiktok.user_info("polres.a")
        await clients.tiktok.user_info("polres.a")
    finally:
        await clients.aclose()
    assert first == second and first["username"] == "polres_a"
    assert len(fake_rapidapi.calls("v1/info")) == 1
    assert len(fake_rapidapi.calls("api/user/info")) == 1
    assert tt_first["secUid"].startswith("MS4w")
    assert await redis.client.ttl(redis.key("insta", "profile", "polres_a")) > 3000


async def test_retries_429_and_5xx_then_succeeds_ING_API_5(fake_rapidapi: FakeRapidApi) -> None:
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    fake_rapidapi.instagram.add_post("polres_a", "DAbc123xyz", taken_at=wib(8))
    fake_rapidapi.faults.fail_next("v1/post_info", 429, retry_after="3")
    fake_rapidapi.faults.fail_next("v1/post_info", 503)
    clients = open_social_clients(
        fake_rapidapi.settings(rapidapi_retry_base_ms=500, rapidapi_retry_max_ms=30000),
        sleep=record,
        rng=lambda: 1.0,
    )
    try:
        item = await clients.instagram.post_info("DAbc123xyz")
    finally:
        await clients.aclose()
    assert item is not None
    assert len(fake_rapidapi.calls("v1/post_info")) == 3
    # Retry-After 3 s beats the 0.5 s backoff; the second wait is base × 2 (rng pinned to 1.0).
    assert waits == [3.0, 1.0]


async def test_retry_after_too_long_ends_at_once_ING_API_5(
    fake_rapidapi: FakeRapidApi, social_clients
) -> None:
    fake_rapidapi.faults.fail_next("v1/post_info", 429, retry_after="600")
    with pytest.raises(RapidApiError) as err:
        await social_clients.instagram.post_info("DAbc123xyz")
    assert err.value.kind == "rate_limited" and err.value.attempts == 1


async def test_gives_up_after_max_attempts_ING_API_7(fake_rapidapi: FakeRapidApi, social_clients) -> None:
    fake_rapidapi.faults.fail_next("v1/post_info", 500, times=10)
    with pytest.raises(RapidApiError) as err:
        await social_clients.instagram.post_info("DAbc123xyz")
    assert err.value.kind == "server_error" and err.value.status == 500 and err.value.attempts == 4
    assert len(fake_rapidapi.calls("v1/post_info")) == 4
    assert "Upstream error" in err.value.body


async def test_timeouts_are_retried_ING_API_5(fake_rapidapi: FakeRapidApi) -> None:
    fake_rapidapi.instagram.add_post("polres_a", "DAbc123xyz", taken_at=wib(8))
    fake_rapidapi.faults.timeout_sleep_s = 1.0
    fake_rapidapi.faults.fail_next("v1/post_info", "timeout")
    clients = open_social_clients(fake_rapidapi.settings(rapidapi_timeout_s=0.2))
    try:
        assert await clients.instagram.post_info("DAbc123xyz") is not None
    finally:
        await clients.aclose()
    assert len(fake_rapidapi.calls("v1/post_info")) == 2


async def test_other_4xx_is_not_retried_ING_API_5(fake_rapidapi: FakeRapidApi, social_clients) -> None:
    fake_rapidapi.faults.fail_next("v1/likes", 400)
    paged = await social_clients.instagram.ig_likes("DAbc123xyz")
    assert paged.error is not None and paged.error.kind == "client_error" and not paged.complete
    assert len(fake_rapidapi.calls("v1/likes")) == 1


async def test_instagram_fallback_on_403_ING_API_6(fake_rapidapi: FakeRapidApi) -> None:
    fake_rapidapi.instagram.add_post("polres_a", "DAbc123xyz", taken_at=wib(8))
    fake_rapidapi.faults.auth_status[IG_HOST] = 403
    clients = open_social_clients(fake_rapidapi.settings(rapidapi_instagram_fallback_host=IG_FALLBACK_HOST))
    try:
        assert await clients.instagram.post_info("DAbc123xyz") is not None
    finally:
        await clients.aclose()
    hosts = [c.headers["x-rapidapi-host"] for c in fake_rapidapi.calls("v1/post_info")]
    assert hosts == [IG_HOST, IG_FALLBACK_HOST]


async def test_instagram_without_fallback_reports_401(fake_rapidapi: FakeRapidApi, social_clients) -> None:
    fake_rapidapi.faults.auth_status[IG_HOST] = 401
    with pytest.raises(RapidApiError) as err:
        await social_clients.instagram.post_info("DAbc123xyz")
    assert err.value.status == 401 and err.value.kind == "client_error"


async def test_tiktok_posts_by_secuid_and_handle_ING_API_10(
    fake_rapidapi: FakeRapidApi, social_clients
) -> None:
    sec = fake_rapidapi.tiktok.add_account("polres.a")
    for i in range(4):
        fake_rapidapi.tiktok.add_video(
            "polres.a", f"748000000000000000{i}", create_time=wib(6 + i), digg_count=i
        )
    fake_rapidapi.tiktok.add_video("polres.a", "7470000000000000009", create_time=wib(6, day=3))
    by_sec = await social_clients.tiktok.posts_by_secuid(sec, TODAY_START)
    by_handle = await social_clients.tiktok.posts_by_handle("polres.a", TODAY_START)
    assert len(by_sec.paged.items) == 5 and by_sec.paged.items[0].like_count == 3
    assert by_sec.paged.complete
    first = fake_rapidapi.calls("api/user/posts")[0].params
    assert first == {"secUid": sec, "count": "35", "cursor": "0"}
    # The provider needs secUid: a handle-only call is answered "missing required params" (the
    # notes), recognised at once and never retried (it is billed).
    assert by_handle.missing_secuid and by_handle.paged.items == [] and not by_handle.paged.complete
    handle_calls = fake_rapidapi.calls("api/user/posts")[1:]
    assert len(handle_calls) == 1 and handle_calls[0].params["uniqueId"] == "polres.a"


async def test_tiktok_post_pages_capped_ING_API_12(fake_rapidapi: FakeRapidApi) -> None:
    for i in range(10):
        fake_rapidapi.tiktok.add_video("polres.a", f"74800000000000001{i}", create_time=wib(1 + i))
    clients = open_social_clients(fake_rapidapi.settings(tiktok_posts_count=3))
    try:
        sec = fake_rapidapi.tiktok.accounts["polres.a"]["secUid"]
        result = await clients.tiktok.posts_by_secuid(sec, TODAY_START)
    finally:
        await clients.aclose()
    assert len(result.paged.items) == 6 and not result.paged.complete
    assert [c.params["cursor"] for c in fake_rapidapi.calls("api/user/posts")] == ["0", "3"]


async def test_tiktok_comments_with_replies_and_total_ING_API_13(
    fake_rapidapi: FakeRapidApi, social_clients
) -> None:
    vid = "7480000000000000001"
    fake_rapidapi.tiktok.add_video("polres.a", vid, create_time=wib(8))
    names = [f"@Warga.{i}" for i in range(120)]
    fake_rapidapi.tiktok.set_commenters(
        vid, names, replies={"@Warga.3": ["balas.satu", "@Balas.Dua"], "@Warga.7": ["balas.tiga"]}
    )
    paged = await social_clients.tiktok.comments(vid)
    assert paged.complete and len(paged.items) == 123
    # The list previews one reply per comment; the rest of Warga.3's thread comes from the replies
    # endpoint (the notes), after the top-level pages.
    assert paged.items[:5] == ["warga.0", "warga.1", "warga.2", "warga.3", "balas.satu"]
    assert "balas.tiga" in paged.items and paged.items[-1] == "balas.dua"
    assert [c.params["cursor"] for c in fake_rapidapi.calls("api/post/comments")] == ["0", "50", "100"]
    assert all(c.params["count"] == "50" for c in fake_rapidapi.calls("api/post/comments"))
    # Only the thread with more replies than its preview is read (Warga.7 has one reply: previewed).
    (thread,) = fake_rapidapi.calls("api/post/comment/replies")
    assert thread.params["videoId"] == vid and thread.params["cursor"] == "0"


async def test_tiktok_comments_top_level_shape(fake_rapidapi: FakeRapidApi, social_clients) -> None:
    vid = "7480000000000000001"
    fake_rapidapi.tiktok.comments_wrapped = False
    fake_rapidapi.tiktok.set_commenters(vid, ["a.b", "c.d"])
    paged = await social_clients.tiktok.comments(vid)
    assert paged.items == ["a.b", "c.d"] and paged.complete


async def test_tiktok_detail_nested_and_missing_ING_API_10(
    fake_rapidapi: FakeRapidApi, social_clients
) -> None:
    vid = "7480000000000000001"
    fake_rapidapi.tiktok.add_video("polres.a", vid, create_time=wib(8), desc="Patroli", digg_count=40)
    post = await social_clients.tiktok.post_detail(vid)
    assert post.video_id == vid and post.caption == "Patroli" and post.like_count == 40
    assert post.create_time == wib(8).astimezone(UTC) and post.author == "polres.a"
    with pytest.raises(RapidApiError) as err:
        await social_clients.tiktok.post_detail("7480000000000000099")
    assert err.value.kind == "bad_payload"
    assert err.value.message == "Response detail TikTok tidak memiliki data post yang valid."


async def test_tiktok_fallback_list_shape(fake_rapidapi: FakeRapidApi) -> None:
    fake_rapidapi.tiktok.add_video("polres.a", "7480000000000000001", create_time=wib(8), digg_count=5)
    clients = open_social_clients(fake_rapidapi.settings(rapidapi_fallback_host=TT_FALLBACK_HOST))
    try:
        result = await clients.tiktok.fallback_posts({"uniqueId": "polres.a"}, TODAY_START)
    finally:
        await clients.aclose()
    call = fake_rapidapi.calls("user/videos")[0]
    assert call.headers["x-rapidapi-host"] == TT_FALLBACK_HOST
    assert result.paged.items[0].video_id == "7480000000000000001" and result.paged.items[0].like_count == 5


async def test_concurrency_is_capped_per_provider_ING_API_4_ING_PERF_4(fake_rapidapi: FakeRapidApi) -> None:
    fake_rapidapi.faults.latency_s = 0.2
    for i in range(20):
        fake_rapidapi.instagram.add_post("polres_a", f"Post{i:02d}xyz", taken_at=wib(8))
    clients = open_social_clients(fake_rapidapi.settings(rapidapi_instagram_concurrency=4))
    try:
        started = time.monotonic()
        await asyncio.gather(*(clients.instagram.post_info(f"Post{i:02d}xyz") for i in range(20)))
        elapsed = time.monotonic() - started
    finally:
        await clients.aclose()
    assert fake_rapidapi.max_in_flight == 4
    # ceil(20 / 4) = 5 latencies, far from the 20 of a sequential run.
    assert 0.9 < elapsed < 2.0


def test_retry_after_http_date() -> None:
    now = datetime(2026, 3, 4, 3, 0, 0, tzinfo=UTC)
    assert parse_retry_after("Wed, 04 Mar 2026 03:00:30 GMT", now) == 30.0
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("soon") is None


def test_fixed_now_is_wib() -> None:
    assert NOW.utcoffset().total_seconds() == 7 * 3600
    assert TT_HOST == "tiktok-api23.p.rapidapi.com"


async def test_logs_name_host_path_status_never_the_key_ING_API_7(
    fake_rapidapi: FakeRapidApi, social_clients
) -> None:
    import logging

    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = logging.getLogger("core.social.rapidapi")
    handler = Keep(logging.DEBUG)
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    fake_rapidapi.faults.fail_next("v1/post_info", 503, times=10)
    try:
        with pytest.raises(RapidApiError):
            await social_clients.instagram.post_info("DAbc123xyz")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
    failed = [r for r in records if r.getMessage() == "rapidapi_attempt_failed"]
    assert [r.attempt for r in failed] == [1, 2, 3, 4]
    assert all(r.host == IG_HOST and r.path == "v1/post_info" and r.status == 503 for r in failed)
    assert all(isinstance(r.elapsed_ms, int) for r in failed)
    assert not any(FAKE_KEY in (r.getMessage() + str(r.__dict__)) for r in records)


def test_progress_bar_only_on_a_terminal() -> None:
    """The rich bar of `cicero fetch` / `cicero import-users` reaches a terminal, never a pipe."""
    import io

    from bot.commands.progress import progress_bar

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty, pipe = Tty(), io.StringIO()
    for stream in (tty, pipe):
        with progress_bar("fetch", 2, stream) as advance:
            advance("POLRES_A")
            advance("POLRES_B")
    assert "2/2" in tty.getvalue() and "POLRES_B" in tty.getvalue()
    assert pipe.getvalue() == ""
