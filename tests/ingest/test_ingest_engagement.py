"""Likes and comments: union storage, normal form, audit, exception personnel, per-client selection (ING-ENG)."""

from __future__ import annotations

from datetime import UTC, timedelta

from core.fakes.rapidapi import FakeRapidApi
from core.ingest import refresh_client_engagement, refresh_posts_engagement
from core.ingest.engagement import union_handles
from tests.ingest.ingest_helpers import NOW, add_client, rows, wib


async def _ig_post(db, code: str, client: str = "POLRES_A", source: str = "cron_fetch", when=None) -> None:
    when = when or wib(8)
    async with db.uow() as uow:
        await uow.execute(
            "INSERT INTO insta_post (shortcode, client_id, source_type, created_at) VALUES (:s, :c, :t, :w)",
            {"s": code, "c": client, "t": source, "w": when.astimezone(UTC).replace(tzinfo=None)},
        )
        await uow.commit()


async def _tt_post(db, vid: str, client: str = "POLRES_A", source: str = "cron_fetch", when=None) -> None:
    when = when or wib(8)
    async with db.uow() as uow:
        await uow.execute(
            "INSERT INTO tiktok_post (video_id, client_id, source_type, created_at) VALUES (:s, :c, :t, :w)",
            {"s": vid, "c": client, "t": source, "w": when.astimezone(UTC).replace(tzinfo=None)},
        )
        await uow.commit()


def test_union_keeps_stored_order_and_normalises_legacy_ING_ENG_2() -> None:
    stored = ["@Old.One", {"username": "OLD.TWO"}, {"user": {"unique_id": "old.three"}}, "old.one", 5]
    assert union_handles(stored, ["new.one", "old.two"]) == ["old.one", "old.two", "old.three", "new.one"]


async def test_likes_union_never_shrinks_and_audit_holds_observed_ING_ENG_1_2_6(
    deps, fake_rapidapi: FakeRapidApi
) -> None:
    await add_client(deps.db, "POLRES_A", client_insta="polres_a")
    await _ig_post(deps.db, "DAbc123xyz")
    fake_rapidapi.instagram.set_likers("DAbc123xyz", ["Warga.Satu", "@warga.dua"])
    first = await refresh_client_engagement(deps, "instagram_likes", "polres_a", now=NOW)
    assert first.text() == "✅ Selesai fetch likes IG client POLRES_A. Berhasil: 1, Gagal: 0"
    # The provider's slice moved on: warga.satu is no longer returned, but stays stored.
    fake_rapidapi.instagram.set_likers("DAbc123xyz", ["warga.tiga", "warga.dua"])
    await refresh_client_engagement(deps, "instagram_likes", "POLRES_A", now=wib(10, 30))
    (like,) = await rows(deps.db, "SELECT likes FROM insta_like")
    assert like["likes"] == ["warga.satu", "warga.dua", "warga.tiga"]
    audits = await rows(
        deps.db,
        "SELECT usernames, snapshot_window_start, snapshot_window_end, captured_at FROM insta_like_audit ORDER BY audit_id",
    )
    assert [a["usernames"] for a in audits] == [["warga.satu", "warga.dua"], ["warga.tiga", "warga.dua"]]
    assert audits[1]["captured_at"] == wib(10, 30) == audits[1]["snapshot_window_end"]
    assert (audits[1]["snapshot_window_end"] - audits[1]["snapshot_window_start"]).total_seconds() == 1800


async def test_exception_personnel_never_injected_decision_7(deps, fake_rapidapi: FakeRapidApi) -> None:
    await add_client(deps.db, "POLRES_A", client_insta="polres_a")
    async with deps.db.uow() as uow:
        await uow.execute(
            "INSERT INTO \"user\" (user_id, nama, insta, client_id, status, exception) VALUES ('1', 'BOS', 'bos.besar', 'POLRES_A', true, true)"
        )
        await uow.commit()
    await _ig_post(deps.db, "DAbc123xyz")
    fake_rapidapi.instagram.set_likers("DAbc123xyz", ["warga.satu"])
    await refresh_client_engagement(deps, "instagram_likes", "POLRES_A", now=NOW)
    (like,) = await rows(deps.db, "SELECT likes FROM insta_like")
    assert like["likes"] == ["warga.satu"]


