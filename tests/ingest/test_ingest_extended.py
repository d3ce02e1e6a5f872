"""Extended Instagram data (ING-POST-14) and post-info enrichment (ING-POST-13), P2 (issue 24)."""

from __future__ import annotations

from core.fakes.rapidapi import FakeRapidApi
from core.ingest import load_client
from core.ingest.extended import enrich_posts
from core.ingest.official import fetch_instagram_posts
from tests.ingest.ingest_helpers import NOW, add_client, rows, wib


async def _fetch(deps):
    async with deps.db.uow() as uow:
        client = await load_client(uow, "POLRES_A")
    return await fetch_instagram_posts(deps, client, NOW)


async def test_fetch_writes_author_post_media_and_hashtags_ING_POST_14(
    deps, fake_rapidapi: FakeRapidApi
) -> None:
    await add_client(deps.db, "POLRES_A", client_insta="polres_a")
    ig = fake_rapidapi.instagram
    item = ig.add_post(
        "polres_a", "DCarousel1", taken_at=wib(9), caption="Giat #Patroli dan #sambang", carousel=2
    )
    item["carousel_media"][0]["usertags"] = {
        "in": [
            {"user": {"pk": "555", "username": "warga.satu", "full_name": "Warga"}, "position": [0.5, 0.25]}
        ]
    }
    ig.add_post("polres_a", "DYesterday", taken_at=wib(22, day=3), caption="#lama")
    result = await _fetch(deps)
    assert result.inserted == ["DCarousel1"]
    posts = await rows(deps.db, "SELECT post_id, shortcode, user_id, caption_text FROM ig_ext_posts")
    assert [(p["shortcode"], p["caption_text"]) for p in posts] == [
        ("DCarousel1", "Giat #Patroli dan #sambang")
    ]
    users = {r["username"] for r in await rows(deps.db, "SELECT username FROM ig_ext_users")}
    assert users == {"polres_a", "warga.satu"}
    tags = await rows(deps.db, "SELECT hashtag FROM ig_ext_hashtags ORDER BY hashtag")
    assert [t["hashtag"] for t in tags] == ["patroli", "sambang"]  # without '#'; yesterday's post not stored
    media = await rows(deps.db, "SELECT media_id FROM ig_ext_media_items ORDER BY media_id")
    assert [m["media_id"] for m in media] == ["DCarousel1-0", "DCarousel1-1"]
    tagged = await rows(deps.db, "SELECT media_id, user_id, x, y FROM ig_ext_tagged_users")
    assert tagged == [{"media_id": "DCarousel1-0", "user_id": "555", "x": 0.5, "y": 0.25}]
    again = await _fetch(deps)  # idempotent
    assert again.unchanged == ["DCarousel1"]
    assert len(await rows(deps.db, "SELECT 1 FROM ig_ext_posts")) == 1


async def test_enrich_refreshes_metrics_and_never_creates_posts_ING_POST_13(
    deps, fake_rapidapi: FakeRapidApi
) -> None:
    await add_client(deps.db, "POLRES_A", client_insta="polres_a")
    ig = fake_rapidapi.instagram
    ig.add_post("polres_a", "DPost00001", taken_at=wib(8), like_count=12)
    await _fetch(deps)
    ig.posts["DPost00001"]["like_count"] = 30
    assert await enrich_posts(deps, "POLRES_A", NOW.date()) == 1
    metrics = await rows(deps.db, "SELECT play_count FROM ig_post_metrics")
    assert metrics == [{"play_count": 0}]
    ext = await rows(deps.db, "SELECT like_count FROM ig_ext_posts")
    assert ext == [{"like_count": 30}]
    # A stored post the provider no longer knows (404) and a failed call change nothing.
    ig.remove_post("DPost00001")
    assert await enrich_posts(deps, "POLRES_A", NOW.date()) == 0
    assert await rows(deps.db, "SELECT like_count FROM ig_ext_posts") == [{"like_count": 30}]
    assert len(await rows(deps.db, "SELECT 1 FROM insta_post")) == 1