async def test_failed_paging_keeps_collected_and_counts_gagal_ING_ENG_1(
    deps, fake_rapidapi: FakeRapidApi
) -> None:
    await add_client(deps.db, "POLRES_A", client_insta="polres_a")
    await _ig_post(deps.db, "DAbc123xyz")
    await _ig_post(deps.db, "DOk0000001")
    fake_rapidapi.instagram.likes_page_size = 2
    fake_rapidapi.instagram.set_likers("DAbc123xyz", ["a.1", "a.2", "a.3", "a.4"])
    fake_rapidapi.instagram.set_likers("DOk0000001", ["b.1"])
    # The second page of one post fails for good (400 is not retried).
    fake_rapidapi.faults.fail_next(
        "v1/likes", 400, when={"code_or_id_or_url": "DAbc123xyz", "cursor": "QVFE00000002"}
    )
    summary = await refresh_client_engagement(deps, "instagram_likes", "POLRES_A", now=NOW)
    assert summary.ok_count == 1 and [p.post_id for p in summary.failed] == ["DAbc123xyz"]
    stored = {
        r["shortcode"]: r["likes"] for r in await rows(deps.db, "SELECT shortcode, likes FROM insta_like")
    }
    assert stored == {"DAbc123xyz": ["a.1", "a.2"], "DOk0000001": ["b.1"]}
    audited = [r["shortcode"] for r in await rows(deps.db, "SELECT shortcode FROM insta_like_audit")]
    assert audited == ["DOk0000001"]


async def test_ig_comments_stored_apart_from_likes_ING_ENG_3(deps, fake_rapidapi: FakeRapidApi) -> None:
    await add_client(deps.db, "POLRES_A", client_insta="polres_a")
    await _ig_post(deps.db, "DAbc123xyz")
    fake_rapidapi.instagram.set_commenters("DAbc123xyz", ["Warga.Dua", "warga.tiga"])
    summary = await refresh_client_engagement(deps, "instagram_comments", "POLRES_A", now=NOW)
    assert summary.text() == "✅ Selesai fetch komentar IG client POLRES_A. Berhasil: 1, Gagal: 0"
    (row,) = await rows(deps.db, "SELECT comments FROM insta_comment")
    assert row["comments"] == ["warga.dua", "warga.tiga"]
    assert await rows(deps.db, "SELECT * FROM insta_like") == []


async def test_tiktok_comments_without_at_and_with_replies_ING_ENG_4(
    deps, fake_rapidapi: FakeRapidApi
) -> None:
    await add_client(deps.db, "POLRES_A", client_tiktok="polres.a")
    await _tt_post(deps.db, "7480000000000000001", when=wib(0, 15))
    fake_rapidapi.tiktok.set_commenters(
        "7480000000000000001", ["@Warga.Tiga"], replies={"@Warga.Tiga": ["@warga.empat"]}
    )
    summary = await refresh_client_engagement(deps, "tiktok_comments", "POLRES_A", now=NOW)
    assert summary.text() == "✅ Selesai fetch komentar TikTok client POLRES_A. Berhasil: 1, Gagal: 0"
    (row,) = await rows(deps.db, "SELECT comments FROM tiktok_comment")
    assert row["comments"] == ["warga.tiga", "warga.empat"]
    (audit,) = await rows(deps.db, "SELECT usernames FROM tiktok_comment_audit")
    assert audit["usernames"] == ["warga.tiga", "warga.empat"]


async def test_selection_is_today_wib_manual_only_and_excluded_ING_ENG_1_DIR_50(
    deps, fake_rapidapi: FakeRapidApi
) -> None:
    await add_client(deps.db, "POLRES_A", client_insta="polres_a")
    await _ig_post(deps.db, "DManual001", source="manual_input", when=wib(0, 10))
    await _ig_post(deps.db, "DCron00001")
    await _ig_post(deps.db, "DYesterday", when=wib(23, 50, day=3))
    await _ig_post(deps.db, "DExcluded1", source="manual_input")
    async with deps.db.uow() as uow:
        await uow.execute(
            "INSERT INTO task_post_exclusions (client_id, platform, content_id) VALUES ('polres_a', 'instagram', 'DExcluded1')"
        )
        await uow.commit()
    summary = await refresh_client_engagement(
        deps, "instagram_likes", " polres_a ", manual_only=True, now=NOW
    )
    assert [p.post_id for p in summary.posts] == ["DManual001"]
    every = await refresh_client_engagement(deps, "instagram_likes", "POLRES_A", now=NOW)
    assert [p.post_id for p in every.posts] == ["DManual001", "DCron00001"]
    empty = await refresh_client_engagement(deps, "tiktok_comments", "POLRES_A", manual_only=True, now=NOW)
    assert empty.text() == "Tidak ada konten TikTok manual hari ini untuk client POLRES_A."


async def test_given_posts_only(deps, fake_rapidapi: FakeRapidApi) -> None:
    await add_client(deps.db, "POLRES_A", client_insta="polres_a")
    await _ig_post(deps.db, "DOld000001", when=wib(9, day=1))
    await _ig_post(deps.db, "DToday0001")
    fake_rapidapi.instagram.set_likers("DOld000001", ["x.y"])
    summary = await refresh_posts_engagement(
        deps, "instagram_likes", "POLRES_A", ["DOld000001", "DUnknown01"]
    )
    assert [(p.post_id, p.ok) for p in summary.posts] == [("DOld000001", True), ("DUnknown01", False)]
    assert [r["shortcode"] for r in await rows(deps.db, "SELECT shortcode FROM insta_like")] == ["DOld000001"]


async def test_quota_failure_stops_remaining_posts_DIR_50(deps, fake_rapidapi: FakeRapidApi) -> None:
    await add_client(deps.db, "POLRES_A", client_insta="polres_a")
    for i in range(4):
        await _ig_post(deps.db, f"DPost{i:05d}")
    fake_rapidapi.faults.fail_next("v1/likes", 429, times=1, retry_after="9999")
    deps.social.settings.fetch_post_concurrency = 1
    summary = await refresh_client_engagement(deps, "instagram_likes", "POLRES_A", now=NOW)
    assert summary.ok_count == 0 and len(summary.failed) == 4
    assert all(p.reason == "kuota RapidAPI habis atau dibatasi" for p in summary.failed)
    assert len(fake_rapidapi.calls("v1/likes")) == 1


async def test_latest_audit_and_purge_ING_ENG_6(deps, fake_rapidapi: FakeRapidApi) -> None:
    from core.ingest.engagement import latest_audit, purge_audits

    await add_client(deps.db, "POLRES_A", client_insta="polres_a")
    await _ig_post(deps.db, "DAbc123xyz")
    fake_rapidapi.instagram.set_likers("DAbc123xyz", ["a.1"])
    await refresh_client_engagement(deps, "instagram_likes", "POLRES_A", now=wib(8))
    fake_rapidapi.instagram.set_likers("DAbc123xyz", ["a.2", "@A.3"])
    await refresh_client_engagement(deps, "instagram_likes", "POLRES_A", now=wib(9))
    assert await latest_audit(deps.db, "instagram_likes", ["DAbc123xyz"], wib(7)) == {
        "DAbc123xyz": ["a.2", "a.3"]
    }
    assert await latest_audit(deps.db, "instagram_likes", ["DAbc123xyz"], wib(10)) == {}
    assert await purge_audits(deps.db, 90, now=wib(8, 30) + timedelta(days=90)) == 1
    assert await latest_audit(deps.db, "instagram_likes", ["DAbc123xyz"], wib(7)) == {
        "DAbc123xyz": ["a.2", "a.3"]
    }


def test_post_fetch_messages_ING_ENG_5() -> None:
    from core.ingest.texts import post_fetch_messages, tiktok_comments_start

    ids = [f"DCode{i:05d}" for i in range(31)]
    messages = post_fetch_messages("instagram", "polres_a", ids)
    assert messages[0] == "✅ Fetch selesai!\nClient: *POLRES_A*\nJumlah konten hari ini: *31*"
    assert [len(m.splitlines()) for m in messages[1:]] == [30, 3]
    assert messages[1].splitlines()[:2] == [
        "Link konten Instagram:",
        "https://www.instagram.com/p/DCode00000",
    ]
    tt = post_fetch_messages("tiktok", "POLRES_A", ["7480000000000000001"], "polres.a")
    assert tt[0].startswith("✅ Fetch TikTok selesai!")
    assert tt[1] == "Link konten TikTok:\nhttps://www.tiktok.com/@polres.a/video/7480000000000000001"
    assert tiktok_comments_start(3) == "⏳ Fetch komentar 3 video TikTok..."


async def test_directorate_selection_includes_role_posts_ING_ATT_2(deps, fake_rapidapi: FakeRapidApi) -> None:
    await add_client(deps.db, "DITBINMAS", client_type="Direktorat", client_insta="ditbinmas")
    await add_client(deps.db, "POLRES_A", client_insta="polres_a")
    await _ig_post(deps.db, "DRolePost1", client="POLRES_A")
    await _ig_post(deps.db, "DOwnPost01", client="DITBINMAS")
    await _tt_post(deps.db, "7480000000000000001", client="POLRES_A")
    async with deps.db.uow() as uow:
        await uow.execute(
            "INSERT INTO insta_post_roles (shortcode, role_name) VALUES ('DRolePost1', 'ditbinmas')"
        )
        await uow.execute(
            "INSERT INTO tiktok_post_roles (video_id, role_name) VALUES ('7480000000000000001', 'ditbinmas')"
        )
        await uow.commit()
    ig = await refresh_client_engagement(deps, "instagram_likes", "ditbinmas", now=NOW)
    tt = await refresh_client_engagement(deps, "tiktok_comments", "DITBINMAS", now=NOW)
    unit = await refresh_client_engagement(deps, "instagram_likes", "POLRES_A", now=NOW)
    assert sorted(p.post_id for p in ig.posts) == ["DOwnPost01", "DRolePost1"]
    assert [p.post_id for p in tt.posts] == ["7480000000000000001"]
    assert [p.post_id for p in unit.posts] == ["DRolePost1"]
